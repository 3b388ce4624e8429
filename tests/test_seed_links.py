"""The target on the seed statement: a report reconstructed from its quotations (link_fixtures.py, each
quotation on the page it names, filler elsewhere) is linked by the statement's title, every quotation is
found on the page it quotes, and each quoted topic gets the report's text and the region's reply."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import DATA, SEED_ID, load_jsonl
from link_fixtures import (
    RECONSTRUCTION_TITLE,
    build_seed_quotations_report,
    seed_quotations,
)

from yttrande_qa import links
from yttrande_qa.answers import paired
from yttrande_qa.answers.answer import answer
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.panel import render_panel
from yttrande_qa.store.index import Index

PAIRED = load_jsonl(DATA / "seed_paired_questions.jsonl")
VIEW_QUESTIONS = [
    "Vad anser regionen om vatten och avlopp?",
    "Vad anser regionen om kompetensförsörjningen?",
    "Vad tycker regionen om projektkontor?",
    "Vad anser förvaltningen om den mellankommunala samverkan?",
    "Hur ser regionen på rapportens bild av kollektivtrafiken?",
    "What does the region think about the report's description of water and sewage?",
]


@pytest.fixture(scope="module")
def seed_with_report(seed_index_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-linked")
    shutil.copytree(seed_index_dir, folder / "index")
    report = build_seed_quotations_report(folder / "rekonstruerad-rapport-testfixtur.pdf")
    index = Index(folder / "index")
    assert index_files(index, [report])[0].status == "added"
    yield index
    index.close()


def test_the_seed_is_linked_to_the_reconstruction_by_its_title(seed_with_report):
    statement = seed_with_report.store.document(SEED_ID)
    report = seed_with_report.store.document(statement.responds_to)
    assert report.title == RECONSTRUCTION_TITLE and report.answered_by == (SEED_ID,)


def test_every_quotation_is_found_on_the_page_it_quotes(seed_with_report):
    checks = links.check_quotations(seed_with_report.store.db, SEED_ID)
    expected = {(q["text"], q["quoted_page"]) for q in seed_quotations()}
    assert {(c.quotation.text, c.quotation.quoted_page) for c in checks} == expected  # all 28, the 8 of quotes.jsonl too
    for check in checks:
        assert check.status == links.MATCHED and not check.wrong_page, check
        assert check.closest.page == check.quotation.quoted_page and check.closest.similarity == 1.0


@pytest.mark.parametrize("case", PAIRED, ids=[c["q"][:60] for c in PAIRED])
def test_each_quoted_topic_gets_the_reports_text_and_the_regions_reply(seed_with_report, case):
    result = answer(seed_with_report, case["q"])
    assert not result.refused and result.lang == case["lang"]
    report = _cited_after(result, case["report"])
    reply = _cited_after(result, case["reply"])
    assert report.kind == "report" and report.page == case["quoted_page"]
    assert reply.is_stance and reply.doc_id == SEED_ID
    assert result.text.index(case["report"]) < result.text.index(case["reply"])
    # the report passage in the source panel shows the same reply under "Regionens svar" (the seed's
    # issuer is the region's nämnd)
    shown = render_panel(seed_with_report, report.doc_id, report.chunk_id, lang=case["lang"], question=case["q"])
    heading = {"sv": "<h3>Regionens svar</h3>", "en": "<h3>The region&#39;s reply</h3>"}[case["lang"]]
    assert case["reply"] in shown[shown.index(heading):]


def test_every_quoted_report_passage_shows_the_regions_replies(seed_with_report):
    checks = links.check_quotations(seed_with_report.store.db, SEED_ID)
    quoted = {c.closest.chunk_id for c in checks}
    for chunk_id in quoted:
        replies = paired.replies_to_passage(seed_with_report, chunk_id)
        assert replies and all(r.passage.is_stance and r.passage.doc_id == SEED_ID for r in replies), chunk_id
    replied = sum(len(paired.replies_to_passage(seed_with_report, c)) for c in quoted)
    print(f"\n{len(quoted)} report passages quoted, {replied} replies shown under them")


@pytest.mark.parametrize("question", VIEW_QUESTIONS)
def test_no_question_about_the_regions_view_is_answered_with_report_text_alone(seed_with_report, question):
    result = answer(seed_with_report, question)
    cited = [result.passages[int(n) - 1] for n in re.findall(r"\[(\d+)\]", result.text)]
    assert not result.refused and any(p.is_stance for p in cited), result.text


def _cited_after(result, fragment: str):
    match = re.search(re.escape(fragment) + r"[^\[]*\[(\d+)\]", result.text)
    assert match, f"{fragment!r} not in {result.text!r}"
    return result.passages[int(match.group(1)) - 1]
