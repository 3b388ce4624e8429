"""OCR of PDF pages that have no text layer: pages rendered with pypdfium2, read with Tesseract in Swedish
(through tesserocr, which binds Tesseract's C++ API: word confidences and baselines directly, no
process per page, the language model loaded once per worker).

Pages are rendered one at a time in the calling thread (PDFium is not thread-safe) and recognised in
worker threads, as many as there are cores; tesserocr releases the GIL while Tesseract works. At most
one rendered page per worker waits or is being read, so memory stays bounded whatever the page count.
A page that reads poorly as it is gets its orientation detected (Tesseract's OSD) and is read turned.

Results are cached by a hash of the rendered page (and the engine and its Swedish model) in a folder
inside the index, so indexing the same scan again does no OCR.

What comes out are positioned lines; `page_lines` lays them out like the PDF reader's lines, with
paragraph breaks at Tesseract's text blocks and at wide vertical gaps, after repairing common and
unambiguous OCR confusions in Swedish administrative text ("3 kap. 16 $" → "3 kap. 16 §", a "1(2)"
page header run into a header line). Words are never guessed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from .. import config, tuning
from ..errors import DocumentError
from ..models import Line, Page, PageOcr
from .layout import CHAR_WIDTH, Fragment, read_page
from .readers import PARAGRAPH_BREAK, PARAGRAPH_GAP

log = logging.getLogger(__name__)

LANGUAGE = "swe"
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-swe"
CACHE_VERSION = "1"  # bump when what is read from a page image changes


class OcrUnavailable(DocumentError):
    """Tesseract or its Swedish language data is missing: the reason names what to install."""


@dataclass(frozen=True)
class OcrLine:
    """A line of text on the upright page; positions in points (1/72 inch), as a PDF gives them."""

    text: str
    baseline: float  # from the top of the page
    left: float
    width: float
    height: float  # of the line's box
    block_start: bool  # the first line of one of Tesseract's text blocks


@dataclass(frozen=True)
class OcrResult:
    """One page as Tesseract read it."""

    lines: tuple[OcrLine, ...]
    confidence: float | None  # mean word confidence, 0–100; None when no word was found
    rotation: int = 0  # degrees the page was turned (counter-clockwise) to read it
    problem: str | None = None  # why nothing was read, in a few words
    page_width: float = 0.0  # points, of the upright page

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> OcrResult:
        data = json.loads(text)
        return cls(**{**data, "lines": tuple(OcrLine(**line) for line in data["lines"])})


@dataclass(frozen=True)
class OcrProgress:
    """Reported after each page: `done` of `total` pages, `elapsed` seconds since the file's OCR began."""

    path: Path
    done: int
    total: int
    elapsed: float
    cached: bool

    @property
    def remaining(self) -> float:
        """Estimated seconds left, at the pace so far."""
        return self.elapsed / self.done * (self.total - self.done) if self.done else 0.0


@dataclass
class OcrOptions:
    enabled: bool = True
    cache_dir: Path | None = None
    workers: int = 0  # 0: one per core
    page_timeout: float = tuning.OCR_PAGE_TIMEOUT
    on_progress: Callable[[OcrProgress], None] = field(default=lambda progress: None)

    def worker_count(self, pages: int) -> int:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return max(1, min(self.workers or cores, pages))


def needs_ocr(lines: list[Line]) -> bool:
    """A page whose text layer is missing or holds only a few characters (a stamp, a page number)."""
    return sum(char.isalnum() for line in lines for char in line.text) < tuning.OCR_MIN_TEXT_CHARACTERS


def read_scanned_pages(path: Path, page_lines: list[list[Line]], options: OcrOptions | None) -> dict[int, PageOcr]:
    """Replace the lines of the PDF pages that have no text layer but an image by what OCR reads on them;
    raise DocumentError when no page has any text."""
    options = options or OcrOptions()
    without_text = [index for index, lines in enumerate(page_lines) if needs_ocr(lines)]
    scanned = _with_images(path, without_text) if options.enabled and without_text else []
    read = {}
    for index, result in recognise_pages(path, scanned, options).items() if scanned else ():
        page_lines[index] = page_lines_of(result)
        read[index] = PageOcr(result.confidence, result.rotation, result.problem)
    if not any(line.text.strip() for lines in page_lines for line in lines):
        raise DocumentError(path, _no_text_reason(read, options.enabled))
    return read


def _no_text_reason(read: dict[int, PageOcr], enabled: bool) -> str:
    if not enabled:
        return "no text layer (scanned?), and OCR is off (--no-ocr)"
    if not read:
        return "no text layer, and no scanned image to read with OCR (only drawings?)"
    pages = "its page" if len(read) == 1 else f"its {len(read)} pages"
    problems = sorted({page.problem for page in read.values() if page.problem} - {"no text found"})
    detail = f" ({'; '.join(problems)})" if problems else ""
    return f"no text layer, and OCR found no text on {pages}{detail}: a photo or an empty scan?"


def ocr_notes(pages: list[Page]) -> tuple[str, ...]:
    """Lines for `index` output: how many pages were read with OCR, and which to check."""
    read = [page for page in pages if page.ocr]
    if not read:
        return ()
    confidences = [page.ocr.confidence for page in read if not page.ocr.problem]
    mean = f", mean confidence {np.mean(confidences):.0f} of 100" if confidences else ""
    notes = [f"{len(read)} of {len(pages)} page(s) read with OCR{mean}"]
    for page in read:
        where = f"page {page.number}" if page.number is not None else "a page"
        if page.ocr.problem:
            notes.append(f"{where}: {page.ocr.problem}; nothing indexed from it")
        elif page.ocr.confidence < tuning.OCR_LOW_CONFIDENCE:
            low = f"{page.ocr.confidence:.0f} < {tuning.OCR_LOW_CONFIDENCE:.0f}"
            notes.append(f"{where}: low OCR confidence ({low}); indexed, but check its text against the scan")
    return tuple(notes)


def recognise_pages(path: Path, page_indices: list[int], options: OcrOptions) -> dict[int, OcrResult]:
    """Render and read the given pages (0-based) of a PDF; a page that cannot be read has a `problem`."""
    tessdata = tessdata_dir(path)
    cache = _Cache(options.cache_dir, tessdata) if options.cache_dir else None
    workers = options.worker_count(len(page_indices))
    results: dict[int, OcrResult] = {}
    pending: dict[Future, tuple[int, str | None]] = {}
    started = time.monotonic()

    def finish(index: int, result: OcrResult, cached: bool) -> None:
        results[index] = result
        elapsed = time.monotonic() - started
        options.on_progress(OcrProgress(path, len(results), len(page_indices), elapsed, cached))

    def collect_finished() -> None:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            index, key = pending.pop(future)
            result = future.result()
            if cache and key:
                cache.put(key, result)
            finish(index, result, cached=False)

    with ThreadPoolExecutor(workers, thread_name_prefix="ocr") as pool:
        for index, image in _rendered_pages(path, page_indices):
            key = cache.key(image) if cache else None
            hit = cache.get(key) if cache else None
            if hit is not None:
                finish(index, hit, cached=True)
                continue
            pending[pool.submit(_recognise, image, tessdata, options.page_timeout)] = (index, key)
            del image
            while len(pending) >= workers:  # bounded memory: no page is rendered before a worker is free
                collect_finished()
        while pending:
            collect_finished()
    return results


# --- Tesseract and its data ----------------------------------------------------------------------


def tessdata_dir(path: Path) -> str:
    """The folder holding swe.traineddata; raise OcrUnavailable naming what to install."""
    try:
        import tesserocr  # noqa: F401
    except ImportError as error:
        raise OcrUnavailable(path, f"OCR needs the Python package tesserocr ({error}): pip install tesserocr") from None
    configured = os.environ.get(config.TESSDATA_ENV)
    candidates = [configured] if configured else list(config.DEFAULT_TESSDATA_DIRS)
    for folder in candidates:
        if (Path(folder) / f"{LANGUAGE}.traineddata").is_file():
            return folder
    where = f"${config.TESSDATA_ENV}={configured}" if configured else ", ".join(candidates[:2]) + ", …"
    raise OcrUnavailable(
        path,
        f"scanned page, and Tesseract's Swedish language data ({LANGUAGE}.traineddata) is not in {where}; "
        f"install the Debian packages {DEBIAN_PACKAGES}: apt-get install {DEBIAN_PACKAGES}",
    )


class _Engine:
    """Tesseract for Swedish text, and for orientation (loaded when first needed) if osd.traineddata is there."""

    def __init__(self, tessdata: str):
        from tesserocr import PSM, PyTessBaseAPI

        self.tessdata = tessdata
        self.text = PyTessBaseAPI(path=tessdata, lang=LANGUAGE, psm=PSM.AUTO)
        self._osd = None

    @property
    def osd(self):
        from tesserocr import PSM, PyTessBaseAPI

        if self._osd is None and (Path(self.tessdata) / "osd.traineddata").is_file():
            self._osd = PyTessBaseAPI(path=self.tessdata, lang="osd", psm=PSM.OSD_ONLY)
        return self._osd


_ENGINES: dict[str, queue.SimpleQueue[_Engine]] = {}
_ENGINES_LOCK = threading.Lock()


@contextmanager
def _engine(tessdata: str) -> Iterator[_Engine]:
    """An engine no other thread is using; engines are kept for the next page (loading one takes ~0.2 s)."""
    with _ENGINES_LOCK:
        idle = _ENGINES.setdefault(tessdata, queue.SimpleQueue())
    try:
        engine = idle.get_nowait()
    except queue.Empty:
        engine = _Engine(tessdata)
    try:
        yield engine
    finally:
        idle.put(engine)


def engine_version() -> str:
    from tesserocr import tesseract_version

    return tesseract_version().split()[1]


# --- rendering -----------------------------------------------------------------------------------


@contextmanager
def _pdfium_document(path: Path):
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise DocumentError(path, f"cannot render the scanned pages for OCR ({error})") from None
    try:
        yield document
    finally:
        document.close()


def _with_images(path: Path, page_indices: list[int]) -> list[int]:
    """The pages that hold an image (a blank page or one with only drawings has nothing to read)."""
    from pypdfium2.raw import FPDF_PAGEOBJ_IMAGE

    with _pdfium_document(path) as document:
        return [
            index
            for index in page_indices
            if next(document[index].get_objects(filter=(FPDF_PAGEOBJ_IMAGE,), max_depth=3), None) is not None
        ]


@dataclass(frozen=True)
class _PageImage:
    pixels: np.ndarray  # grey-scale, rows × columns
    dpi: float

    def turned(self, degrees: int) -> _PageImage:
        """The image turned counter-clockwise."""
        return _PageImage(np.ascontiguousarray(np.rot90(self.pixels, degrees // 90)), self.dpi)


def _rendered_pages(path: Path, page_indices: list[int]) -> Iterator[tuple[int, _PageImage]]:
    """Grey-scale images of the pages, one at a time."""
    with _pdfium_document(path) as document:
        for index in page_indices:
            page = document[index]
            width, height = page.get_size()
            scale = min(tuning.OCR_RENDER_DPI / 72, (tuning.OCR_MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
            bitmap = page.render(scale=scale, grayscale=True)
            pixels = np.ascontiguousarray(bitmap.to_numpy().reshape(bitmap.height, bitmap.width))
            bitmap.close()
            page.close()
            yield index, _PageImage(pixels, scale * 72)


# --- recognition ---------------------------------------------------------------------------------


def _recognise(image: _PageImage, tessdata: str, timeout: float) -> OcrResult:
    """Read the page as it is; only if that reads poorly, find its orientation (OSD, or without OSD
    data every quarter turn) and read it turned: most pages are upright, and OSD costs a third of a read."""
    if image.pixels.min() > 200:  # nothing darker than light grey: a blank page
        return OcrResult((), None, problem="blank page")
    with _engine(tessdata) as engine:
        upright = _read(engine.text, image, 0, timeout)
        if _reads_across(upright) or upright.problem == _gave_up(timeout):
            return upright
        turns = [_orientation(engine.osd, image)] if engine.osd else [90, 180, 270]
        turned = [_read(engine.text, image.turned(turn), turn, timeout) for turn in turns if turn]
        return max([upright, *turned], key=_legible_letters)


def _orientation(osd, image: _PageImage) -> int:
    """Degrees to turn the page counter-clockwise to make it upright (0 when OSD is unsure)."""
    _set_image(osd, image)
    try:
        found = osd.DetectOrientationScript()
    except RuntimeError:  # too few characters to tell
        return 0
    if not found or found["orient_conf"] < tuning.OCR_ORIENTATION_CONFIDENCE:
        return 0
    return int(found["orient_deg"])


def _reads_across(result: OcrResult) -> bool:
    """Read with confidence, in lines across the page (not a page on its side read as vertical lines)."""
    letters = sum(len(line.text) for line in result.lines)
    return (result.confidence or 0) >= tuning.OCR_LOW_CONFIDENCE and _letters_across(result) >= 0.9 * letters


def _gave_up(timeout: float) -> str:
    return f"OCR gave up after {timeout:g} s"


def _legible_letters(result: OcrResult) -> float:
    return _letters_across(result) * (result.confidence or 0)


def _letters_across(result: OcrResult) -> int:
    """Letters in lines running across the page (Tesseract also reads a page turned on its side, as
    vertical lines, which would spoil the layout)."""
    return sum(len(line.text) for line in result.lines if line.width >= line.height)


def _set_image(api, image: _PageImage) -> None:
    height, width = image.pixels.shape
    api.SetImageBytes(image.pixels.tobytes(), width, height, 1, width)
    api.SetSourceResolution(round(image.dpi))


def _read(api, image: _PageImage, rotation: int, timeout: float) -> OcrResult:
    from tesserocr import RIL, iterate_level

    _set_image(api, image)
    if not api.Recognize(int(timeout * 1000)):
        return OcrResult((), None, rotation, problem=_gave_up(timeout))
    lines: list[tuple[OcrLine, list[str]]] = []  # each line's position and its words
    confidences: list[float] = []
    iterator = api.GetIterator()
    for word in iterate_level(iterator, RIL.WORD) if iterator else ():
        text = (word.GetUTF8Text(RIL.WORD) or "").strip()
        if not text:
            continue
        if word.IsAtBeginningOf(RIL.TEXTLINE) or not lines:
            lines.append((_line_position(word, RIL, 72 / image.dpi), []))
        lines[-1][1].append(text)
        if any(char.isalnum() for char in text):
            confidences.append(word.Confidence(RIL.WORD))
    del iterator
    api.Clear()  # an idle engine keeps no page's results
    if not confidences:
        return OcrResult((), None, rotation, problem="no text found")
    confidence = round(float(np.mean(confidences)), 1)
    if confidence < tuning.OCR_ILLEGIBLE_CONFIDENCE:
        return OcrResult((), confidence, rotation, problem=f"no legible text (OCR confidence {confidence:.0f} of 100)")
    read = tuple(replace(at, text=" ".join(words)) for at, words in lines)
    return OcrResult(read, confidence, rotation, page_width=image.pixels.shape[1] * 72 / image.dpi)


def _line_position(word, RIL, points: float) -> OcrLine:
    """Where the word's line stands, in points (`points` per pixel)."""
    left, top, right, bottom = word.BoundingBox(RIL.TEXTLINE) or (0, 0, 0, 0)
    baseline = word.Baseline(RIL.TEXTLINE)
    y = (baseline[0][1] + baseline[1][1]) / 2 if baseline else bottom
    return OcrLine(
        "", y * points, left * points, (right - left) * points, (bottom - top) * points,
        bool(word.IsAtBeginningOf(RIL.BLOCK)),
    )


# --- cache ---------------------------------------------------------------------------------------


class _Cache:
    """OCR results in files named by the hash of the rendered page and of what read it."""

    def __init__(self, folder: Path, tessdata: str):
        self.folder = Path(folder)
        model = Path(tessdata) / f"{LANGUAGE}.traineddata"
        thresholds = (tuning.OCR_ORIENTATION_CONFIDENCE, tuning.OCR_LOW_CONFIDENCE, tuning.OCR_ILLEGIBLE_CONFIDENCE)
        self.engine = ":".join(map(str, (CACHE_VERSION, engine_version(), LANGUAGE, model.stat().st_size, *thresholds)))

    def key(self, image: _PageImage) -> str:
        digest = hashlib.sha256(f"{self.engine}:{image.pixels.shape}:{image.dpi}".encode())
        digest.update(image.pixels.data)
        return digest.hexdigest()

    def get(self, key: str) -> OcrResult | None:
        try:
            return OcrResult.from_json(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, result: OcrResult) -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_text(result.to_json(), encoding="utf-8")
            os.replace(temporary, target)
        except OSError as error:  # a read-only index still indexes, it only forgets the OCR
            log.warning("could not cache OCR result in %s: %s", self.folder, error)

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"


# --- lines as the structure step reads them ------------------------------------------------------

# "§" read as "$" after a section number ("16 $", "16 a $", "$$"), or as "8" or "&" after a chapter
# reference ("3 kap. 16 8") or before a law's short name, a paragraph's part or "lagen" ("16 8 PBL",
# "10 & PBL", "4 8 första stycket", "28 8 förordningen").
_SECTION_NUMBER = r"\b\d{1,3}(?:\s?[a-z])?"
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"}
_REPAIRS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(rf"({_SECTION_NUMBER})\s?\$\$(?=[\s.,;:)]|$)"), r"\1 §§"),
    (re.compile(rf"({_SECTION_NUMBER})\s?\$(?=[\s.,;:)]|$)"), r"\1 §"),
    (re.compile(rf"(\bkap\.\s?{_SECTION_NUMBER})\s[8&](?=[\s.,;:)]|$)"), r"\1 §"),
    (
        re.compile(
            rf"({_SECTION_NUMBER})\s[8&](?=\s(?:[A-ZÅÄÖ]{{2,6}}\b|första|andra|tredje|fjärde|femte|sjätte|"
            r"st\.|stycket|p\.|punkt|lagen|förordningen|balken))"
        ),
        r"\1 §",
    ),
    (re.compile(r"^[e«°»]\s+(?=\w)"), "• "),  # a list bullet read as a letter or a sign
    (re.compile(r"[ﬀﬁﬂﬃﬄ]"), lambda match: _LIGATURES[match.group()]),
)
# A page number "N (M)" at the end of a header or footer line, with "1" perhaps read as "l" or "I".
_TRAILING_PAGE_NUMBER = re.compile(r"^(?:(.*\S)\s+)?([1-9lI]\d{0,2}|\d{1,3})\s?\(\s?(\d{1,3})\s?\)$")
_HEADER_ZONE = 4  # lines at the top and bottom of a page where a page number may stand


def page_lines_of(result: OcrResult) -> list[Line]:
    """The page's lines in Tesseract's reading order with OCR confusions repaired, each marked when it is
    set in from its column's margin (as the PDF reader marks them); two blank lines where a paragraph ends."""
    ordered = list(result.lines)
    indented = _indented(ordered, result.page_width)
    pitch = _usual_pitch(ordered)
    lines: list[Line] = []
    for number, line in enumerate(ordered):
        previous = ordered[number - 1] if number else None
        gap = previous is not None and pitch and line.baseline - previous.baseline > PARAGRAPH_GAP * pitch
        if previous is not None and (line.block_start or gap):
            lines += PARAGRAPH_BREAK
        in_zone = number < _HEADER_ZONE or number >= len(ordered) - _HEADER_ZONE
        lines += [Line(text, indented=indented[number]) for text in repair_line(line.text, in_zone)]
    return lines


def _indented(lines: list[OcrLine], page_width: float) -> list[bool]:
    """Which lines `layout` finds set in from their column's margin (its order is not used: Tesseract
    has already read the columns one after the other)."""
    fragments = [
        Fragment(line.text, line.left, -line.baseline, line.width / max(len(line.text) * CHAR_WIDTH, 1e-6))
        for line in lines
    ]
    flags = {id(placed[0]): indented for placed, indented in read_page([[f] for f in fragments], page_width)}
    return [flags[id(fragment)] for fragment in fragments]


def repair_line(text: str, in_header_zone: bool = False) -> list[str]:
    """A line with OCR confusions repaired; a page number at the end of a header line becomes a line
    of its own."""
    for pattern, replacement in _REPAIRS:
        text = pattern.sub(replacement, text)
    match = _TRAILING_PAGE_NUMBER.match(text) if in_header_zone else None
    if not match:
        return [text]
    page = match.group(2).replace("l", "1").replace("I", "1")
    if int(page) > int(match.group(3)):
        return [text]
    number_line = f"{page} ({match.group(3)})"
    return [match.group(1), number_line] if match.group(1) else [number_line]


def _usual_pitch(lines: list[OcrLine]) -> float | None:
    """The usual distance between consecutive baselines within a block."""
    steps = sorted(
        b.baseline - a.baseline for a, b in zip(lines, lines[1:]) if not b.block_start and b.baseline > a.baseline
    )
    return steps[len(steps) // 2] if steps else None
