"""Turn pages of lines into a titled, dated document of paragraphs with sections and speakers.

Quotations of another document are found in two ways:

* Emphasis (PDF and Word): a run of emphasised lines (italic, or on a coloured band) is one quotation;
  a line ending in a page reference such as "(sidan 12)" closes it.
* Layout of extracted text (no emphasis at all in the document): a quotation ends in a page reference,
  or, without one, where a double-spaced run of lines is followed directly by an indented line (the
  first line after a quotation box in the seed). Its start is found by walking back while the spacing
  stays the same: quotation boxes come out double-spaced (a blank line after every line), so the walk
  stops at a heading, the end of the previous quotation, a wide gap, or the last line of
  single-spaced text.

A paragraph that ends in "(sidan N)" is taken as a quotation even when it opens with the author's own
words ("Rapporten beskriver att … (sidan 7)"): it is set apart like the other quotations and speaks
for the report. A page mentioned inside the author's sentence ("I rapporten framkommer det även (på
sidan 20) att …") is not a quotation. A leading label such as "Citat från rapporten:" stays with the
author.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..models import SECTION_SEPARATOR, Block, Kind, Page, ParsedDocument, Speaker
from ..text import PAGE_NUMBER, PAGE_RANGE, PAGE_REFERENCE, PAGE_WORD

PAGE_REF_END = re.compile(rf"{PAGE_REFERENCE}[.\s]*$", re.IGNORECASE)
SPLIT_PAGE_REF = re.compile(rf"\({PAGE_WORD}\s*$", re.IGNORECASE)  # "… (sidan" + "12)" on the next line
SPLIT_PAGE_REF_REST = re.compile(rf"^{PAGE_RANGE}\)")
QUOTE_LABEL = re.compile(r"^(Citat(?: ur| från) [^:]{1,60}:|Citat:|Ur rapporten:)\s*", re.IGNORECASE)
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-ZÅÄÖ]")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Lines that label a page rather than say anything: a bare date, a document-type word, "17 (18)".
LABEL_LINE = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|yttrande|remissvar|rapport|betänkande|tjänsteskrivelse|protokoll"
    rf"|{PAGE_NUMBER})$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?:;][\"”’)]*$")
NO_HEADING_END = re.compile(r"[.!?:;,)\-–]$")
JOINING_WORDS = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "men"}
STATEMENT_WORDS = re.compile(r"\b(?:yttrande|remissvar|remissyttrande)\b", re.IGNORECASE)
REPORT_WORDS = re.compile(r"\b(?:rapport|rapporten|betänkande|utredning|SOU)\b", re.IGNORECASE)
MAX_TITLE_LINES = 3
SHORT_LINE = 0.8  # a line shorter than this share of the usual full line may end a paragraph


@dataclass
class _Item:
    """A non-blank line with the gap before it: 0 adjacent, 1 one blank line, 2 a wider gap."""

    text: str
    page: int | None
    gap: int
    indented: bool
    emphasised: bool


@dataclass
class _Paragraph:
    lines: list[str]
    page: int | None
    section: str
    speaker: Speaker = "author"
    quoted_page: int | None = None
    quoted_page_end: int | None = None

    def block(self) -> Block:
        return Block(
            text=_join_lines(self.lines),
            page=self.page,
            section=self.section,
            speaker=self.speaker,
            quoted_page=self.quoted_page,
            quoted_page_end=self.quoted_page_end,
        )


def parse_document(pages: list[Page], file_name: str) -> ParsedDocument:
    """Title, date, kind and blocks of a document read by `readers.read_pages`."""
    items, labels = _items(pages)
    title_length = _title_length([item.text for item in items])
    title = " ".join(item.text for item in items[:title_length]) or _title_from_file_name(file_name)
    body = items[title_length:]
    first_page = [item.text for item in body[:10] if item.page == (items[0].page if items else None)]
    return ParsedDocument(
        title=title,
        date=detect_date("\n".join(labels + first_page), file_name),
        kind=detect_kind("\n".join([title, *labels])),
        blocks=_Builder(body).blocks(),
    )


def detect_kind(text: str) -> Kind:
    """`statement` if the text (a title and page labels) calls itself yttrande, `report` if rapport etc."""
    if STATEMENT_WORDS.search(text):
        return "statement"
    if REPORT_WORDS.search(text):
        return "report"
    return "other"


def detect_date(text: str, file_name: str = "") -> str | None:
    """An ISO date standing on a short line of `text` (a header, a letterhead), else one in the file name."""
    for line in text.splitlines():
        if len(line.strip()) <= 40:
            date = _first_valid_date(line)
            if date:
                return date
    return _first_valid_date(Path(file_name).name)


def _first_valid_date(text: str) -> str | None:
    for year, month, day in ISO_DATE.findall(text):
        try:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def _title_from_file_name(file_name: str) -> str:
    return re.sub(r"[-_]+", " ", Path(file_name).stem).strip()


def _title_length(texts: list[str]) -> int:
    """How many of the first lines form the title: a heading-like line and its lower-case continuations."""
    first = texts[0] if texts else ""
    if not _starts_upper(first) or NO_HEADING_END.search(first) or NUMBERED_HEADING.match(first):
        return 0
    length = 1
    limit = min(MAX_TITLE_LINES, len(texts))
    while length < limit and _starts_lower(texts[length]) and not SENTENCE_END.search(texts[length]):
        length += 1
    return length


# --- lines to items ------------------------------------------------------------------------------


def _items(pages: list[Page]) -> tuple[list[_Item], list[str]]:
    """Non-blank lines with their gaps, and the label lines (bare dates etc.) taken out of the text."""
    items: list[_Item] = []
    labels: list[str] = []
    blanks, wide = 0, False
    for page in pages:
        for line in page.lines:
            text = _clean(line.text)
            if not any(char.isalnum() for char in text):
                blanks += 1
                wide = wide or line.text != ""  # a line of spaces is an empty paragraph in the source
            elif LABEL_LINE.match(text):
                labels.append(text)
            else:
                gap = 2 if wide or blanks >= 2 else blanks
                items.append(_Item(text, page.number, gap, line.text[:1].isspace(), line.emphasised))
                blanks, wide = 0, False
    return _merge_split_page_refs(items), labels


def _merge_split_page_refs(items: list[_Item]) -> list[_Item]:
    """Join "… (sidan" and "12)" on the next line back into one line."""
    merged: list[_Item] = []
    for item in items:
        if merged and SPLIT_PAGE_REF.search(merged[-1].text) and SPLIT_PAGE_REF_REST.match(item.text):
            merged[-1].text += " " + item.text
        else:
            merged.append(item)
    return merged


# --- items to blocks -----------------------------------------------------------------------------


@dataclass
class _Builder:
    items: list[_Item]
    headings: dict[int, int] = field(default_factory=dict)  # first item → number of items in the heading
    quotes: dict[int, int] = field(default_factory=dict)  # first item → last item of a quotation
    paragraphs: list[_Paragraph] = field(default_factory=list)
    section: _Section = field(default_factory=lambda: _Section())
    current: _Paragraph | None = None  # the author paragraph being read
    unfinished: _Paragraph | None = None  # an author paragraph a quotation broke off mid-sentence
    width: float = 0.0  # the length of a full line of running text

    def blocks(self) -> list[Block]:
        self._find_headings()
        if any(item.emphasised for item in self.items):
            self._find_emphasised_quotes()
        else:
            self._find_layout_quotes()
        return [paragraph.block() for paragraph in self._paragraphs()]

    # headings

    def _find_headings(self) -> None:
        index = 0
        while index < len(self.items):
            length = self._numbered_heading(index) or int(self._subheading(index))
            if length:
                self.headings[index] = length
            index += max(length, 1)

    def _numbered_heading(self, index: int) -> int:
        item = self.items[index]
        if not NUMBERED_HEADING.match(item.text) or NO_HEADING_END.search(item.text) or len(item.text) > 150:
            return 0
        length = 1
        following = self._item(index + 1)
        if following and following.gap <= 1 and _starts_lower(following.text) and len(following.text) <= 80:
            if not SENTENCE_END.search(following.text):
                length = 2
        after = self._item(index + length)
        return 0 if after and _starts_lower(after.text) else length

    def _subheading(self, index: int) -> bool:
        item, following = self.items[index], self._item(index + 1)
        if not _starts_upper(item.text) or NO_HEADING_END.search(item.text) or ". " in item.text:
            return False
        if len(item.text) > 80 or len(item.text.split()) > 10 or self._inside_emphasised_run(index):
            return False
        return following is None or (following.gap >= 1 and not _starts_lower(following.text))

    def _inside_emphasised_run(self, index: int) -> bool:
        neighbours = [self._item(index - 1), self._item(index + 1)]
        return self.items[index].emphasised and any(n is not None and n.emphasised for n in neighbours)

    # quotations

    def _find_emphasised_quotes(self) -> None:
        start = None
        for index, item in enumerate(self.items):
            bare_ref = PAGE_REF_END.match(item.text) and start is not None
            if (item.emphasised or bare_ref) and index not in self.headings:
                start = index if start is None else start
                if PAGE_REF_END.search(item.text):
                    self.quotes[start], start = index, None
            elif start is not None:
                self.quotes[start], start = index - 1, None
        if start is not None:
            self.quotes[start] = len(self.items) - 1

    def _find_layout_quotes(self) -> None:
        for index, item in enumerate(self.items):
            if self._is_boundary(index):
                continue
            if PAGE_REF_END.search(item.text) or self._ends_box(index):
                self.quotes[self._quote_start(index)] = index

    def _ends_box(self, index: int) -> bool:
        item, following = self.items[index], self._item(index + 1)
        return bool(
            item.gap == 1
            and SENTENCE_END.search(item.text)
            and following is not None
            and following.gap == 0
            and following.indented
        )

    def _quote_start(self, end: int) -> int:
        """Walk back from a quotation's last line while the line spacing stays that of the quotation."""
        spacing = self.items[end].gap
        start = end
        while start > 0 and self.items[start].gap == spacing and not self._is_boundary(start - 1):
            if spacing == 1 and self.items[start - 1].gap == 0:
                break  # the line before is the last line of single-spaced text
            start -= 1
        return start

    def _is_boundary(self, index: int) -> bool:
        in_heading = any(first <= index < first + length for first, length in self.headings.items())
        in_quote = any(first <= index <= last for first, last in self.quotes.items())
        return in_heading or in_quote

    # paragraphs

    def _paragraphs(self) -> list[_Paragraph]:
        self.width = _usual_width([item.text for item in self.items])
        index = 0
        while index < len(self.items):
            if index in self.headings:
                index = self._read_heading(index)
            elif index in self.quotes:
                index = self._read_quote(index)
            else:
                index = self._read_author_line(index)
        return [paragraph for paragraph in self.paragraphs if paragraph.lines]

    def _read_heading(self, index: int) -> int:
        length = self.headings[index]
        self.section.enter(" ".join(item.text for item in self.items[index : index + length]))
        self.current = self.unfinished = None
        return index + length

    def _read_quote(self, index: int) -> int:
        item, last = self.items[index], self.quotes[index]
        label, quote = _split_label(item.text)
        if label:
            if self.current is None or self._breaks(index, self.current):
                self._start_paragraph(item)
            self.current.lines.append(label)
        if self.current is not None and not SENTENCE_END.search(self.current.lines[-1]):
            self.unfinished = self.current
        lines = [quote] + [following.text for following in self.items[index + 1 : last + 1]]
        self.paragraphs.append(_quotation(lines, item.page, str(self.section)))
        self.current = None
        return last + 1

    def _read_author_line(self, index: int) -> int:
        item = self.items[index]
        if self.current is not None and not self._breaks(index, self.current):
            self.current.lines.append(item.text)
        elif self.current is None and self.unfinished is not None and _starts_lower(item.text):
            self.current = self.unfinished  # the sentence a quotation box interrupted goes on
            self.current.lines.append(item.text)
        else:
            self._start_paragraph(item)
            self.current.lines.append(item.text)
        self.unfinished = None
        return index + 1

    def _start_paragraph(self, item: _Item) -> None:
        self.current = _Paragraph([], item.page, str(self.section))
        self.paragraphs.append(self.current)

    def _breaks(self, index: int, paragraph: _Paragraph) -> bool:
        """Whether the item at `index` starts a new paragraph after `paragraph`."""
        item, previous = self.items[index], paragraph.lines[-1]
        if not SENTENCE_END.search(previous):
            return item.gap == 2 and not _starts_lower(item.text)
        short = len(previous) < SHORT_LINE * self.width
        if item.gap == 2:
            return True
        if item.gap == 1:
            return short or not (self._wrapped(index - 1) or self._wrapped(index + 1))
        return short and _starts_upper(item.text)

    def _wrapped(self, index: int) -> bool:
        """Whether the item continues the line before it across one blank line (double-spaced text)."""
        item, previous = self._item(index), self._item(index - 1)
        return bool(
            item and previous and item.gap == 1 and _starts_lower(item.text) and not SENTENCE_END.search(previous.text)
        )

    def _item(self, index: int) -> _Item | None:
        return self.items[index] if 0 <= index < len(self.items) else None


class _Section:
    """The heading path: numbered headings nest by their numbers, an unnumbered one sits below them."""

    def __init__(self) -> None:
        self.numbered: list[tuple[tuple[str, ...], str]] = []
        self.sub: str | None = None

    def enter(self, heading: str) -> None:
        match = NUMBERED_HEADING.match(heading)
        if match:
            number = tuple(match.group(1).split("."))
            while self.numbered and self.numbered[-1][0] != number[: len(self.numbered[-1][0])]:
                self.numbered.pop()
            self.numbered.append((number, heading))
            self.sub = None
        else:
            self.sub = heading

    def __str__(self) -> str:
        return SECTION_SEPARATOR.join([heading for _, heading in self.numbered] + ([self.sub] if self.sub else []))


def _quotation(lines: list[str], page: int | None, section: str) -> _Paragraph:
    paragraph = _Paragraph(lines, page, section, speaker="quoted")
    ref = PAGE_REF_END.search(lines[-1])
    if ref:
        paragraph.quoted_page = int(ref.group(1))
        paragraph.quoted_page_end = int(ref.group(2)) if ref.group(2) else None
    return paragraph


def _split_label(text: str) -> tuple[str, str]:
    match = QUOTE_LABEL.match(text)
    return (match.group(1), text[match.end() :]) if match else ("", text)


# --- text helpers --------------------------------------------------------------------------------


def _join_lines(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text = _join(text, line)
    return text


def _join(left: str, right: str) -> str:
    """Join two lines; a hyphen that ends a line is dropped only where it split a word."""
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if left.endswith(("-", "‐")) and len(left) > 1 and not left[-2].isspace():
        if right.split()[0] in JOINING_WORDS:
            return f"{left} {right}"  # "vatten- och avlopp"
        if left[-2].islower() and _starts_lower(right):
            return left[:-1] + right  # "vattenför-" + "sörjningen"
        return left + right  # "VA-" + "samverkan", "1940–50-" + "tal"
    return f"{left} {right}"


def _usual_width(texts: list[str]) -> float:
    """The length of a full line: most lines of running text are about this long."""
    lengths = sorted(len(text) for text in texts)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0.0


def _clean(text: str) -> str:
    return " ".join(text.split())


def _starts_upper(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _starts_lower(text: str) -> bool:
    return text[:1].islower()

