"""Files → stored, embedded chunks. Each file is one transaction: a failure leaves the index as it was."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from .. import config, links
from ..errors import DocumentError, YttrandeQAError
from ..models import Chunk, Document, Kind
from ..store.index import Index, rebuilding
from ..text import embedding_text, slugify
from . import files
from .chunking import TokenBudget, chunk_blocks, chunk_sentences
from .metadata import METADATA_VERSION
from .ocr import OcrOptions, ocr_notes
from .readers import SUPPORTED_SUFFIXES, read_pages
from .structure import parse_document

Status = Literal["added", "updated", "unchanged", "failed"]
WARNING_CHARS = 100  # of the first warning a reader gave, in a file's line


@dataclass(frozen=True)
class Outcome:
    path: str
    status: Status
    doc_id: str | None = None
    chunks: int = 0
    error: str | None = None
    warning: str | None = None  # what the file's reader warned about, in one line
    notes: tuple[str, ...] = ()  # what a user should know about an indexed file (pages read with OCR)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and supported files inside folders named (recursively, in name order, following links
    to folders). A link that loops or leads nowhere is listed too, so that indexing reports it."""
    files: list[Path] = []
    for path in paths:
        files.extend(_folder_files(path) if path.is_dir() else [path])
    return files


def _folder_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, folders, names in os.walk(folder, followlinks=True):
        here = Path(root)
        ancestors = {here.resolve(), *here.resolve().parents}
        for name in list(folders):
            if (here / name).is_symlink() and (here / name).resolve() in ancestors:
                folders.remove(name)  # a loop: reported by indexing, not walked
                found.append(here / name)
        for name in names:
            path = here / name
            if path.suffix.lower() in SUPPORTED_SUFFIXES or (path.is_symlink() and not path.exists()):
                found.append(path)
    return sorted(found)


def index_files(
    index: Index,
    files: list[Path],
    kind: Kind | None = None,
    responds_to: str | None = None,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    ocr: OcrOptions | None = None,
) -> list[Outcome]:
    """Index each file; a bad file becomes a failed Outcome and the batch goes on. Scanned PDF pages are
    read with OCR (`ocr`: off, progress; results are cached in the index folder)."""
    index.check_model()
    ocr = replace(ocr or OcrOptions(), cache_dir=(ocr and ocr.cache_dir) or index.folder / config.OCR_CACHE_FOLDER)
    if responds_to and responds_to != links.NO_LINK and responds_to not in index.store.doc_ids():
        raise YttrandeQAError(f"--responds-to {responds_to}: no such document (see `yttrande-qa list`)")
    outcomes = []
    for path in files:
        try:
            outcome = _index_file(index, path, kind, responds_to, ocr)
        except DocumentError as error:
            outcome = Outcome(str(path), "failed", error=error.reason)
        except OSError as error:
            outcome = Outcome(str(path), "failed", error=error.strerror or str(error))
        except Exception as error:  # a bug must not stop the batch; the file is named and nothing was written
            outcome = Outcome(str(path), "failed", error=f"unexpected error ({type(error).__name__}: {error})")
        outcomes.append(outcome)
        on_done(outcome)
    index.refresh()
    return outcomes


def remove_document(index: Index, doc_id: str) -> bool:
    with index.store.transaction() as db:
        removed = index.store.delete_document(db, doc_id)
        if removed:
            links.refresh(db, index.store.documents(), {doc_id})
    index.refresh()
    return removed


def rebuild(
    folder: Path | None,
    model: str | None,
    files: list[Path],
    kind: Kind | None = None,
    responds_to: str | None = None,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    ocr: OcrOptions | None = None,
) -> list[Outcome]:
    """Index files into a new database beside the one in use and switch to it when all are done (feedback
    and the OCR cache are kept). A crash, or a batch in which every file fails, leaves the index as it was; a
    chat running meanwhile answers from the old database until the switch."""
    with rebuilding(folder, model) as new:
        return index_files(new, files, kind, responds_to, on_done, ocr)


def _index_file(
    index: Index, path: Path, kind: Kind | None, responds_to: str | None, ocr: OcrOptions
) -> Outcome:
    content_hash = files.content_hash(path)  # checks that it is a regular file of a sane size first
    existing = index.store.document_by_path(str(path.resolve()))
    if existing and _unchanged(existing, content_hash, kind, responds_to, links.manual_link(index.store.db, existing.doc_id)):
        return Outcome(str(path), "unchanged", existing.doc_id, existing.chunk_count)

    kept_kind = existing.kind if existing and existing.kind_overridden else None
    with _reader_warnings() as warned:
        pages = read_pages(path, ocr)
    parsed = parse_document(pages, path.name, kind=kind or kept_kind)
    embedder = index.embedder
    chunks = chunk_blocks(parsed.blocks, budget=TokenBudget(embedder.count_tokens, embedder.max_tokens))
    if not chunks:
        raise DocumentError(path, "no text to index")
    chunk_vectors, sentence_rows = _vectors(index, existing, chunks)
    [title_vector] = embedder.embed_passages([parsed.title])
    with index.store.transaction() as db:
        # Chosen inside the write lock, so that two indexing processes never take the same id.
        current = index.store.document_by_path(str(path.resolve()))
        doc = Document(
            doc_id=current.doc_id if current else _new_doc_id(index, path),
            title=parsed.title,
            kind=parsed.kind,
            date=parsed.date,
            path=str(path.resolve()),
            content_hash=content_hash,
            responds_to=current.responds_to if current else None,  # links.refresh sets it below
            genre=parsed.genre,
            doc_number=parsed.doc_number,
            subject_numbers=parsed.subject_numbers,
            diarienummer=parsed.diarienummer,
            issuer=parsed.issuer,
            kind_overridden=bool(kind or kept_kind),
            metadata_version=METADATA_VERSION,
        )
        for key, value in (("model", index.model), ("backend", embedder.backend), ("dim", str(embedder.dim))):
            index.store.set_meta(db, key, value)
        index.store.put_document(db, doc, chunks, chunk_vectors, sentence_rows)
        index.store.put_title_vectors(db, [(doc.doc_id, doc.title, title_vector)])
        links.record(db, doc.doc_id, links.opening_text(line.text for page in pages for line in page.lines),
                     responds_to)
        links.refresh(db, index.store.documents(), {doc.doc_id})
    warning = f"reading it gave {len(warned)} warnings, first: {warned[0][:WARNING_CHARS]}" if warned else None
    return Outcome(str(path), "updated" if existing else "added", doc.doc_id, len(chunks), warning=warning,
                   notes=ocr_notes(pages))


@contextmanager
def _reader_warnings() -> Iterator[list[str]]:
    """What pypdf logs while a file is read, collected instead of printed: a damaged PDF can make it log
    thousands of lines, and each file gets one."""
    warned: list[str] = []
    handler = _Collect(warned)
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield warned
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate
            warned.extend(str(warning.message) for warning in caught)


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _unchanged(
    existing: Document, content_hash: str, kind: Kind | None, responds_to: str | None, manual_link: str | None
) -> bool:
    """Nothing to do: the same file, read by this version, with no new kind or link set by hand."""
    return (
        existing.content_hash == content_hash
        and existing.metadata_version == METADATA_VERSION
        and kind in (None, existing.kind)
        and responds_to in (None, manual_link)
    )


def _new_doc_id(index: Index, path: Path) -> str:
    base = slugify(path.stem)
    taken = index.store.doc_ids() | {links.NO_LINK}  # `--responds-to none` means no report
    doc_id, n = base, 2
    while doc_id in taken:
        doc_id, n = f"{base}-{n}", n + 1
    return doc_id


def _vectors(index: Index, previous: Document | None, chunks: list[Chunk]):
    """Vectors of the chunks, and (chunk ordinal, text, vector) of their sentences."""
    sentences = [(ordinal, text) for ordinal, chunk in enumerate(chunks) for text in chunk_sentences(chunk.text)]
    chunk_texts = [embedding_text(c.section, c.text) for c in chunks]
    vectors = _embed(index, previous, chunk_texts + [text for _, text in sentences])
    sentence_rows = [(ordinal, text, vector) for (ordinal, text), vector in zip(sentences, vectors[len(chunks):])]
    return vectors[: len(chunks)], sentence_rows


def _embed(index: Index, previous: Document | None, texts: list[str]) -> np.ndarray:
    """Vectors for texts, reusing those a previous version of the document already had."""
    known: dict[str, np.ndarray] = {}
    if previous:
        known.update((embedding_text(s, t), v) for s, t, v in index.store.chunk_vectors(previous.doc_id))
        known.update(index.store.sentence_vectors(previous.doc_id))
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        known.update(zip(missing, index.embedder.embed_passages(missing)))
    return np.stack([known[t] for t in texts])
