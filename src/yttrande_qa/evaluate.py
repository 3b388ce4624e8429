"""Retrieval quality on a file of questions with gold evidence (the dev-questions format)."""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .answers.answer import answer
from .models import Passage
from .retrieval.search import search
from .store.index import Index
from .text import compact

DEPTH = 10


@dataclass
class QuestionResult:
    id: str
    question: str
    lang: str
    speaker: str | None
    answerable: bool
    rank: int | None = None  # 1-based rank of the first passage holding gold evidence
    top_speaker: str | None = None
    refused: bool | None = None
    evidence_shown: bool | None = None  # the answer text (not only its passages) holds gold evidence
    answer_sentences: int | None = None  # cited sentences in the answer


@dataclass
class Report:
    results: list[QuestionResult] = field(default_factory=list)

    def summary(self) -> dict:
        """Figures overall and by language."""
        langs = sorted({r.lang for r in self.results})
        return {"all": _figures(self.results), **{lang: _figures([r for r in self.results if r.lang == lang]) for lang in langs}}

    def missed(self) -> list[QuestionResult]:
        """Answerable questions whose evidence is not in the top 5."""
        return [r for r in self.results if r.answerable and (r.rank is None or r.rank > 5)]

    def wrong_speaker(self) -> list[QuestionResult]:
        """Questions whose first passage has another speaker than the one asked for."""
        return [r for r in self.results if r.answerable and r.speaker and r.top_speaker != r.speaker]

    def not_refused(self) -> list[QuestionResult]:
        """Unanswerable questions that got an answer."""
        return [r for r in self.results if not r.answerable and r.refused is False]

    def refusal_matrix(self) -> dict[str, dict[str, int]] | None:
        """How many answerable and unanswerable questions were answered and refused (None when answers
        were not asked for)."""
        asked = [r for r in self.results if r.refused is not None]
        if not asked:
            return None
        return {
            truth: {
                "answered": sum(1 for r in asked if r.answerable == answerable and not r.refused),
                "refused": sum(1 for r in asked if r.answerable == answerable and r.refused),
            }
            for truth, answerable in (("answerable", True), ("unanswerable", False))
        }

    def to_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "refusal_matrix": self.refusal_matrix(),
            "missed": [vars(r) for r in self.missed()],
            "wrong_speaker": [vars(r) for r in self.wrong_speaker()],
            "not_refused": [vars(r) for r in self.not_refused()],
            "questions": [vars(r) for r in self.results],
        }


def load_questions(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(index: Index, questions: list[dict], answers: bool = True) -> Report:
    """Rank of the gold evidence for each question; with `answers`, also whether `answer()` refused."""
    report = Report()
    for q in questions:
        result = QuestionResult(
            id=q.get("id", q["q"]), question=q["q"], lang=q.get("lang", "?"),
            speaker=q.get("speaker"), answerable=q.get("answerable", True),
        )
        if result.answerable:
            passages = search(index, q["q"], k=DEPTH)
            result.rank = gold_rank(passages, q["gold"])
            result.top_speaker = passages[0].speaker if passages else None
        if answers:
            given = answer(index, q["q"])
            result.refused = given.refused
            if result.answerable and not given.refused:
                result.evidence_shown = holds_gold(given.text, q["gold"])
                result.answer_sentences = cited_sentences(given.text)
        report.results.append(result)
    return report


def gold_rank(passages: list[Passage], gold: list[str]) -> int | None:
    for rank, passage in enumerate(passages, start=1):
        if holds_gold(passage.text, gold):
            return rank
    return None


def holds_gold(text: str, gold: list[str]) -> bool:
    """Whether text holds any of the gold strings (text.compact: whitespace, hyphens and case aside)."""
    text = compact(text)
    return any(compact(g) in text for g in gold)


def cited_sentences(answer_text: str) -> int:
    """The sentences of an answer, counted by their citation markers ("… [1]", "… [2][3]")."""
    return len(_CITATION_RUN.findall(answer_text))


_CITATION_RUN = re.compile(r"(?:\[\d+\])+")


def _figures(results: list[QuestionResult]) -> dict:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    n = len(answerable) or 1
    with_speaker = [r for r in answerable if r.speaker]

    def recall(k: int) -> float:
        return round(sum(1 for r in answerable if r.rank and r.rank <= k) / n, 3)

    figures = {
        "questions": len(results),
        "answerable": len(answerable),
        "recall@1": recall(1),
        "recall@5": recall(5),
        "recall@10": recall(10),
        "mrr@10": round(sum(1 / r.rank for r in answerable if r.rank) / n, 3),
        "speaker@1": round(sum(1 for r in with_speaker if r.top_speaker == r.speaker) / (len(with_speaker) or 1), 3),
        "unanswerable": len(unanswerable),
    }
    if any(r.refused is not None for r in results):  # answers were asked for
        figures["answered_when_answerable"] = sum(1 for r in answerable if r.refused is False)
        figures["refused_when_unanswerable"] = sum(1 for r in unanswerable if r.refused)
        figures["refused_when_answerable"] = sum(1 for r in answerable if r.refused)
        figures["answer_holds_evidence"] = round(sum(1 for r in answerable if r.evidence_shown) / n, 3)
        lengths = [r.answer_sentences for r in answerable if r.answer_sentences is not None]
        figures["median_answer_sentences"] = statistics.median(lengths) if lengths else None
    return figures
