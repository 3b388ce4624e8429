"""Read a file into pages of lines: PDF (pypdf), plain text or Markdown, and Word (.docx).

Blank lines are kept (`Line("")`): the structure step uses them to find paragraphs. Text extracted from
PDFs is sometimes double-spaced, so a single blank line is not always a paragraph break; where the format
itself knows a paragraph ends (a .docx paragraph, vertical space in a PDF) the reader writes
`PARAGRAPH_BREAK`, two blank lines. A line of spaces alone is kept as it is.

Running headers and footers (a line repeated at the top or bottom of most pages, such as "Yttrande"
and a date) are kept only where they first occur, because they carry the document's kind and date;
`structure` recognises such bare label lines and keeps them out of the text. Page-number lines such
as "17 (18)" are always dropped, and so is a PDF page's bare number ("17", "- 17 -", "iii") at its top
or bottom: left in, it starts a paragraph of its own and cuts a sentence that runs on over the page.
What each PDF page is called (its number and label) is read by `pagenumbers`.

A PDF line set larger than the document's body text (its most common font size), or wholly in bold, is a
heading (`Line.heading`, as a Markdown or Word heading is), and a larger heading that wraps over several
lines in the same font is one line, as in the Markdown or Word it was made from: each next line starts
right below the one before (right-aligned lines stacked in a large font, such as a letterhead, start at
different places; bold lines of the body's size are not joined: stacked labels are set so too).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentError
from ..models import Line, Page
from ..terms import designations
from ..text import join_lines
from .files import check_file, check_zip, decode_text
from .layout import POSITION_TOLERANCE, Fragment, in_page_order, read_page
from .pagenumbers import PAGE_NUMBER_LINE, edges, page_names, without_page_numbers

if TYPE_CHECKING:
    from .ocr import OcrOptions

SUPPORTED_SUFFIXES: tuple[str, ...] = (".pdf", ".txt", ".md", ".docx")

RUNNING_NUMBER_REPEATS = 3  # a converted text's running header recurs on every page; a number cited thrice in
RUNNING_NUMBER_CHARS = 80  # lines of its own would be a list's items, which are longer than a header
TOP_LINES = 40  # the lines of a text file where its letterhead and title stand (structure.FIRST_LINES)
BAND_MIN_HEIGHT = 4.0  # points; thinner filled rectangles are rules, not bands behind text
PARAGRAPH_BREAK: tuple[Line, ...] = (Line(""), Line(""))
DOCX_INDENT = 18.0  # points: a Word paragraph indented this far from the margin is set apart
PARAGRAPH_GAP = 1.5  # a vertical gap this many times the usual line pitch separates paragraphs in a PDF
# A list item's bullet some producers (browsers' print) draw as a small filled shape, not a character: a
# shape of MARK_SIZE points standing at most BULLET_GAP ems left of a line's start makes it an item ("• ").
MARK_SIZE = (1.0, 8.0)
BULLET_GAP = 3.0
BULLETS = ("•", "●", "▪", "◦", "■", "-", "–", "*", "\uf0b7")
HEADING_SIZE = 1.15  # a PDF line in a font this many times the body text's size is a heading
HEADING_LINE_PITCH = 1.6  # a heading's next line stands at most this many font sizes below it
# Typeset PDFs (InDesign, LaTeX, browsers' print) draw "fi", "fl", "ff", "ffi" … as one glyph, which text
# extraction gives as a presentation form (U+FB00-FB06): "ﬁnns" matches neither a search for "finns" nor
# its stems. They are read as their letters.
LIGATURES = str.maketrans({chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)})


def read_pages(path: Path, ocr: OcrOptions | None = None) -> list[Page]:
    """Read a supported file into pages; raise DocumentError with a plain reason if it cannot be read.

    PDF pages without a text layer are read with OCR (`ocr.py`) unless `ocr` says it is off."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise DocumentError(path, f"unsupported file type '{suffix or path.name}' (supported: {supported})")
    check_file(path)
    if suffix == ".pdf":
        pages = _read_pdf(path, ocr)
    elif suffix == ".docx":
        check_zip(path)
        pages = _read_docx(path)
    else:
        pages = _read_text(path, markdown=suffix == ".md")
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise DocumentError(path, "empty file (no text)")
    return pages


# --- plain text and Markdown -------------------------------------------------------------------


def _read_text(path: Path, markdown: bool) -> list[Page]:
    text = decode_text(path, path.read_bytes())
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines = _without_repeated_number_lines([_markdown_line(line) if markdown else Line(line) for line in raw])
    # Before the first "N (M)" marker the page is unknown; each marker numbers what follows it.
    numbers: list[int | None] = [None]
    chunks: list[list[Line]] = [[]]
    for line in lines:
        match = PAGE_NUMBER_LINE.match(line.text)
        if match:
            numbers.append(int(match.group(1)))
            chunks.append([])
        else:
            chunks[-1].append(line)
    chunks = _drop_running_lines(chunks)
    return [Page(number, chunk) for number, chunk in zip(numbers, chunks) if chunk or number is not None]


def _without_repeated_number_lines(lines: list[Line]) -> list[Line]:
    """A text converted from a PDF keeps the running header it printed on every page ("Prop. 1992/93:30",
    "Kommunsektorn SOU 2025:96") as a line of its own: a short line that names a document number and
    recurs RUNNING_NUMBER_REPEATS times is dropped, except where it first occurs at the top of the text
    (where a PDF's running lines are kept: they may carry its kind and number). Other repeated lines (a
    bill's "Föreslagen lydelse", a ruling's "Högsta domstolen") are text."""
    counts = Counter(line.text.strip() for line in lines if _short_numbered(line.text))
    running = {text for text, count in counts.items() if count >= RUNNING_NUMBER_REPEATS}
    seen: set[str] = set()
    kept = []
    for index, line in enumerate(lines):
        key = line.text.strip()
        if key in running and (key in seen or index >= TOP_LINES):
            continue
        seen.add(key)
        kept.append(line)
    return kept


def _short_numbered(text: str) -> bool:
    return len(text.strip()) <= RUNNING_NUMBER_CHARS and bool(designations(text))


def _markdown_line(line: str) -> Line:
    """Strip heading marks (the line is a heading); a block quote ("> …") or a wholly italic line is
    emphasised."""
    heading = re.match(r"^\s{0,3}#{1,6}\s+(.*)$", line)
    if heading:
        return Line(heading.group(1), heading=True)
    quote = re.match(r"^\s{0,3}>\s?(.*)$", line)
    if quote:
        return Line(quote.group(1), emphasised=True)
    italic = re.match(r"^\s*([*_])(?!\1)(.+)\1\s*$", line)
    if italic:
        return Line(italic.group(2), emphasised=True)
    return Line(line)


def _drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop lines that recur at the top or bottom of most pages, except their first occurrence."""
    zones = [_zone_texts(lines) for lines in pages]
    counts = Counter(text for zone in zones for text in zone)
    threshold = max(2, len(pages) / 2)
    running = {text for text, count in counts.items() if count >= threshold}
    seen: set[str] = set()
    kept_pages = []
    for lines, zone in zip(pages, zones):
        kept = []
        for line in lines:
            key = line.text.strip()
            if key in running and key in zone:
                if key in seen:
                    continue
                seen.add(key)
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages


def _zone_texts(lines: list[Line]) -> set[str]:
    """The texts of the lines at the top and bottom of a page, where running headers and footers stand."""
    return {lines[index].text.strip() for index in edges(lines)}


# --- Word ----------------------------------------------------------------------------------------


def _read_docx(path: Path) -> list[Page]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises zip, XML and package errors alike
        raise DocumentError(path, f"corrupt or not a Word document ({type(error).__name__})") from None
    lines: list[Line] = []
    for item in document.iter_inner_content():
        paragraphs = _table_rows(item) if isinstance(item, Table) else [_paragraph_line(item)]
        for line in paragraphs:
            lines += [line, *PARAGRAPH_BREAK]
    return [Page(None, lines)]


def _paragraph_line(paragraph) -> Line:
    italic = sum(len(run.text.strip()) for run in paragraph.runs if _is_italic(run, paragraph))
    total = sum(len(run.text.strip()) for run in paragraph.runs)
    style = paragraph.style.name.lower() if paragraph.style is not None else ""
    quote_style = style in {"quote", "intense quote", "citat", "starkt citat", "block text", "blockcitat"}
    heading = style.startswith(("heading", "rubrik", "title", "titel"))
    indented = _indentation(paragraph) >= DOCX_INDENT
    return Line(paragraph.text, emphasised=quote_style or (total > 0 and italic * 2 >= total),
                indented=indented and not heading, heading=heading)


def _indentation(paragraph) -> float:
    """The paragraph's left indent in points, set on it or by its style (list paragraphs excluded)."""
    indent = paragraph.paragraph_format.left_indent
    style = paragraph.style
    while indent is None and style is not None:
        indent = style.paragraph_format.left_indent
        style = style.base_style
    is_list = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    return 0.0 if indent is None or is_list else indent.pt


def _is_italic(run, paragraph) -> bool:
    if run.italic is not None:
        return run.italic
    style = paragraph.style
    return bool(style is not None and style.font.italic)


def _table_rows(table) -> list[Line]:
    rows = []
    for row in table.rows:
        cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
        rows.append(Line(" | ".join(dict.fromkeys(cells))))  # merged cells repeat their text
    return rows


# --- PDF -----------------------------------------------------------------------------------------


def _read_pdf(path: Path, ocr: OcrOptions | None) -> list[Page]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise DocumentError(path, "not a PDF file (no PDF header; corrupt or wrongly named)")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(path, "encrypted PDF (password-protected); save an unprotected copy")
        page_count = len(reader.pages)
    except DocumentError:
        raise
    except DependencyError:
        raise DocumentError(path, "encrypted PDF that needs the 'cryptography' package to open") from None
    except Exception as error:  # pypdf signals broken files with many exception types
        raise DocumentError(path, f"corrupt PDF ({type(error).__name__}: {error})") from None
    if page_count == 0:
        raise DocumentError(path, "PDF without pages")
    labels = _page_labels(reader)
    collected = []
    for index in range(page_count):
        try:
            collected.append(_PageLines.extract(reader.pages[index]))
        except Exception as error:  # a damaged content stream
            raise DocumentError(path, f"corrupt PDF, page {index + 1} ({type(error).__name__})") from None
    body_size = _body_size(collected)
    page_lines = [page.to_lines(body_size) for page in collected]
    from .ocr import read_scanned_pages

    ocr_pages = read_scanned_pages(path, page_lines, ocr)  # replaces the lines of scanned pages
    names = page_names(page_lines, labels)
    kept = _drop_running_lines([without_page_numbers(lines, {name.label, str(index + 1)})
                                for index, (lines, name) in enumerate(zip(page_lines, names))])
    return [Page(name.number, lines, ocr_pages.get(index), index, name.label)
            for index, (name, lines) in enumerate(zip(names, kept))]


def _page_labels(reader) -> list[str] | None:
    """The PDF's own page labels ("12", "iv"), or None: pypdf invents "1", "2", … for a PDF without any."""
    return reader.page_labels if "/PageLabels" in reader.root_object else None


@dataclass
class _PageLines:
    """Collects text fragments with their font and position, and the coloured bands drawn on a page."""

    lines: list[list[Fragment]] = field(default_factory=lambda: [[]])
    bands: list[tuple[float, float]] = field(default_factory=list)  # (bottom, top) of filled bands
    fill: tuple[float, ...] = (0.0,)
    saved_fills: list[tuple[float, ...]] = field(default_factory=list)
    path: list[tuple[float, float, float]] = field(default_factory=list)  # (bottom, top, area) of rectangles
    shape: list[tuple[float, float]] = field(default_factory=list)  # the points of the path being drawn
    marks: list[tuple[float, float, float, float]] = field(default_factory=list)  # small filled shapes: x0 x1 y0 y1
    page_area: float = 0.0
    page_width: float = 0.0

    @classmethod
    def extract(cls, page) -> _PageLines:
        width = float(page.mediabox.width)
        collector = cls(page_area=width * float(page.mediabox.height), page_width=width)
        page.extract_text(visitor_text=collector.on_text, visitor_operand_before=collector.on_operator)
        return collector

    def on_text(self, text, cm, tm, font_dict, font_size) -> None:
        base_font = str(font_dict.get("/BaseFont", "")).lower() if font_dict else ""
        italic = "italic" in base_font or "oblique" in base_font
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
        size = abs(font_size * tm[0] * cm[0]) or abs(font_size)
        parts = text.translate(LIGATURES).split("\n")
        for number, part in enumerate(parts):
            if number:
                self.lines.append([])
            if part:
                self.lines[-1].append(Fragment(part, x, y, size, italic, "bold" in base_font))

    def on_operator(self, operator, operands, cm, tm) -> None:
        if operator == b"q":
            self.saved_fills.append(self.fill)
        elif operator == b"Q" and self.saved_fills:
            self.fill = self.saved_fills.pop()
        elif operator in (b"g", b"rg", b"k", b"sc", b"scn"):
            numbers = tuple(float(value) for value in operands if isinstance(value, (int, float)))
            if numbers:
                self.fill = numbers
        elif operator in (b"m", b"l", b"c", b"v", b"y") and len(operands) >= 2:
            self.shape.append(_transform(cm, operands[-2], operands[-1]))  # a curve's end (bullets are small)
        elif operator == b"re" and len(operands) == 4:
            x, y, width, height = (float(value) for value in operands)
            self.shape += [_transform(cm, x, y), _transform(cm, x + width, y + height)]
            bottom, top = sorted((y * cm[3] + cm[5], (y + height) * cm[3] + cm[5]))
            self.path.append((bottom, top, abs(width * cm[0] * height * cm[3])))
        elif operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            if _is_band_colour(self.fill):
                self.bands += [
                    (bottom, top)
                    for bottom, top, area in self.path
                    if top - bottom >= BAND_MIN_HEIGHT and area < self.page_area / 2
                ]
            self._mark()
            self.path, self.shape = [], []
        elif operator in (b"n", b"S", b"s"):
            self.path, self.shape = [], []

    def _mark(self) -> None:
        """Keep the filled shape being drawn if it is the size of a list bullet."""
        if not self.shape:
            return
        xs, ys = [x for x, _ in self.shape], [y for _, y in self.shape]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        small, large = sorted((width, height))
        if MARK_SIZE[0] <= small and large <= min(MARK_SIZE[1], 2 * small):
            self.marks.append((min(xs), max(xs), min(ys), max(ys)))

    def _bulleted(self, fragments: list[Fragment]) -> bool:
        """Whether a drawn bullet stands just left of the line's start, beside its first letters."""
        first = fragments[0]
        return not first.text.lstrip().startswith(BULLETS) and any(
            0 <= first.x - x1 <= BULLET_GAP * first.size and first.y - first.size / 2 <= bottom
            and top <= first.y + first.size
            for _, x1, bottom, top in self.marks
        )

    def to_lines(self, body_size: float) -> list[Line]:
        lines = [fragments for fragments in self.lines if "".join(f.text for f in fragments).strip()]
        placed = read_page(in_page_order(lines), self.page_width)
        pitch = _usual_pitch([fragments[0].y for fragments, _ in placed])
        result: list[Line] = []
        previous_y, previous_font, previous_x = None, None, 0.0
        for fragments, indented in placed:
            y, font = fragments[0].y, _heading_font(fragments, body_size)
            text = "".join(f.text for f in fragments)
            text = f"• {text.lstrip()}" if self.marks and self._bulleted(fragments) else text
            if font and font == previous_font and font[0] >= HEADING_SIZE * body_size \
                    and 0 < previous_y - y <= HEADING_LINE_PITCH * font[0] \
                    and abs(fragments[0].x - previous_x) <= POSITION_TOLERANCE:
                result[-1] = Line(join_lines([result[-1].text.rstrip(), text.strip()]), result[-1].emphasised,
                                  result[-1].indented, heading=True)  # a heading wrapped over lines
            else:
                if previous_y is not None and pitch and previous_y - y > PARAGRAPH_GAP * pitch:
                    result += PARAGRAPH_BREAK
                result.append(Line(text, emphasised=self._emphasised(fragments), indented=indented,
                                   heading=font is not None))
            previous_y, previous_font, previous_x = y, font, fragments[0].x
        return result

    def letters_by_size(self) -> Counter:
        return _letters_by_size([fragment for line in self.lines for fragment in line])

    def _emphasised(self, fragments: list[Fragment]) -> bool:
        letters = sum(len(f.text.strip()) for f in fragments)
        italic = sum(len(f.text.strip()) for f in fragments if f.italic)
        y = fragments[0].y
        on_band = any(bottom - 1 <= y <= top + 1 for bottom, top in self.bands)
        return on_band or italic * 2 > letters


def _transform(cm, x, y) -> tuple[float, float]:
    """A point of a path on the page (through the current transformation matrix)."""
    x, y = float(x), float(y)
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


def _letters_by_size(fragments: list[Fragment]) -> Counter:
    """How many letters and digits the fragments set in each font size (to half a point)."""
    counts: Counter = Counter()
    for fragment in fragments:
        counts[round(fragment.size * 2) / 2] += sum(1 for char in fragment.text if char.isalnum())
    return counts


def _body_size(pages: list[_PageLines]) -> float:
    """The font size most of a PDF's letters are set in."""
    counts = sum((page.letters_by_size() for page in pages), Counter())
    return counts.most_common(1)[0][0] if counts else 0.0


def _heading_font(fragments: list[Fragment], body_size: float) -> tuple[float, bool] | None:
    """The (size, bold) of a line set as a heading: larger than the body text, or wholly bold in at least
    its size; None for other lines."""
    letters = _letters_by_size(fragments)
    if not body_size or not sum(letters.values()):
        return None
    size = letters.most_common(1)[0][0]
    bold = all(f.bold for f in fragments if any(char.isalnum() for char in f.text))
    return (size, bold) if size >= HEADING_SIZE * body_size or (bold and size >= body_size) else None


def _usual_pitch(ys: list[float]) -> float | None:
    steps = sorted(a - b for a, b in zip(ys, ys[1:]) if a - b > 0)
    return steps[len(steps) // 2] if steps else None


def _is_band_colour(fill: tuple[float, ...]) -> bool:
    """A light, coloured fill (like the blue band behind quotations); not white, grey or black."""
    if len(fill) == 3:
        red, green, blue = fill
    elif len(fill) == 4:
        cyan, magenta, yellow, black = fill
        red, green, blue = ((1 - c) * (1 - black) for c in (cyan, magenta, yellow))
    else:
        return False
    lightness = (red + green + blue) / 3
    return max(red, green, blue) - min(red, green, blue) >= 0.05 and lightness >= 0.4
