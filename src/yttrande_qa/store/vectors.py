"""FAISS files: exact inner-product indexes over normalised chunk (or sentence) vectors, keyed by id.

Each is a cache of the vectors in SQLite, named after the database (its random `database_id`) and the
generation it was built from, so a file left by a deleted database or an older generation is never
taken for the current one. A missing file is rebuilt from the database (seconds even at 100k chunks),
so a crash can never leave search and the database disagreeing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import faiss
import numpy as np

from .database import Store

log = logging.getLogger(__name__)

# Single queries get slower with more OpenMP threads on small machines.
faiss.omp_set_num_threads(1)


class VectorIndex:
    def __init__(self, folder: Path, table: str = "chunks"):
        """The vectors of `table` ("chunks" or "sentences"), cached in
        `folder`/TABLE.DATABASE_ID.GENERATION.faiss."""
        self.folder = folder
        self.table = table
        self.index: faiss.Index | None = None
        self.key: tuple[str, int] | None = None  # (database id, generation) of the vectors in memory

    def path(self, database_id: str, generation: int) -> Path:
        """Database and generation are in the name: a file can never be taken for another's."""
        return self.folder / f"{self.table}.{database_id}.{generation}.faiss"

    def current_path(self, store: Store) -> Path:
        return self.path(store.database_id, store.generation())

    def sync(self, store: Store) -> None:
        """Make the in-memory index match the database, from the file if it is current."""
        key = (store.database_id, store.generation())
        if key == self.key:
            return
        try:
            self.index = faiss.read_index(str(self.path(*key)))
        except RuntimeError:  # missing, or removed by another process meanwhile
            self.index = _build(*store.all_vectors(self.table))
            self._save(*key)
        self.key = key

    def search(self, query: np.ndarray, k: int, allowed_ids: np.ndarray | None = None):
        """(scores, ids) of the k nearest vectors; `allowed_ids` restricts the candidates."""
        index = self.index  # another thread's sync may replace it meanwhile
        if index is None or index.ntotal == 0 or k <= 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        params = None
        if allowed_ids is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed_ids))
        scores, ids = index.search(query.reshape(1, -1), min(k, index.ntotal), params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def _save(self, database_id: str, generation: int) -> None:
        """Write to a temporary file, then rename (a reader never sees half a file); drop this database's
        older files and those named the way versions before database ids named them."""
        if self.index is None:
            return
        path = self.path(database_id, generation)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            faiss.write_index(self.index, str(tmp))
            os.replace(tmp, path)
        except (OSError, RuntimeError) as error:  # a full disk, or a rebuild removing files: still searchable
            log.warning("could not write %s (%s); it is rebuilt from the database when needed", path, error)
            return
        for old in self.folder.glob(f"{self.table}.*.faiss"):
            parts = old.name.split(".")
            older = len(parts) == 4 and parts[1] == database_id and parts[2].isdigit() and int(parts[2]) < generation
            if older or len(parts) == 3:
                old.unlink(missing_ok=True)


def _build(ids: np.ndarray, vectors: np.ndarray | None) -> faiss.Index | None:
    if vectors is None:
        return None
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
    return index
