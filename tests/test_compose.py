"""Answers made of the sentences that answer, on small documents written here (in the style of the
regeringen.se pages the project's corpus holds, their facts invented): the date sentence for a date
question, the list for a list question, at most 3 (8) sentences, grouped by document newest first, and
refusal of a question the documents do not touch. Indexed with the real bundled model."""

from __future__ import annotations

import json
import re

import pytest
from conftest import indexed, opened
from helpers import run

from yttrande_qa.answers.answer import answer
from yttrande_qa.answers.compose import arrange, choose_sentences
from yttrande_qa.answers.matching import (
    PassageTerms,
    Terms,
    coverage,
    names_someone,
)
from yttrande_qa.answers.meaning import Meaning, meaning
from yttrande_qa.messages import REFUSAL
from yttrande_qa.models import Passage
from yttrande_qa.retrieval.facts import fact_strength
from yttrande_qa.retrieval.query import analyse
from yttrande_qa.retrieval.search import search
from yttrande_qa.text import split_sentences

REMISS = """# Remiss av betänkandet Bättre kollektivtrafik på landsbygden

Publicerad 12 mars 2023

Betänkandet Bättre kollektivtrafik på landsbygden har remitterats till kommuner, regioner och myndigheter.
Regeringen vill få synpunkter på förslagen om anropsstyrd trafik och om finansieringen av linjer med få resenärer.
Remissvaren ska ha kommit in till Infrastrukturdepartementet senast den 14 juni 2023.
Svaren bör lämnas i ett format som går att läsa digitalt.
"""

DIRECTIVE = """# Kommittédirektiv om kollektivtrafik på landsbygden

Beslut vid regeringssammanträde den 2 februari 2021

En särskild utredare ska se över hur kollektivtrafiken på landsbygden kan stärkas.
Utredaren ska bland annat:
* kartlägga hur anropsstyrd trafik används i kommunerna,
* analysera hur linjer med få resenärer finansieras,
* lämna förslag på hur skolskjutsar och allmän kollektivtrafik kan samordnas,
* undersöka behovet av pendlarparkeringar vid hållplatser,
* lämna nödvändiga författningsförslag.
Utredaren ska samråda med Sveriges Kommuner och Regioner och med Trafikverket.
Uppdraget ska redovisas senast den 30 november 2022.
"""

NEWS = """# Satsning på kollektivtrafik på landsbygden

Publicerad 20 september 2024

Regeringen föreslår i budgetpropositionen att anropsstyrd trafik på landsbygden ska få ett särskilt stöd.
Stödet ska fördelas av Trafikverket till regionerna efter ansökan.
Kommuner med långa avstånd och få invånare ska prioriteras.
"""


@pytest.fixture(scope="module")
def three_documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three-documents")
    files = []
    for name, text in (("remiss.md", REMISS), ("direktiv.md", DIRECTIVE), ("nyhet.md", NEWS)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return indexed(folder / "index", files)


@pytest.fixture
def index(three_documents):
    yield from opened(three_documents)


def cited_sentences(index, question: str) -> list[str]:
    passages = search(index, question)
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    return [s.text for s in choose_sentences(question, analyse(question).language, passages, meaning(index, question, passages))]


def test_a_date_question_gets_the_sentence_with_the_date(index):
    result = answer(index, "När ska remissvaren ha kommit in?")
    assert not result.refused
    assert "senast den 14 juni 2023" in result.text
    sentences = cited_sentences(index, "When is the deadline for the consultation responses?")
    assert any("14 juni 2023" in s for s in sentences)


def test_a_list_question_gets_the_list(index):
    sentences = cited_sentences(index, "Vilka uppgifter har utredaren?")
    items = ["kartlägga hur anropsstyrd trafik", "analysera hur linjer", "lämna förslag på hur skolskjutsar",
             "undersöka behovet av pendlarparkeringar"]
    assert all(any(item in s for s in sentences) for item in items), sentences
    assert len(sentences) <= 8


def test_a_focused_answer_has_at_most_three_sentences(index):
    for question in ("Vad vill regeringen ha synpunkter på?", "Vem ska utredaren samråda med?",
                     "Hur ska stödet till anropsstyrd trafik fördelas?"):
        sentences = cited_sentences(index, question)
        assert 1 <= len(sentences) <= 3, (question, sentences)


def test_sentences_are_grouped_by_document_newest_first(index):
    question = "Vad sägs om anropsstyrd trafik på landsbygden?"
    passages = search(index, question)
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    closeness = meaning(index, question, passages)
    chosen = [s for p in passages for s in choose_sentences(question, "sv", [p], closeness)]  # from every document
    text = arrange(chosen, "sv")
    headings = [line for line in text.splitlines() if any(line.startswith(p.title) for p in passages)]
    dates = [re.search(r"(\d{4}-\d{2}-\d{2})\)$", line).group(1) for line in headings]
    assert dates == ["2024-09-20", "2023-03-12", "2021-02-02"], text
    for paragraph in text.split("\n\n"):  # each document's sentences under its own heading
        title = paragraph.splitlines()[0]
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", paragraph)}
        assert cited and all(title.startswith(passages[n - 1].title) for n in cited)
    result = answer(index, question)
    scores = [p.score for p in result.passages]
    assert scores == sorted(scores, reverse=True)  # the passages stay ranked by relevance


def test_questions_the_documents_do_not_touch_are_refused(index):
    for question in ("Vad tycker regeringen om vargjakt i fjällen?", "Hur många elever går i gymnasiet i Umeå?",
                     "What is the recipe for cinnamon buns?"):
        result = answer(index, question)
        assert result.refused and result.text == REFUSAL[result.lang], question
        assert result.score is not None and result.score < 0.5
    answered = answer(index, "Vem ska fördela stödet till regionerna?")
    assert not answered.refused and answered.score > 0.5


def test_eval_prints_the_refusal_confusion_matrix(three_documents, tmp_path):
    questions = tmp_path / "questions.jsonl"
    rows = [
        {"id": "a1", "q": "När ska remissvaren ha kommit in?", "lang": "sv", "gold": ["senast den 14 juni 2023"]},
        {"id": "a2", "q": "Vem ska fördela stödet?", "lang": "sv", "gold": ["fördelas av Trafikverket"]},
        {"id": "u1", "q": "Vad tycker regeringen om vargjakt i fjällen?", "lang": "sv", "gold": [], "answerable": False},
    ]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run("eval", str(questions), index_dir=three_documents)
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["answered", "refused"])
    assert lines[header + 1].split() == ["answerable", "2", "0"]
    assert lines[header + 2].split() == ["unanswerable", "0", "1"]
    data = json.loads(run("eval", str(questions), "--json", index_dir=three_documents).stdout)
    assert data["refusal_matrix"] == {"answerable": {"answered": 2, "refused": 0},
                                      "unanswerable": {"answered": 0, "refused": 1}}


def test_the_framing_sentence_brings_the_next_one_with_the_figure():
    text = ("Regeringen inför ett nytt stöd till anropsstyrd trafik på landsbygden. Det uppgår till 120 miljoner "
            "kronor per år under tre år. Stödet söks hos Trafikverket.")
    passage = Passage(1, "nyhet", "Satsning på kollektivtrafik", "other", "2024-09-20", None, "", "author",
                      None, None, text, 0.9, citation=1)
    framing, figure, where = split_sentences(text)
    # the framing sentence is far closer in meaning to the question than the one with the amount
    closeness = Meaning({1: [(framing, 0.93), (figure, 0.78), (where, 0.80)]})
    chosen = [s.text for s in choose_sentences("Hur stort är stödet till anropsstyrd trafik?", "sv", [passage], closeness)]
    assert framing in chosen and figure in chosen and len(chosen) <= 3
    without_figure = choose_sentences("Vem inför stödet till anropsstyrd trafik?", "sv", [passage], closeness)
    assert figure not in [s.text for s in without_figure]  # only a number question needs the number


def _chosen(question: str, text: str, cosines: list[float]) -> tuple[list[str], list[str]]:
    """A news passage's sentences and those chosen for the question, given each sentence's cosine."""
    passage = Passage(1, "nyhet", "Satsning på kollektivtrafik", "other", "2024-09-20", None, "", "author",
                      None, None, text, 0.9, citation=1)
    sentences = split_sentences(text)
    closeness = Meaning({1: list(zip(sentences, cosines, strict=True))})
    return sentences, [s.text for s in choose_sentences(question, "sv", [passage], closeness)]


def test_a_who_question_brings_the_sentence_that_names_the_body():
    question = "Vilken kommun utanför länet deltar i projektet Digital samverkan?"
    assert analyse(question).asks_actor and not analyse("Vilka uppgifter har utredaren?").asks_actor
    (_, _, named), chosen = _chosen(
        question,
        "Projektet Digital samverkan startar i februari 2024 och pågår i tre år. Det ska ge kommunerna en ökad "
        "förmåga att digitalisera sina tjänster. Alla länets kommuner samt Härnösands kommun deltar.",
        [0.93, 0.90, 0.70],
    )
    assert named in chosen and len(chosen) <= 3


def test_a_money_question_asks_for_a_sum_with_its_currency():
    question = "Hur mycket kostar stödet per år?"
    assert fact_strength("Stödet uppgår till 120 miljoner kronor per år.", "number", question) == 1.0
    assert fact_strength("Stödet ges till 12 regioner per år.", "number", question) == 0.5
    assert fact_strength("Stödet ges till 12 regioner per år.", "number", "Hur många regioner får stöd?") == 1.0


def test_a_page_reference_is_no_quantity_and_a_european_road_no_currency():
    question = "How much does a monthly bus ticket cost?"
    quoted = "Järnväg- och europavägförbindelser är en möjlighet såsom även stambanan. (sidan 10)"
    assert fact_strength(quoted, "number", question) == 0.0
    assert fact_strength("Ett månadskort kostar 900 kronor. (sidan 10)", "number", question) == 1.0
    assert fact_strength("Stödet är 2 miljoner euro.", "number", question) == 1.0


def test_a_reference_to_a_part_of_a_document_is_not_a_quantity():
    """ "bilaga 1", "avsnitt 4.2", "sidan 12" number a part of the document, as "5 §" does: a sentence that
    only refers to one does not hold the number a "how many" question asks for."""
    question = "Hur många vargar inventerades?"
    for reference in ("anges i bilaga 1", "beskrivs i avsnitt 4.2 och tabell 3", "finns på sidan 12", "see appendix 2"):
        assert fact_strength(f"Metoden för varg {reference}.", "number", question) == 0.0, reference
    assert fact_strength("Enligt bilaga 1 inventerades 375 vargar.", "number", question) == 1.0


def test_a_date_that_goes_on_in_the_next_sentence_joins_it():
    (framing, year, _), chosen = _chosen(
        "När ska den nya lagen träda i kraft?",
        "Under våren 2024 kommer propositionen om en ny lag att presenteras. Lagen förväntas träda i kraft 2025. "
        "Kommunerna behöver förbereda sig.",
        [0.93, 0.75, 0.80],
    )
    assert framing in chosen and year in chosen


def test_the_sentence_that_goes_on_with_the_date_wins_over_a_look_alike_from_another_section():
    question = "När ska den nya socialtjänstlagen träda i kraft?"
    own = ("Under våren 2024 kommer propositionen för en ny socialtjänstlag att presenteras. Lagen förväntas träda "
           "i kraft 2025. Kommunerna behöver förbereda sig.")
    other = "Ett nytt lagförslag om kulturen förväntas träda i kraft 1 januari 2025."
    passages = [
        Passage(1, "yttrande", "Yttrande", "statement", "2024-02-29", None, "Socialtjänst", "author", None, None,
                own, 0.83, citation=1),
        Passage(2, "yttrande", "Yttrande", "statement", "2024-02-29", None, "Kultur", "author", None, None,
                other, 0.82, citation=2),
    ]
    framing, year, _ = split_sentences(own)
    closeness = Meaning({1: list(zip(split_sentences(own), [0.93, 0.75, 0.80], strict=True)), 2: [(other, 0.90)]})
    chosen = [s.text for s in choose_sentences(question, "sv", passages, closeness)]
    assert framing in chosen and year in chosen and other not in chosen  # near-duplicates: one of them stays


def test_english_names_of_places_match_their_swedish_form():
    norge = PassageTerms.of("Reformen har prövats i Norge.")
    assert coverage(Terms.of("Why is Norway mentioned?", "en"), norge) == 1.0
    assert not any("maj" in forms for forms in Terms.of("What may the agency decide?", "en").words)


def test_light_verbs_are_not_topic_words():
    terms = Terms.of("Vilken strategi för bränsle tas fram under 2024?", "sv")
    assert {stem for forms in terms.topic for stem in forms} == {"strategi", "bränsl"}


def test_a_name_that_opens_a_sentence_with_a_second_capital_or_a_number_counts():
    question = "Who works on advocacy about loans?"
    assert names_someone("Region 10 och förvaltningen jobbar med påverkansarbete.", question) == 1.0
    assert names_someone("Förvaltningen jobbar med påverkansarbete.", question) == 0.0
    assert names_someone("Arbetet leds av Länsstyrelsen.", question) == 1.0


def _chosen_from(question: str, text: str, cosines: dict[str, float], **document) -> list[str]:
    """The pieces chosen from one report passage whose pieces (sentences, list items) have the given
    cosines (stored as sentences of their own); `document`: the passage's title, doc_number …"""
    passage = Passage(1, "betankande", document.pop("title", "Betänkande"), "report", "2023-11-20", None, "",
                      "author", None, None, text, 0.9, citation=1, **document)
    closeness = Meaning({1: list(cosines.items())})
    return [s.text for s in choose_sentences(question, analyse(question).language, [passage], closeness)]


@pytest.mark.parametrize(
    ("question", "framing", "fact", "kind", "holds", "lacks"),
    [
        ("How often should unexecuted decisions be reported?",  # a span of time or a frequency
         "Utredningen föreslår ändringar i rapporteringen av ej verkställda beslut till Inspektionen för vård och omsorg.",
         "Skyldigheten att inrapportera ej verkställda beslut förlängs från var tredje månad till var sjätte månad.",
         "period", ["Besked ska lämnas inom sju dagar.", "Inventeringen ska utföras årligen."],
         "Besked ska lämnas skyndsamt."),
        ("Vilken påföljd föreslås om ett nationellt förbud mot tiggeri införs?",  # a sanction
         "Utredningen föreslår att ett nationellt förbud mot tiggeri i så fall införs genom en ny paragraf i brottsbalken.",
         "Den som bryter mot förbudet ska dömas till böter.",
         "penalty", ["Straffet ska vara fängelse i högst två år."], "Förbudet gäller på allmän plats."),
    ],
)
def test_a_period_or_penalty_question_gets_the_sentence_with_it(question, framing, fact, kind, holds, lacks):
    chosen = _chosen_from(question, f"{framing} {fact}", {framing: 0.93, fact: 0.80})
    assert fact in chosen
    assert all(fact_strength(sentence, kind) == 1.0 for sentence in holds)
    assert fact_strength(lacks, kind) == 0.0


def test_a_question_for_the_date_wants_the_day_and_a_designation_holds_no_year():
    assert fact_strength("Kommissionen lämnade i april 2024 ett delbetänkande.", "date", "On what exact date was it?") == 0.5
    assert fact_strength("Kommissionen lämnade i april 2024 ett delbetänkande.", "date", "When was it submitted?") == 1.0
    assert fact_strength("Kommissionen lämnade ett delbetänkande den 29 april 2024.", "date", "Vilket datum?") == 1.0
    assert fact_strength("Utredningens uppdrag har enligt direktivet (dir. 2018:6) varit att se över reglerna.", "date") == 0.0
    assert fact_strength("Lagen (2009:1263) om förvaltning av rovdjur gäller.", "date") == 0.0


def test_sentences_alike_but_with_other_amounts_are_both_kept():
    question = "Vilket belopp bestämde Högsta domstolen i ersättning till var och en av resenärerna?"
    lower = "Hovrätten bestämde ersättningen till var och en av resenärerna till 20 000 kr."
    higher = "Högsta domstolen bestämde ersättningen till var och en av resenärerna till 25 000 kr."
    chosen = _chosen_from(question, f"{lower} {higher}", {lower: 0.93, higher: 0.91})
    assert lower in chosen and higher in chosen


def test_a_list_question_gets_the_whole_list_of_an_item_it_chooses():
    question = "Vilka lagar föreslås ändras?"
    items = ["lagen (1999:353) om rättspsykiatriskt forskningsregister,", "lagen (2003:460) om etikprövning av forskning,",
             "lagen (2018:218) med kompletterande bestämmelser till dataskyddsförordningen."]
    other = "Anpassningarna syftar till att möjliggöra en fortsatt behandling av personuppgifter för forskningsändamål."
    text = "I propositionen föreslås ändringar i följande lagar: " + " ".join(f"* {item}" for item in items) + f" {other}"
    cosines = {"I propositionen föreslås ändringar i följande lagar:": 0.70, items[0]: 0.70, items[1]: 0.70,
               items[2]: 0.93, other: 0.86}
    chosen = _chosen_from(question, text, cosines)
    assert all(item in chosen for item in items), chosen  # the items before the chosen one too


def test_the_last_item_of_a_list_without_punctuation_is_whole():
    question = "Senast vilket datum ska den som redan bedriver tandvård ansöka om tillstånd?"
    items = ["att det ska krävas tillstånd för privata vårdgivare i tandvården",
             "att underlaget för tandvårdsstöd ska vara undertecknat av behandlaren",
             "att den som redan bedriver tandvård ska ansöka om tillstånd senast den 2 januari 2029"]
    text = "Utredningen föreslår bland annat " + " ".join(f"* {item}" for item in items)
    chosen = _chosen_from(question, text, {items[0]: 0.90, items[1]: 0.85, items[2]: 0.88})
    assert items[2] in chosen


def test_a_lead_in_without_a_colon_brings_the_list_it_opens():
    """"En kommitté ska därför" / "* kartlägga …": the items complete the lead-in's sentence (a directive's
    usual form), so the lead-in may be chosen and brings them."""
    question = "Vad ska kommittén göra?"
    lead_in = "En parlamentariskt sammansatt kommitté ska därför"
    items = ["kartlägga hur organisationernas möjlighet att verka har begränsats i andra länder,",
             "lämna de författningsförslag som behövs."]
    other = "Uppdraget ska redovisas senast den 28 februari 2021."
    text = f"{lead_in} " + " ".join(f"* {item}" for item in items) + f" {other}"
    chosen = _chosen_from(question, text, {lead_in: 0.93, items[0]: 0.80, items[1]: 0.80, other: 0.70})
    assert chosen[0] == lead_in and all(item in chosen for item in items), chosen
    assert other not in chosen


def test_a_named_documents_framing_sentence_does_not_win_for_repeating_its_number():
    question = "Vad ska vårdgivare göra enligt SOU 2023:82?"
    framing = "I betänkandet SOU 2023:82 lämnas förslag om ökad kontroll i sektorn."
    answer_sentence = "Vårdgivare ska ansöka om tillstånd hos IVO senast den 2 januari 2029."
    chosen = _chosen_from(question, f"{framing} {answer_sentence}", {framing: 0.90, answer_sentence: 0.83},
                          title="Ökad kontroll över tandvårdssektorn", doc_number="SOU 2023:82")
    assert answer_sentence in chosen


def test_a_numbered_list_read_as_one_line_is_cut_into_its_items():
    question = "Vilka regionala etikprövningsnämnder fanns bland remissinstanserna?"
    bodies = ["Lunds universitet", "Umeå universitet", "Vetenskapsrådet", "Regionala etikprövningsnämnden i Göteborg",
              "Regionala etikprövningsnämnden i Linköping", "Regionala etikprövningsnämnden i Lund",
              "Centrala etikprövningsnämnden", "Rymdstyrelsen", "Naturvårdsverket"]
    line = " ".join(f"{number} {body}" for number, body in enumerate(bodies, start=80))
    chosen = _chosen_from(question, f"Remissinstanser {line}", {line: 0.90})
    assert "83 Regionala etikprövningsnämnden i Göteborg" in chosen
    assert "85 Regionala etikprövningsnämnden i Lund" in chosen
    assert not any(len(s) > 60 for s in chosen)  # items, not the whole line


def test_a_passage_finds_a_stem_as_every_compound_rule_says():
    """PassageTerms.has_stem looks stems up in sorted lists: the same as trying terms.is_compound_part on
    every stem of the passage (a word, a compound it begins or ends, or a part of the word)."""
    from yttrande_qa import tuning
    from yttrande_qa.terms import is_compound_part, stem_words

    passage = PassageTerms.of(
        "Avloppsinfrastrukturen och vattenledningarna behöver förnyas; bostadsbristen i kommunerna, "
        "VA-samverkan och regionens kollektivtrafikplan. Trafikverket och länsstyrelsen samråder.")
    words = ("avlopp infrastruktur ledning vatten brist bostad bostadsbrist kommun samverkan region trafik plan "
             "kollektivtrafik verk styrelse läns länsstyrelsens trafikverkets regionplan va för vattenledning "
             "infra bost sam tra kollektiv").split()
    for stem in stem_words(words):
        plain = stem in passage.stems or stem in passage.words or any(
            is_compound_part(stem, s) or is_compound_part(s, stem, tuning.MIN_PART + 1) for s in passage.stems)
        assert passage.has_stem(stem) == plain, stem
