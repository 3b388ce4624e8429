"""A PDF page as an image, and where a passage stands on it: what the chat's source panel shows.

pypdfium2 renders the page (once; the PNG is kept in the index folder, named after the file's content
hash) and gives the text of the page with each character's box. A passage is found on the page by its
letters and digits alone (case-folded), so that line breaks, hyphenation and spacing, which differ between
the text stored at indexing (pypdf) and PDFium's, do not matter; where PDFium reads the page's lines in
another order (a turned page, columns), the page's lines that stand whole in the passage are taken.
A passage is looked for first on the PDF page indexing read it from (its place in the file, kept apart
from the number printed on it: a cover, roman-numbered front matter or page labels set them apart), then
outwards from it, so that text a document repeats (a summary, a quoted sentence) is shown where this
passage stands. A passage indexed before that place was kept (until `index` reads its file again) is looked
for first on the page of its printed number.

PDFium is not thread-safe: every call into it holds one lock.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import tuning
from .errors import DocumentError
from .ingest import files

CACHE_FOLDER = "page-images"  # in the index folder; the least recently written images go first

_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Box:
    """A rectangle on the rendered page, as fractions of its width and height from the top left."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class PassageOnPage:
    page_index: int  # 0-based, in the file
    boxes: tuple[Box, ...]  # the lines the passage covers
    width: float  # the page as rendered (turned as it is turned), in points
    height: float


def file_state(path: str, content_hash: str) -> str:
    """"ok", "missing" or "changed": whether the file indexed with `content_hash` is still at `path`."""
    file = Path(path)
    if not file.is_file():
        return "missing"
    stat = file.stat()
    return "ok" if _digest(path, stat.st_size, stat.st_mtime_ns) == content_hash else "changed"


@lru_cache(maxsize=256)
def _digest(path: str, size: int, mtime_ns: int) -> str | None:  # size and mtime: a changed file is read again
    """The file's content hash as indexing takes it; None for a file indexing would refuse now."""
    try:
        return files.content_hash(Path(path))
    except DocumentError:
        return None


def page_count(path: str) -> int:
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            return len(document)
        finally:
            document.close()


@lru_cache(maxsize=1024)
def locate(path: str, content_hash: str, page_index: int | None, printed_page: int | None,
           text: str) -> PassageOnPage | None:
    """The page of the PDF that holds `text` and the boxes of its lines there, or None when no page
    holds it: the page `page_index` (0-based in the file) first, or without it the page of the number
    `printed_page` (`content_hash` only keys the cache)."""
    import pypdfium2 as pdfium

    wanted = _letters(text)[0]
    if len(wanted) < tuning.MIN_PASSAGE_LETTERS:
        return None
    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            first = page_index if page_index is not None else (printed_page or 1) - 1  # most number from 1
            for index in _nearest_first(len(document), first):
                page = document[index]
                boxes = _boxes(page, wanted)
                if boxes:
                    return PassageOnPage(index, boxes, *page.get_size())
        finally:
            document.close()
    return None


def page_image(index_folder: Path, path: str, content_hash: str, page_index: int) -> Path:
    """The page rendered as a PNG PAGE_IMAGE_WIDTH pixels wide, from the cache or rendered now."""
    import pypdfium2 as pdfium

    folder = index_folder / CACHE_FOLDER
    image = folder / f"{content_hash[:24]}-{page_index}.png"
    if image.exists():
        return image
    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            page = document[page_index]
            picture = page.render(scale=tuning.PAGE_IMAGE_WIDTH / page.get_width()).to_pil()
        finally:
            document.close()
    folder.mkdir(exist_ok=True)
    partial = image.with_suffix(f".{threading.get_ident()}.part")
    picture.save(partial, "PNG")
    partial.replace(image)  # a reader never sees half an image
    _trim(folder)
    return image


def _trim(folder: Path) -> None:
    images = sorted(folder.glob("*.png"), key=lambda p: p.stat().st_mtime)
    for old in images[: -tuning.PAGE_IMAGE_CACHE]:
        old.unlink(missing_ok=True)


def _nearest_first(pages: int, guess: int) -> list[int]:
    """Page indices, `guess` first, then outwards from it."""
    guess = min(max(guess, 0), pages - 1)
    return sorted(range(pages), key=lambda index: (abs(index - guess), index))


def _letters(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits, case-folded, and where each stands in `text`."""
    kept, positions = [], []
    for position, char in enumerate(text):
        for letter in unicodedata.normalize("NFKC", char).casefold():  # "ﬁ" → "fi": both stand at "ﬁ"
            if letter.isalnum():
                kept.append(letter)
                positions.append(position)
    return "".join(kept), positions


def _boxes(page, wanted: str) -> tuple[Box, ...]:
    """The passage's line boxes on this page: where its letters run on unbroken, else the page's lines
    that stand whole in it (PDFium may read a page's lines in another order than the reader did)."""
    textpage = page.get_textpage()
    try:
        page_text = textpage.get_text_range()
        if len(page_text) != textpage.count_chars():  # characters beyond 16 bits: positions would be off
            return ()
        spans = _whole(page_text, wanted) or _whole_lines(page_text, wanted)
        return _lines([_box(page, rect) for start, end in spans for rect in _rects(textpage, start, end)])
    finally:
        textpage.close()


def _whole(page_text: str, wanted: str) -> list[tuple[int, int]]:
    """The passage as one span of the page's characters (first, last), or none."""
    letters, positions = _letters(page_text)
    start = letters.find(wanted)
    return [(positions[start], positions[start + len(wanted) - 1])] if start >= 0 else []


def _whole_lines(page_text: str, wanted: str) -> list[tuple[int, int]]:
    """The page's lines whose letters (at least MIN_LINE_LETTERS of them) all stand in the passage."""
    spans, offset = [], 0
    for line in re.split(r"(?<=\n)", page_text):
        letters = _letters(line)[0]
        if len(letters) >= tuning.MIN_LINE_LETTERS and letters in wanted:
            spans.append((offset, offset + len(line.rstrip()) - 1))
        offset += len(line)
    return spans


def _rects(textpage, first: int, last: int) -> list[tuple[float, float, float, float]]:
    """PDFium's rectangles around the characters first…last."""
    count = textpage.count_rects(first, last - first + 1)
    return [textpage.get_rect(i) for i in range(count)]


def _box(page, rect: tuple[float, float, float, float]) -> Box:
    """A PDF rectangle (left, bottom, right, top in points) as fractions of the page as rendered: within
    its crop box, turned as the page is turned."""
    crop_left, crop_bottom, crop_right, crop_top = page.get_bbox()  # the crop box, inherited ones too
    width, height = crop_right - crop_left, crop_top - crop_bottom
    left, bottom, right, top = rect
    corners = [((x - crop_left) / width, (crop_top - y) / height) for x, y in ((left, top), (right, bottom))]
    turned = [_turn(u, v, page.get_rotation()) for u, v in corners]
    xs, ys = [min(max(u, 0.0), 1.0) for u, _ in turned], [min(max(v, 0.0), 1.0) for _, v in turned]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _lines(boxes: list[Box]) -> tuple[Box, ...]:
    """PDFium's rectangles (one per run of text in one font) joined into one box per line; slivers (a
    line break's zero-height box) dropped."""
    lines: list[Box] = []
    for box in sorted((b for b in boxes if b.height > tuning.MIN_BOX and b.width > tuning.MIN_BOX), key=lambda b: b.top):
        last = lines[-1] if lines else None
        if last and box.top < last.top + last.height / 2:  # starts within the line above: the same line
            left, top = min(last.left, box.left), min(last.top, box.top)
            right = max(last.left + last.width, box.left + box.width)
            bottom = max(last.top + last.height, box.top + box.height)
            lines[-1] = Box(left, top, right - left, bottom - top)
        else:
            lines.append(box)
    return tuple(lines)


def _turn(u: float, v: float, rotation: int) -> tuple[float, float]:
    """A point of the upright page (fractions from the top left) on the page turned clockwise."""
    return {0: (u, v), 90: (1 - v, u), 180: (1 - u, 1 - v), 270: (v, 1 - u)}.get(rotation % 360, (u, v))
