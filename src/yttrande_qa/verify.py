"""What a question or a sentence shares with a passage, term by term: the checks behind refusals,
sentence choice and the verification of generated sentences.

Terms are compared after Snowball stemming, and a term also matches a longer Swedish compound that starts
or ends with it ("avlopp" matches "avloppsinfrastruktur", "brist" matches "bostadsbrist"). Anchors
(numbers, names, abbreviations) are compared without stemming: they are the same in both languages, which
is what lets an English sentence be checked against a Swedish passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .chunking import embedding_text
from .models import Passage
from .query import Language, content_words, stop_words
from .terms import MIN_PART, NUMBER, is_abbreviation, is_compound_part, stem_word, stem_words, swedish_stems, tokens
from .text import split_sentences

MIN_NAME = 4  # a shorter name must occur exactly as written

# Words about the genre rather than the topic: every statement is a "yttrande" that "the region" writes.
GENRE_WORDS = frozenset(
    "yttrande yttrandet yttrandets rapport rapporten rapportens region regionen regionens förvaltning "
    "förvaltningen förvaltningens nämnden dokument dokumentet text texten statement report administration "
    "document say says said"
    .split()
)

# Refusal calibration (tests/data/refusal_questions.jsonl and the dev questions): a question is answered
# when one of the top passages holds this share of its content words (English: of those the glossary
# can put in Swedish); an English question, whose other words cannot be matched against Swedish text,
# also needs a best passage at least this similar (search's score). A best passage this close in meaning
# answers a paraphrase that shares few words with it ("bränsle" for "drivmedel"). The similarities are
# calibrated for multilingual-e5-small; with another model only the word checks apply.
MIN_COVERAGE = 0.6
MIN_SIMILARITY_EN = 0.78
PARAPHRASE_SIMILARITY = {"sv": 0.885, "en": 0.90}
COVERAGE_PASSAGES = 3


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


@dataclass(frozen=True)
class Terms:
    """A question's or a sentence's content words (each as the stems any of which matches it) and anchors."""

    words: tuple[frozenset[str], ...]
    anchors: frozenset[str]  # numbers, abbreviations, names: must occur as written
    names: frozenset[str]  # the anchors whose absence from the passages means they are not answered
    topic: tuple[frozenset[str], ...] = ()  # the words that are not names or numbers; English: only
    # those the glossary puts in Swedish (the others cannot be looked for in Swedish text)

    @classmethod
    def of(cls, text: str, lang: Language) -> Terms:
        content = [w.lower() for w in content_words(text) if not w.isdigit() and w.lower() not in GENRE_WORDS]
        words = tuple(_forms(w, lang) for w in dict.fromkeys(content))
        words += tuple(frozenset([n]) for n in dict.fromkeys(NUMBER.findall(text)))
        found = tokens(text)
        anchors: dict[str, bool] = {}
        for i, word in enumerate(found):
            for part in _anchor_parts(word, i):
                if part.lower() not in stop_words(lang):
                    anchors[part.lower()] = anchors.get(part.lower(), False) or _is_name(part, lang, found, i)
        names = frozenset(a for a, name in anchors.items() if name)
        topic = tuple(
            _forms(w, lang) for w in dict.fromkeys(content) if w not in names and (lang == "sv" or _glossed(w))
        )
        return cls(words, frozenset(anchors), names, topic)

    @property
    def stems(self) -> frozenset[str]:
        return frozenset().union(*self.words)


def _forms(word: str, lang: Language) -> frozenset[str]:
    """The stems that match a word: its own, and for an English word those of its Swedish counterparts
    in terms.ENGLISH_TO_SWEDISH."""
    stem = stem_word(word, lang)
    if lang != "en":
        return frozenset([stem])
    return frozenset([stem, *swedish_stems(word)])


def _glossed(word: str) -> bool:
    return bool(swedish_stems(word))


def _anchor_parts(word: str, position: int) -> list[str]:
    """The parts of a word that are anchors: "VA-åtgärder" → ["VA"], "1:1-medlen" → ["1:1"]."""
    parts = [word] if NUMBER.fullmatch(word) else word.split("-")
    return [p for p in parts if p and (NUMBER.search(p) or is_abbreviation(p)
                                       or (position > 0 and p[:1].isupper()))]


def _is_name(word: str, lang: Language, words: list[str], position: int) -> bool:
    """Numbers, and names that any text about them would write the same way. Abbreviations are left out
    (a text may spell them out). In an English question, so are capitalised words next to another one
    ("Public Employment Service" is "Arbetsförmedlingen" in the text) unless spelled like Swedish
    ("Region Västerbotten"), and English names of places with a Swedish name of their own ("Norway")."""
    if NUMBER.fullmatch(word):
        return True
    if is_abbreviation(word):
        return False
    if lang == "sv" or re.search(r"[åäöÅÄÖ]", word):
        return True
    neighbours = words[max(position - 1, 1) : position] + words[position + 1 : position + 2]
    return word.lower() not in EXONYMS and not any(n[:1].isupper() for n in neighbours)


# English names of places that Swedish text writes differently.
EXONYMS = frozenset(
    "sweden norway finland denmark iceland europe brussels gothenburg lapland scania"
    .split()
)


@dataclass(frozen=True)
class PassageTerms:
    """A passage's words prepared for matching: Swedish stems (of whole words and hyphen parts) and words."""

    stems: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> PassageTerms:
        words = [w.lower() for w in tokens(text)]
        words += [p for w in words if "-" in w for p in w.split("-") if p]
        return cls(frozenset(stem_words(words)), frozenset(words))

    def has_stem(self, stem: str) -> bool:
        """The stem as a word, or as the start or the end of a compound (or a compound of it)."""
        if stem in self.stems or stem in self.words:
            return True
        # A shorter stem of the passage is a part of the question's word only from one letter longer.
        return any(is_compound_part(stem, s) or is_compound_part(s, stem, MIN_PART + 1) for s in self.stems)

    def has_anchor(self, anchor: str) -> bool:
        """As written, or a name with or without a genitive ending ("Västerbotten", "Västerbottens")."""
        if anchor in self.words:
            return True
        if len(anchor) < MIN_NAME or NUMBER.search(anchor):
            return False
        base = anchor[:-1] if anchor.endswith("s") and len(anchor) > MIN_NAME else anchor
        return any(w.startswith(base) for w in self.words)


def coverage(terms: Terms, passage: PassageTerms) -> float:
    """The share of the content words that the passage contains in some form (1.0 when there are none)."""
    if not terms.words:
        return 1.0
    return sum(any(passage.has_stem(s) for s in forms) for forms in terms.words) / len(terms.words)


def answers_question(
    question: str, lang: Language, passages: list[Passage], calibrated_scores: bool = True
) -> bool:
    """Whether the passages answer the question, or only come nearest to it.

    Not answered: a number or name in the question that none of the passages contains (a municipality
    or year the documents do not mention); no top passage holding most of the question's content words
    (for an English question: of those with a Swedish counterpart in the glossary) unless the best one is
    very close in meaning; for an English question, no passage close in meaning either.
    `calibrated_scores`: whether passage scores come from the model the thresholds were set for.
    """
    if not passages:
        return False
    terms = Terms.of(question, lang)
    prepared = [PassageTerms.of(embedding_text(p.section, p.text)) for p in passages]  # with its heading
    if any(not any(p.has_anchor(name) for p in prepared) for name in terms.names):
        return False
    if calibrated_scores and lang == "en" and passages[0].score < MIN_SIMILARITY_EN:
        return False
    if calibrated_scores and passages[0].score >= PARAPHRASE_SIMILARITY[lang]:
        return True
    topic = replace(terms, words=terms.topic)
    return max(coverage(topic, p) for p in prepared[:COVERAGE_PASSAGES]) >= MIN_COVERAGE


MIN_SUPPORT = 0.5
MIN_SHARED_EN = 2


def supports(sentence: str, lang: Language, evidence: str) -> bool:
    """Whether a generated sentence is supported by the text of the passages it cites.

    Every number and every anchor of the sentence must occur in the evidence (an invented figure,
    year or name fails). A Swedish sentence must also share at least half of its content stems with it.
    An English sentence cannot be compared word by word with Swedish text, so besides its anchors it
    needs two content words or anchors in common (names, numbers, abbreviations, words the two languages
    share such as "digital", and words with a Swedish counterpart in terms.ENGLISH_TO_SWEDISH): a
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
        return shared >= MIN_SHARED_EN
    return bool(terms.stems) and coverage(terms, passage) >= MIN_SUPPORT


def _abbreviations(text: str) -> set[str]:
    return {p.lower() for w in tokens(text) for p in w.split("-") if is_abbreviation(p)}
