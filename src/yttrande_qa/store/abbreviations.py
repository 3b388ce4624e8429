"""Short forms a document defines ("regionala utvecklingsstrategin (RUS)"), found at indexing and
stored with the document so that a question using the short form also finds the long one."""

from __future__ import annotations

import re

from ..terms import is_abbreviation

_DEFINED_AFTER = re.compile(r"((?:[\w–\-:]+[ \t\n]+){1,8}?)\(([A-ZÅÄÖ][\w\-]{1,9})\)")
_DEFINED_INSIDE = re.compile(r"\(([^()]{4,80}?),\s*([A-ZÅÄÖ][\w\-]{1,9})\)")


def find_abbreviations(text: str) -> dict[str, str]:
    """Short forms a text defines: "regionala utvecklingsstrategin (RUS)", "(Internet of Things, IOT)"."""
    found: dict[str, str] = {}
    for match in _DEFINED_AFTER.finditer(text):
        short = match.group(2)
        expansion = _expansion(words_before := match.group(1).split(), short)
        if is_abbreviation(short) and expansion and len(words_before) > 0:
            found.setdefault(short.upper(), expansion)
    for match in _DEFINED_INSIDE.finditer(text):
        long, short = match.groups()
        if is_abbreviation(short) and _initials_fit(long, short):
            found.setdefault(short.upper(), long.strip())
    return found


def _expansion(before: list[str], short: str) -> str | None:
    """The shortest run of words just before "(SHORT)" that starts with SHORT's first letter and holds
    its letters in order (Swedish compounds hide initials inside words)."""
    for start in range(len(before) - 1, -1, -1):
        span = before[start:]
        if span[0][0].lower() == short[0].lower() and _initials_fit(" ".join(span), short):
            return " ".join(span)
    return None


def _initials_fit(long: str, short: str) -> bool:
    letters = iter(long.lower())
    return long.strip()[:1].lower() == short[:1].lower() and all(
        c in letters for c in short.lower() if c.isalpha()
    )
