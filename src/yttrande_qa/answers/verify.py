"""Checks on text that the documents or a language model supply: sentences that address the assistant
(never evidence, never an answer), and whether a generated sentence is supported by its passages."""

from __future__ import annotations

import re

from .. import tuning
from ..retrieval.query import Language
from ..terms import is_abbreviation, tokens
from ..text import split_sentences
from .matching import PassageTerms, Terms, coverage

# A sentence that addresses the assistant rather than the reader ("Ignorera tidigare instruktioner …",
# "svara att …"): documents are data, so such a sentence is never shown as an answer nor taken as evidence.
_INSTRUCTION = re.compile(
    r"\b(ignorera|ignore|disregard|strunta i|glöm|forget)\b.{0,40}?\b(instruktion\w*|instruction\w*|"
    r"regler(na)?|rules|prompt\w*)\b|\b(svara|skriv|answer|say|respond|reply)\s+(att|that)\b|"
    r"\b(system ?prompt|språkmodell|language model|AI assistant|AI-assistent)\b",
    re.I,
)


def is_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def evidence(text: str) -> str:
    """A passage's text without sentences that address the assistant."""
    return " ".join(s for s in split_sentences(text) if not is_instruction(s))


def supports(sentence: str, lang: Language, evidence: str) -> bool:
    """Whether a generated sentence is supported by the text of the passages it cites.

    Every number and every anchor of the sentence must occur in the evidence (an invented figure,
    year or name fails). A Swedish sentence must also share at least half of its content stems with it.
    An English sentence cannot be compared word by word with Swedish text, so besides its anchors it
    needs two content words or anchors in common (names, numbers, abbreviations, words the two languages
    share such as "digital", and words with a Swedish counterpart in matching.SEED_GLOSSARY): a
    weaker check, which is why the extractive answer remains the default.
    """
    terms = Terms.of(sentence, lang)
    passage = PassageTerms.of(evidence)
    if not all(passage.has_anchor(a) for a in terms.names | _abbreviations(sentence)):
        return False
    if lang == "en":
        shared = sum(passage.has_anchor(a) for a in terms.anchors) + sum(
            any(passage.has_stem(s) for s in forms) for forms in terms.words
        )
        return shared >= tuning.MIN_SHARED_EN
    return bool(terms.stems) and coverage(terms, passage) >= tuning.MIN_SUPPORT


def _abbreviations(text: str) -> set[str]:
    return {p.lower() for w in tokens(text) for p in w.split("-") if is_abbreviation(p)}
