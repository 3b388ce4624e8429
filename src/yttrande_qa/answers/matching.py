"""What a question or a sentence shares with a passage, term by term: used to choose sentences, to
decide refusals, to check generated sentences and to mark the question's words in the chat.

Terms are compared after Snowball stemming, and a term also matches a longer Swedish compound that starts
or ends with it ("avlopp" matches "avloppsinfrastruktur", "brist" matches "bostadsbrist"). An English word
also matches its Swedish translations (bilingual.py). Anchors (numbers, names, abbreviations) are compared
without stemming: they are the same in both languages.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from .. import bilingual, tuning
from ..retrieval.query import Language, content_words
from ..terms import (
    NUMBER,
    is_abbreviation,
    stem_word,
    stem_words,
    stop_words,
    tokens,
)

# Words about the genre rather than the topic: every statement is a "yttrande" that "the region" writes.
GENRE_WORDS = frozenset(
    "yttrande yttrandet yttrandets rapport rapporten rapportens region regionen regionens förvaltning "
    "förvaltningen förvaltningens nämnden dokument dokumentet text texten statement report administration "
    "document say says said"
    .split()
)

# Swedish light verbs, in the forms the stop-word list lacks: "tas fram", "ges ut", "sker" say nothing of
# the topic.
LIGHT_VERBS = frozenset(
    "ta tar tas togs tagit tagits görs gjorts ge ger ges gav gett getts fås funnits ske sker skedde skett"
    .split()
)


@dataclass(frozen=True)
class Terms:
    """A question's or a sentence's content words (each as the stems any of which matches it) and anchors."""

    words: tuple[frozenset[str], ...]
    anchors: frozenset[str]  # numbers, abbreviations, names: must occur as written
    names: frozenset[str]  # the anchors whose absence from the passages means they are not answered
    topic: tuple[frozenset[str], ...] = ()  # the words that are not names or numbers; English: only
    # those the dictionary translates (the others cannot be looked for in Swedish text)
    english: bool = False  # names are then also looked for in their Swedish forms (PassageTerms.has_name)
    name_translations: tuple[tuple[str, frozenset[str]], ...] = ()  # an English name's Swedish stems

    @classmethod
    def of(cls, text: str, lang: Language) -> Terms:
        found_words = content_words(text)
        translated = dict(zip((w.lower() for w in found_words), _translations(found_words, lang)))
        content = [
            w.lower() for w in found_words
            if not w.isdigit() and w.lower() not in GENRE_WORDS and (lang == "en" or w.lower() not in LIGHT_VERBS)
        ]
        capitalised = {w.lower() for w in found_words if w[:1].isupper()}
        forms = {w: _forms(w, lang, translated[w], w in capitalised) for w in dict.fromkeys(content)}
        words = tuple(forms.values())
        words += tuple(frozenset([n]) for n in dict.fromkeys(NUMBER.findall(text)))
        found = tokens(text)
        anchors: dict[str, bool] = {}
        for i, word in enumerate(found):
            for part in _anchor_parts(word, i):
                if part.lower() not in stop_words(lang):
                    anchors[part.lower()] = anchors.get(part.lower(), False) or _is_name(part, lang, found, i)
        names = frozenset(a for a, name in anchors.items() if name)
        topic = tuple(f for w, f in forms.items() if w not in names and (lang == "sv" or translated[w]))
        translations = tuple((n, translated.get(n, frozenset())) for n in sorted(names))
        return cls(words, frozenset(anchors), names, topic, lang == "en", translations)

    def holds_name(self, passage: PassageTerms, name: str) -> bool:
        """Whether the passage holds one of the names, in the question's language (PassageTerms.has_name)."""
        return passage.has_name(name, dict(self.name_translations).get(name, frozenset()), self.english)

    @property
    def stems(self) -> frozenset[str]:
        return frozenset().union(*self.words)


def _translations(found: list[str], lang: Language) -> list[frozenset[str]]:
    """For each word of an English text, the Swedish stems that translate it (none for Swedish)."""
    return bilingual.swedish_stems(found) if lang == "en" else [frozenset()] * len(found)


def _forms(word: str, lang: Language, translations: frozenset[str], capitalised: bool = False) -> frozenset[str]:
    """The stems that match a word: its own, and for an English word those of its Swedish translations
    (bilingual.swedish_stems) or, written with a capital, its Swedish name ("Norway": "Norge"; not "may")."""
    stem = stem_word(word, lang)
    if lang != "en":
        return frozenset([stem])
    named = [stem_word(EXONYMS[word], "sv")] if capitalised and word in EXONYMS else []
    return frozenset([stem, *translations, *named])


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
    return word.lower() not in EXONYMS and not any(n[:1].isupper() for n in _neighbours(words, position))


def _neighbours(words: list[str], position: int) -> list[str]:
    """The words either side of a word, past the small words inside an English name ("Council on
    Legislation", "Ministry of Justice"); not the question's first word."""
    before = position - 1
    while before > 0 and words[before].lower() in _NAME_JOINERS:
        before -= 1
    after = position + 1
    while after < len(words) and words[after].lower() in _NAME_JOINERS:
        after += 1
    return (words[before : before + 1] if before >= 1 else []) + words[after : after + 1]


_NAME_JOINERS = frozenset({"of", "on", "for", "the", "and"})




# English names that Swedish text writes differently (places, months, weekdays), with the Swedish form.
EXONYMS = {
    "sweden": "sverige", "norway": "norge", "finland": "finland", "denmark": "danmark", "iceland": "island",
    "europe": "europa", "brussels": "bryssel", "gothenburg": "göteborg", "lapland": "lappland",
    "scania": "skåne", "january": "januari", "february": "februari", "march": "mars", "april": "april",
    "may": "maj", "june": "juni", "july": "juli", "august": "augusti", "september": "september",
    "october": "oktober", "november": "november", "december": "december", "monday": "måndag",
    "tuesday": "tisdag", "wednesday": "onsdag", "thursday": "torsdag", "friday": "fredag",
    "saturday": "lördag", "sunday": "söndag",
}


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
        """The stem as a word, or as the start or the end of a compound (or a compound of it): what
        `is_compound_part` says of the stem and each of the passage's stems, found through sorted lists
        rather than by trying every stem (English words bring many translations to look for)."""
        if stem in self.stems or stem in self.words:
            return True
        return self._begins_or_ends_a_stem(stem) or self._has_part_of(stem)

    @cached_property
    def _sorted(self) -> tuple[list[str], list[str]]:
        """The stems sorted, and the stems reversed and sorted (for their endings)."""
        return sorted(self.stems), sorted(s[::-1] for s in self.stems)

    def _begins_or_ends_a_stem(self, stem: str) -> bool:
        if len(stem) < tuning.MIN_PART:
            return False
        forwards, backwards = self._sorted
        if _longer_with_prefix(forwards, stem, len(stem) + 1):
            return True
        return _longer_with_prefix(backwards, stem[::-1], len(stem) + 3)

    def _has_part_of(self, stem: str) -> bool:
        """A stem of the passage begins or ends the word, from one letter longer than a compound's part."""
        shortest = tuning.MIN_PART + 1
        starts = (stem[:n] for n in range(shortest, len(stem)))
        ends = (stem[-n:] for n in range(shortest, len(stem) - 2))
        return any(part in self.stems for part in (*starts, *ends))

    def has_name(self, name: str, translations: frozenset[str] = frozenset(), english: bool = False) -> bool:
        """As written (has_anchor). An English name the Swedish text may spell otherwise is also found
        through the Swedish stems that translate it (bilingual.py: "Swedish" → "svensk", "Roma" → "rom"
        of "romer") or, failing those, as a word that begins with all of the name but its last letter
        ("Syria" → "Syrien", "Italy" → "Italien"), when that is at least tuning.MIN_NAME letters long."""
        if self.has_anchor(name):
            return True
        if not english or NUMBER.search(name):
            return False
        if any(self.has_stem(s) for s in translations):
            return True
        base = name[:-1]
        return len(base) >= tuning.MIN_NAME and any(w.startswith(base) for w in self.words)

    def has_anchor(self, anchor: str) -> bool:
        """As written, or a name with or without a genitive ending ("Västerbotten", "Västerbottens")."""
        if anchor in self.words:
            return True
        if len(anchor) < tuning.MIN_NAME or NUMBER.search(anchor):
            return False
        base = anchor[:-1] if anchor.endswith("s") and len(anchor) > tuning.MIN_NAME else anchor
        return any(w.startswith(base) for w in self.words)


def _longer_with_prefix(ordered: list[str], prefix: str, min_length: int) -> bool:
    """Whether a word of the sorted list begins with `prefix` and is at least `min_length` long."""
    at = bisect_left(ordered, prefix)
    while at < len(ordered) and ordered[at].startswith(prefix):
        if len(ordered[at]) >= min_length:
            return True
        at += 1
    return False


def coverage(terms: Terms, passage: PassageTerms, topic: bool = False) -> float:
    """The share of the content words (`topic`: of those that are not names or numbers) that the passage
    contains in some form (1.0 when there are none)."""
    words = terms.topic if topic else terms.words
    if not words:
        return 1.0
    return sum(any(passage.has_stem(s) for s in forms) for forms in words) / len(words)


def names_someone(text: str, question: str) -> float:
    """1.0 when a sentence names a body, a place or a person the question does not, for a question that
    asks who; else 0.0. A name is a capitalised word that is not an abbreviation, inside the sentence
    ("… samt Örnsköldsviks kommun deltar") or opening it with a second capitalised word or a number
    ("Region 10 och …", "Sveriges Kommuner och Regioner …"): a capital at the start alone says nothing."""
    asked = [w.lower() for w in tokens(question)]
    words = tokens(text)
    opening = words[:1] if len(words) > 1 and (words[1][:1].isupper() or words[1][:1].isdigit()) else []
    return float(any(
        word[:1].isupper() and not is_abbreviation(word) and not any(_same_name(word.lower(), a) for a in asked)
        for word in opening + words[1:]
    ))


def _same_name(a: str, b: str) -> bool:
    """The same word, or one a form of the other ("Digital", "Digitala"; "Västerbottens")."""
    shorter, longer = sorted((a, b), key=len)
    return shorter == longer or (len(shorter) >= tuning.MIN_NAME and longer.startswith(shorter))
