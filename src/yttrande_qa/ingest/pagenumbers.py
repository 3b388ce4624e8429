"""What each page of a PDF is called: its label as the document prints it ("iii", "12") and its number.

The PDF's own page labels (/PageLabels) decide where the file has them. Else a page's "17 (18)" line
gives its number, and the bare numbers pages print among their first or last lines ("17", "- 17 -",
"iii") give the document's numbering: the body's numbers run on at a fixed distance from the pages'
places in the file (after a cover or front matter), the distance most pages agree on, and a page that
prints no number (a chapter's first page) is numbered by it. A page before the body's page 1 has no
number; front matter that prints lower-case roman numerals is labelled by them ("s. iii", never "s. 3",
which is a page of the body).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import Line
from ..text import PAGE_NUMBER

# "17 (18)" or "Sida 17 av 18": a printed page number (N of M).
PAGE_NUMBER_LINE = re.compile(rf"^\s*{PAGE_NUMBER}\s*$", re.IGNORECASE)
# A page's bare number: "17", "- 17 -", "iii" (front matter is numbered in lower case; "I", "II" number
# parts, and a lone "c" or "l" is more likely a list's letter than page 100 or 50 of front matter)
BARE_NUMBER = re.compile(r"^\s*[-–]?\s*(\d{1,4}|[ivx]{1,7})\s*[-–]?\s*$")
EDGE_LINES = 4  # how many lines at the top and bottom of a page may hold its number (or a running header)
MIN_AGREEING = 2  # pages whose bare numbers must agree to renumber a document: one stray figure does not
ROMAN = (("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


@dataclass(frozen=True)
class PageName:
    number: int | None  # in arabic numerals, None when the page has none
    label: str | None  # what the document calls it; None when nothing does


def page_names(pages: list[list[Line]], labels: list[str] | None) -> list[PageName]:
    """The name of each page of a PDF, from its page `labels` when it has them, else from what the pages
    print."""
    if labels:
        return [PageName(int(label) if label.isdigit() else None, label) for label in labels]
    printed = [_printed(lines) for lines in pages]
    shift = _shift(Counter(index + 1 - n for index, (header, bare) in enumerate(printed)
                           for n in ({header} if header else set()) | {int(b) for b in bare if b.isdigit()}))
    names = []
    for index, (header, bare) in enumerate(printed):
        number = header if header is not None else index + 1 - shift if index + 1 > shift else None
        roman = next((b for b in bare if roman_value(b)), None) if header is None else None
        names.append(PageName(None, roman) if roman else PageName(number, None if number is None else str(number)))
    return names


def without_page_numbers(lines: list[Line], names: set[str]) -> list[Line]:
    """The page's lines without its "N (M)" line and without a line among its first or last lines that is
    only one of its `names` (its label, its place in the file)."""
    at_edges = edges(lines)
    return [line for index, line in enumerate(lines)
            if not PAGE_NUMBER_LINE.match(line.text) and not (index in at_edges and _bare(line.text) in names)]


def roman_value(text: str) -> int | None:
    """3 for "iii"; None for what is not a roman numeral as written ("iiii", "vx", "vivi")."""
    value, rest = 0, text
    for numeral, amount in ROMAN:
        while rest.startswith(numeral):
            value, rest = value + amount, rest[len(numeral):]
    return value if value and not rest and _to_roman(value) == text else None


def _to_roman(value: int) -> str:
    digits = []
    for numeral, amount in ROMAN:
        count, value = divmod(value, amount)
        digits.append(numeral * count)
    return "".join(digits)


def _printed(lines: list[Line]) -> tuple[int | None, list[str]]:
    """The page's number from its "N (M)" line, and the bare numbers among its first or last lines."""
    header = next((int(m.group(1)) for m in map(PAGE_NUMBER_LINE.match, (line.text for line in lines)) if m), None)
    at_edges = edges(lines)
    return header, [bare for index, line in enumerate(lines) if index in at_edges and (bare := _bare(line.text))]


def _shift(votes: Counter) -> int:
    """How far the body's numbers stand from the pages' places in the file: 0 (page 1 is the file's first)
    unless enough pages agree on another distance."""
    agreed = [(count, shift == 0, shift) for shift, count in votes.items() if shift == 0 or count >= MIN_AGREEING]
    return max(agreed)[2] if agreed else 0


def edges(lines: list[Line]) -> set[int]:
    """The places of the first and last EDGE_LINES lines with text."""
    texts = [index for index, line in enumerate(lines) if line.text.strip()]
    return set(texts[:EDGE_LINES] + texts[-EDGE_LINES:])


def _bare(text: str) -> str | None:
    match = BARE_NUMBER.match(text)
    return match.group(1) if match and (match.group(1).isdigit() or roman_value(match.group(1))) else None
