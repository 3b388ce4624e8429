"""Paired answers: the report's point, then each statement's reply, in Swedish and English; a question
about the region's view is never answered with the report's words alone. Real PDFs, real index."""

from __future__ import annotations

import re

import pytest
from link_fixtures import (
    HOUSING_REPLY,
    MUNICIPAL_REPLY,
    REPORT_HOUSING,
    REPORT_WATER,
    WATER_QUOTE_LINES,
    WATER_REPLY,
    build_files,
    build_linked_index,
    build_report,
    build_statement,
)

from yttrande_qa.answers.answer import answer
from yttrande_qa.answers.paired import parse
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.messages import NOTE_SWEDISH
from yttrande_qa.store.index import Index


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return build_files(tmp_path_factory.mktemp("linked"))


@pytest.fixture(scope="module")
def linked_dir(files, tmp_path_factory):
    """The four documents indexed (read-only: tests that change it use a copy)."""
    return build_linked_index(files, tmp_path_factory.mktemp("linked-index"))


@pytest.fixture
def linked(linked_dir):
    index = Index(linked_dir)
    yield index
    index.close()


def cited(result, fragment: str):
    """The passage cited right after `fragment` in the answer."""
    match = re.search(re.escape(fragment) + r"[^\[]*\[(\d+)\]", result.text)
    assert match, f"{fragment!r} not in {result.text!r}"
    return result.passages[int(match.group(1)) - 1]


def test_swedish_paired_answer_gives_the_reports_text_then_each_reply_newest_first(linked):
    result = answer(linked, "Vad svarar regionen på rapportens beskrivning av vatten och avlopp?")
    assert not result.refused
    report, municipal, region = (result.text.index(t) for t in (REPORT_WATER, MUNICIPAL_REPLY, WATER_REPLY))
    assert report < municipal < region  # the point, then the replies, the later statement first
    assert "Rapporten (Rapportens text, s. 2):" in result.text
    assert "Kommunstyrelsen svarar (Yttrandets text, s. 1, 2024-05-02):" in result.text
    assert "Regionstyrelsen svarar (Yttrandets text, s. 1, 2024-03-15):" in result.text
    assert (cited(result, REPORT_WATER).doc_id, cited(result, REPORT_WATER).page) == ("rapport", 2)
    assert cited(result, WATER_REPLY).is_stance and cited(result, WATER_REPLY).doc_id == "yttrande"
    assert cited(result, MUNICIPAL_REPLY).doc_id == "kommun"
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", result.text)}
    assert numbers <= set(range(1, len(result.passages) + 1))


def test_view_of_the_reports_proposal(linked):
    result = answer(linked, "Hur ser regionen på rapportens förslag om detaljplaner?")
    assert result.text.index(REPORT_HOUSING) < result.text.index(HOUSING_REPLY)
    assert cited(result, REPORT_HOUSING).page == 3  # where the report says it; the statement says p. 4


def test_english_paired_answer(linked):
    result = answer(linked, "How does the region respond to the report's description of water and sewage?")
    assert result.lang == "en" and not result.refused
    assert "The report (The report's own text, p. 2):" in result.text
    assert "Regionstyrelsen replies (The statement's own text, p. 1, 2024-03-15):" in result.text
    assert result.text.index(REPORT_WATER) < result.text.index(WATER_REPLY)
    assert result.text.endswith(NOTE_SWEDISH)


def test_without_the_report_the_point_is_the_statements_quotation(files, tmp_path):
    index = Index(tmp_path / "index")
    index_files(index, [files["statement"]])
    result = answer(index, "Vad svarar regionen på rapportens beskrivning av vatten och avlopp?")
    quotation = " ".join(WATER_QUOTE_LINES).replace("förny- as", "förnyas")
    assert f"Citat ur rapporten, s. 2: {quotation}" in result.text
    assert result.text.index(quotation) < result.text.index(WATER_REPLY)
    index.close()


@pytest.mark.parametrize("question", [
    "Vad anser regionen om ledningsnätet för vatten och avlopp?",
    "Vad anser regionen om efterfrågan på bostäder och detaljplaner?",
    "Vad anser regionen om kollektivtrafiken i inlandet?",
    "Vad anser regionen om rapportens bild av rekryteringen av specialister?",
    "What does the region think about the report's description of water and sewage?",
])
def test_a_question_about_the_regions_view_is_never_answered_with_the_reports_words_alone(linked, question):
    result = answer(linked, question)
    cited_passages = [result.passages[int(n) - 1] for n in re.findall(r"\[(\d+)\]", result.text)]
    assert not result.refused and any(p.is_stance for p in cited_passages), result.text


def test_a_view_question_that_only_finds_the_reports_words_is_told_so(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    report = build_report(folder / "rapport.pdf")
    statement = build_statement(folder / "yttrande.pdf", [
        ("heading", "1. Vatten och avlopp"),
        ("quote", REPORT_WATER + " (sidan 2)"),
        ("heading", "2. Bostäder"),
        ("text", HOUSING_REPLY),
    ])
    index = Index(tmp_path / "index")
    index_files(index, [report, statement])
    result = answer(index, "Vad svarar regionen på rapportens beskrivning av vatten och avlopp?")
    assert result.refused and "inget svar från regionen" in result.text
    assert REPORT_WATER not in result.text
    index.close()


@pytest.mark.parametrize("question, topic", [
    ("Vad svarar regionen på rapportens beskrivning av vatten och avlopp?", "vatten avlopp"),
    ("Hur ser regionen på rapportens förslag om bostäder?", "bostäder"),
    ("Hur bemöter nämnden det utredningen föreslår om tillståndsprocesser?", "tillståndsprocesser"),
    ("Vilket är kommunens svar på kritiken mot kollektivtrafiken?", "kollektivtrafiken"),
    ("How does the region respond to the report's description of water and sewage?", "water sewage"),
    ("What is the statement's response to the inquiry's proposal on housing?", "housing"),
])
def test_questions_about_a_response_to_the_report(question, topic):
    assert parse(question).topic == topic


@pytest.mark.parametrize("question", [
    "Vad säger rapporten om vatten och avlopp?",
    "Vad föreslår förvaltningen om VA?",
    "Vad anser regionen om bostäder?",
    "What does the report say about housing?",
])
def test_other_questions_are_not_paired(question):
    assert parse(question) is None
