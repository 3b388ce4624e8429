"""Lexical search that suits Swedish: the question's words as FTS5 expressions over the stemmed terms
that store.lexical keeps for each chunk.

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

from .. import tuning
from ..store.lexical import chunk_count, stems
from ..terms import is_abbreviation, stem_word, swedish_stems, words
from .query import Language, content_words

SEPARATED_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)+")  # "2017/18:105", "2,5": its parts in sequence
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
ENGLISH_LEXICAL = "anchors"  # experiment: glossary | words | anchors
MIN_SUFFIX = tuning.MIN_PART + 1  # FTS5 cannot ask for letters before a suffix (terms.is_compound_part): one more


def term_groups(
    question: str, expansions: dict[str, str] | None = None, language: Language = "sv"
) -> list[str]:
    """The question's content words, each as an FTS5 expression that matches it in a chunk; a short
    form also matches its expansion.
    English words match whole Swedish words only ("sport" must not find "transport"), names excepted,
    and through their Swedish counterparts."""
    groups = {number: f'stems : "{" ".join(words(number))}"' for number in SEPARATED_NUMBER.findall(question)}
    first = next(iter(words(question)), "")
    for word in content_words(SEPARATED_NUMBER.sub(" ", question)):
        [stem] = stems(word) or [""]
        if len(stem) < 2 or stem in groups:
            continue
        if language == "en" and ENGLISH_LEXICAL == "anchors" and not _anchor(word, first):
            continue
        affixes = language == "sv" or word[0].isupper() or _anchor(word, first)
        alternatives = [_word_expression(stem, affixes)]
        if not affixes and ENGLISH_LEXICAL == "glossary":
            alternatives += _swedish_expressions(word)
        if expansions and word in expansions:
            alternatives.append(_phrase_expression(expansions[word]))
        groups[stem] = " OR ".join(alternatives)
    return list(groups.values())


def _anchor(word: str, first: str) -> bool:
    """A word an English question shares with Swedish text: a number, an abbreviation, a name (capitalised,
    not the question's first word) or a Swedish word (å, ä, ö)."""
    return (any(c.isdigit() for c in word) or is_abbreviation(word) or (word[0].isupper() and word != first)
            or bool(SWEDISH_LETTERS.search(word)))


def _word_expression(stem: str, affixes: bool) -> str:
    """The stem as a word, and with affixes as the start or the end of a compound (terms.is_compound_part)."""
    parts = [f'stems : "{stem}"' + (" *" if affixes and len(stem) >= tuning.MIN_PART else "")]
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
    return stem[:tuning.COGNATE_PREFIX] if len(stem) >= tuning.COGNATE_PREFIX else None


def _phrase_expression(expansion: str) -> str:
    """An expansion as a phrase whose last word may begin a compound: "vatten och avlopp" matches
    "Vatten- och avloppsinfrastruktur"."""
    return f'stems : "{" ".join(stems(expansion))}" *'


def search(
    db: sqlite3.Connection, groups: list[str], allowed: set[int] | None = None
) -> dict[int, float]:
    """Chunk id → the idf-weighted share of `groups` the chunk matches (only chunks matching any)."""
    if not groups:
        return {}
    total = chunk_count(db)
    weights, matches = [], []
    for group in groups:
        ids = {row[0] for row in db.execute("SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ?", (group,))}
        weights.append(_idf(len(ids), total))
        matches.append(ids if allowed is None else ids & allowed)
    norm = sum(weights) or 1.0
    scores: dict[int, float] = {}
    for weight, ids in zip(weights, matches):
        for chunk_id in ids:
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / norm
    return scores


def bm25(db: sqlite3.Connection, groups: list[str], allowed: set[int] | None = None, limit: int = 100) -> dict[int, float]:
    """Chunk id → its BM25 score for `groups` (FTS5's bm25 over both columns), divided by the best one's."""
    if not groups:
        return {}
    query = " OR ".join(f"({group})" for group in groups)
    rows = db.execute(
        "SELECT rowid, -bm25(chunk_terms) FROM chunk_terms WHERE chunk_terms MATCH ? ORDER BY rank LIMIT ?",
        (query, limit if allowed is None else 100_000),
    ).fetchall()
    scores = {chunk_id: score for chunk_id, score in rows if allowed is None or chunk_id in allowed}
    best = max(scores.values(), default=0.0) or 1.0
    return {chunk_id: score / best for chunk_id, score in scores.items()}


def _idf(df: int, total: int) -> float:
    """BM25's idf; a word no chunk has weighs most (the question asks for something not here)."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))
