"""Questions the documents answer are not refused for how they name a place or ask for a time: an English
question's name the Swedish text spells otherwise ("Croatia": "Kroatien", "Norwegian": "norska") is no
missing name, a year answers "Vilket år …", and a season or a month with its year "När …" too (not
"Vilket datum …"). Small documents written here in the style of regeringen.se pages, their facts
invented; indexed with the real bundled model."""

from __future__ import annotations

import pytest
from conftest import indexed, opened

from yttrande_qa.answers.answer import answer
from yttrande_qa.answers.matching import PassageTerms, Terms
from yttrande_qa.answers.verify import Verifier
from yttrande_qa.models import Passage
from yttrande_qa.retrieval.facts import fact_strength
from yttrande_qa.retrieval.query import detect_fact

COUNTRY = """# Mänskliga rättigheter, demokrati och rättsstatens principer i Kroatien

Publicerad 3 maj 2023

Rapporten beskriver läget för de mänskliga rättigheterna i Kroatien under 2022.
Över 80 procent av alla vuxna i Kroatien röstade i det senaste parlamentsvalet.
Pressfriheten skyddas i grundlagen, men journalister som granskar korruption utsätts för hot.
Den norska regeringen har finansierat utbildning i minoriteters rättigheter för domare.
"""

COUNCIL = """# Skrivelse om rådet för hållbara städer

Publicerad 10 oktober 2016

Regeringen inrättade 2011 ett råd för hållbara städer.
Rådet samlar de myndigheter som arbetar med stadsutveckling och bostadsbyggande.
Utredningen om regional stadsplanering tillsattes på senhösten 2014 på initiativ av riksdagen.
Rådet ska lämna en slutrapport om sitt arbete till Finansdepartementet.
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names-and-years")
    files = []
    for name, text in (("kroatien.md", COUNTRY), ("stader.md", COUNCIL)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    yield from opened(indexed(folder / "index", files))


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # an English name the Swedish text spells otherwise
        ("What share of adults in Croatia voted in the latest parliamentary election?", "80 procent"),
        ("What training has the Norwegian government financed?", "utbildning i minoriteters rättigheter"),
        # a year for the year, a season with its year for "när"
        ("Vilket år inrättade regeringen rådet för hållbara städer?", "2011"),
        ("När tillsattes utredningen om regional stadsplanering?", "senhösten 2014"),
        ("In which year did the government set up the council for sustainable cities?", "2011"),
    ],
)
def test_an_answerable_question_is_not_refused_for_a_name_or_a_year(index, question, evidence):
    result = answer(index, question)
    assert not result.refused, (result.score, result.text)
    assert evidence in result.text


def test_an_english_name_is_found_through_its_translation_or_a_shared_stem():
    def holds(question: str, text: str) -> bool:
        terms = Terms.of(question, "en")
        return all(terms.holds_name(PassageTerms.of(text), name) for name in terms.names)

    assert holds("Why are Swedish laws changed?", "Ändringar i svensk lag.")  # the dictionary: "svensk"
    assert holds("How many fled from Syria?", "Många har flytt från Syrien.")  # all but the last letter
    assert not holds("How many fled from Syria?", "Många har flytt från Irak.")
    assert not holds("Is a hospital planned in Skellefteå?", "Ett sjukhus planeras i Umeå.")
    # a Swedish question's names are as written
    swedish = Terms.of("Vad gäller i Syria?", "sv")
    assert not swedish.holds_name(PassageTerms.of("Det som gäller i Syrien."), "syria")


def test_a_generated_english_sentence_may_name_the_place_in_english():
    text = COUNTRY.splitlines()[5]  # "Över 80 procent av alla vuxna i Kroatien röstade …"
    passage = Passage(1, "kroatien", "Mänskliga rättigheter i Kroatien", "other", "2023-05-03", None, "", "author",
                      None, None, text, 0.9, citation=1)
    verify = Verifier("en", [passage])
    assert verify("Over 80 percent of all adults in Croatia voted in the latest parliamentary election [1]")
    assert not verify("Over 80 percent of all adults in Serbia voted in the latest parliamentary election [1]")


def test_a_question_for_the_day_or_a_deadline_still_wants_more_than_a_year():
    year = "Regeringen inrättade 2011 ett råd för hållbara städer."
    season = "Utredningen tillsattes på senhösten 2014."
    for question in ("Vilket datum inrättades rådet?", "Senast vilket datum ska rådet rapportera?",
                     "On what date was the council set up?"):
        assert fact_strength(year, detect_fact(question), question) == 0.5, question
        assert fact_strength(season, detect_fact(question), question) == 0.5, question
    for question in ("När ska rådet senast rapportera?", "När tillsattes utredningen?", "When was it set up?"):
        assert fact_strength(year, detect_fact(question), question) == 0.5, question  # a day ranks first
        assert fact_strength(season, detect_fact(question), question) == 1.0, question
    for question in ("Vilket år inrättades rådet?", "In which year was it set up?"):
        assert fact_strength(year, detect_fact(question), question) == 1.0, question
        assert fact_strength(season, detect_fact(question), question) == 1.0, question
