"""An index folder: the SQLite database, the FAISS file derived from it, and the embedding model."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

from .. import config
from ..errors import ModelMismatchError
from .database import Store
from .embeddings import Embedder, load_embedder
from .vectors import VectorIndex

log = logging.getLogger(__name__)

DB_FILE = "yttrande-qa.sqlite"
QUERY_CACHE_SIZE = 16


class Index:
    def __init__(self, folder: Path | str | None = None, model: str | None = None):
        self.folder = config.index_dir(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.folder / DB_FILE)
        self.vectors = VectorIndex(self.folder, "chunks")
        self.sentence_vectors = VectorIndex(self.folder, "sentences")
        self.model = config.model(model)
        self._embedder: Embedder | None = None
        self._query_vectors: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()
        self._lock = threading.Lock()

    def close(self) -> None:
        self.store.close()

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
        with self._cache_lock:
            cached = self._query_vectors.get(text)
        if cached is not None:
            return cached
        vector = self.embedder.embed_queries([text])[0]
        with self._cache_lock:
            while len(self._query_vectors) >= QUERY_CACHE_SIZE:
                self._query_vectors.pop(next(iter(self._query_vectors)))
            self._query_vectors[text] = vector
        return vector

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
        with self._lock:
            self.vectors.sync(self.store)
            self.sentence_vectors.sync(self.store)

    def manifest(self) -> dict:
        return {key: self.store.meta(key) for key in ("model", "backend", "dim")}

    def is_empty(self) -> bool:
        return self.store.chunk_count() == 0
