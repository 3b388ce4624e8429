"""FAISS files: exact inner-product indexes over normalised chunk (or sentence) vectors, keyed by id.

Each is a cache of the vectors in SQLite, named after the database generation it was built from; a
missing file is rebuilt from the database (seconds even at 100k chunks), so a crash can never leave
search and the database disagreeing.
"""

from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np

from .database import Store

# Single queries get slower with more OpenMP threads on small machines.
faiss.omp_set_num_threads(1)


class VectorIndex:
    def __init__(self, folder: Path, table: str = "chunks"):
        """The vectors of `table` ("chunks" or "sentences"), cached in `folder`/TABLE.GENERATION.faiss."""
        self.folder = folder
        self.table = table
        self.index: faiss.Index | None = None
        self.generation = -1

    def path(self, generation: int) -> Path:
        """The generation is in the name: a file can never be taken for another generation's."""
        return self.folder / f"{self.table}.{generation}.faiss"

    def sync(self, store: Store) -> None:
        """Make the in-memory index match the database, from the file if it is current."""
        generation = store.generation()
        if generation == self.generation:
            return
        try:
            self.index = faiss.read_index(str(self.path(generation)))
        except RuntimeError:  # missing, or removed by another process meanwhile
            self.index = _build(*store.all_vectors(self.table))
            self._save(generation)
        self.generation = generation

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

    def _save(self, generation: int) -> None:
        """Write to a temporary file, then rename (a reader never sees half a file); drop older files."""
        if self.index is None:
            return
        path = self.path(generation)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        faiss.write_index(self.index, str(tmp))
        os.replace(tmp, path)
        for old in self.folder.glob(f"{self.table}.*.faiss"):
            stamp = old.name.split(".")[1]
            if stamp.isdigit() and int(stamp) < generation:
                old.unlink(missing_ok=True)


def _build(ids: np.ndarray, vectors: np.ndarray | None) -> faiss.Index | None:
    if vectors is None:
        return None
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
    return index
