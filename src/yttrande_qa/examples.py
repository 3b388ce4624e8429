"""Example questions made from the indexed documents: the section headings of the newest statement (or,
without statements, of the newest document), asked as questions and kept only if they are answered.
"""

from __future__ import annotations

import re
import threading

from . import messages, tuning
from .answers.answer import is_answered
from .models import SECTION_SEPARATOR, Document
from .store.index import Index

# Headings of any Swedish administrative document that name a part of it, not a topic.
GENERIC_HEADINGS = {
    "sammanfattning", "bakgrund", "inledning", "ärendet", "ärendebeskrivning", "beslut", "beslutsunderlag",
    "förslag till beslut", "yttrande", "synpunkter", "övrigt", "övriga synpunkter", "bilagor", "bilaga",
    "innehåll", "innehållsförteckning", "källor", "referenser", "slutsatser", "avslutning", "allmänt",
    "allmänna synpunkter", "sammanfattande synpunkter", "remissvar", "kontaktperson", "kontakt",
}
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-ZÅÄÖ]\.|[IVX]+\.)\s+")

_cache: dict[tuple[str, str, int], list[str]] = {}  # (index folder, database, generation) → its examples
_lock = threading.Lock()


def example_questions(index: Index, k: int) -> list[str]:
    """Up to EXAMPLES questions about the newest statement's sections, each answered (not refused) with
    `k` passages."""
    key = (str(index.folder), index.store.database_id, index.store.generation())
    with _lock:
        if key not in _cache:
            for stale in [old for old in _cache if old[0] == key[0]]:
                del _cache[stale]
            _cache[key] = _answered(index, _candidates(index), k)
        return _cache[key]


def _candidates(index: Index) -> list[str]:
    """Questions on the topics of the newest document's sections: first one from each part of the
    document (sections under the same parent heading are one part), then the rest."""
    document = _newest(index.store.documents())
    if document is None:
        return []
    template = messages.EXAMPLE_QUESTION[document.kind]
    topics = {section: _topic(section) for section in index.store.sections(document.doc_id)}
    topics = {section: topic for section, topic in topics.items() if topic}
    parts = {section.rpartition(SECTION_SEPARATOR)[0] or section: topic for section, topic in reversed(topics.items())}
    ordered = [t for t in topics.values() if t in set(parts.values())] + list(topics.values())
    return [template.format(topic=t) for t in dict.fromkeys(ordered)]


def _newest(documents: list[Document]) -> Document | None:
    """The newest statement, else the newest document (undated ones last)."""
    statements = [d for d in documents if d.kind == "statement"] or documents
    return max(statements, key=lambda d: (d.date or "", d.doc_id), default=None)


def _topic(section: str) -> str | None:
    """A section's own heading as the topic of a question: numbering dropped, its first letter small
    unless the first word is a name or an abbreviation; None for a heading that names no topic."""
    heading = _NUMBERING.sub("", section.rsplit(SECTION_SEPARATOR, 1)[-1]).strip().rstrip(".:")
    words = heading.split()
    if (not words or len(words) > tuning.EXAMPLE_MAX_WORDS or heading.lower() in GENERIC_HEADINGS
            or not all(c.isalpha() or c in " -" for c in heading)):
        return None
    first = words[0]
    keep_capital = len(first) > 1 and (first[1].isupper() or any(c.isdigit() for c in first))
    return heading if keep_capital else heading[0].lower() + heading[1:]


def _answered(index: Index, questions: list[str], k: int) -> list[str]:
    kept = []
    for question in questions:
        if len(kept) == tuning.EXAMPLES:
            break
        if is_answered(index, question, k=k):
            kept.append(question)
    return kept
