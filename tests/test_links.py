"""A statement linked to the report it answers, each of its quotations found in the report, and paired
answers (the report's point, then each statement's reply, in Swedish and English; a question about the
region's view never answered with the report's words alone): real PDFs the tests write
(link_fixtures.py), indexed with the bundled model into a real index."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from link_fixtures import (
    COMPETENCE_QUOTE,
    HOUSING_QUOTE,
    HOUSING_REPLY,
    MISQUOTE,
    MUNICIPAL_REPLY,
    REPORT_HOUSING,
    REPORT_TRANSPORT,
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
from yttrande_qa.cli import cli
from yttrande_qa.ingest.indexer import index_files, remove_document
from yttrande_qa.links import Quotation, ReportText
from yttrande_qa.links.naming import best_report
from yttrande_qa.messages import NOTE_SWEDISH
from yttrande_qa.models import Document
from yttrande_qa.store.index import Index


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return build_files(tmp_path_factory.mktemp("linked"))


@pytest.fixture(scope="module")
def linked_dir(files, tmp_path_factory):
    """The four documents indexed (read-only: tests that change it use a copy)."""
    return build_linked_index(files, tmp_path_factory.mktemp("linked-index"))


@pytest.fixture
def linked(linked_dir, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(linked_dir, folder)
    index = Index(folder)
    yield index
    index.close()


def invoke(folder, *args) -> str:
    """`yttrande-qa --index-dir FOLDER ARGS` in this process (faster than helpers.run); its output."""
    result = CliRunner().invoke(cli, ["--index-dir", str(folder), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("order", [("statement", "report"), ("report", "statement")])
def test_a_statement_is_linked_to_the_report_its_title_names_in_either_order(files, tmp_path, order):
    index = Index(tmp_path / "index")
    for name in order:  # one at a time: the second one indexed makes the link
        assert index_files(index, [files[name]])[0].status == "added"
    documents = {d.doc_id: d for d in index.store.documents()}
    assert documents["yttrande"].responds_to == "rapport"
    assert documents["rapport"].answered_by == ("yttrande",)
    assert [c["status"] for c in json.loads(invoke(index.folder, "quotes", "yttrande", "--json"))] == \
        ["matched", "matched", "matched", "misquote"]
    index.close()


def test_list_json_gives_each_link_both_ways(linked):
    listed = {d["doc_id"]: d for d in json.loads(invoke(linked.folder, "list", "--json"))}
    assert listed["yttrande"]["responds_to"] == "rapport" and listed["kommun"]["responds_to"] == "rapport"
    assert sorted(listed["rapport"]["answered_by"]) == ["kommun", "yttrande"]
    assert listed["annan-rapport"]["answered_by"] == [] and listed["annan-rapport"]["responds_to"] is None


def test_quotes_json(linked):
    water, housing, competence, misquote = json.loads(invoke(linked.folder, "quotes", "yttrande", "--json"))
    # line breaks and a word hyphenated over two lines do not count
    assert water["status"] == "matched" and water["quoted_page"] == 2
    assert water["quote_source"]["doc_id"] == "rapport" and water["quote_source"]["page"] == 2
    assert water["quote_source"]["text"] == REPORT_WATER and water["quote_source"]["similarity"] == 1.0
    # small edits and a page reference off by one: found on the page the text is on
    assert housing["text"] == HOUSING_QUOTE and housing["status"] == "matched" and housing["wrong_page"]
    assert (housing["quoted_page"], housing["quote_source"]["page"]) == (4, 3)
    assert housing["quote_source"]["text"] == REPORT_HOUSING and 0.8 <= housing["quote_source"]["similarity"] < 1
    # no page reference: found by its text
    assert competence["text"] == COMPETENCE_QUOTE and competence["quoted_page"] is None
    assert (competence["status"], competence["quote_source"]["page"]) == ("matched", 4)
    # the report says otherwise: a possible misquote, with the nearest text of the report
    assert misquote["text"] == MISQUOTE and misquote["status"] == "misquote"
    assert misquote["quote_source"] is None and misquote["closest"] == REPORT_TRANSPORT
    assert misquote["closest_page"] == 5 and misquote["closest_similarity"] < 0.8
    assert (misquote["closest_page_index"], misquote["closest_page_label"]) == (4, "5")
    assert set(water) >= {"text", "page", "quoted_page", "status", "quote_source", "closest"}


def test_quotes_of_a_statement_whose_report_is_not_indexed(files, tmp_path):
    index = Index(tmp_path / "index")
    index_files(index, [files["statement"]])
    checks = json.loads(invoke(index.folder, "quotes", "yttrande", "--json"))
    assert len(checks) == 4
    assert all(c["status"] == "report not indexed" and c["quote_source"] is None and c["closest"] is None
               for c in checks)
    assert "no report linked" in invoke(index.folder, "quotes", "yttrande")
    index.close()


def test_quotes_in_words(linked):
    text = invoke(linked.folder, "quotes", "yttrande")
    assert "matched (similarity 0.95): rapport, p. 3 (the quotation says p. 4)" in text
    assert "possible misquote" in text and REPORT_TRANSPORT in text


def test_ask_json_gives_a_quotation_its_source_in_the_report(linked):
    answer = json.loads(invoke(linked.folder, "ask", "Vad säger rapporten om vatten och avlopp?", "--json",
                            "--speaker", "quoted", "--top-k", "6"))
    quoted = {p["doc_id"]: p for p in answer["passages"] if REPORT_WATER[:40] in p["text"]}
    assert quoted["yttrande"]["quote_source"] == {
        "doc_id": "rapport", "page": 2, "text": REPORT_WATER, "similarity": 1.0,
        "chunk_id": quoted["yttrande"]["quote_source"]["chunk_id"], "page_end": None,
        "page_index": 1, "page_label": "2",
    }
    misquoted = next(p for p in answer["passages"] if p["text"] == MISQUOTE)
    assert misquoted["quote_source"] is None


def test_removing_the_report_unlinks_and_indexing_it_again_links(linked, files):
    assert remove_document(linked, "rapport")
    assert linked.store.document("yttrande").responds_to is None
    assert {c["status"] for c in json.loads(invoke(linked.folder, "quotes", "yttrande", "--json"))} == \
        {"report not indexed"}
    index_files(linked, [files["report"]])
    assert linked.store.document("yttrande").responds_to == "rapport"
    assert json.loads(invoke(linked.folder, "quotes", "yttrande", "--json"))[0]["status"] == "matched"


def test_a_report_indexed_again_is_aligned_again(linked, tmp_path):
    changed = build_report(tmp_path / "rapport.pdf", pages=[["1 Inledning", "Helt annan text om annat."],
                                                         ["2 Vatten", REPORT_WATER]])
    # the same document read from its new file (the module's file stays as it is for other tests)
    linked.store.db.execute("UPDATE documents SET path = ? WHERE doc_id = 'rapport'", (str(changed.resolve()),))
    index_files(linked, [changed])
    statuses = [c["status"] for c in json.loads(invoke(linked.folder, "quotes", "yttrande", "--json"))]
    assert statuses == ["matched", "misquote", "misquote", "misquote"]


def test_responds_to_overrides_the_detected_link_and_is_kept(linked, files):
    index_files(linked, [files["statement"]], responds_to="annan-rapport")
    assert linked.store.document("yttrande").responds_to == "annan-rapport"
    index_files(linked, [files["report"], files["statement"]])  # neither changes the link set by hand
    assert linked.store.document("yttrande").responds_to == "annan-rapport"
    statuses = [c["status"] for c in json.loads(invoke(linked.folder, "quotes", "yttrande", "--json"))]
    assert statuses.count("matched") == 0


def test_an_index_from_before_links_keeps_its_links_and_gets_its_quotations(linked_dir, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(linked_dir, folder)
    db = sqlite3.connect(folder / "yttrande-qa.sqlite")
    db.executescript("DROP TABLE quotations; DROP TABLE manual_links; DROP TABLE openings; "
                     "DELETE FROM meta WHERE key = 'links_version'; "
                     "UPDATE documents SET responds_to = 'annan-rapport' WHERE doc_id = 'yttrande'; "
                     "UPDATE documents SET responds_to = NULL WHERE doc_id = 'kommun';")
    db.close()
    index = Index(folder)  # its links were set by hand (--responds-to): they stay
    documents = {d.doc_id: d for d in index.store.documents()}
    assert documents["yttrande"].responds_to == "annan-rapport"
    assert documents["kommun"].responds_to == "rapport"  # named in its title (its opening is not stored)
    assert json.loads(invoke(folder, "quotes", "kommun", "--json"))[0]["status"] == "matched"
    index.close()


# --- which report a statement names --------------------------------------------------------------


def document(doc_id: str, title: str, kind: str = "report", **values) -> Document:
    return Document(doc_id, title, kind, None, "", "", **values)


STATEMENT = document("y", "Yttrande över betänkandet Moderna tillståndsprocesser för elnät", "statement",
                     subject_numbers=("SOU 2019:30",))
REPORTS = [
    document("sou", "Moderna tillståndsprocesser för elnät", doc_number="SOU 2019:30"),
    document("sou-1", "Moderna tillståndsprocesser för elnät, del 2", doc_number="SOU 2019:3"),
    document("pm", "Promemoria om nya regler för elnätsföretag", diarienummer="I2019/01234"),
    document("kort", "Elnät 2019"),
]


def test_a_number_names_the_report_before_a_title_and_must_be_whole():
    assert best_report(STATEMENT, "", REPORTS) == "sou"
    by_number_only = document("y2", "Yttrande", "statement")
    assert best_report(by_number_only, "Remiss av SOU 2019:30 från Infrastrukturdepartementet", REPORTS) == "sou"
    assert best_report(by_number_only, "Remiss av SOU 2019:300", REPORTS) is None


def test_a_diarienummer_in_the_letterhead_names_the_report():
    plain = document("y3", "Yttrande över promemorian", "statement")
    assert best_report(plain, "Region Väst YTTRANDE Er beteckning I2019/01234 Yttrande över promemorian", REPORTS) == "pm"


@pytest.mark.parametrize("opening, expected", [
    ("Yttrande över propositionen 2017/18:105 om elnät", "prop"),  # the series in a word, as a question names it
    ("Remiss av kommittédirektiv 2018:6", "dir"),
    ("Remiss av Ju 2015:02", "ju"),  # the serial with a leading zero
    ("Remiss av Ju 2015:20", None),
    ("enligt lagen (2018:6) om elnät", None),  # a bare number is a statute's, not the directive's
])
def test_a_document_number_is_read_as_terms_reads_it(opening, expected):
    reports = [document("prop", "Regeringens proposition om elnät", doc_number="Prop. 2017/18:105"),
               document("dir", "Kommittédirektiv om elnät", doc_number="Dir. 2018:6"),
               document("ju", "Promemoria om elnät", doc_number="Ju 2015:2")]
    assert best_report(document("y6", "Yttrande", "statement"), opening, reports) == expected


@pytest.mark.parametrize("opening", [
    "Er beteckning: I 2019/01234",
    "Yttrande över promemorian (i2019-01234)",
    "Remiss I2019/01234 Yttrande över promemorian",
])
def test_a_diarienummer_is_read_as_metadata_reads_one(opening):
    plain = document("y7", "Yttrande över promemorian", "statement")
    assert best_report(plain, opening, REPORTS) == "pm"
    assert best_report(plain, opening.replace("01234", "012345"), REPORTS) is None


def test_a_title_names_the_report_but_a_short_title_or_a_tie_does_not():
    statement = document("y4", "Regionens yttrande över rapport om moderna tillståndsprocesser för elnät",
                         "statement")
    assert best_report(statement, "", REPORTS[:1]) == "sou"
    assert best_report(document("y5", "Yttrande om elnät 2019", "statement"), "", REPORTS[3:]) is None
    twins = [REPORTS[0], document("copy", "Moderna tillståndsprocesser för elnät")]
    assert best_report(statement, "", twins) is None


# --- where a quotation stands in the report -------------------------------------------------------


REPEATED = "Kommunerna behöver fler bostäder för unga vuxna i inlandet."


def report_text() -> ReportText:
    pages = [(1, 1, "Sammanfattning. " + REPEATED), (2, 2, "Annan text om vägar och järnvägar."),
             (3, 8, "Kapitel om bostäder. " + REPEATED + " Fler detaljplaner behövs.")]
    return ReportText(pages)


@pytest.mark.parametrize("page, expected", [(8, {8}), (7, {8}), (9, {8}), (1, {1}), (None, {1, 8})])
def test_the_page_a_quotation_gives_or_the_next_decides_between_copies(page, expected):
    found = report_text().align(Quotation(f"{REPEATED} (sidan {page})" if page else REPEATED, page))
    assert found.matched and found.page in expected and found.text == REPEATED


def test_hyphenation_line_breaks_and_a_changed_word_still_match():
    quotation = Quotation("”Kommunerna behöver fler bo-\nstäder för unga  vuxna i\ninlandet.” (s. 8)", 8)
    assert report_text().align(quotation).similarity == 1.0
    edited = report_text().align(Quotation("Kommunerna behöver många fler bostäder för unga vuxna i inlandet.", 8))
    assert 0.8 <= edited.similarity < 1.0 and edited.page == 8
    assert not report_text().align(Quotation("Regionen ska bygga en ny flygplats vid kusten.", None)).matched


# --- paired answers -----------------------------------------------------------------------------


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
    # who speaks in each: the municipality's text is named by its issuer, only the region's is the statement's
    assert "Kommunstyrelsen svarar (Kommunstyrelsens text, s. 1, 2024-05-02):" in result.text
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
    assert "Kommunstyrelsen replies (Kommunstyrelsen's own text, p. 1, 2024-05-02):" in result.text
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


def test_responds_to_none_removes_the_detected_link_and_is_kept(linked, files, tmp_path):
    invoke(linked.folder, "index", str(files["statement"]), "--responds-to", "none")
    listed = {d["doc_id"]: d for d in json.loads(invoke(linked.folder, "list", "--json"))}
    assert listed["yttrande"]["responds_to"] is None and listed["rapport"]["answered_by"] == ["kommun"]
    assert {c["status"] for c in json.loads(invoke(linked.folder, "quotes", "yttrande", "--json"))} == {"report not indexed"}
    # kept when either is indexed again, the statement from a changed file too
    changed = build_statement(tmp_path / "yttrande.pdf", date="2024-03-16")
    linked.store.db.execute("UPDATE documents SET path = ? WHERE doc_id = 'yttrande'", (str(changed.resolve()),))
    invoke(linked.folder, "index", str(files["report"]), str(changed))
    statement = next(d for d in json.loads(invoke(linked.folder, "list", "--json")) if d["doc_id"] == "yttrande")
    assert statement["date"] == "2024-03-16" and statement["responds_to"] is None
    # a link by hand replaces it
    invoke(linked.folder, "index", str(changed), "--responds-to", "rapport")
    assert linked.store.document("yttrande").responds_to == "rapport"


def test_ask_json_says_which_quotations_are_misquoted(linked):
    answer = json.loads(invoke(linked.folder, "ask", "Vad säger rapporten om kollektivtrafiken i inlandet?", "--json",
                               "--speaker", "quoted"))
    statuses = {p["text"]: p["quote_status"] for p in answer["passages"] if p["doc_id"] == "yttrande"}
    assert statuses[MISQUOTE] == "misquote" and statuses[HOUSING_QUOTE] == "matched"


def test_a_rebuild_keeps_the_links_set_by_hand(linked, files, tmp_path):
    """`index --rebuild` starts a new database: the links set with --responds-to (a report, or none) are
    carried over by the documents' files, and by their content when the files have moved."""
    invoke(linked.folder, "index", str(files["statement"]), "--responds-to", "annan-rapport")
    invoke(linked.folder, "index", str(files["municipal"]), "--responds-to", "none")
    moved = tmp_path / "flyttade"
    moved.mkdir()
    for name, path in files.items():
        shutil.copy(path, moved / path.name)
    for folder in (files["report"].parent, moved):  # the same files, then the same content elsewhere
        invoke(linked.folder, "index", "--rebuild", *(str(folder / p.name) for p in files.values()))
        listed = {d["doc_id"]: d for d in json.loads(invoke(linked.folder, "list", "--json"))}
        assert listed["yttrande"]["responds_to"] == "annan-rapport" and listed["kommun"]["responds_to"] is None
        assert listed["rapport"]["answered_by"] == [] and listed["annan-rapport"]["answered_by"] == ["yttrande"]
        statuses = {c["status"] for c in json.loads(invoke(linked.folder, "quotes", "yttrande", "--json"))}
        assert "misquote" in statuses  # aligned with the report it is linked to
