"""Small text helpers shared by chunking, answers and evaluation."""

from __future__ import annotations

import re
import unicodedata

# Words that end in a period without ending a sentence (Swedish and English).
ABBREVIATIONS = {
    "t.ex", "bl.a", "m.fl", "m.m", "s", "ca", "dvs", "d.v.s", "resp", "jfr", "kap", "nr", "st",
    "e.g", "i.e", "etc", "p", "pp", "no", "vs", "tex", "mm", "osv", "o.s.v", "fr.o.m", "t.o.m",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“”(]?[A-ZÅÄÖ0-9])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, keeping abbreviations such as "t.ex." and "bl.a." inside."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        last_word = text[start : match.start()].rsplit(None, 1)[-1].rstrip(".").lower()
        if last_word in ABBREVIATIONS:
            continue
        sentences.append(text[start : match.start()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def word_count(text: str) -> int:
    return len(text.split())


def slugify(name: str) -> str:
    """A readable ASCII id: "Yttrande över VA-planen 2024" → "yttrande-over-va-planen-2024"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "dokument"


def compact(text: str) -> str:
    """Text with whitespace and hyphens removed, case-folded: how gold evidence is matched."""
    return re.sub(r"[\s\-‐‑‒–—]+", "", text).casefold()
