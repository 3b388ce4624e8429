"""Turn pages of lines into a titled, dated document of paragraphs with sections and speakers.

Metadata (title, date, genre and kind, numbers, issuer) are read by `metadata.describe`. Quotations
of another document are looked for only in statements (a report's own text is its author's), the way
statements quote:

* Set apart by the file's formatting: a run of emphasised lines (italic, a coloured band, a Markdown or
  Word block quote) or of lines indented from the text's left margin is one quotation; a line ending in
  a page reference such as "(sidan 12)" or "(s. 12)" closes it.
* A paragraph that ends in a page reference, in a document without such formatting: it is set apart
  from the author's text by its spacing, so its start is where the line spacing changes (a heading,
  the end of the previous quotation, a wide gap, or the last line of single-spaced text). It is taken
  as a quotation even when it opens with the author's own words ("Rapporten beskriver att … (sidan
  7)"). A page mentioned inside the author's sentence ("I rapporten framkommer det även (på sidan 20)
  att …") is not a quotation.
* A paragraph in quotation marks (”…”, "…", »…«), with or without a page reference after it.
* An introduced quotation: the paragraph after an introduction that ends in a colon ("Citat:", "I
  rapporten står:", "Utredningen skriver följande:"), and the quoted text after an introduction in the
  same paragraph ("Enligt betänkandet ”…”"). The introduction stays with the author.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..models import SECTION_SEPARATOR, Block, Kind, Page, ParsedDocument, Speaker
from ..text import PAGE_NUMBER, PAGE_RANGE, PAGE_REFERENCE, PAGE_WORD, join_lines
from .metadata import DATE, describe

PAGE_REF_END = re.compile(rf"{PAGE_REFERENCE}[.\s]*$", re.IGNORECASE)
SPLIT_PAGE_REF = re.compile(rf"\({PAGE_WORD}\s*$", re.IGNORECASE)  # "… (sidan" + "12)" on the next line
SPLIT_PAGE_REF_REST = re.compile(rf"^{PAGE_RANGE}\)")
QUOTE_LABEL = re.compile(r"^(Citat(?: ur| från) [^:]{1,60}:|Citat:|Ur rapporten:)\s*", re.IGNORECASE)
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-ZÅÄÖ]")
# Lines that label a page rather than say anything: a bare date, a document-type word, "17 (18)".
LABEL_LINE = re.compile(
    r"^(?:yttrande|remissvar|rapport|betänkande|tjänsteskrivelse|protokoll|promemoria|kommittédirektiv"
    rf"|{PAGE_NUMBER})$",
    re.IGNORECASE,
)
QUOTE_OPEN = "”\"“»«„"
QUOTE_CLOSE = "”\"“«»"
LIST_ITEM = re.compile(r"^(?:[•●▪◦\-–*\uf0b7]|\d{1,2}[.)]|[a-z][.)])\s")
# An introduction to a quotation: it names the quoted document or says that something is quoted.
_SOURCE = (
    r"(?:rapport|betänkande|utredning|promemoria|proposition|remiss|förslag|planbeskrivning|direktiv"
    r"|lagrådsremiss|strategi|plan|handling|underlag|dokument|samrådshandling|granskningshandling)"
    r"(?:en|et|n|t|ens|ets|ns|ts)?"
)
INTRODUCTION = re.compile(
    rf"\bcitat\w*|\b(?:i|enligt|ur|från|av)\s+(?:\w+\s+)?{_SOURCE}\b"
    rf"|\b(?:{_SOURCE}|utredaren|regeringen|departementet|myndigheten|kommissionen|författarna?)\s+"
    r"(?:skriver|anför|konstaterar|framhåller|påpekar|säger|menar|föreslår|bedömer|beskriver)\b"
    r"|\b(?:står|skrivs|anförs|sägs|konstateras)\b(?:\s+(?:det|följande|att))?\s*:?$",
    re.IGNORECASE,
)
MAX_INTRODUCTION_WORDS = 30
MIN_QUOTATION_WORDS = 4
MIN_SET_APART_WORDS = 8  # a single indented line (a Word paragraph) this long is a block quote
SENTENCE_END = re.compile(r"[.!?:;][\"”’)]*$")
LIST_MARK = re.compile(r"^(?:[*•▪◦–-]|\d{1,2}[.)])\s+")
NO_HEADING_END = re.compile(r"[.!?:;,)\-–]$")
# Words a Swedish sentence cannot end on: a subjunction, a conjunction, a preposition, an auxiliary verb,
# an article.
OPEN_END = re.compile(
    r"(?<![\w-])(?:att|som|och|eller|samt|men|för|av|till|i|på|med|om|från|under|över|vid|hos|mot|genom|"
    r"efter|enligt|inom|utan|mellan|bland|kring|ska|skall|bör|kan|får|måste|vill|en|ett)$"
)
FIRST_LINES = 40  # the lines of the first page that metadata are read from
SOFT_HYPHEN_INSIDE = re.compile(r"\u00ad(?!\s*$)")
SHORT_LINE = 0.8  # a line shorter than this share of the usual full line may end a paragraph
INDENT = 2  # characters of indentation beyond the margin that set a plain-text line apart


@dataclass
class _Item:
    """A non-blank line with the gap before it: 0 adjacent, 1 one blank line, 2 a wider gap."""

    text: str
    page: int | None
    gap: int
    indented: bool
    emphasised: bool
    heading: bool = False
    ocr_confidence: float | None = None
    page_index: int | None = None
    page_label: str | None = None


@dataclass
class _Paragraph:
    lines: list[str]
    page: int | None
    section: str
    speaker: Speaker = "author"
    quoted_page: int | None = None
    quoted_page_end: int | None = None
    ocr_confidence: float | None = None
    page_index: int | None = None
    page_label: str | None = None

    def block(self) -> Block:
        return Block(
            text=join_lines(self.lines),
            page=self.page,
            section=self.section,
            speaker=self.speaker,
            quoted_page=self.quoted_page,
            quoted_page_end=self.quoted_page_end,
            ocr_confidence=self.ocr_confidence,
            page_index=self.page_index,
            page_label=self.page_label,
        )


def parse_document(pages: list[Page], file_name: str, kind: Kind | None = None) -> ParsedDocument:
    """Metadata and blocks of a document read by `readers.read_pages`; `kind` overrides the detected
    kind (quotations are looked for only in statements)."""
    items, labels = _items(pages)
    first = _first_page(items[:FIRST_LINES])
    meta = describe([item.text for item in first], [item.heading for item in first], labels, file_name)
    kind = kind or meta.kind
    return ParsedDocument(
        title=meta.title,
        date=meta.date,
        kind=kind,
        blocks=_Builder(items[meta.front_length :], quotations=kind == "statement").blocks(),
        genre=meta.genre,
        doc_number=meta.doc_number,
        subject_numbers=meta.subject_numbers,
        diarienummer=meta.diarienummer,
        issuer=meta.issuer,
    )


def _first_page(items: list[_Item]) -> list[_Item]:
    """The items of the first page (a PDF's first page in the file, whatever it is numbered); a letterhead
    above a first page marker ("1 (4)") belongs to it."""
    if items and items[0].page_index is not None:
        return [item for item in items if item.page_index == items[0].page_index]
    pages = list(dict.fromkeys(item.page for item in items))
    first = pages[:2] if pages[:1] == [None] else pages[:1]
    return [item for item in items if item.page in first]


# --- lines to items ------------------------------------------------------------------------------


def _items(pages: list[Page]) -> tuple[list[_Item], list[str]]:
    """Non-blank lines with their gaps, and the label lines (bare dates etc.) taken out of the text."""
    items: list[_Item] = []
    labels: list[str] = []
    blanks, wide = 0, False
    margin = _usual_margin(pages)
    for page in pages:
        for line in page.lines:
            text = _clean(line.text)
            if not any(char.isalnum() for char in text):
                blanks += 1
                wide = wide or line.text != ""  # a line of spaces is an empty paragraph in the source
            elif LABEL_LINE.match(text) or DATE.fullmatch(text):
                labels.append(text)
            else:
                gap = 2 if wide or blanks >= 2 else blanks
                indented = line.indented or _margin(line.text) >= margin + INDENT
                confidence = page.ocr.confidence if page.ocr else None
                items.append(_Item(text, page.number, gap, indented, line.emphasised, line.heading, confidence,
                                   page.index, page.label))
                blanks, wide = 0, False
    return _merge_split_page_refs(items), labels


def _usual_margin(pages: list[Page]) -> int:
    """The indentation (in characters) of most lines of plain text: the left margin."""
    margins = Counter(_margin(line.text) for page in pages for line in page.lines if line.text.strip())
    return margins.most_common(1)[0][0] if margins else 0


def _margin(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


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
    quotations: bool = True  # look for quotations (a statement's)
    headings: dict[int, int] = field(default_factory=dict)  # first item → number of items in the heading
    quotes: dict[int, int] = field(default_factory=dict)  # first item → last item of a quotation
    paragraphs: list[_Paragraph] = field(default_factory=list)
    section: _Section = field(default_factory=lambda: _Section())
    current: _Paragraph | None = None  # the author paragraph being read
    unfinished: _Paragraph | None = None  # an author paragraph a quotation broke off mid-sentence
    width: float = 0.0  # the length of a full line of running text

    def blocks(self) -> list[Block]:
        self._find_headings()
        if not self.quotations:
            return [paragraph.block() for paragraph in self._paragraphs()]
        set_apart = self._set_apart_lines()
        if set_apart:
            self._find_set_apart_quotes(set_apart)
        if not any(item.emphasised for item in self.items):
            self._find_layout_quotes()
        return _marked_quotations([paragraph.block() for paragraph in self._paragraphs()])

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
        if self._in_numbered_list(index):
            return 0
        length = 1
        following = self._item(index + 1)
        if following and following.gap <= 1 and _starts_lower(following.text) and len(following.text) <= 80:
            if not SENTENCE_END.search(following.text):
                length = 2
        after = self._item(index + length)
        return 0 if after and _starts_lower(after.text) else length

    def _in_numbered_list(self, index: int) -> bool:
        """A numbered line next to another at the same depth ("87 Regionala etikprövningsnämnden i
        Göteborg", "88 …") is an item of a list, not a heading."""
        depth = _numbering_depth(self.items[index].text)
        return any(n is not None and _numbering_depth(n.text) == depth for n in (self._item(index - 1), self._item(index + 1)))

    def _subheading(self, index: int) -> bool:
        item, following = self.items[index], self._item(index + 1)
        if not _starts_upper(item.text) or NO_HEADING_END.search(item.text) or ". " in item.text:
            return False
        if len(item.text) > 80 or len(item.text.split()) > 10 or self._inside_emphasised_run(index):
            return False
        return following is None or (following.gap >= 1 and not _leads_in(item.text, following.text))

    def _inside_emphasised_run(self, index: int) -> bool:
        neighbours = [self._item(index - 1), self._item(index + 1)]
        return self.items[index].emphasised and any(n is not None and n.emphasised for n in neighbours)

    # quotations

    def _set_apart_lines(self) -> set[int]:
        """Emphasised lines, and runs of at least two indented lines that end a sentence (not lists)."""
        lines = {index for index, item in enumerate(self.items) if item.emphasised}
        run: list[int] = []
        for index, item in enumerate(self.items + [_Item("", None, 2, False, False)]):
            if item.indented and not (run and item.gap == 2) and index not in self.headings:
                run.append(index)
                continue
            texts = [self.items[i].text for i in run]
            long_enough = len(run) >= 2 or len(" ".join(texts).split()) >= MIN_SET_APART_WORDS
            ends = run and (SENTENCE_END.search(texts[-1]) or PAGE_REF_END.search(texts[-1]))
            if long_enough and ends and not any(LIST_ITEM.match(t) for t in texts):
                lines.update(run)
            run = [index] if item.indented and index not in self.headings else []
        return lines

    def _find_set_apart_quotes(self, set_apart: set[int]) -> None:
        start = None
        for index, item in enumerate(self.items):
            bare_ref = PAGE_REF_END.match(item.text) and start is not None
            if (index in set_apart or bare_ref) and index not in self.headings:
                start = index if start is None else start
                if PAGE_REF_END.search(item.text):
                    self.quotes[start], start = index, None
            elif start is not None:
                self.quotes[start], start = index - 1, None
        if start is not None:
            self.quotes[start] = len(self.items) - 1

    def _find_layout_quotes(self) -> None:
        for index, item in enumerate(self.items):
            if not self._is_boundary(index) and PAGE_REF_END.search(item.text):
                self.quotes[self._quote_start(index)] = index

    def _quote_start(self, end: int) -> int:
        """Walk back from a quotation's last line while the line spacing stays that of the quotation,
        and not past a line that opens with a quotation mark."""
        spacing = self.items[end].gap
        start = end
        while start > 0 and self.items[start].gap == spacing and not self._is_boundary(start - 1):
            if spacing == 1 and self.items[start - 1].gap == 0:
                break  # the line before is the last line of single-spaced text
            if self.items[start].text[:1] in QUOTE_OPEN:
                break
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
        self.paragraphs.append(_quotation(lines, item, str(self.section)))
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
        self.current = _Paragraph([], item.page, str(self.section), ocr_confidence=item.ocr_confidence,
                                  page_index=item.page_index, page_label=item.page_label)
        self.paragraphs.append(self.current)

    def _breaks(self, index: int, paragraph: _Paragraph) -> bool:
        """Whether the item at `index` starts a new paragraph after `paragraph`."""
        item, previous = self.items[index], paragraph.lines[-1]
        if not SENTENCE_END.search(previous):
            continues = _starts_lower(_without_list_mark(item.text))  # "Utredaren ska" / "• kartlägga …"
            return item.gap == 2 and not continues and not self._page_starts(index)
        short = len(previous) < SHORT_LINE * self.width
        if item.gap == 2:
            return True
        if item.gap == 1:
            return short or not (self._wrapped(index - 1) or self._wrapped(index + 1))
        return short and _starts_upper(item.text)

    def _page_starts(self, index: int) -> bool:
        """Whether the item is the first of a new page: the space above it is the page's margin, not
        the text's, so a sentence cut by the page break runs on ("… med" / "Region Västerbotten …", a
        list item ending in a comma / "3. …"). After a whole sentence a page break ends the paragraph."""
        previous = self._item(index - 1)
        item = self.items[index]
        return previous is not None and (previous.page, previous.page_index) != (item.page, item.page_index)

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


def _quotation(lines: list[str], first: _Item, section: str) -> _Paragraph:
    paragraph = _Paragraph(lines, first.page, section, speaker="quoted", ocr_confidence=first.ocr_confidence,
                           page_index=first.page_index, page_label=first.page_label)
    ref = PAGE_REF_END.search(lines[-1])
    if ref:
        paragraph.quoted_page = int(ref.group(1))
        paragraph.quoted_page_end = int(ref.group(2)) if ref.group(2) else None
    return paragraph


def _marked_quotations(blocks: list[Block]) -> list[Block]:
    """Author paragraphs that are quotations by their wording: in quotation marks, after an
    introduction ending in a colon, or after an introduction in the same paragraph."""
    marked: list[Block] = []
    for block in blocks:
        previous = marked[-1] if marked else None
        introduced = (
            previous is not None
            and previous.speaker == "author"
            and previous.section == block.section
            and _introduces(previous.text)
            and not LIST_ITEM.match(block.text)
        )
        if block.speaker == "author" and (introduced or _in_quotation_marks(block.text)):
            marked.append(_as_quotation(block, block.text))
        elif _inline_quotation(block.text):
            introduction, quotation = _inline_quotation(block.text)
            author = replace(block, text=introduction, speaker="author", quoted_page=None, quoted_page_end=None)
            marked += [author, _as_quotation(block, quotation)]
        else:
            marked.append(block)
    return marked


def _introduces(text: str) -> bool:
    return text.endswith(":") and len(text.split()) <= MAX_INTRODUCTION_WORDS and bool(INTRODUCTION.search(text))


def _in_quotation_marks(text: str) -> bool:
    """The whole paragraph is one quotation: a mark opens it and the only other mark closes it."""
    body = PAGE_REF_END.sub("", text).rstrip(" .")
    marks = [index for index, char in enumerate(body) if char in QUOTE_OPEN + QUOTE_CLOSE]
    return (
        len(marks) == 2 and marks[0] == 0 and marks[1] >= len(body) - 2
        and len(body.split()) >= MIN_QUOTATION_WORDS
    )


def _inline_quotation(text: str) -> tuple[str, str] | None:
    """("Enligt betänkandet", "”…” (s. 45)") for a paragraph that introduces the quotation it ends with."""
    for index, char in enumerate(text):
        if char in QUOTE_OPEN:
            introduction, quotation = text[:index].rstrip(), text[index:]
            if (
                introduction
                and len(introduction.split()) <= MAX_INTRODUCTION_WORDS
                and INTRODUCTION.search(introduction)
                and _in_quotation_marks(quotation)
            ):
                return introduction, quotation
            return None
    return None


def _as_quotation(block: Block, text: str) -> Block:
    ref = PAGE_REF_END.search(text)
    return replace(
        block,
        text=text,
        speaker="quoted",
        quoted_page=int(ref.group(1)) if ref else None,
        quoted_page_end=int(ref.group(2)) if ref and ref.group(2) else None,
    )


def _split_label(text: str) -> tuple[str, str]:
    match = QUOTE_LABEL.match(text)
    return (match.group(1), text[match.end() :]) if match else ("", text)


# --- text helpers --------------------------------------------------------------------------------


def _usual_width(texts: list[str]) -> float:
    """The length of a full line: most lines of running text are about this long."""
    lengths = sorted(len(text) for text in texts)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0.0


def _numbering_depth(text: str) -> int | None:
    """How many levels a numbered line's number has ("2" → 1, "2.1" → 2); None when it has none."""
    match = NUMBERED_HEADING.match(text)
    return len(match.group(1).split(".")) if match else None


def _clean(text: str) -> str:
    """Whitespace collapsed; soft hyphens inside a line dropped ("Socialdeparte\u00admentet" is one word
    to search for), one that ends a line kept for _join."""
    return " ".join(SOFT_HYPHEN_INSIDE.sub("", text).split())


def _starts_upper(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def _leads_in(text: str, following: str) -> bool:
    """Whether a line is the start of a sentence the next line (or list) completes, not a heading: it ends
    in a word that needs what follows ("I uppdraget ingår att" / "- Genomföra …", "Utredaren ska"), or
    the next line, or a list's first item, starts in lower case ("Utredaren ska" / "* kartlägga …")."""
    return bool(OPEN_END.search(text)) or _starts_lower(_without_list_mark(following))


def _without_list_mark(text: str) -> str:
    """A list item's text after its bullet or number: a list whose first item starts in lower case
    continues the line before it ("Utredaren ska" / "* kartlägga …"), which is no heading, even across
    the wider space a PDF sets before a list."""
    return LIST_MARK.sub("", text, count=1)

