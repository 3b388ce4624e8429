"""The lexical side of the index: Snowball-stemmed terms of each chunk in SQLite FTS5, written in the
same transaction as the chunks, and the abbreviations each document defines (retrieval.lexical searches them).

Swedish writes compounds as one word, so a question word also matches the words it begins
("avlopp" → "avloppsinfrastruktur") and, through a column of reversed stems, the words it ends
("ledning" → "vattenledning"). Hyphenated words are split ("VA-samverkan" → "va", "samverkan").

A passage's lexical score is the share of the question it matches: the idf-weighted fraction of the
question's content words found in it, in [0, 1]. A question in English shares few words with Swedish
text, so its scores stay low instead of ranking passages by chance matches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..terms import Designation, designations, stem_words, words
from ..text import embedding_text
from .abbreviations import find_abbreviations

VERSION = "2"  # bump when the analysis changes: stored terms are then rebuilt on open

SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(
    stems, reversed, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER IF NOT EXISTS chunk_terms_delete AFTER DELETE ON chunks BEGIN
    DELETE FROM chunk_terms WHERE rowid = old.chunk_id;
END;
CREATE TABLE IF NOT EXISTS abbreviations (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    short TEXT NOT NULL,
    expansion TEXT NOT NULL,
    PRIMARY KEY (doc_id, short)
);
"""


def stems(text: str) -> list[str]:
    """Lower-cased Snowball Swedish stems of the words in text."""
    return stem_words(words(text))


def add_document(db: sqlite3.Connection, doc_id: str) -> None:
    """Store the terms and abbreviations of a document's chunks (call in the transaction that wrote them)."""
    rows = db.execute(
        "SELECT c.chunk_id, d.title || ' ' || COALESCE(d.doc_number, ''), c.section, c.text "
        "FROM chunks c JOIN documents d USING (doc_id) "
        "WHERE doc_id = ? ORDER BY c.ordinal",
        (doc_id,),
    ).fetchall()
    _add_terms(db, rows)
    db.execute("DELETE FROM abbreviations WHERE doc_id = ?", (doc_id,))
    found = find_abbreviations("\n".join(row[3] for row in rows))
    db.executemany(
        "INSERT INTO abbreviations (doc_id, short, expansion) VALUES (?, ?, ?)",
        [(doc_id, short, expansion) for short, expansion in found.items()],
    )


def ensure_current(db: sqlite3.Connection) -> None:
    """Rebuild terms and abbreviations from the chunks when they were made by another VERSION
    (or by a version of yttrande-qa without them)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'lexical_version'").fetchone()
    if row and row[0] == VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM chunk_terms")
        for (doc_id,) in db.execute("SELECT doc_id FROM documents").fetchall():
            add_document(db, doc_id)
        db.execute(
            "INSERT INTO meta VALUES ('lexical_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (VERSION,),
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _add_terms(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str, str]]) -> None:
    values = []
    for chunk_id, label, section, text in rows:
        terms = stems(f"{label}\n{embedding_text(section, text)}")  # a question may name the document
        values.append((chunk_id, " ".join(terms), " ".join(t[::-1] for t in terms)))
    db.executemany("INSERT INTO chunk_terms (rowid, stems, reversed) VALUES (?, ?, ?)", values)


@dataclass(frozen=True)
class _Corpus:
    """What every search needs from the whole database, read once per generation."""

    generation: str | None
    chunk_count: int
    abbreviations: dict[str, str]
    designations: dict[str, frozenset[Designation]]  # doc id → its own number, those it is about, its title's
    own_designations: dict[str, frozenset[Designation]]  # doc id → its own number only


_corpora: dict[int, tuple[sqlite3.Connection, _Corpus]] = {}  # id(db) → db (so the id stays its own), corpus
_MAX_CORPORA = 16


def _corpus(db: sqlite3.Connection) -> _Corpus:
    row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    generation = row[0] if row else None
    cached = _corpora.get(id(db))
    if cached and cached[1].generation == generation and not db.in_transaction:
        return cached[1]
    corpus = _Corpus(
        generation,
        db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0],
        {short: expansion for short, expansion in db.execute("SELECT short, expansion FROM abbreviations")},
        {
            doc_id: frozenset(designations(" ".join(filter(None, labels))))
            for doc_id, *labels in db.execute("SELECT doc_id, title, doc_number, subject_numbers FROM documents")
        },
        {
            doc_id: frozenset(designations(number or ""))
            for doc_id, number in db.execute("SELECT doc_id, doc_number FROM documents")
        },
    )
    if not db.in_transaction:  # a write in progress may yet be rolled back
        if len(_corpora) >= _MAX_CORPORA:
            _corpora.clear()
        _corpora[id(db)] = (db, corpus)
    return corpus


def known_abbreviations(db: sqlite3.Connection) -> dict[str, str]:
    return dict(_corpus(db).abbreviations)


def document_designations(db: sqlite3.Connection) -> dict[str, frozenset[Designation]]:
    return _corpus(db).designations


def own_designations(db: sqlite3.Connection) -> dict[str, frozenset[Designation]]:
    return _corpus(db).own_designations


def chunk_count(db: sqlite3.Connection) -> int:
    return _corpus(db).chunk_count
