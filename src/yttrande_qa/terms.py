"""Words as the package compares them: tokens, Snowball stems, abbreviations, Swedish compound parts, and
document numbers ("SOU 2019:30")."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import Stemmer

from . import tuning
from .models import Language

WORD = re.compile(r"\w+")  # plain words: "VA-samverkan" → "VA", "samverkan"
TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:[-:][^\W_]+)*")  # also "VA-samverkan", "1:1", "2,5"
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")

SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")  # a word with them is Swedish, in any question

_local = threading.local()  # a PyStemmer object is not thread-safe: one per thread and language


def words(text: str) -> list[str]:
    return WORD.findall(text)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _stemmer(lang: Language) -> Stemmer.Stemmer:
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if lang not in stemmers:
        stemmers[lang] = Stemmer.Stemmer("english" if lang == "en" else "swedish")
    return stemmers[lang]


def stem_word(word: str, lang: Language = "sv") -> str:
    return _stemmer(lang).stemWord(word.lower())


def stem_words(items: list[str], lang: Language = "sv") -> list[str]:
    return _stemmer(lang).stemWords([w.lower() for w in items])


def is_abbreviation(word: str) -> bool:
    """Two capitals or more: "VA", "RUS", "IoT"."""
    return sum(c.isupper() for c in word) >= 2


def is_compound_part(part: str, word: str, min_length: int = tuning.MIN_PART) -> bool:
    """Whether a stem begins or ends a longer Swedish compound: "avlopp" / "avloppsinfrastruktur",
    "brist" / "bostadsbrist" (an end only after three letters or more)."""
    if len(part) < min_length or len(word) <= len(part):
        return False
    return word.startswith(part) or (len(word) > len(part) + 2 and word.endswith(part))


# A document's number: a series and a year-bound number ("SOU 2019:30", "Dir. 2018:6", "prop. 2017/18:105",
# "NFS 2007:10", "Ju 2015:02"), or a court report ("NJA 2014 s. 499", "AD 2013 nr 63").
_NUMBERED = re.compile(r"(?:\b(?P<series>[^\W\d_]+)\.?\s+)?\b(?P<year>\d{4})(?P<session>/\d{2})?:(?P<serial>\d{1,4})\b")
_REPORTED = re.compile(r"\b(?P<series>NJA|RH|AD|HFD|RÅ|MÖD|MIG)\s+(?P<year>\d{4})\s+(?P<kind>s\.|nr|not|ref\.)\s*(?P<serial>\d{1,4})\b")
# Words that name a series in running text: "direktivet", "kommittédirektiv", "directive", "propositionen", "bill".
_SERIES_WORDS = {"dir": re.compile(r"(?:\w*direktiv\w*|directives?|dir)$"), "prop": re.compile(r"(?:prop|proposition\w*|bills?)$")}


@dataclass(frozen=True)
class Designation:
    """A document number; `series` ("sou", "dir", "prop", "nfs", "nja" …) is None where the text gives none."""

    series: str | None
    number: str  # "2019:30", "2017/18:105", "2014 s 499"

    def matches(self, other: Designation) -> bool:
        return self.number == other.number and (None in (self.series, other.series) or self.series == other.series)


def designations(text: str) -> set[Designation]:
    """The document numbers a text names."""
    found = set()
    for match in _NUMBERED.finditer(text):
        number = f"{match['year']}{match['session'] or ''}:{int(match['serial'])}"
        found.add(Designation(_series(match["series"]), number))
    for match in _REPORTED.finditer(text):
        kind = match["kind"].rstrip(".")
        found.add(Designation(match["series"].lower(), f"{match['year']} {kind} {int(match['serial'])}"))
    return found


def _series(word: str | None) -> str | None:
    """A series from the word before a number: an abbreviation as written ("SOU", "Ds", "NFS", "Ju"), or a
    word that names one ("direktivet" → "dir"); None for any other word ("lydelse 2018:218")."""
    if not word:
        return None
    lowered = word.lower()
    for series, pattern in _SERIES_WORDS.items():
        if pattern.match(lowered):
            return series
    if word[0].isupper() and len(word) <= 6 and (len(word) <= 2 or is_abbreviation(word)):
        return lowered
    return None
