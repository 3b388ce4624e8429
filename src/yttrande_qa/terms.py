"""Words as the package compares them: tokens, Snowball stems, abbreviations, Swedish compound parts, and
document numbers ("SOU 2019:30")."""

from __future__ import annotations

import importlib.util
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

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


@cache
def stop_words(language: Language) -> frozenset[str]:
    """Function words, left out of a text's content words: Swedish, the stop-words package's list;
    English, the Snowball list as NLTK has it (179 words), from bm25s (the stop-words package's English
    list, 1,333 words, holds content words: "research", "amount", "number", "system", "act")."""
    if language == "sv":
        return common_words("sv")
    return frozenset(_module_file("bm25s", "stopwords.py").STOPWORDS_EN_PLUS) | ENGLISH_MODALS


# Modal verbs, which the Snowball list lacks ("may" would find "maj", "must" "must").
ENGLISH_MODALS = frozenset({"could", "would", "may", "might", "must", "shall", "ought"})


@cache
def common_words(language: Language) -> frozenset[str]:
    """The stop-words package's lists: the more of a language's common words, the better they tell it."""
    from stop_words import get_stop_words

    return frozenset(get_stop_words("swedish" if language == "sv" else "english"))


def _module_file(package: str, name: str) -> ModuleType:
    """One plain-data module of a package, without running the package's __init__ (bm25s's imports
    scipy: a second's start-up for a word list)."""
    folder = importlib.util.find_spec(package).submodule_search_locations[0]
    spec = importlib.util.spec_from_file_location(f"{package}_{name.removesuffix('.py')}", Path(folder) / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
# "bet. 2017/18:KU16", "NFS 2007:10", "HSLF-FS 2016:40", "Ju 2015:02"), or a court report ("NJA 2014 s. 499",
# "AD 2013 nr 63", "HFD 2015 ref. 5"). The one grammar of document numbers: metadata reads a document's own
# number with it, search the numbers a question names.
_SERIES_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)?"
_NUMBERED = re.compile(
    rf"(?:(?<![\w-])(?P<series>{_SERIES_WORD})\.?\s*|(?<![\w/:.-]))"
    r"(?P<year>\d{4})(?P<session>/\d{2})?\s*:\s*(?P<serial>\d{1,4}|[A-ZÅÄÖ]{1,4}\d{1,3})(?![\d:/])"
)
_REPORTED = re.compile(
    r"(?<![\w-])(?P<series>NJA|RH|AD|HFD|RÅ|MÖD|MIG)\s*(?P<year>\d{4})\s*(?P<kind>s|nr|not|ref)\.?\s*"
    r"(?P<serial>\d{1,4})(?![\d:/])"
)
# Words that name a series in running text: "direktivet", "kommittédirektiv", "directive", "propositionen", "bill".
_SERIES_WORDS = {
    "dir": re.compile(r"(?:\w*direktiv\w*|directives?|dir)$"),
    "prop": re.compile(r"(?:prop|proposition\w*|bills?)$"),
    "bet": re.compile(r"(?:bet|betänkande\w*)$"),
    "skr": re.compile(r"(?:skr|skrivelse\w*)$"),
}
# How each series is printed; any other is printed in capitals ("AFS", "MÖD").
_SERIES_LABELS = {"sou": "SOU", "ds": "Ds", "dir": "Dir.", "prop": "Prop.", "bet": "Bet.", "skr": "Skr."}
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
_KIND_LABELS = {"s": "s.", "nr": "nr", "not": "not", "ref": "ref."}


@dataclass(frozen=True)
class Designation:
    """A document number; `series` ("sou", "dir", "prop", "nfs", "nja" …) is None where the text gives none."""

    series: str | None
    number: str  # "2019:30", "2017/18:105", "2014 s 499"

    def matches(self, other: Designation) -> bool:
        return self.number == other.number and (None in (self.series, other.series) or self.series == other.series)

    @property
    def label(self) -> str:
        """As documents print it: "SOU 2019:30", "Dir. 2018:6", "NJA 2014 s. 499", "AFS 2011:19"."""
        series = _SERIES_LABELS.get(self.series or "", (self.series or "").upper())
        year, *report = self.number.split()
        number = f"{year} {_KIND_LABELS[report[0]]} {report[1]}" if report else year
        return f"{series} {number}".strip()


@dataclass(frozen=True)
class Named:
    """A document number where a text names it (characters start to end)."""

    designation: Designation
    start: int
    end: int


def designations(text: str) -> set[Designation]:
    """The document numbers a text names."""
    return {named.designation for named in named_designations(text)}


def named_designations(text: str) -> list[Named]:
    """The document numbers a text names, where it names them, in order."""
    found = []
    for match in _NUMBERED.finditer(text):
        number = f"{match['year']}{match['session'] or ''}:{_serial(match['serial'])}"
        series = _series(match["series"])
        start = match.start() if series else match.start("year")
        found.append(Named(Designation(series, number), start, match.end()))
    for match in _REPORTED.finditer(text):
        number = f"{match['year']} {match['kind']} {int(match['serial'])}"
        found.append(Named(Designation(match["series"].lower(), number), match.start(), match.end()))
    return sorted(found, key=lambda named: named.start)


def _serial(text: str) -> str:
    """"02" → "2"; a committee's report keeps its letters ("KU16")."""
    digits = text.lstrip(_CAPITALS)
    return text[: len(text) - len(digits)] + str(int(digits))


def _series(word: str | None) -> str | None:
    """A series from the word before a number: an abbreviation as written ("SOU", "Ds", "NFS", "Ju",
    "HSLF-FS"), or a word that names one ("direktivet" → "dir"); None for any other word ("lydelse 2018:218")."""
    if not word:
        return None
    lowered = word.lower()
    for series, pattern in _SERIES_WORDS.items():
        if pattern.match(lowered):
            return series
    letters = word.replace("-", "")
    if word[0].isupper() and len(letters) <= 8 and (len(letters) <= 2 or is_abbreviation(word)):
        return lowered
    return None


# A diarienummer: "RUN 123-2024", "Fi2025/01857", "KS 2024/00412". Metadata reads a document's own after its
# label ("Dnr", "Diarienummer:"); links look for a report's in a statement's opening, labelled or not.
DIARIENUMMER_VALUE = (
    r"(?:[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}[ -]?)?\d[\d.:/-]*\d(?:/[A-ZÅÄÖa-zåäö]{1,4})?"
    r"|[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}\s?\d{4}/\d{1,6}(?:/[A-Za-zÅÄÖåäö]{1,4})?"
)
_DIARIENUMMER_AT_WORD = re.compile(rf"(?<!\w)(?=({DIARIENUMMER_VALUE})(?!\w))", re.IGNORECASE)


def diarienummer_key(value: str) -> str:
    """Letters and digits only, case-folded: "Fi 2025/01857" and "FI2025-01857" are one number."""
    return "".join(char for char in value.casefold() if char.isalnum())


def named_diarienummer(text: str) -> set[str]:
    """The keys of the diarienummer a text names, from wherever a word starts ("Remiss 2024/12" names
    "2024/12" too, not only "Remiss 2024/12")."""
    return {diarienummer_key(match.group(1)) for match in _DIARIENUMMER_AT_WORD.finditer(text)}
