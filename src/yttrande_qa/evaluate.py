"""Retrieval quality on a file of questions with gold evidence (the dev-questions format)."""

from __future__ import annotations

import json
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

    def to_dict(self) -> dict:
        return {
            "summary": self.summary(),
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
            result.refused = answer(index, q["q"]).refused
        report.results.append(result)
    return report


def gold_rank(passages: list[Passage], gold: list[str]) -> int | None:
    wanted = [compact(g) for g in gold]
    for rank, passage in enumerate(passages, start=1):
        text = compact(passage.text)
        if any(w in text for w in wanted):
            return rank
    return None


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
    return figures
