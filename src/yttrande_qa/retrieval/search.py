"""search(query, filters, k) → ranked passages: dense and lexical retrieval fused, with who is speaking
weighed against what the question asks for."""

from __future__ import annotations

import heapq
import sqlite3
from dataclasses import replace

import numpy as np

from .. import bilingual, tuning
from ..models import Filters, Passage
from ..store.database import split_numbers
from ..store.index import Index
from ..store.lexical import document_designations, known_abbreviations, own_designations
from ..store.vectors import VectorIndex
from ..terms import Designation, designations, is_abbreviation
from . import lexical
from .facts import fact_strength
from .query import QueryInfo, analyse, content_words, expand_abbreviations


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
    report or the municipalities said and the passage is the statement's own text; raised by
    tuning.FACT_BOOST when the question asks for a date, a number, a period or a penalty and the passage
    holds one (`facts.fact_strength`); then raised by its
    document's prior (`document_prior`: the question names the document's number, or is closer to its
    title than to most titles).
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    index.refresh()
    filters = filters or Filters()
    info = analyse(query)
    named = named_documents(index.store.db, query)
    _, dense_vector = index.query_vectors([query, dense_query(info)])  # the prior and the answer use the first
    dense = _dense(index, dense_vector, filters, named)
    allowed = index.store.filtered_ids(filters) if filters != Filters() else None
    matched = _lexical(index.store.db, info, allowed)
    rows = index.store.chunk_rows(set(dense) | set(matched))
    floor = min(dense.values(), default=0.0)
    prior = document_prior(index, query, named)
    scores = {
        chunk_id: fused_score(dense.get(chunk_id, floor), matched.get(chunk_id, 0.0), row, info)
        + prior.get(row["doc_id"], 0.0)
        for chunk_id, row in rows.items()
    }
    if info.asks:
        _lift_facts(scores, rows, info, query, k)
    best = sorted(scores, key=lambda chunk_id: (-scores[chunk_id], chunk_id))[:k]
    return [passage_from_row(rows[chunk_id], scores[chunk_id]) for chunk_id in best]


def _lift_facts(scores: dict[int, float], rows: dict, info: QueryInfo, query: str, k: int) -> None:
    """Raise by tuning.FACT_BOOST × fact_strength the passages that hold what the question asks for. They
    are read best first, up to the first that even a full lift could not bring into the k best lifted so
    far: the rest cannot reach the top k (reading every candidate's text cost tens of ms)."""
    lifted: list[float] = []  # the k best lifted scores, smallest first
    for chunk_id in sorted(scores, key=lambda c: (-scores[c], c)):
        if len(lifted) == k and scores[chunk_id] + tuning.FACT_BOOST < lifted[0]:
            return
        scores[chunk_id] += tuning.FACT_BOOST * fact_strength(rows[chunk_id]["text"], info.asks, query)
        (heapq.heappush if len(lifted) < k else heapq.heappushpop)(lifted, scores[chunk_id])


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


def document_prior(index: Index, query: str, named: set[str]) -> dict[str, float]:
    """What each document's passages gain before any passage is compared: tuning.NAMED_BOOST for a
    document the question names by number (`named_boosts`), and tuning.TITLE_WEIGHT times how much closer
    the question is to the document's title than to the median title (0 with a single document)."""
    doc_ids, vectors = index.title_vectors()
    prior = named_boosts(index.store.db, query, named)
    if vectors is None or len(doc_ids) < 2 or not tuning.TITLE_WEIGHT:
        return prior
    similarity = vectors @ index.query_vector(query)
    centred = similarity - float(np.median(similarity))
    for doc_id, value in zip(doc_ids, centred.tolist()):
        prior[doc_id] = prior.get(doc_id, 0.0) + tuning.TITLE_WEIGHT * value
    return prior


def named_boosts(db: sqlite3.Connection, query: str, named: set[str]) -> dict[str, float]:
    """tuning.NAMED_BOOST for the named documents that are the document the question names (their own
    number); a document only about it (the remiss of SOU 2019:30, a statement on it) gains it only when
    that document itself is not indexed."""
    own = _naming(own_designations(db), designations(query)) & named
    return dict.fromkeys(own or named, tuning.NAMED_BOOST)


def named_documents(db: sqlite3.Connection, query: str) -> set[str]:
    """The documents whose number the question names ("enligt SOU 2019:30", "directive 2018:6"): their
    own number, one they are about, or one in their title."""
    return _naming(document_designations(db), designations(query))


def _naming(numbers_of: dict[str, frozenset[Designation]], wanted: set[Designation]) -> set[str]:
    if not wanted:
        return set()
    return {doc_id for doc_id, numbers in numbers_of.items() if any(w.matches(n) for w in wanted for n in numbers)}


def _dense(index: Index, query_vector: np.ndarray, filters: Filters, named: set[str] = frozenset()) -> dict[int, float]:
    """Cosine of question and chunk, raised toward the cosine of the chunk's best-matching sentence:
    a question about one sentence of a long chunk is not drowned by the rest of it. The documents the
    question names always contribute their nearest chunks."""
    chunks = _nearest(index, index.vectors, query_vector, tuning.DENSE_DEPTH, filters)
    named = named & set(filters.doc_ids) if filters.doc_ids else named
    if named:
        chunks |= _nearest(index, index.vectors, query_vector, tuning.NAMED_DEPTH, replace(filters, doc_ids=sorted(named)))
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


def dense_query(info: QueryInfo) -> str:
    """What a question is embedded as for dense retrieval: an English one with the Swedish words that are
    the only translation of one of its words or terms ("… dental care … (tandvård)"), which bring it nearer
    the Swedish text that uses them (an abbreviation is a name: "PUL" is not "pulsslag"); a Swedish one as
    it is."""
    if info.language != "en":
        return info.text
    topic = [w for w in content_words(lexical.SEPARATED_NUMBER.sub(" ", info.text)) if not is_abbreviation(w)]
    extra = bilingual.unambiguous_swedish(topic)
    return f"{info.text} ({' '.join(extra)})" if extra else info.text


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
        page_index=row["page_index"],
        page_label=row["page_label"],
    )
