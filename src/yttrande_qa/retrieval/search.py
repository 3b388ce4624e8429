"""search(query, filters, k) → ranked passages: dense and lexical retrieval fused, with who is speaking
weighed against what the question asks for."""

from __future__ import annotations

import heapq
import sqlite3

from .. import tuning
from ..models import Filters, Passage
from ..store.database import split_numbers
from ..store.index import Index
from ..store.lexical import known_abbreviations
from ..store.vectors import VectorIndex
from . import lexical
from .query import QueryInfo, analyse, expand_abbreviations


def search(
    index: Index,
    query: str,
    filters: Filters | None = None,
    k: int = 5,
) -> list[Passage]:
    """The k chunks most relevant to `query` (a self-contained question: see query.rewrite_followup),
    best first.

    `score` is in [0, 1], higher is better: the cosine similarity c of question and passage (raised
    0.6 of the way toward the cosine of its best-matching sentence), raised toward 1 by the share m of the question's words that the passage contains (idf-weighted, with
    Swedish stemming and compound parts), c + 0.2·m·(1 − c); then lowered by 0.04 when the question
    asks for the region's position and the passage is not the statement's own text, or asks what the
    report or the municipalities said and the passage is the statement's own text.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    index.refresh()
    filters = filters or Filters()
    info = analyse(query)
    dense = _dense(index, query, filters)
    allowed = index.store.filtered_ids(filters) if filters != Filters() else None
    matched = _lexical(index.store.db, info, allowed)
    rows = index.store.chunk_rows(set(dense) | set(matched))
    floor = min(dense.values(), default=0.0)
    scores = {
        chunk_id: fused_score(dense.get(chunk_id, floor), matched.get(chunk_id, 0.0), row, info)
        for chunk_id, row in rows.items()
    }
    best = sorted(scores, key=lambda chunk_id: (-scores[chunk_id], chunk_id))[:k]
    return [passage_from_row(rows[chunk_id], scores[chunk_id]) for chunk_id in best]


def fused_score(cosine: float, matched: float, row: sqlite3.Row, info: QueryInfo) -> float:
    score = cosine + tuning.LEXICAL_WEIGHT * matched * (1.0 - cosine)
    if not speaker_fits(row, info):
        score -= tuning.SPEAKER_MARGIN
    return score


def speaker_fits(row: sqlite3.Row, info: QueryInfo) -> bool:
    is_stance = row["kind"] == "statement" and row["speaker"] == "author"
    if info.intent == "stance":
        return is_stance
    if info.intent == "report":
        return not is_stance
    return True


def _dense(index: Index, query: str, filters: Filters) -> dict[int, float]:
    """Cosine of question and chunk, raised toward the cosine of the chunk's best-matching sentence:
    a question about one sentence of a long chunk is not drowned by the rest of it."""
    query_vector = index.query_vector(query)
    chunks = _nearest(index, index.vectors, query_vector, tuning.DENSE_DEPTH, filters)
    sentences = _nearest(index, index.sentence_vectors, query_vector, tuning.SENTENCE_DEPTH, filters)
    best_sentence: dict[int, float] = {}
    for sentence_id, chunk_id in index.store.sentence_chunks(sentences).items():
        best_sentence[chunk_id] = max(best_sentence.get(chunk_id, -1.0), sentences[sentence_id])
    floor = min(chunks.values(), default=0.0)
    raised = {}
    for chunk_id in chunks.keys() | best_sentence.keys():
        cosine = chunks.get(chunk_id, floor)
        raised[chunk_id] = cosine + tuning.SENTENCE_WEIGHT * max(0.0, best_sentence.get(chunk_id, cosine) - cosine)
    return raised


def sentence_similarities(index: Index, query: str, passages: list[Passage]) -> dict[tuple[int, str], float]:
    """Cosine of the query and each stored sentence of the passages, by (chunk id, sentence text)."""
    query_vector = index.query_vector(query)
    return {
        (chunk_id, text): float(vector @ query_vector)
        for chunk_id, text, vector in index.store.sentences_of([p.chunk_id for p in passages])
    }


def _nearest(index: Index, vectors: VectorIndex, query_vector, depth: int, filters: Filters) -> dict[int, float]:
    allowed = index.store.filtered_ids(filters, vectors.table) if filters != Filters() else None
    scores, ids = vectors.search(query_vector, depth, allowed)
    return dict(zip(ids.tolist(), scores.tolist()))


def _lexical(db: sqlite3.Connection, info: QueryInfo, allowed) -> dict[int, float]:
    expansions = expand_abbreviations(info.text, known_abbreviations(db))
    groups = lexical.term_groups(info.text, expansions, info.language)
    matched = lexical.search(db, groups, None if allowed is None else set(allowed.tolist()))
    best = heapq.nlargest(tuning.LEXICAL_DEPTH, matched, key=matched.__getitem__)
    return {chunk_id: matched[chunk_id] for chunk_id in best}


def passage_from_row(row: sqlite3.Row, score: float) -> Passage:
    return Passage(
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        title=row["title"],
        kind=row["kind"],
        date=row["date"],
        page=row["page"],
        section=row["section"],
        speaker=row["speaker"],
        quoted_page=row["quoted_page"],
        quoted_page_end=row["quoted_page_end"],
        text=row["text"],
        score=min(1.0, max(0.0, score)),
        genre=row["genre"],
        doc_number=row["doc_number"],
        subject_numbers=split_numbers(row["subject_numbers"]),
        diarienummer=row["diarienummer"],
        issuer=row["issuer"],
        ocr=row["ocr_confidence"] is not None,
        ocr_confidence=row["ocr_confidence"],
    )
