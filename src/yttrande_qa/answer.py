"""answer(question, history, filters) → an Answer with [n] markers that point into its passages."""

from __future__ import annotations

from .index import Index
from .models import Answer, Filters
from .query import rewrite_followup
from .search import search


def answer(
    index: Index,
    question: str,
    history: list[dict] | None = None,
    filters: Filters | None = None,
    k: int = 5,
) -> Answer:
    searched = rewrite_followup(question, history)
    passages = search(index, searched, filters, k)
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    if not passages:
        return Answer(question, "Jag hittar inget i de indexerade dokumenten som besvarar frågan.", True, [])
    text = "\n".join(f"{p.text} [{p.citation}]" for p in passages)
    return Answer(question, text, False, passages, searched if searched != question else None)
