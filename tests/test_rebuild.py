"""Rebuilds beside the index in use, switched to atomically; FAISS files tied to the database they were
built from; an index killed mid-rebuild stays as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from helpers import CLI, SEED_ID, run, small_statements

from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.retrieval.search import search
from yttrande_qa.store.index import Index


def test_faiss_files_left_by_a_deleted_database_are_not_used(seed_index_copy, tmp_path):
    """A new database restarts its generations: the old one's FAISS files must not pass for its own."""
    old = Index(seed_index_copy)
    assert search(old, "bostadsbristen", k=3)
    old.close()
    assert list(seed_index_copy.glob("chunks*.faiss"))
    for database in seed_index_copy.glob("*.sqlite*"):
        database.unlink()
    fresh = Index(seed_index_copy)
    [doc] = small_statements(tmp_path / "docs", 1)
    assert [o.status for o in index_files(fresh, [doc])] == ["added"]
    passages = search(fresh, "Vad anser regionen om bussar?", k=10)
    assert {p.doc_id for p in passages} == {"yttrande-bussar"}
    assert fresh.vectors.index.ntotal == fresh.store.chunk_count()


def test_a_chat_answers_from_the_old_index_until_the_rebuild_switches(seed_index_copy, tmp_path):
    from yttrande_qa.ingest.indexer import rebuild

    chat = Index(seed_index_copy)
    chat.store.add_feedback(1, "Vad är RUS?", "Den regionala utvecklingsstrategin [1]", "[]")
    old_chunk_ids = {p.chunk_id for p in search(chat, "bostadsbristen", k=100)}
    seen_meanwhile = []

    def while_rebuilding(outcome) -> None:
        passages = search(chat, "Vad anser regionen om bussar och bostadsbristen?", k=5)
        seen_meanwhile.append({p.doc_id for p in passages} | {d.doc_id for d in chat.store.documents()})

    docs = small_statements(tmp_path / "docs", 3)
    outcomes = rebuild(seed_index_copy, None, docs, on_done=while_rebuilding)
    assert [o.status for o in outcomes] == ["added"] * 3
    assert seen_meanwhile == [{SEED_ID}] * 3
    passages = search(chat, "Vad anser regionen om bussar?", k=5)
    assert passages[0].doc_id == "yttrande-bussar"
    assert not old_chunk_ids & {p.chunk_id for p in search(chat, "regionen", k=100)}  # ids never reused
    assert [row["question"] for row in chat.store.feedback()] == ["Vad är RUS?"]
    assert sorted(p.name for p in seed_index_copy.glob("*.sqlite")) == [chat.store.path.name]


def test_a_rebuild_in_which_every_file_fails_leaves_the_index_as_it_was(seed_index_copy, tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    result = run("index", "--rebuild", str(empty), index_dir=seed_index_copy)
    assert result.returncode == 1 and "left as it was" in result.stderr
    assert [d.doc_id for d in Index(seed_index_copy).store.documents()] == [SEED_ID]


def documents_in(folder: Path) -> set[str]:
    """Documents committed in any database of the index folder (read-only; busy ones are skipped)."""
    found = set()
    for path in folder.glob("*.sqlite"):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1) as db:
                found |= {row[0] for row in db.execute("SELECT doc_id FROM documents")}
        except sqlite3.Error:
            pass
    return found


def test_rebuild_killed_after_its_first_document_leaves_the_index_as_it_was(seed_index_copy, tmp_path):
    docs = small_statements(tmp_path / "docs")
    before = {p.chunk_id for p in search(Index(seed_index_copy), "bostadsbristen", k=5)}
    rebuilding = subprocess.Popen([CLI, "--index-dir", str(seed_index_copy), "index", "--rebuild", *map(str, docs)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "HF_HUB_OFFLINE": "1"})
    deadline = time.monotonic() + 300
    while not documents_in(seed_index_copy) - {SEED_ID} and time.monotonic() < deadline:
        time.sleep(0.02)
    rebuilding.send_signal(signal.SIGKILL)
    rebuilding.wait()
    assert documents_in(seed_index_copy) - {SEED_ID}, "the rebuild never committed a document"
    index = Index(seed_index_copy)
    assert [d.doc_id for d in index.store.documents()] == [SEED_ID]
    assert {p.chunk_id for p in search(index, "bostadsbristen", k=5)} == before
