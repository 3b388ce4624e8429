"""Lexical search that suits Swedish: the question's words as FTS5 expressions over the stemmed terms
that store.lexical keeps for each chunk.

Swedish writes compounds as one word, so a question word also matches the words it begins
("avlopp" → "avloppsinfrastruktur") and, through a column of reversed stems, the words it ends
("ledning" → "vattenledning"). Hyphenated words are split ("VA-samverkan" → "va", "samverkan").

A passage's lexical score is the share of the question it matches: the idf-weighted fraction of the
question's content words found in it, in [0, 1]. Its terms include its document's title and number
(store.lexical), so a question that names the document matches all of its passages.
"""

from __future__ import annotations

import math
import re
import sqlite3

from .. import bilingual, tuning
from ..store.lexical import chunk_count, stems
from ..terms import SWEDISH_LETTERS, is_abbreviation, words
from .query import Language, content_words

SEPARATED_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)+")  # "2017/18:105", "2,5": its parts in sequence
MIN_SUFFIX = tuning.MIN_PART + 1  # FTS5 cannot ask for letters before a suffix (terms.is_compound_part): one more


def term_groups(
    question: str, expansions: dict[str, str] | None = None, language: Language = "sv"
) -> list[str]:
    """The question's content words, each as an FTS5 expression that matches it in a chunk; a short
    form also matches its expansion, a number written in parts ("2017/18:105") its parts in sequence.
    An English word matches its Swedish translations (bilingual.swedish_stems), and itself only where
    Swedish text writes it the same way: a name, a number, an abbreviation or a Swedish word."""
    groups = {number: f'stems : "{" ".join(words(number))}"' for number in SEPARATED_NUMBER.findall(question)}
    first = next(iter(words(question)), "")
    topic = content_words(SEPARATED_NUMBER.sub(" ", question))
    translations = bilingual.swedish_stems(topic) if language == "en" else [frozenset()] * len(topic)
    for word, swedish in zip(topic, translations):
        [stem] = stems(word) or [""]
        if len(stem) < 2 or stem in groups:
            continue
        if language == "sv" or _anchor(word, first):
            alternatives = [_word_expression(stem)]
        else:
            alternatives = [_word_expression(s) for s in sorted(swedish)]
        if expansions and word in expansions:
            alternatives.append(_phrase_expression(expansions[word]))
        if alternatives:
            groups[stem] = " OR ".join(alternatives)
    return list(groups.values())


def _anchor(word: str, first: str) -> bool:
    """A word an English question shares with Swedish text: a number, an abbreviation, a name (capitalised,
    not the question's first word) or a Swedish word (å, ä, ö)."""
    return (any(c.isdigit() for c in word) or is_abbreviation(word) or (word[0].isupper() and word != first)
            or bool(SWEDISH_LETTERS.search(word)))


def _word_expression(stem: str) -> str:
    """The stem as a word, and as the start or the end of a compound (terms.is_compound_part)."""
    parts = [f'stems : "{stem}"' + (" *" if len(stem) >= tuning.MIN_PART else "")]
    if len(stem) >= MIN_SUFFIX:
        parts.append(f'reversed : "{stem[::-1]}" *')
    return " OR ".join(parts)


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


def _idf(df: int, total: int) -> float:
    """BM25's idf; a word no chunk has weighs most (the question asks for something not here)."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))
