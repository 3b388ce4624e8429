"""Whether the retrieved passages answer a question, or only come nearest to it."""

from __future__ import annotations

from dataclasses import replace

from ..models import Passage
from ..retrieval.query import Language
from ..text import embedding_text
from .matching import PassageTerms, Terms, coverage

# Refusal calibration (tests/data/refusal_questions.jsonl and the dev questions): a question is answered
# when one of the top passages holds this share of its content words (English: of those the glossary
# can put in Swedish); an English question, whose other words cannot be matched against Swedish text,
# also needs a best passage at least this similar (search's score). A best passage this close in meaning
# answers a paraphrase that shares few words with it ("bränsle" for "drivmedel"). The similarities are
# calibrated for multilingual-e5-small; with another model only the word checks apply.
MIN_COVERAGE = 0.6
MIN_SIMILARITY_EN = 0.78
PARAPHRASE_SIMILARITY = {"sv": 0.885, "en": 0.90}
COVERAGE_PASSAGES = 3



def answers_question(
    question: str, lang: Language, passages: list[Passage], calibrated_scores: bool = True
) -> bool:
    """Whether the passages answer the question, or only come nearest to it.

    Not answered: a number or name in the question that none of the passages contains (a municipality
    or year the documents do not mention); no top passage holding most of the question's content words
    (for an English question: of those with a Swedish counterpart in the glossary) unless the best one is
    very close in meaning; for an English question, no passage close in meaning either.
    `calibrated_scores`: whether passage scores come from the model the thresholds were set for.
    """
    if not passages:
        return False
    terms = Terms.of(question, lang)
    prepared = [PassageTerms.of(embedding_text(p.section, p.text)) for p in passages]  # with its heading
    if any(not any(p.has_anchor(name) for p in prepared) for name in terms.names):
        return False
    if calibrated_scores and lang == "en" and passages[0].score < MIN_SIMILARITY_EN:
        return False
    if calibrated_scores and passages[0].score >= PARAPHRASE_SIMILARITY[lang]:
        return True
    topic = replace(terms, words=terms.topic)
    return max(coverage(topic, p) for p in prepared[:COVERAGE_PASSAGES]) >= MIN_COVERAGE
