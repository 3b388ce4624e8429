"""search(query, filters, k) → ranked passages."""

from __future__ import annotations

import sqlite3

from .index import Index
from .models import Filters, Passage


def search(index: Index, query: str, filters: Filters | None = None, k: int = 5) -> list[Passage]:
    """The k chunks most relevant to `query`, best first. `score` is cosine similarity clipped to [0, 1]."""
    index.refresh()
    filters = filters or Filters()
    allowed = index.store.filtered_chunk_ids(filters) if filters != Filters() else None
    query_vector = index.embedder.embed_queries([query])[0]
    scores, ids = index.vectors.search(query_vector, k, allowed)
    rows = index.store.chunk_rows(ids.tolist())
    return [passage_from_row(rows[i], float(s)) for s, i in zip(scores, ids.tolist())]


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
    )
