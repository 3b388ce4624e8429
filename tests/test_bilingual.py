"""English words → Swedish translations from Folkets lexikon (as svlang ships it)."""

from __future__ import annotations

from yttrande_qa.answers.matching import PassageTerms, Terms, coverage
from yttrande_qa.bilingual import swedish_stems, unambiguous_swedish
from yttrande_qa.retrieval.query import analyse
from yttrande_qa.retrieval.search import dense_query
from yttrande_qa.terms import stem_word


def test_an_english_word_gets_the_stems_of_its_swedish_translations():
    [consent] = swedish_stems(["consent"])
    assert stem_word("samtycke") in consent
    [penalty] = swedish_stems(["penalties"])  # inflected as in a question
    assert stem_word("straff") in penalty


def test_a_two_word_term_is_looked_up_before_its_words():
    dental, care = swedish_stems(["dental", "care"])
    assert stem_word("tandvård") in dental
    assert stem_word("omsorg") in care and stem_word("tandvård") not in care


def test_swedish_function_words_are_no_translation():
    [care] = swedish_stems(["care"])
    assert not {"var", "här", "nog"} & care  # Folkets gives them for senses of "care"; they match any text


def test_a_word_the_dictionary_lacks_gets_nothing():
    assert swedish_stems(["frobnicates", "2019"]) == [frozenset(), frozenset()]


def test_an_english_question_is_matched_in_answers_through_the_dictionary():
    terms = Terms.of("What does the statement say about consent?", "en")
    assert coverage(terms, PassageTerms.of("Samtycket ska vara frivilligt."), topic=True) == 1.0
    assert coverage(terms, PassageTerms.of("Avgiften höjs nästa år."), topic=True) == 0.0


def test_only_a_words_single_translation_glosses_a_question():
    assert unambiguous_swedish(["voltage"]) == ["spänning"]
    assert unambiguous_swedish(["dental", "care"]) == ["tandvård"]  # the term, not "care"'s many senses
    assert unambiguous_swedish(["care", "report"]) == []  # several senses each: left to the model
    assert unambiguous_swedish(["frobnicates"]) == []


def test_an_english_question_is_embedded_with_its_unambiguous_swedish_words():
    english = analyse("Above what voltage may a line be built without a permit?")
    assert dense_query(english) == f"{english.text} (spänning)"
    named = analyse("What does PUL say about dental care?")  # an abbreviation is a name, never translated
    assert dense_query(named) == f"{named.text} (tandvård)"
    swedish = analyse("Vilken spänning gäller för ledningen?")
    assert dense_query(swedish) == swedish.text
