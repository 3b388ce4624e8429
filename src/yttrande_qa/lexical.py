"""Lexical retrieval that suits Swedish: Snowball-stemmed terms in SQLite FTS5, in the same database
and the same transaction as the chunks.

Swedish writes compounds as one word, so a question word also matches the words it begins
("avlopp" → "avloppsinfrastruktur") and, through a column of reversed stems, the words it ends
("ledning" → "vattenledning"). Hyphenated words are split ("VA-samverkan" → "va", "samverkan").

A passage's lexical score is the share of the question it matches: the idf-weighted fraction of the
question's content words found in it, in [0, 1]. A question in English shares few words with Swedish
text, so its scores stay low instead of ranking passages by chance matches.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from .chunking import embedding_text
from .query import Language, content_words, find_abbreviations
from .terms import MIN_PART, stem_word, stem_words, swedish_stems, words

VERSION = "1"  # bump when the analysis changes: stored terms are then rebuilt on open
MIN_SUFFIX = MIN_PART + 1  # FTS5 cannot ask for letters before a suffix (terms.is_compound_part): one more
COGNATE_PREFIX = 6

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


# --- indexing -----------------------------------------------------------------------------------
def add_document(db: sqlite3.Connection, doc_id: str) -> None:
    """Store the terms and abbreviations of a document's chunks (call in the transaction that wrote them)."""
    rows = db.execute(
        "SELECT chunk_id, section, text FROM chunks WHERE doc_id = ? ORDER BY ordinal", (doc_id,)
    ).fetchall()
    _add_terms(db, rows)
    db.execute("DELETE FROM abbreviations WHERE doc_id = ?", (doc_id,))
    found = find_abbreviations("\n".join(row[2] for row in rows))
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


def _add_terms(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    values = []
    for chunk_id, section, text in rows:
        terms = stems(embedding_text(section, text))
        values.append((chunk_id, " ".join(terms), " ".join(t[::-1] for t in terms)))
    db.executemany("INSERT INTO chunk_terms (rowid, stems, reversed) VALUES (?, ?, ?)", values)


@dataclass(frozen=True)
class _Corpus:
    """What every search needs from the whole database, read once per generation."""

    generation: str | None
    chunk_count: int
    abbreviations: dict[str, str]


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
    )
    if not db.in_transaction:  # a write in progress may yet be rolled back
        if len(_corpora) >= _MAX_CORPORA:
            _corpora.clear()
        _corpora[id(db)] = (db, corpus)
    return corpus


def known_abbreviations(db: sqlite3.Connection) -> dict[str, str]:
    return dict(_corpus(db).abbreviations)


# --- searching ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TermGroup:
    """One word of the question: an FTS5 expression matching it (or its expansion) in a chunk."""

    word: str
    expression: str


def term_groups(
    question: str, expansions: dict[str, str] | None = None, language: Language = "sv"
) -> list[TermGroup]:
    """The question's content words as FTS5 expressions; a short form also matches its expansion.
    English words match whole Swedish words only ("sport" must not find "transport"), names excepted,
    and through their Swedish counterparts."""
    groups: dict[str, TermGroup] = {}
    for word in content_words(question):
        [stem] = stems(word) or [""]
        if len(stem) < 2 or stem in groups:
            continue
        affixes = language == "sv" or word[0].isupper()
        alternatives = [_word_expression(stem, affixes)]
        if not affixes:
            alternatives += _swedish_expressions(word)
        if expansions and word in expansions:
            alternatives.append(_phrase_expression(expansions[word]))
        groups[stem] = TermGroup(word, " OR ".join(alternatives))
    return list(groups.values())


def _word_expression(stem: str, affixes: bool) -> str:
    """The stem as a word, and with affixes as the start or the end of a compound (terms.is_compound_part)."""
    parts = [f'stems : "{stem}"' + (" *" if affixes and len(stem) >= MIN_PART else "")]
    if affixes and len(stem) >= MIN_SUFFIX:
        parts.append(f'reversed : "{stem[::-1]}" *')
    return " OR ".join(parts)


def _swedish_expressions(english_word: str) -> list[str]:
    """Swedish words for an English one: from the glossary of administration, or its cognate."""
    translations = swedish_stems(english_word)
    if translations:
        return [_word_expression(s, affixes=True) for s in translations]
    cognate = _cognate(stem_word(english_word, "en"))
    return [f'stems : "{cognate}" *'] if cognate else []


def _cognate(stem: str) -> str | None:
    """The start that an English stem shares with its Swedish cognate: "energi" (energy) → "energi",
    "infrastructur" → "infras", "cultur" → "kultur", "contact" → "kontak"."""
    stem = re.sub(r"c(?![eiy])", "k", stem.replace("ph", "f"))
    return stem[:COGNATE_PREFIX] if len(stem) >= COGNATE_PREFIX else None


def _phrase_expression(expansion: str) -> str:
    """An expansion as a phrase whose last word may begin a compound: "vatten och avlopp" matches
    "Vatten- och avloppsinfrastruktur"."""
    return f'stems : "{" ".join(stems(expansion))}" *'


def search(
    db: sqlite3.Connection, groups: list[TermGroup], allowed: set[int] | None = None
) -> dict[int, float]:
    """Chunk id → the idf-weighted share of `groups` the chunk matches (only chunks matching any)."""
    if not groups:
        return {}
    total = _corpus(db).chunk_count
    weights, matches = [], []
    for group in groups:
        ids = {row[0] for row in db.execute("SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ?", (group.expression,))}
        weights.append(_idf(len(ids), total))
        matches.append(ids if allowed is None else ids & allowed)
    norm = sum(weights) or 1.0
    scores: dict[int, float] = {}
    for weight, ids in zip(weights, matches):
        for chunk_id in ids:
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / norm
    return scores


def _idf(df: int, total: int) -> float:
    """BM25's idf; a word no chunk has weighs most (the question asks for something not here)."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))
