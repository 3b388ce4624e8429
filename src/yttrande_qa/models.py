"""The data that flows through the pipeline: files → pages → blocks → chunks → passages → answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .actors import speaks_for_region

Kind = Literal["statement", "report", "other"]
Speaker = Literal["author", "quoted"]
Language = Literal["sv", "en"]
KINDS: tuple[Kind, ...] = ("statement", "report", "other")
SPEAKERS: tuple[Speaker, ...] = ("author", "quoted")
SECTION_SEPARATOR = " › "  # between the headings of a section path: "2. Förslag › Bostäder"


@dataclass(frozen=True)
class Line:
    """One line of text as laid out on a page; `emphasised` marks text set apart (italic, coloured band),
    `indented` text set in from the left margin, `heading` a heading the file marks as one (Markdown,
    Word heading styles, a PDF line set larger than the body text or wholly in bold)."""

    text: str
    emphasised: bool = False
    indented: bool = False
    heading: bool = False


@dataclass(frozen=True)
class PageOcr:
    """How a page without a text layer was read with OCR."""

    confidence: float | None  # Tesseract's mean word confidence, 0–100; None when no text was found
    rotation: int = 0  # degrees the page was turned to read it
    problem: str | None = None  # why nothing was read ("no text found")


@dataclass(frozen=True)
class Page:
    """A page of a file. `number` is the printed page number in arabic numerals, or None when the file does
    not say or numbers the page otherwise; `label` what the document calls the page ("iii" in roman-numbered
    front matter, "12"; a page with a number is labelled by it); `index` its place in a PDF (0-based),
    which differs from its number after a cover, front matter or an excerpt."""

    number: int | None
    lines: list[Line]
    ocr: PageOcr | None = None  # set when the page was read with OCR
    index: int | None = None  # None for text and Word files, which have no physical pages
    label: str | None = None

    def __post_init__(self) -> None:
        if self.label is None and self.number is not None:
            object.__setattr__(self, "label", str(self.number))


@dataclass(frozen=True)
class Block:
    """A paragraph with who is speaking and where it stands in the document."""

    text: str
    page: int | None
    section: str
    speaker: Speaker = "author"
    quoted_page: int | None = None
    quoted_page_end: int | None = None
    ocr_confidence: float | None = None  # the page's, when it was read with OCR
    page_index: int | None = None  # the PDF page it starts on, 0-based (Page.index)
    page_label: str | None = None  # that page's own label: "iii", "12" (Page.label)


@dataclass(frozen=True)
class ParsedDocument:
    """What reading and structuring a file yields, before it is stored."""

    title: str
    date: str | None  # ISO date, YYYY-MM-DD
    kind: Kind
    blocks: list[Block]
    genre: str | None = None  # what the document calls itself: "yttrande", "betänkande" … (genres.py)
    doc_number: str | None = None  # its own designation: "SOU 2019:30", "Prop. 2017/18:105"
    subject_numbers: tuple[str, ...] = ()  # numbers of the documents it is about ("Remiss av SOU 2017:39")
    diarienummer: str | None = None
    issuer: str | None = None  # the body that issued it: "Region Västerbotten", "Regeringen"


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded and retrieved; never crosses a section or speaker boundary."""

    text: str
    page: int | None
    section: str
    speaker: Speaker
    quoted_page: int | None = None
    quoted_page_end: int | None = None
    ocr_confidence: float | None = None  # the page's, when it was read with OCR
    page_index: int | None = None  # the PDF page it stands on, 0-based (Page.index)
    page_label: str | None = None  # that page's own label: "iii", "12" (Page.label)


@dataclass(frozen=True)
class Document:
    """A stored document (one row of the `documents` table)."""

    doc_id: str
    title: str
    kind: Kind
    date: str | None
    path: str
    content_hash: str
    responds_to: str | None = None
    chunk_count: int = 0
    genre: str | None = None  # what it calls itself: "yttrande", "betänkande" … (genres.py)
    doc_number: str | None = None  # its own designation: "SOU 2019:30"
    subject_numbers: tuple[str, ...] = ()  # numbers of the documents it is about: ("SOU 2017:39",)
    diarienummer: str | None = None
    issuer: str | None = None  # "Regionala utvecklingsnämnden", "Regeringen"
    kind_overridden: bool = False  # the kind was set with --kind, and stays when the file is read again
    metadata_version: int = 0  # the version of the reading that produced its metadata (0: none)
    answered_by: tuple[str, ...] = ()  # the statements that respond to it (their `responds_to` is this id)


@dataclass(frozen=True)
class QuoteSource:
    """Where in the report a statement's quotation stands (links/alignment.py): the report's text there,
    and how close the quotation is to it (0–1)."""

    doc_id: str
    page: int | None
    text: str
    similarity: float
    chunk_id: int | None = None  # the report passage the quotation starts in
    page_end: int | None = None  # the last page, when the quoted text runs onto the next page
    page_index: int | None = None  # that passage's PDF page, 0-based in the file (Passage.page_index)
    page_label: str | None = None  # that page's own label, which links show ("iii", "12")


@dataclass
class Filters:
    """Restrictions on what `search` may return. Empty means everything."""

    doc_ids: list[str] = field(default_factory=list)
    kinds: list[Kind] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    # The region's own position: a statement's own text (speaker=author) issued by a region or one of its
    # bodies, or naming no issuer (Passage.is_regions_stance)
    stance_only: bool = False
    date_from: str | None = None
    date_to: str | None = None


@dataclass
class Passage:
    """A retrieved chunk with its document's metadata. `score` is in [0, 1], higher is more relevant."""

    chunk_id: int
    doc_id: str
    title: str
    kind: Kind
    date: str | None
    page: int | None
    section: str
    speaker: Speaker
    quoted_page: int | None
    quoted_page_end: int | None
    text: str
    score: float
    citation: int = 0
    weak: bool = False
    genre: str | None = None  # the document's (see Document)
    doc_number: str | None = None
    subject_numbers: tuple[str, ...] = ()
    diarienummer: str | None = None
    issuer: str | None = None
    quote_source: QuoteSource | None = None  # a quotation's place in the report it quotes, when found
    ocr: bool = False  # the passage's page was read with OCR (a scan): its text may hold misreadings
    ocr_confidence: float | None = None  # Tesseract's mean word confidence on that page, 0–100
    # A statement's quotation: "matched" (quote_source found), "misquote" (no close report text), "report
    # not indexed"; None for other passages (links.quote_statuses)
    quote_status: str | None = None
    # Where it stands: the PDF page it starts on, 0-based in the file (None for text and Word files), and
    # that page's own label, which citations show ("iii" in roman-numbered front matter; `page` is None there)
    page_index: int | None = None
    page_label: str | None = None

    @property
    def is_stance(self) -> bool:
        """A statement's own text: its issuer's position, whoever issued it."""
        return self.kind == "statement" and self.speaker == "author"

    @property
    def is_regions_stance(self) -> bool:
        """The region's own position: a statement's own text issued by a region or one of its bodies (or
        naming no issuer), not a municipality's or an agency's (actors.speaks_for_region)."""
        return self.is_stance and speaks_for_region(self.issuer)


@dataclass
class Answer:
    """What `answer()` returns: text with [n] markers that refer to `passages[n-1]`."""

    question: str
    text: str
    refused: bool
    passages: list[Passage]
    searched_query: str | None = None  # the rewritten query, when a follow-up was rewritten
    removed: int | None = None  # sentences an LLM wrote that failed verification
    lang: Language = "sv"  # the question's language, which the answer is written in
    score: float | None = None  # estimated probability that the documents answer the question
    # (answers/refusal.py); None when the index's model is not the one it was calibrated on
