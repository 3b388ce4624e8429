"""The SQLite database in the index folder: the source of truth for documents, chunks and their vectors.

The FAISS file beside it is derived from the `vector` column and can always be rebuilt from it. Every
change bumps `meta.generation` inside the same transaction, so a reader can tell when its copy is stale;
`meta.database_id`, random and written when the database is created, tells one database from another
(a FAISS file names both).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from .. import links
from ..actors import speaks_for_region
from ..errors import DamagedIndexError, YttrandeQAError
from ..models import Chunk, Document, Filters
from . import lexical

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('statement', 'report', 'other')),
    date TEXT,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    responds_to TEXT REFERENCES documents(doc_id) ON DELETE SET NULL,
    indexed_at TEXT NOT NULL DEFAULT (datetime('now')),
    genre TEXT,
    doc_number TEXT,
    subject_numbers TEXT NOT NULL DEFAULT '',
    diarienummer TEXT,
    issuer TEXT,
    kind_overridden INTEGER NOT NULL DEFAULT 0,
    metadata_version INTEGER NOT NULL DEFAULT 0  -- 0: read by a version without document metadata
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: ids in FAISS files stay unambiguous
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    page INTEGER,
    section TEXT NOT NULL,
    speaker TEXT NOT NULL CHECK (speaker IN ('author', 'quoted')),
    quoted_page INTEGER,
    quoted_page_end INTEGER,
    vector BLOB NOT NULL,
    -- ocr_confidence: the page was read with OCR, with this mean word confidence (0–100);
    -- page_index: the PDF page it stands on, 0-based (page: the number printed on it);
    -- page_label: that page's own label, which citations show ("iii" in roman-numbered front matter)
    ocr_confidence REAL,
    page_index INTEGER,
    page_label TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, ordinal);
-- Each chunk's sentences, embedded on their own: a question that matches one sentence of a long chunk.
CREATE TABLE IF NOT EXISTS sentences (
    sentence_id INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk_id INTEGER NOT NULL REFERENCES chunks(chunk_id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_chunk ON sentences(chunk_id);
-- Each document's title, embedded: a question that names or describes a document leans toward it.
CREATE TABLE IF NOT EXISTS title_vectors (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    vector BLOB NOT NULL
);
-- Written by users; an index rebuild never touches it.
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    passages_json TEXT NOT NULL
);
"""

CHUNK_COLUMNS = (
    "chunk_id, doc_id, ordinal, text, page, section, speaker, quoted_page, quoted_page_end, ocr_confidence, "
    "page_index, page_label"
)
# Columns added to `documents` after the first release, with their definitions: an index built
# before them gets them on open (its documents are read again by the next `index`, see indexer.py).
ADDED_DOCUMENT_COLUMNS = {
    "genre": "TEXT",
    "doc_number": "TEXT",
    "subject_numbers": "TEXT NOT NULL DEFAULT ''",
    "diarienummer": "TEXT",
    "issuer": "TEXT",
    "kind_overridden": "INTEGER NOT NULL DEFAULT 0",
    "metadata_version": "INTEGER NOT NULL DEFAULT 0",
}
METADATA_COLUMNS = "genre, doc_number, subject_numbers, diarienummer, issuer"  # what a passage carries
DOCUMENT_COLUMNS = f"doc_id, title, kind, date, path, content_hash, responds_to, {', '.join(ADDED_DOCUMENT_COLUMNS)}"
# Columns added to `chunks` after the first release: NULL in an older index, which could not read scans
# nor kept a PDF page's place and label apart from its number (its documents are read again by the next
# `index`), except where ADDED_FILLED says what an older index meant.
ADDED_CHUNK_COLUMNS = {"ocr_confidence": "REAL", "page_index": "INTEGER", "page_label": "TEXT"}
ADDED_FILLED = {"page_label": "CAST(page AS TEXT)"}  # a page was labelled by its number
NUMBER_SEPARATOR = "; "
VECTOR_TABLES = {"chunks": "chunk_id", "sentences": "sentence_id"}  # table → id column


class Store:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.create_function("speaks_for_region", 1, speaks_for_region, deterministic=True)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=10000")
            self.db.executescript(SCHEMA + lexical.SCHEMA + links.SCHEMA)
            _add_columns(self.db)
            lexical.ensure_current(self.db)
            links.ensure_current(self.db, self.documents)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('database_id', ?)", (uuid.uuid4().hex,))
            self.database_id: str = self.meta("database_id")
        except sqlite3.OperationalError as error:  # locked, unreadable, disk full: not damage
            raise YttrandeQAError(f"cannot open the index database {path}: {error}") from None
        except sqlite3.DatabaseError as error:
            raise DamagedIndexError(path, str(error)) from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing, and bumps the generation so readers reload their vectors."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute(
                "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
                "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # --- manifest -------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    # --- documents ------------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        rows = self.db.execute(
            f"SELECT {_prefixed('d.', DOCUMENT_COLUMNS)}, COUNT(c.chunk_id) AS chunk_count "
            "FROM documents d LEFT JOIN chunks c USING (doc_id) GROUP BY d.doc_id ORDER BY d.doc_id"
        ).fetchall()
        documents = [_document(row) for row in rows]
        answered_by: dict[str, list[str]] = {}
        for document in documents:
            if document.responds_to:
                answered_by.setdefault(document.responds_to, []).append(document.doc_id)
        return [replace(d, answered_by=tuple(answered_by.get(d.doc_id, ()))) for d in documents]

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents() if d.doc_id == doc_id), None)

    def document_by_path(self, path: str) -> Document | None:
        row = self.db.execute("SELECT doc_id FROM documents WHERE path = ?", (path,)).fetchone()
        return self.document(row[0]) if row else None

    def doc_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT doc_id FROM documents")}

    def put_document(
        self,
        db: sqlite3.Connection,
        doc: Document,
        chunks: list[Chunk],
        vectors: np.ndarray,
        sentences: list[tuple[int, str, np.ndarray]],
    ) -> None:
        """Replace a document, its chunks and their (chunk ordinal, text, vector) sentences (call inside
        `transaction`)."""
        db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc.doc_id,))
        values = {**asdict(doc), "subject_numbers": NUMBER_SEPARATOR.join(doc.subject_numbers)}
        columns = [column.strip() for column in DOCUMENT_COLUMNS.split(",")]
        updates = ", ".join(f"{column}=excluded.{column}" for column in columns[1:])
        db.execute(
            f"INSERT INTO documents ({DOCUMENT_COLUMNS}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(doc_id) DO UPDATE SET {updates}, indexed_at=datetime('now')",
            [values[column] for column in columns],
        )
        db.executemany(
            "INSERT INTO chunks (doc_id, ordinal, text, page, section, speaker, quoted_page, "
            "quoted_page_end, vector, ocr_confidence, page_index, page_label) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc.doc_id, i, c.text, c.page, c.section, c.speaker, c.quoted_page,
                 c.quoted_page_end, _blob(vectors[i]), c.ocr_confidence, c.page_index, c.page_label)
                for i, c in enumerate(chunks)
            ],
        )
        chunk_ids = dict(db.execute("SELECT ordinal, chunk_id FROM chunks WHERE doc_id = ?", (doc.doc_id,)))
        db.executemany(
            "INSERT INTO sentences (chunk_id, text, vector) VALUES (?, ?, ?)",
            [(chunk_ids[ordinal], text, _blob(vector)) for ordinal, text, vector in sentences],
        )
        lexical.add_document(db, doc.doc_id)

    def put_title_vectors(self, db: sqlite3.Connection, rows: list[tuple[str, str, np.ndarray]]) -> None:
        """Store (doc id, title, vector) of documents' titles (call inside `transaction`)."""
        db.executemany(
            "INSERT INTO title_vectors (doc_id, title, vector) VALUES (?, ?, ?) ON CONFLICT(doc_id) "
            "DO UPDATE SET title = excluded.title, vector = excluded.vector",
            [(doc_id, title, _blob(vector)) for doc_id, title, vector in rows],
        )

    def title_vectors(self) -> tuple[list[str], np.ndarray | None]:
        """(doc ids, vectors) of the documents' embedded titles."""
        rows = self.db.execute("SELECT doc_id, vector FROM title_vectors ORDER BY doc_id").fetchall()
        return [r[0] for r in rows], (np.stack([_vector(r[1]) for r in rows]) if rows else None)

    def unembedded_titles(self) -> list[tuple[str, str]]:
        """(doc id, title) of documents whose title has no vector, or a vector of an earlier title."""
        return self.db.execute(
            "SELECT d.doc_id, d.title FROM documents d LEFT JOIN title_vectors t USING (doc_id) "
            "WHERE t.title IS NULL OR t.title != d.title"
        ).fetchall()

    def delete_document(self, db: sqlite3.Connection, doc_id: str) -> bool:
        return db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,)).rowcount > 0

    # --- chunks ---------------------------------------------------------------------------------
    def chunk_vectors(self, doc_id: str) -> list[tuple[str, str, np.ndarray]]:
        """(section, text, vector) of a document's chunks, to reuse when it is re-indexed."""
        rows = self.db.execute("SELECT section, text, vector FROM chunks WHERE doc_id = ?", (doc_id,))
        return [(section, text, _vector(blob)) for section, text, blob in rows]

    def sentence_vectors(self, doc_id: str) -> list[tuple[str, np.ndarray]]:
        """(text, vector) of a document's sentences, to reuse when it is re-indexed."""
        rows = self.db.execute(
            "SELECT s.text, s.vector FROM sentences s JOIN chunks c USING (chunk_id) WHERE c.doc_id = ?",
            (doc_id,),
        )
        return [(text, _vector(blob)) for text, blob in rows]

    def all_vectors(self, table: str) -> tuple[np.ndarray, np.ndarray | None]:
        """(ids, vectors) of every chunk or sentence: what a FAISS file is rebuilt from."""
        id_column = VECTOR_TABLES[table]
        rows = self.db.execute(f"SELECT {id_column}, vector FROM {table} ORDER BY {id_column}").fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vectors = np.stack([_vector(r[1]) for r in rows]) if rows else None
        return ids, vectors

    def sentences_of(self, chunk_ids: list[int]) -> list[tuple[int, str, np.ndarray]]:
        """(chunk id, text, vector) of the chunks' stored sentences."""
        rows = self.db.execute(
            f"SELECT chunk_id, text, vector FROM sentences WHERE chunk_id IN ({','.join('?' * len(chunk_ids))})",
            chunk_ids,
        )
        return [(chunk_id, text, _vector(blob)) for chunk_id, text, blob in rows]

    def vectors_of(self, chunk_ids: list[int]) -> dict[int, np.ndarray]:
        """The chunks' own vectors, by id."""
        rows = self.db.execute(
            f"SELECT chunk_id, vector FROM chunks WHERE chunk_id IN ({','.join('?' * len(chunk_ids))})", chunk_ids
        )
        return {chunk_id: _vector(blob) for chunk_id, blob in rows}

    def sentence_chunks(self, sentence_ids: Iterable[int]) -> dict[int, int]:
        """The chunk each sentence belongs to."""
        ids = list(sentence_ids)
        rows = self.db.execute(
            f"SELECT sentence_id, chunk_id FROM sentences WHERE sentence_id IN ({','.join('?' * len(ids))})", ids
        )
        return dict(rows.fetchall())

    def chunk_rows(self, chunk_ids: Iterable[int]) -> dict[int, sqlite3.Row]:
        """Chunks joined with their document's metadata, by id."""
        ids = list(chunk_ids)
        if not ids:
            return {}
        rows = self.db.execute(
            f"SELECT {_prefixed('c.', CHUNK_COLUMNS)}, d.title, d.kind, d.date, {_prefixed('d.', METADATA_COLUMNS)} "
            "FROM chunks c JOIN documents d USING (doc_id) "
            f"WHERE c.chunk_id IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
        return {row["chunk_id"]: row for row in rows}

    def neighbours(self, chunk_id: int, before: int = 1, after: int = 1) -> list[sqlite3.Row]:
        """The chunk and those around it in its document, in reading order."""
        return self.db.execute(
            "SELECT c.* FROM chunks c JOIN chunks target ON target.doc_id = c.doc_id "
            "WHERE target.chunk_id = ? AND c.ordinal BETWEEN target.ordinal - ? AND target.ordinal + ? "
            "ORDER BY c.ordinal",
            (chunk_id, before, after),
        ).fetchall()

    def filtered_ids(self, filters: Filters, table: str = "chunks") -> np.ndarray:
        """Ids of the chunks (or their sentences) that `filters` allow."""
        where, params = filter_sql(filters)
        joins = "sentences s JOIN chunks c USING (chunk_id)" if table == "sentences" else "chunks c"
        rows = self.db.execute(
            f"SELECT {VECTOR_TABLES[table]} FROM {joins} JOIN documents d USING (doc_id) WHERE {where}", params
        )
        return np.array([r[0] for r in rows], dtype=np.int64)

    def sections(self, doc_id: str) -> list[str]:
        """The document's section paths, in reading order."""
        rows = self.db.execute(
            "SELECT section FROM chunks WHERE doc_id = ? GROUP BY section ORDER BY MIN(ordinal)", (doc_id,)
        )
        return [row[0] for row in rows]

    def last_pages(self) -> dict[str, int | None]:
        """Each document's highest printed page number (None when it prints none)."""
        return dict(self.db.execute("SELECT doc_id, MAX(page) FROM chunks GROUP BY doc_id").fetchall())

    def chunk_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def continue_ids_after(self, other: Store) -> None:
        """Number new chunks and sentences after the other database's: ids stay unique across a rebuild,
        so that a reader switching databases mid-question finds no row under an old id."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                other.db.execute(
                    "SELECT name, seq FROM sqlite_sequence WHERE name IN ('chunks', 'sentences')"
                ).fetchall(),
            )

    # --- feedback -------------------------------------------------------------------------------
    def copy_feedback_from(self, other: Store) -> None:
        """Every rating the other database holds (in the columns both have)."""
        columns = [c for c in _columns(other.db, "feedback") if c in _columns(self.db, "feedback")]
        names = ", ".join(columns)
        rows = other.db.execute(f"SELECT {names} FROM feedback ORDER BY id").fetchall()
        with self.transaction() as db:
            db.executemany(f"INSERT OR IGNORE INTO feedback ({names}) VALUES ({', '.join('?' * len(columns))})", rows)

    def copy_hand_links_from(self, other: Store) -> None:
        """The links the other database had set by hand (`index --responds-to DOC` or `none`), for the
        documents this one holds too (the same file, or the same content elsewhere)."""
        found = links.hand_links(other.db)
        if found:
            with self.transaction() as db:
                links.restore_hand_links(db, self.documents(), found)

    def add_feedback(self, rating: int, question: str, answer: str, passages_json: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO feedback (rating, question, answer, passages_json) VALUES (?, ?, ?, ?)",
            (rating, question, answer, passages_json),
        )
        return cursor.lastrowid

    def feedback(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM feedback ORDER BY id").fetchall()


def filter_sql(filters: Filters) -> tuple[str, list]:
    """A WHERE clause over `chunks c JOIN documents d` for `filters`."""
    clauses, params = ["1"], []

    def any_of(column: str, values: list) -> None:
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)

    any_of("d.doc_id", filters.doc_ids)
    any_of("d.kind", filters.kinds)
    any_of("c.speaker", filters.speakers)
    if filters.stance_only:
        clauses.append("d.kind = 'statement' AND c.speaker = 'author' AND speaks_for_region(d.issuer)")
    if filters.date_from:
        clauses.append("d.date >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append("d.date <= ?")
        params.append(filters.date_to)
    return " AND ".join(clauses), params


def _add_columns(db: sqlite3.Connection) -> None:
    """Give an index built by an earlier version the columns of document metadata, OCR confidence and
    PDF page index and label."""
    db.execute("BEGIN IMMEDIATE")
    try:
        for table, added in (("documents", ADDED_DOCUMENT_COLUMNS), ("chunks", ADDED_CHUNK_COLUMNS)):
            present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            for column, definition in added.items():
                if column not in present:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
                    if column in ADDED_FILLED:
                        db.execute(f"UPDATE {table} SET {column} = {ADDED_FILLED[column]}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _document(row: sqlite3.Row) -> Document:
    values = dict(row)
    values["subject_numbers"] = split_numbers(values["subject_numbers"])
    values["kind_overridden"] = bool(values["kind_overridden"])
    return Document(**values)


def split_numbers(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(NUMBER_SEPARATOR)) if joined else ()


def _blob(vector: np.ndarray) -> bytes:
    return vector.astype(np.float32).tobytes()


def _vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def _prefixed(prefix: str, columns: str) -> str:
    return ", ".join(prefix + c.strip() for c in columns.split(","))
