"""Whether the retrieved passages answer a question, or only come nearest to it, and how sure that is.

The answer's `score` is the estimated probability that the documents answer the question: a logistic
function of a few measurements that mean the same on any documents (tuning.REFUSAL_WEIGHTS, fitted with
benchmarks/calibrate_refusal.py on questions about documents of several kinds, the seed statement and
58 government documents):

- closeness: the highest cosine between the question and a sentence (or a one-sentence chunk) of the
  top passages, in the embedding model's own scale;
- coverage (Swedish questions): the largest share of the question's topic words (its content words
  other than names and numbers, which the next measure counts) that one of the top passages holds, with
  its heading and its document's title (Snowball stems and compound parts). An English question's words
  are looked for through their Swedish translations (bilingual.py) where words decide (without
  calibrated similarities, and for a paired answer's topic), but not in the score: as a measurement of
  its own it refused English questions about something the documents never mention at a place they do
  ("a new hospital in <a town they name>"), and also a Swedish paraphrase and English questions whose
  words the dictionary gives in another sense (README);
- missing names: the share of the question's names and numbers (a municipality, a year, a document
  number) that none of the top passages, nor their documents' titles, numbers, issuers and dates,
  contains (an English question's name also in a Swedish form: matching.PassageTerms.has_name);
- the asked-for fact: whether the question asks for a date or a number (query.detect_fact) and a
  sentence the answer would show holds one (found), or none does (missing).

A question is refused when the score is below tuning.REFUSAL_THRESHOLD. The cosines are those of the
model and backend the weights were fitted on (tuning.CALIBRATED_MODEL); with another model there is no
score, and only the word checks decide: every name found, and a top passage holding
tuning.MIN_COVERAGE of the question's words (tuning.MIN_COVERAGE_EN of an English question's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import tuning
from ..models import Passage
from ..retrieval.query import Language, detect_fact
from ..retrieval.search import named_documents
from ..store.index import Index
from ..text import embedding_text
from .compose import Sentence, choose_sentences
from .matching import PassageTerms, Terms, coverage
from .meaning import Meaning, meaning


@dataclass(frozen=True)
class Evidence:
    """What the top passages hold of a question (see the module's docstring)."""

    closeness: float
    coverage: float
    missing_names: float
    fact: bool | None  # None: the question asks for no date or number; else whether the answer holds one
    english: bool

    def features(self) -> tuple[float, ...]:
        """In the order of tuning.REFUSAL_WEIGHTS."""
        english = float(self.english)
        return (
            self.closeness,
            self.coverage * (1.0 - english),
            self.missing_names,
            float(self.fact is True),
            float(self.fact is False),
            english,
        )


@dataclass(frozen=True)
class Assessment:
    """Whether the passages answer a question, with what was measured to decide it."""

    answered: bool
    score: float | None  # the estimated probability that the documents answer it (None: uncalibrated)
    closeness: Meaning
    chosen: list[Sentence]  # the sentences the extractive answer shows
    evidence: Evidence


def assess(index: Index, question: str, lang: Language, passages: list[Passage], calibrated: bool) -> Assessment:
    """`calibrated`: whether the similarities come from the model and backend the weights were fitted
    on (answer.calibrated_scores)."""
    closeness = meaning(index, question, passages)
    named = named_documents(index.store.db, question)  # "enligt SOU 2019:30": answer from that document
    chosen = choose_sentences(question, lang, [p for p in passages if p.doc_id in named] or passages, closeness)
    evidence = gather(question, lang, passages, closeness, chosen)
    return Assessment(answers_question(evidence, calibrated), confidence(evidence) if calibrated else None,
                      closeness, chosen, evidence)


def gather(
    question: str, lang: Language, passages: list[Passage], meaning: Meaning, chosen: list[Sentence]
) -> Evidence:
    """`chosen`: the sentences the answer would show (compose.choose_sentences)."""
    terms = Terms.of(question, lang)
    prepared = [PassageTerms.of(_surface(p)) for p in passages]
    found = [any(terms.holds_name(p, name) for p in prepared) for name in terms.names]
    top = prepared[: tuning.COVERAGE_PASSAGES]
    return Evidence(
        closeness=meaning.best() or 0.0,
        coverage=max((coverage(terms, p, topic=True) for p in top), default=0.0),
        missing_names=found.count(False) / len(found) if found else 0.0,
        fact=any(s.fact >= 1 for s in chosen) if detect_fact(question) else None,  # a date or a number
        english=lang == "en",
    )


def confidence(evidence: Evidence) -> float:
    """The estimated probability that the documents answer the question."""
    weights, intercept = tuning.REFUSAL_WEIGHTS, tuning.REFUSAL_INTERCEPT
    z = intercept + sum(w * x for w, x in zip(weights, evidence.features(), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def answers_question(evidence: Evidence, calibrated: bool) -> bool:
    """Whether the passages answer the question; `calibrated`: whether the similarities come from the
    model and backend the weights were fitted on."""
    if calibrated:
        return confidence(evidence) >= tuning.REFUSAL_THRESHOLD
    return evidence.missing_names == 0 and evidence.coverage >= min_coverage("en" if evidence.english else "sv")


def min_coverage(lang: Language) -> float:
    """The share of a question's topic words a passage must hold when words decide."""
    return tuning.MIN_COVERAGE_EN if lang == "en" else tuning.MIN_COVERAGE


def _surface(passage: Passage) -> str:
    """A passage with what it shows of its document: title, numbers, issuer and date above its heading
    and text ("enligt SOU 2019:30", "the 2023 directive" are found in the document's metadata)."""
    document = [passage.title, passage.doc_number, *passage.subject_numbers, passage.diarienummer, passage.issuer, passage.date]
    return "\n".join([*filter(None, document), embedding_text(passage.section, passage.text)])
