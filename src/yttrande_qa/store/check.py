"""`yttrande-qa check`: whether an index folder is whole, and what to do when it is not.

It checks the SQLite file (integrity, references), the lexical rows (one per chunk), the vectors (the
manifest's dimension, unit length, made by the manifest's model: a few chunks are embedded again), and
the FAISS files of the current generation (the ids and vectors of the database, nothing else).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from .. import config, tuning
from ..errors import YttrandeQAError
from ..text import embedding_text
from .database import VECTOR_TABLES, Store
from .index import Index
from .vectors import VectorIndex

RE_EMBEDDED_CHUNKS = 3
NORM_TOLERANCE = 1e-3


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: int = 0
    documents: list[str] = field(default_factory=list)  # paths of the indexed files, for the advice

    def ok(self, text: str) -> None:
        self.lines.append(f"ok: {text}")

    def problem(self, text: str) -> None:
        self.lines.append(f"problem: {text}")
        self.problems += 1

    def note(self, text: str) -> None:
        self.lines.append(f"note: {text}")


def check_index(folder: Path | None, model: str | None) -> Report:
    folder = config.index_dir(folder)
    report = Report()
    if not folder.is_dir():
        report.problem(f"there is no index in {folder} (no such folder)")
        return report
    try:
        index = Index(folder, model)
    except YttrandeQAError as error:
        report.problem(str(error))
        return report
    try:
        _check(index, report)
    except sqlite3.DatabaseError as error:
        report.problem(f"the database {index.store.path} cannot be read ({error})")
    finally:
        index.close()
    return report


def rebuild_advice(folder: Path | None, report: Report) -> str:
    folder = config.index_dir(folder)
    paths = [str(Path(p).parent) for p in report.documents]
    source = os.path.commonpath(paths) if paths else "documents/"
    return f"rebuild the index from the documents: yttrande-qa --index-dir {folder} index --rebuild {source}"


def _check(index: Index, report: Report) -> None:
    store = index.store
    report.ok(f"database {store.path}")
    report.documents = [d.path for d in store.documents()]
    _check_sqlite(store, report)
    _check_lexical(store, report)
    if store.chunk_count() == 0:
        report.note("the index holds no documents")
        return
    dim = _check_manifest(index, report)
    if dim is None:
        return
    for table in VECTOR_TABLES:
        if not _check_vectors(store, table, dim, report):
            return  # vectors of another size cannot be compared with anything
        _check_faiss(store, VectorIndex(index.folder, table), dim, report)
    _check_model(index, report)


def _check_sqlite(store: Store, report: Report) -> None:
    integrity = [row[0] for row in store.db.execute("PRAGMA integrity_check")]
    if integrity == ["ok"]:
        report.ok("SQLite integrity check")
    else:
        report.problem(f"SQLite integrity check: {'; '.join(integrity[:3])}")
    dangling = store.db.execute("PRAGMA foreign_key_check").fetchall()
    if dangling:
        report.problem(f"{len(dangling)} rows refer to documents or chunks that do not exist")
    empty = _count(store, "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                          "(SELECT 1 FROM chunks c WHERE c.doc_id = d.doc_id)")
    if empty:
        report.problem(f"{empty} documents without chunks")


def _check_lexical(store: Store, report: Report) -> None:
    missing = _count(store, "SELECT COUNT(*) FROM chunks WHERE chunk_id NOT IN (SELECT rowid FROM chunk_terms)")
    extra = _count(store, "SELECT COUNT(*) FROM chunk_terms WHERE rowid NOT IN (SELECT chunk_id FROM chunks)")
    try:
        store.db.execute("INSERT INTO chunk_terms (chunk_terms) VALUES ('integrity-check')")
        damaged = None
    except sqlite3.DatabaseError as error:
        damaged = str(error)
    if missing or extra or damaged:
        report.problem(f"lexical index: {missing} chunks without terms, {extra} terms without a chunk"
                       + (f", FTS5 integrity check: {damaged}" if damaged else ""))
    else:
        report.ok(f"lexical index: one row for each of the {store.chunk_count()} chunks")


def _check_manifest(index: Index, report: Report) -> int | None:
    manifest = index.manifest()
    if not all(manifest.values()) or not manifest["dim"].isdigit():
        report.problem(f"the manifest is incomplete ({manifest})")
        return None
    report.ok(f"manifest: {manifest['model']} through {manifest['backend']}, {manifest['dim']} dimensions")
    return int(manifest["dim"])


def _check_vectors(store: Store, table: str, dim: int, report: Report) -> bool:
    """Whether the vectors have the manifest's dimension (and a problem reported if not of unit length)."""
    wrong = _count(store, f"SELECT COUNT(*) FROM {table} WHERE length(vector) != ?", dim * 4)
    if wrong:
        report.problem(f"{wrong} {table[:-1]} vectors are not of {dim} dimensions")
        return False
    ids, vectors = store.all_vectors(table)
    if vectors is None:
        return True
    norms = np.linalg.norm(vectors, axis=1)
    off = int(np.sum(~np.isfinite(norms) | (np.abs(norms - 1) > NORM_TOLERANCE)))
    if off:
        report.problem(f"{off} {table[:-1]} vectors are not of unit length")
    else:
        report.ok(f"{len(ids)} {table[:-1]} vectors of {dim} dimensions and unit length")
    return True


def _check_faiss(store: Store, vectors: VectorIndex, dim: int, report: Report) -> None:
    path = vectors.current_path(store)
    if not path.exists():
        report.note(f"{path.name} is not written yet; it is built from the database on first use")
        return
    try:
        index = faiss.read_index(str(path))
        file_ids = faiss.vector_to_array(index.id_map)
        file_vectors = index.index.reconstruct_n(0, index.ntotal)
    except (RuntimeError, AttributeError) as error:
        report.problem(f"{path.name} cannot be read ({error})")
        return
    ids, stored = store.all_vectors(vectors.table)
    order = np.argsort(file_ids)
    if index.d != dim or not np.array_equal(file_ids[order], ids):
        report.problem(f"{path.name} holds {index.ntotal} vectors of {index.d} dimensions with other ids than "
                       f"the database's {len(ids)} {vectors.table}")
    elif not np.allclose(file_vectors[order], stored, atol=1e-6):
        report.problem(f"{path.name} holds other vectors than the database")
    else:
        report.ok(f"{path.name}: the database's {len(ids)} {vectors.table} ids and vectors")


def _check_model(index: Index, report: Report) -> None:
    try:
        embedder = index.embedder  # refuses another model than the manifest's
    except YttrandeQAError as error:
        report.problem(str(error))
        return
    rows = index.store.db.execute(
        "SELECT section, text, vector FROM chunks ORDER BY chunk_id LIMIT ?", (RE_EMBEDDED_CHUNKS,)
    ).fetchall()
    again = embedder.embed_passages([embedding_text(section, text) for section, text, _ in rows])
    cosines = [float(np.frombuffer(blob, dtype=np.float32) @ vector) for (_, _, blob), vector in zip(rows, again)]
    if min(cosines) < tuning.MIN_SAME_MODEL_COSINE:
        report.problem(f"the stored vectors were not made by {embedder.model} (a chunk embedded again: "
                       f"cosine {min(cosines):.2f})")
    else:
        report.ok(f"{len(rows)} chunks embedded again by {embedder.model} ({embedder.backend}) match "
                  f"their stored vectors (cosine ≥ {min(cosines):.3f})")


def _count(store: Store, sql: str, *params) -> int:
    return store.db.execute(sql, params).fetchone()[0]
