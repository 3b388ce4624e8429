"""`yttrande-qa check` on a whole index and on indexes damaged in each way it looks for; a damaged
database file is one clear line everywhere."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest
from helpers import SEED, run

from yttrande_qa.retrieval.search import search
from yttrande_qa.store.index import Index


def searched(folder: Path) -> Index:
    """The index after a search: its FAISS files are written."""
    index = Index(folder)
    assert search(index, "bostadsbristen", k=3)
    return index


def test_a_whole_index_passes(seed_index_copy):
    searched(seed_index_copy).close()
    result = run("check", index_dir=seed_index_copy)
    assert result.returncode == 0, result.stdout
    assert "problem" not in result.stdout and result.stdout.strip().endswith("the index is whole")
    assert "ok: chunks." in result.stdout and "ok: SQLite integrity check" in result.stdout


def drop_a_lexical_row(index: Index) -> str:
    index.store.db.execute("DELETE FROM chunk_terms WHERE rowid = (SELECT MIN(chunk_id) FROM chunks)")
    return "lexical index: 1 chunks without terms"


def faiss_file_with_a_stray_vector(index: Index) -> str:
    path = index.vectors.current_path(index.store)
    stale = faiss.read_index(str(path))
    stale.add_with_ids(np.ones((1, stale.d), dtype=np.float32), np.array([999_999], dtype=np.int64))
    faiss.write_index(stale, str(path))
    return "with other ids than the database's"


def vector_of_another_model(index: Index) -> str:
    index.store.db.execute("UPDATE chunks SET vector = ? WHERE chunk_id = (SELECT MIN(chunk_id) FROM chunks)",
                           (np.ones(100, dtype=np.float32).tobytes(),))
    return "1 chunk vectors are not of 384 dimensions"


def vectors_not_made_by_the_model(index: Index) -> str:
    rng = np.random.default_rng(1)
    for (chunk_id,) in index.store.db.execute("SELECT chunk_id FROM chunks").fetchall():
        vector = rng.standard_normal(384).astype(np.float32)
        index.store.db.execute("UPDATE chunks SET vector = ? WHERE chunk_id = ?",
                               ((vector / np.linalg.norm(vector)).tobytes(), chunk_id))
    return "the stored vectors were not made by intfloat/multilingual-e5-small"


@pytest.mark.parametrize("damage", [drop_a_lexical_row, faiss_file_with_a_stray_vector, vector_of_another_model,
                                    vectors_not_made_by_the_model])
def test_damage_is_found_and_the_rebuild_command_given(seed_index_copy, damage):
    index = searched(seed_index_copy)
    expected = damage(index)
    index.close()
    result = run("check", index_dir=seed_index_copy)
    assert result.returncode == 1
    assert any(line.startswith("problem:") and expected in line for line in result.stdout.splitlines()), result.stdout
    assert result.stdout.strip().splitlines()[-1].endswith(
        f"yttrande-qa --index-dir {seed_index_copy} index --rebuild {SEED.parent}")


@pytest.mark.parametrize("command", [["check"], ["list"], ["info"], ["ask", "Vad är RUS?"]])
def test_a_damaged_database_file_is_one_clear_line(seed_index_copy, command):
    database = seed_index_copy / "yttrande-qa.sqlite"
    for side_file in seed_index_copy.glob("yttrande-qa.sqlite-*"):
        side_file.unlink()
    database.write_bytes(b"this is not an SQLite database, it was overwritten" * 100)
    result = run(*command, index_dir=seed_index_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    output = (result.stdout + result.stderr).strip().splitlines()
    message = [line for line in output if str(database) in line]
    assert len(message) == 1 and "damaged" in message[0] and "index --rebuild" in message[0]


def test_a_damaged_database_file_is_replaced_by_a_rebuild(seed_index_copy):
    (seed_index_copy / "yttrande-qa.sqlite").write_bytes(b"not a database" * 100)
    result = run("index", "--rebuild", str(SEED), index_dir=seed_index_copy)
    assert result.returncode == 0, result.stderr
    assert run("check", index_dir=seed_index_copy).returncode == 0
