"""Who issued a statement decides whose position its own text is: the region's own text only for a
statement by a region or one of its bodies (or one that names no issuer); a municipality's statement is
labelled by its issuer, is left out by "Visa bara regionens ståndpunkt", and never answers a question
about the region's view as if it were the region's. Real PDFs the tests write (link_fixtures.py): the
report, the region's statement and a later municipality's statement, each with text of its own on topics
the other does not address; indexed with the bundled model into a real index."""

from __future__ import annotations

import re

import pytest
from link_fixtures import (
    MUNICIPAL_BODY,
    MUNICIPAL_TITLE,
    STATEMENT_BODY,
    build_report,
    build_statement,
)

from yttrande_qa.answers.answer import answer, calibrated_scores
from yttrande_qa.answers.citations import reference
from yttrande_qa.answers.compose import compose
from yttrande_qa.answers.paired import (
    asks_the_region,
    needs_replies,
    regions_view_instead,
)
from yttrande_qa.genres import genitive
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.messages import NO_REGION_VIEW
from yttrande_qa.models import Filters
from yttrande_qa.retrieval.search import search
from yttrande_qa.store.index import Index

SNOW = ("Kommunstyrelsen anser att snöröjningen av de enskilda vägarna på landsbygden behöver ett större "
        "statligt bidrag.")
MUNICIPAL_BROADBAND = ("Kommunstyrelsen anser att bredbandsutbyggnaden på landsbygden måste gå snabbare och att "
                       "staten bör ta ett större ansvar för att finansiera bredband till alla hushåll.")
REGION_BROADBAND = ("Regionstyrelsen vill att utbyggnaden av bredband till hushållen på landsbygden prioriteras i "
                    "den regionala digitaliseringsstrategin.")


@pytest.fixture(scope="module")
def issuers(tmp_path_factory) -> Index:
    folder = tmp_path_factory.mktemp("issuers")
    files = [
        build_report(folder / "rapport.pdf"),
        build_statement(folder / "yttrande.pdf", STATEMENT_BODY + [("heading", "5. Bredband"),
                                                                   ("text", REGION_BROADBAND)]),
        build_statement(folder / "kommun.pdf", MUNICIPAL_BODY + [("heading", "2. Snöröjning"), ("text", SNOW),
                                                                 ("heading", "3. Bredband"),
                                                                 ("text", MUNICIPAL_BROADBAND)],
                        MUNICIPAL_TITLE, "Kommunstyrelsen", "2024-05-02"),
    ]
    index = Index(folder / "index")
    assert [o.status for o in index_files(index, files)] == ["added"] * 3
    assert {d.doc_id: d.issuer for d in index.store.documents()}["kommun"] == "Kommunstyrelsen"
    yield index
    index.close()


def cited(result) -> list:
    numbers = dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", result.text))
    return [result.passages[n - 1] for n in numbers]


@pytest.mark.parametrize("lang, question, municipal, region", [
    ("sv", "Vad anser regionen om bredbandsutbyggnaden på landsbygden?",
     "Yttrandet från Kommunstyrelsen (egen text, inte regionens):",
     "Yttrandet från Regionstyrelsen (regionens egen text):"),
    ("en", "What is the region's view on broadband in rural areas?",
     "The statement by Kommunstyrelsen (its own text, not the region's):",
     "The statement by Regionstyrelsen (the region's own text):"),
])
def test_each_statements_own_text_is_labelled_by_its_issuer_newest_first(issuers, lang, question, municipal, region):
    result = answer(issuers, question)
    assert not result.refused
    text = result.text
    # each position with its issuing body and date, the later statement (the municipality's) first
    assert text.index("(2024-05-02)") < text.index(municipal) < text.index(MUNICIPAL_BROADBAND) \
        < text.index("(2024-03-15)") < text.index(region) < text.index(REGION_BROADBAND)
    assert text.count("(regionens egen text)" if lang == "sv" else "(the region's own text)") == 1


@pytest.mark.parametrize("lang, municipal, region", [
    ("sv", "Kommunstyrelsens text", "Yttrandets text"),
    ("en", "Kommunstyrelsen's own text", "The statement's own text"),
])
def test_a_reference_names_whose_text_it_is(issuers, lang, municipal, region):
    passages = search(issuers, "bredband på landsbygden", Filters(speakers=["author"], kinds=["statement"]), k=10)
    by_doc = {p.doc_id: reference(p, lang) for p in reversed(passages)}
    assert by_doc["kommun"].split(" · ")[0].endswith(f"] {municipal}")
    assert by_doc["yttrande"].split(" · ")[0].endswith(f"] {region}")


def test_swedish_genitive_of_an_issuer():
    assert [genitive(n) for n in ("Kommunstyrelsen", "Kommunstyrelsen i Umeå kommun", "Kommunstyrelsen i Borås")] \
        == ["Kommunstyrelsens", "Kommunstyrelsen i Umeå kommuns", "Kommunstyrelsen i Borås"]
    assert genitive("Kommunstyrelsen", "en") == "Kommunstyrelsen's"


def test_the_stance_filter_keeps_only_the_regions_own_text(issuers):
    everything = search(issuers, "bredbandsutbyggnaden på landsbygden", Filters(), k=10)
    assert any(p.doc_id == "kommun" and p.speaker == "author" for p in everything)  # there is one to leave out
    region = search(issuers, "bredbandsutbyggnaden på landsbygden", Filters(stance_only=True), k=10)
    assert region and all(p.doc_id == "yttrande" and p.speaker == "author" for p in region)
    result = answer(issuers, "Vad anser regionen om bredbandsutbyggnaden på landsbygden?",
                    filters=Filters(stance_only=True))
    assert REGION_BROADBAND in result.text and MUNICIPAL_BROADBAND not in result.text


@pytest.mark.parametrize("question, lang, frame", [
    ("Vad anser regionen om snöröjningen på landsbygden?", "sv", "(egen text, inte regionens):"),
    ("What does the region think about snow clearing of private roads in the countryside?", "en",
     "(its own text, not the region's):"),
])
def test_a_question_about_the_regions_view_that_only_a_municipality_answers_says_so(issuers, question, lang, frame):
    result = answer(issuers, question)
    assert not result.refused
    assert result.text.startswith(NO_REGION_VIEW[lang])
    assert f"Kommunstyrelsen {frame} {SNOW}" in result.text
    assert not any(p.is_regions_stance for p in cited(result))
    assert answer(issuers, question, filters=Filters(stance_only=True)).refused  # the region says nothing on it


def test_a_question_about_the_municipalitys_view_gets_it_without_the_note(issuers):
    result = answer(issuers, "Vad anser kommunstyrelsen om snöröjningen på landsbygden?")
    assert SNOW in result.text and "regionen har inte" not in result.text.lower()


@pytest.mark.parametrize("question, region", [
    ("Vad anser regionen om snöröjningen?", True),
    ("Hur ser regionstyrelsen på bredbandet?", True),
    ("Vad tycker Region Västerbotten om vägarna?", True),
    ("What is the region's view on broadband?", True),
    ("Vad anser kommunstyrelsen om snöröjningen?", False),
    ("Vad anser kommunen om bredbandet?", False),
    ("Vad anser yttrandet om bredbandet?", False),
])
def test_which_questions_ask_for_the_regions_view(question, region):
    assert asks_the_region(question) == region


def test_an_answer_that_cites_only_the_municipality_gets_the_regions_text_when_it_has_some(issuers):
    """What answer() does when the region's own text on the topic ranks below the municipality's and the
    composed answer cites only the municipality (as a language model's answer may): the answer is
    built again from the region's statements' own text."""
    question = "Vad anser regionen om bredbandsutbyggnaden på landsbygden?"
    passages = search(issuers, question, Filters(doc_ids=["kommun"], speakers=["author"]), k=3)
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    text = compose(question, "sv", passages)
    assert MUNICIPAL_BROADBAND in text and needs_replies(question, passages, text)
    result = regions_view_instead(issuers, question, question, "sv", passages, text, Filters(), 5,
                                  calibrated_scores(issuers))
    assert REGION_BROADBAND in result.text and MUNICIPAL_BROADBAND not in result.text
    assert all(p.is_regions_stance for p in cited(result))
