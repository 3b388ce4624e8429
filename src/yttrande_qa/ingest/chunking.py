"""Blocks → chunks: paragraphs packed into ~100-word chunks that never cross a section or speaker, and
that the embedding model reads whole (its window counted with its own tokenizer).

A page break ends a chunk too, but a paragraph (or list) that runs on over it is one block, which cites
the page it starts on (structure.py). A chunk under tuning.MIN_CHUNK_WORDS words (the tail of a packed
run, a lone line, a list's lead-in) joins its neighbour on the same page in the same section and speaker:
the following one when it does not end a sentence (a lead-in, a label), else the one before. A quotation
and the author's comment on it are never joined. (Joined over a page break, a chunk's text would stand on
two pages, and the source panel highlights a passage on one.)

A run of more than tuning.MAX_WORD_CHARS characters without a space (a long URL, a hash, text without spaces)
is cut into pieces of that length, so that it can be split between chunks at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from .. import tuning
from ..models import Block, Chunk
from ..text import embedding_text, split_sentences, word_count

LONG_WORD = re.compile(rf"\S{{{tuning.MAX_WORD_CHARS + 1},}}")
ENDS_SENTENCE = re.compile(r"[.!?][\"”’)]*$")  # not a colon: an introduction belongs to what follows


@dataclass(frozen=True)
class TokenBudget:
    """The embedding model's window: how it counts a passage's tokens (prefix and special tokens
    included), and the most it reads."""

    count: Callable[[str], int]
    limit: int


def chunk_blocks(blocks: list[Block], max_words: int = tuning.MAX_WORDS, budget: TokenBudget | None = None) -> list[Chunk]:
    chunks: list[Chunk] = []
    sizes = _WordTokens(budget) if budget else None
    for key, group in groupby(blocks, key=_boundary):
        section, speaker, quoted_page, quoted_page_end, page, ocr_confidence, page_index, page_label = key
        fits = _Fits(max_words, sizes, embedding_text(section, ""))
        joined_fits = _Fits(max_words + tuning.MIN_CHUNK_WORDS, sizes, fits.heading)
        for text in _join_small(_pack([cut_long_words(b.text) for b in group], fits), joined_fits):
            chunks.append(Chunk(text, page, section, speaker, quoted_page, quoted_page_end, ocr_confidence, page_index,
                                page_label))
    return chunks


def cut_long_words(text: str) -> str:
    """Runs of more than MAX_WORD_CHARS characters without a space, cut into pieces of that length."""
    size = tuning.MAX_WORD_CHARS
    return LONG_WORD.sub(lambda m: " ".join(m[0][i : i + size] for i in range(0, len(m[0]), size)), text)


def chunk_sentences(text: str) -> list[str]:
    """The sentences of a chunk worth embedding on their own (a chunk of one sentence needs no second vector)."""
    # Not split after "(sidan N)": that changes the stored sentences (and cost the dev set's English
    # recall@1 1.0 → 0.91).
    sentences = [s for s in split_sentences(text, False) if word_count(s) >= tuning.MIN_SENTENCE_WORDS]
    return sentences if len(sentences) > 1 else []


def _boundary(block: Block) -> tuple:
    return (block.section, block.speaker, block.quoted_page, block.quoted_page_end, block.page, block.ocr_confidence,
            block.page_index, block.page_label)


def _join_small(texts: list[str], fits: _Fits) -> list[str]:
    """Texts under MIN_CHUNK_WORDS joined to a neighbour (the next one first when the text does not end a
    sentence, else the one before), where the two fit."""
    texts = list(texts)
    index = 0
    while index < len(texts):
        first = _joined(texts, index, fits) if word_count(texts[index]) < tuning.MIN_CHUNK_WORDS else None
        if first is None:
            index += 1
        else:
            texts[first : first + 2] = [f"{texts[first]} {texts[first + 1]}"]
            index = first  # the joined text may still be small
    return texts


def _joined(texts: list[str], index: int, fits: _Fits) -> int | None:
    """The first of the two texts to join the small text at `index` with its neighbour, or None."""
    order = (index - 1, index) if ENDS_SENTENCE.search(texts[index]) else (index, index - 1)
    for first in order:
        if 0 <= first < len(texts) - 1:
            text = f"{texts[first]} {texts[first + 1]}"
            if fits(text) and fits.exactly(text):
                return first
    return None


@dataclass
class _WordTokens:
    """Tokens of a text as the sum of its words' tokens (subword tokenizers never join across a space),
    each word counted once."""

    budget: TokenBudget
    words: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.overhead = self.budget.count("a") - self._word("a")  # prefix and special tokens

    def of(self, text: str) -> int:
        return self.overhead + sum(self._word(w) for w in text.split())

    def _word(self, word: str) -> int:
        if word not in self.words:
            self.words[word] = self.budget.count(f"{word} {word}") - self.budget.count(word)
        return self.words[word]


@dataclass
class _Fits:
    """Whether a chunk's text is short enough: in words, and in the model's tokens with its heading."""

    max_words: int
    tokens: _WordTokens | None
    heading: str

    def __call__(self, text: str) -> bool:
        if word_count(text) > self.max_words:
            return False
        return self.tokens is None or self.tokens.of(f"{self.heading} {text}") <= self.tokens.budget.limit

    def exactly(self, text: str) -> bool:
        """Counted by the model itself, for a packed chunk (the sum of words is an estimate)."""
        return self.tokens is None or self.tokens.budget.count(self.heading + text) <= self.tokens.budget.limit


def _pack(paragraphs: list[str], fits: _Fits) -> list[str]:
    """Whole paragraphs together while they fit; a longer paragraph is cut between sentences, a longer
    sentence between words."""
    packed = _greedy([p for paragraph in paragraphs for p in _pieces(paragraph, fits)], fits)
    return [piece for text in packed for piece in _halves(text, fits)]


def _pieces(paragraph: str, fits: _Fits) -> list[str]:
    if fits(paragraph):
        return [paragraph]
    runs = [run for s in split_sentences(paragraph, False) for run in _greedy(s.split(), fits) if run]
    return _greedy(runs, fits)


def _greedy(pieces: list[str], fits: _Fits) -> list[str]:
    packed: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if current and not fits(" ".join(current + [piece])):
            packed.append(" ".join(current))
            current = []
        current.append(piece)
    if current:
        packed.append(" ".join(current))
    return packed


def _halves(text: str, fits: _Fits) -> list[str]:
    """The text, or its halves (recursively) where the model counts more tokens than estimated."""
    words = text.split()
    if len(words) < 2 or fits.exactly(text):
        return [text]
    middle = len(words) // 2
    return _halves(" ".join(words[:middle]), fits) + _halves(" ".join(words[middle:]), fits)
