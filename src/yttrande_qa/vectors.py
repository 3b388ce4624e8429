"""FAISS files: exact inner-product indexes over normalised chunk (or sentence) vectors, keyed by id.

Each is a cache of the vectors in SQLite, stamped with the database generation it was built from; a stale
or missing file is rebuilt from the database (seconds even at 100k chunks), so a crash can never leave
search and the database disagreeing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import faiss
import numpy as np

from .store import Store


# Single queries get slower with more OpenMP threads on small machines.
faiss.omp_set_num_threads(1)


class VectorIndex:
    def __init__(self, folder: Path, table: str = "chunks"):
        """The vectors of `table` ("chunks" or "sentences"), cached in `folder`/TABLE.faiss."""
        self.folder = folder
        self.table = table
        self.path = folder / f"{table}.faiss"
        self.stamp_path = folder / f"{table}.json"
        self.index: faiss.Index | None = None
        self.generation = -1

    def sync(self, store: Store) -> None:
        """Make the in-memory index match the database, from the file if it is current."""
        generation = store.generation()
        if generation == self.generation:
            return
        if self._stamp() == generation and self.path.exists():
            self.index = faiss.read_index(str(self.path))
        else:
            self.index = _build(*store.all_vectors(self.table))
            self._save(generation)
        self.generation = generation

    def search(self, query: np.ndarray, k: int, allowed_ids: np.ndarray | None = None):
        """(scores, ids) of the k nearest chunks; `allowed_ids` restricts the candidates."""
        if self.index is None or self.index.ntotal == 0 or k <= 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        params = None
        if allowed_ids is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed_ids))
        scores, ids = self.index.search(query.reshape(1, -1), min(k, self.index.ntotal), params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def _stamp(self) -> int | None:
        try:
            return json.loads(self.stamp_path.read_text())["generation"]
        except (OSError, ValueError, KeyError):
            return None

    def _save(self, generation: int) -> None:
        """Write to temporary files, then rename: a reader never sees half a file."""
        if self.index is None:
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        faiss.write_index(self.index, str(tmp))
        os.replace(tmp, self.path)
        stamp_tmp = self.stamp_path.with_name(f"{self.stamp_path.name}.{os.getpid()}.tmp")
        stamp_tmp.write_text(json.dumps({"generation": generation}))
        os.replace(stamp_tmp, self.stamp_path)


def _build(ids: np.ndarray, vectors: np.ndarray | None) -> faiss.Index | None:
    if vectors is None:
        return None
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
    return index
