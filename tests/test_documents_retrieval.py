"""Retrieval across several real documents (tests/data/regeringen): a question that names a document by
its number finds that document, and English questions find Swedish passages through the multilingual
model alone (no English-Swedish word list)."""

from __future__ import annotations

import random

import pytest
from conftest import indexed, opened
from helpers import DATA

from yttrande_qa import tuning
from yttrande_qa.ingest.indexer import collect_files
from yttrande_qa.models import Filters
from yttrande_qa.retrieval import lexical
from yttrande_qa.retrieval.facts import fact_strength
from yttrande_qa.retrieval.query import analyse
from yttrande_qa.retrieval.search import (
    _lift_facts,
    named_boosts,
    named_documents,
    search,
)
from yttrande_qa.terms import Designation, designations


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = indexed(tmp_path_factory.mktemp("regeringen-index"), collect_files([DATA / "regeringen"]))
    yield from opened(folder)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vad säger direktivet (Dir. 2018:6)?", {Designation("dir", "2018:6")}),
        ("according to directive 2018:6", {Designation("dir", "2018:6")}),
        ("enligt kommittédirektivet 2016:15", {Designation("dir", "2016:15")}),
        ("i prop. 2017/18:105 och Prop. 2021/22:134", {Designation("prop", "2017/18:105"), Designation("prop", "2021/22:134")}),
        ("the bill 2012/13:144", {Designation("prop", "2012/13:144")}),
        ("SOU 2019:30 och Ds 2024:11", {Designation("sou", "2019:30"), Designation("ds", "2024:11")}),
        ("enligt NFS 2007:10", {Designation("nfs", "2007:10")}),
        ("Utredningen (Ju 2015:02)", {Designation("ju", "2015:2")}),
        ("NJA 2014 s. 499 och AD 2013 nr 63", {Designation("nja", "2014 s 499"), Designation("ad", "2013 nr 63")}),
        ("i lydelse 2018:218", {Designation(None, "2018:218")}),
        ("Hur många kommuner deltar 2024?", set()),
    ],
)
def test_document_numbers_are_read_in_their_usual_forms(text, expected):
    assert designations(text) == expected


def test_a_number_with_another_series_is_another_document():
    sou, directive, bare = Designation("sou", "2017:39"), Designation("dir", "2017:39"), Designation(None, "2017:39")
    assert not sou.matches(directive)
    assert bare.matches(sou) and bare.matches(directive)
    assert not sou.matches(Designation("sou", "2017:3"))


def test_a_word_of_a_documents_title_finds_its_text_that_does_not_repeat_it(index):
    # "frågeställningar" is in the title of SOU 2022:13, not in its text
    groups = lexical.term_groups("frågeställningar")
    rows = index.store.chunk_rows(lexical.search(index.store.db, groups)).values()
    assert rows and {row["doc_id"] for row in rows} == {"sou-2022-13-godstransporter-pa-vag"}
    assert not any("frågeställningar" in row["text"] for row in rows)


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("Vilket datum ska remissvaren om SOU 2021:100 senast ha kommit in?", "remiss-av-sou-2021-100-ny-forverkandelagstiftning"),
        ("Vilket datum ska remissvaren om SOU 2021:96 senast ha kommit in?", "remiss-av-sou-2021-96-sakerhet-och-tillganglighet-vid-val"),
        ("By what date must consultation responses on SOU 2021:103 have been received?", "remiss-av-sou-2021-103-totalforsvarsanalys"),
        ("What is the last day to respond on SOU 2021:91?", "remiss-av-sou-2021-91-en-ny-rymdlag"),
    ],
)
def test_a_question_naming_a_document_number_finds_that_document_first(index, question, doc_id):
    assert named_documents(index.store.db, question) == {doc_id}
    assert search(index, question, k=1)[0].doc_id == doc_id


def test_a_number_no_document_has_names_none(index):
    assert named_documents(index.store.db, "Vad står i SOU 2021:9?") == set()
    assert named_documents(index.store.db, "Vad står i Dir. 2021:100?") == set()  # a directive, not the SOU


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("Which inquiry studied an alternative to the time-based road charge for heavy goods traffic?",
         "sou-2022-13-godstransporter-pa-vag"),
        ("Over how many months of past earnings should an employee's sickness benefit qualifying income be set?",
         "sou-2023-30-ett-trygghetssystem-for-alla"),
        ("What kind of secrecy applies when authorities hand over classified information to foreign actors?",
         "sou-2022-16-forstarkt-lagstod-for-utlamnande-till-utlandet"),
        ("What solutions did the inquiry on socially sustainable provision of dwellings look for?",
         "sou-2022-14-sank-troskeln-till-en-god-bostad"),
        ("By which date should comments on the proposed space act be sent in?", "remiss-av-sou-2021-91-en-ny-rymdlag"),
    ],
)
def test_english_questions_find_swedish_passages_without_a_word_list(index, question, doc_id):
    assert search(index, question, k=1)[0].doc_id == doc_id


# An inquiry's own page, written for this test in the form of the tests/data/regeringen pages: the remiss
# page of the same number (tests/data/regeringen) is only about it.
SPACE_ACT_INQUIRY = """# En ny rymdlag

Rymdutredningen har överlämnat sitt betänkande till regeringen.

Utredningen föreslår att den nuvarande lagen om rymdverksamhet ersätts med en ny rymdlag. Tillstånd ska
krävas för att bedriva rymdverksamhet från Sverige, och den som har tillstånd ska vara skyldig att
försäkra sig mot skadeståndsansvar. Rymdstyrelsen föreslås bli tillsynsmyndighet.
"""


@pytest.fixture(scope="module")
def inquiry_and_remiss(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inquiry-and-remiss")
    inquiry = folder / "sou-2021-91-en-ny-rymdlag.md"
    inquiry.write_text(SPACE_ACT_INQUIRY, encoding="utf-8")
    remiss = DATA / "regeringen" / "remiss-av-sou-2021-91-en-ny-rymdlag.md"
    yield from opened(indexed(folder / "index", [inquiry, remiss]))


def test_a_named_number_lifts_the_document_itself_not_one_only_about_it(inquiry_and_remiss):
    index = inquiry_and_remiss
    question = "Vilken myndighet ska utöva tillsyn enligt SOU 2021:91?"
    assert named_documents(index.store.db, question) == {"sou-2021-91-en-ny-rymdlag", "remiss-av-sou-2021-91-en-ny-rymdlag"}
    assert named_boosts(index.store.db, question, named_documents(index.store.db, question)) == {
        "sou-2021-91-en-ny-rymdlag": tuning.NAMED_BOOST
    }
    assert search(index, question, k=1)[0].doc_id == "sou-2021-91-en-ny-rymdlag"
    # a question about the consultation still finds the remiss page by its words
    assert search(index, "Vilket datum är sista dag att svara på remissen om SOU 2021:91?", k=1)[0].doc_id == (
        "remiss-av-sou-2021-91-en-ny-rymdlag"
    )


# Two short pages written for this test: one holds the date a question asks for, the other is as close to
# the question in meaning and names no date.
WITH_DATE = """# Kamerabevakning i kollektivtrafiken

Utredningen föreslår en ny lag om kamerabevakning i kollektivtrafiken. Lagen föreslås träda i kraft den 1 juli 2026.
"""
WITHOUT_DATE = """# Överväganden om kamerabevakning

I detta kapitel behandlas när lagen om kamerabevakning i kollektivtrafiken föreslås träda i kraft.
"""


@pytest.fixture(scope="module")
def dated_and_undated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dated")
    files = [folder / "lagforslag.md", folder / "overvaganden.md"]
    for path, text in zip(files, [WITH_DATE, WITHOUT_DATE]):
        path.write_text(text, encoding="utf-8")
    yield from opened(indexed(folder / "index", files))


@pytest.mark.parametrize(
    "question",
    ["När föreslås lagen om kamerabevakning i kollektivtrafiken träda i kraft?",
     "When should the act on camera surveillance in public transport enter into force?"],
)
def test_a_passage_holding_the_asked_for_date_gains_on_one_without_it(dated_and_undated, question, monkeypatch):
    def lead() -> float:
        first, second = search(dated_and_undated, question, k=2)
        assert first.doc_id == "lagforslag"
        return first.score - second.score

    boost, boosted = tuning.FACT_BOOST, lead()
    monkeypatch.setattr(tuning, "FACT_BOOST", 0.0)
    assert boost > 0 and boosted - lead() == pytest.approx(boost)


def test_a_date_question_that_no_passage_may_answer_finds_nothing(dated_and_undated):
    assert search(dated_and_undated, "När ska lagen träda i kraft?", filters=Filters(doc_ids=["saknas"])) == []


@pytest.mark.parametrize("k", [1, 3, 5, 40])
def test_the_fact_lift_reads_fewer_passages_and_ranks_as_lifting_all_of_them(k):
    question = "När ska lagen träda i kraft?"
    texts = ["Lagen föreslås träda i kraft den 1 juli 2026.", "Lagen träder i kraft 2027.", "Lagen behövs."]
    draw = random.Random(7)
    scores = {chunk_id: round(draw.uniform(0.80, 0.86), 3) for chunk_id in range(30)}  # ties included
    rows = {chunk_id: {"text": texts[chunk_id % 3]} for chunk_id in scores}
    everything = {c: s + tuning.FACT_BOOST * fact_strength(rows[c]["text"], "date", question) for c, s in scores.items()}
    _lift_facts(scores, rows, analyse(question), question, k)

    def best(found: dict[int, float]) -> list[tuple[int, float]]:
        return [(c, found[c]) for c in sorted(found, key=lambda c: (-found[c], c))[:k]]

    assert best(scores) == best(everything)
    assert (sum(scores[c] != everything[c] for c in scores) > 0) == (k < 30)
