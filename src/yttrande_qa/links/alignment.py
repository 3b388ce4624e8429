"""Where a statement's quotation stands in the report it quotes.

Both texts are compared by their letters and digits only, case-folded: line breaks, hyphenation
("vattenför-/sörjningen", "vatten- och"), quotation marks, punctuation and the statement's "(sidan N)"
do not count. The quotation is aligned with the stretch of the report's text most like it (RapidFuzz's
partial ratio: 1 − the share of letters that must be added or removed to turn one into the other), across
passages and pages. A small edit costs a little similarity; a quotation whose closest stretch is below
`tuning.MIN_QUOTE_SIMILARITY` is a possible misquote. Where the quotation gives its page, a stretch on
that page or the one before or after is preferred to one elsewhere that is only a little closer (reports
repeat their text in summaries), so a page reference that is off by one still finds its text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from .. import tuning
from ..text import PAGE_REFERENCE, split_sentences

_PAGE_REFERENCE = re.compile(PAGE_REFERENCE)


@dataclass(frozen=True)
class Quotation:
    """One quotation as the statement prints it, with the page it says it quotes."""

    text: str
    quoted_page: int | None = None
    quoted_page_end: int | None = None

    @property
    def words(self) -> str:
        """The quoted words, without the statement's page reference."""
        return _PAGE_REFERENCE.sub(" ", self.text).strip()


@dataclass(frozen=True)
class Alignment:
    """The report text a quotation is closest to: its whole sentences, where they stand, how close."""

    similarity: float
    text: str
    chunk_id: int
    chunk_id_end: int
    page: int | None
    page_end: int | None
    # Where the passage it starts in stands in the report's PDF and that page's own label ("iii", "12"),
    # as stored with the passage (tables.py reads them with the alignment)
    page_index: int | None = None
    page_label: str | None = None

    @property
    def matched(self) -> bool:
        return is_match(self.similarity)


def is_match(score: float) -> bool:
    """Close enough to be the text quoted; below it, a possible misquote."""
    return score >= tuning.MIN_QUOTE_SIMILARITY


def split_quotations(text: str, quoted_page: int | None, quoted_page_end: int | None) -> list[Quotation]:
    """The quotations of a quoted passage: each ends at its own page reference ("… (sidan 7) … (sidan
    7)" holds two); text after the last one is a quotation without one."""
    found: list[Quotation] = []
    start = 0
    for match in _PAGE_REFERENCE.finditer(text):
        piece = text[start : match.end()].strip()
        if letters(_PAGE_REFERENCE.sub("", piece)):
            last = int(match.group(2)) if match.group(2) else None
            found.append(Quotation(piece, int(match.group(1)), last))
        start = match.end()
    tail = text[start:].strip()
    if letters(tail):
        found.append(Quotation(tail, None, None) if found else Quotation(tail, quoted_page, quoted_page_end))
    return found


def letters(text: str) -> str:
    """The letters and digits of a text, case-folded: what quotations are compared by."""
    return "".join(ch.lower() for ch in text if ch.isalnum())


def similarity(needle: str, haystack: str) -> tuple[float, int, int]:
    """How close `needle` is to the stretch of `haystack` most like it (0–1), and where that stretch is."""
    if not needle or not haystack:
        return 0.0, 0, 0
    if len(needle) >= len(haystack):
        return fuzz.ratio(needle, haystack) / 100, 0, len(haystack)
    found = fuzz.partial_ratio_alignment(needle, haystack)
    return found.score / 100, found.dest_start, found.dest_end


class ReportText:
    """A report's passages in reading order as one string of letters, with where each letter came from."""

    def __init__(self, passages: list[tuple[int, int | None, str]]):
        """`passages`: (chunk id, page, text) in reading order."""
        self.passages = passages
        chars: list[str] = []
        self._origin: list[tuple[int, int]] = []  # letter → (passage index, offset in its text)
        self._pages: dict[int, tuple[int, int]] = {}  # page → first and end letter
        for index, (_, page, text) in enumerate(passages):
            start = len(chars)
            for offset, ch in enumerate(text):
                if ch.isalnum():
                    chars.append(ch.lower()[0])
                    self._origin.append((index, offset))
            if page is not None:
                first, _ = self._pages.get(page, (start, start))
                self._pages[page] = (first, len(chars))
        self.letters = "".join(chars)

    def align(self, quotation: Quotation) -> Alignment | None:
        needle = letters(quotation.words)
        if not needle or not self.letters:
            return None
        score, start, end = similarity(needle, self.letters)
        if quotation.quoted_page is not None:
            window = self._span(quotation.quoted_page - 1, (quotation.quoted_page_end or quotation.quoted_page) + 1)
            if window:
                hinted, hinted_start, hinted_end = similarity(needle, self.letters[window[0] : window[1]])
                if hinted >= score - tuning.QUOTE_PAGE_PREFERENCE:
                    score, start, end = hinted, window[0] + hinted_start, window[0] + hinted_end
        return self._alignment(score, start, max(start + 1, end))

    def _span(self, first_page: int, last_page: int) -> tuple[int, int] | None:
        spans = [span for page, span in self._pages.items() if first_page <= page <= last_page]
        return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None

    def _alignment(self, score: float, start: int, end: int) -> Alignment:
        (first, first_offset), (last, last_offset) = self._origin[start], self._origin[end - 1]
        if first != last and not is_match(score):
            # Nothing quoted: the nearest text is the one passage that holds most of the stretch.
            counts = Counter(index for index, _ in self._origin[start:end])
            first = last = counts.most_common(1)[0][0]
            offsets = [offset for index, offset in self._origin[start:end] if index == first]
            first_offset, last_offset = min(offsets), max(offsets)
        pieces = []
        for index in range(first, last + 1):
            text = self.passages[index][2]
            begin = first_offset if index == first else 0
            finish = last_offset if index == last else len(text) - 1
            pieces.append(_whole_sentences(text, begin, finish))
        first_chunk, first_page, _ = self.passages[first]
        last_chunk, last_page, _ = self.passages[last]
        return Alignment(
            similarity=round(score, 4),
            text=" ".join(pieces),
            chunk_id=first_chunk,
            chunk_id_end=last_chunk,
            page=first_page,
            page_end=last_page if last_page != first_page else None,
        )


def _whole_sentences(text: str, begin: int, finish: int) -> str:
    """The sentences of `text` that the characters from `begin` to `finish` touch."""
    chosen, position = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, position)
        end = start + len(sentence)
        position = end
        if end > begin and start <= finish:
            chosen.append(sentence)
    return " ".join(chosen) or text
