"""Sentence splitting (text.split_sentences): where Swedish administrative text ends a sentence."""

import pytest

from yttrande_qa.text import split_sentences


@pytest.mark.parametrize("sentence", [
    "Utredningen (dir. 2018:6) lämnade sitt betänkande i mars.",
    "Regeringen föreslår i prop. 2017/18:105 att lagen ändras.",
    "Riksdagen biföll förslaget (bet. 2017/18:SoU5, rskr. 2017/18:250).",
    "Den s.k. Huvudmannen ska ansvara för tillsynen.",
    "Enl. 3 kap. 2 § ska nämnden yttra sig (jfr. Ds 2019:1).",
])
def test_an_abbreviation_before_a_number_or_a_name_does_not_end_the_sentence(sentence):
    assert split_sentences(f"{sentence} Nästa mening följer här.") == [sentence, "Nästa mening följer här."]


def test_a_full_stop_before_a_capital_still_ends_a_sentence():
    assert split_sentences("Uppdraget ska redovisas senast den 12 maj 2017. Utredaren ska samråda.") == [
        "Uppdraget ska redovisas senast den 12 maj 2017.", "Utredaren ska samråda."]


@pytest.mark.parametrize("text", ["Vi köper en bil. Den ska vara elektrisk.", "Det kostar 5 mkr. Nästa år mer.",
                                  "Pärmar, böcker o.d. Allt ska sparas."])
def test_a_word_that_may_end_a_sentence_ends_it(text):
    assert len(split_sentences(text)) == 2
