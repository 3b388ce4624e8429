"""Whether the retrieved passages answer a question, or only come nearest to it."""

from __future__ import annotations

from dataclasses import replace

from .. import tuning
from ..models import Passage
from ..retrieval.query import Language
from ..text import embedding_text
from .matching import PassageTerms, Terms, coverage


def answers_question(
    question: str, lang: Language, passages: list[Passage], calibrated_scores: bool = True
) -> bool:
    """Whether the passages answer the question, or only come nearest to it.

    Not answered: a number or name in the question that none of the passages contains (a municipality
    or year the documents do not mention); no top passage holding most of the question's content words
    (for an English question: of those with a Swedish counterpart in the glossary) unless the best one is
    very close in meaning ("bränsle" for "drivmedel"); for an English question, no passage close in
    meaning either. `calibrated_scores`: whether passage scores come from the model and backend the
    similarity thresholds were set on (tuning.CALIBRATED_MODEL); if not, only the word checks apply.
    """
    if not passages:
        return False
    terms = Terms.of(question, lang)
    prepared = [PassageTerms.of(embedding_text(p.section, p.text)) for p in passages]  # with its heading
    if any(not any(p.has_anchor(name) for p in prepared) for name in terms.names):
        return False
    if calibrated_scores and lang == "en" and passages[0].score < tuning.MIN_SIMILARITY_EN:
        return False
    if calibrated_scores and passages[0].score >= tuning.PARAPHRASE_SIMILARITY[lang]:
        return True
    topic = replace(terms, words=terms.topic)
    return max(coverage(topic, p) for p in prepared[:tuning.COVERAGE_PASSAGES]) >= tuning.MIN_COVERAGE
