"""How close in meaning the question is to each sentence of the retrieved passages: the cosine of the
question's vector with each sentence's stored vector (a chunk of one sentence has only its own).

Sentences are compared by text: the answer splits a passage into sentences a little differently from
indexing (after "(sidan N)", at list items), so a sentence takes the cosine of the stored sentence that
contains it or that it contains, and the chunk's own cosine when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Passage
from ..store.index import Index


@dataclass(frozen=True)
class Meaning:
    sentences: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # chunk id → (text, cosine)
    chunks: dict[int, float] = field(default_factory=dict)  # chunk id → the chunk's own cosine

    def of(self, chunk_id: int, text: str) -> float | None:
        """The sentence's cosine with the question (None when nothing was measured for its chunk)."""
        matching = [c for stored, c in self.sentences.get(chunk_id, ()) if text in stored or stored in text]
        return max(matching) if matching else self.chunks.get(chunk_id)

    def best(self) -> float | None:
        """The highest cosine of any sentence or chunk."""
        values = [c for pairs in self.sentences.values() for _, c in pairs] + list(self.chunks.values())
        return max(values, default=None)


def meaning(index: Index, question: str, passages: list[Passage]) -> Meaning:
    if not passages:
        return Meaning()
    vector = index.query_vector(question)
    ids = [p.chunk_id for p in passages]
    sentences: dict[int, list[tuple[str, float]]] = {}
    for chunk_id, text, sentence_vector in index.store.sentences_of(ids):
        sentences.setdefault(chunk_id, []).append((text, float(sentence_vector @ vector)))
    chunks = {chunk_id: float(chunk_vector @ vector) for chunk_id, chunk_vector in index.store.vectors_of(ids).items()}
    return Meaning(sentences, chunks)
