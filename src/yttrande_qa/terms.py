"""Words as the package compares them: tokens, Snowball stems, abbreviations, Swedish compound parts, and
the Swedish counterparts of English words of public administration."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache

import Stemmer

from . import tuning
from .models import Language

WORD = re.compile(r"\w+")  # plain words: "VA-samverkan" → "VA", "samverkan"
TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:[-:][^\W_]+)*")  # also "VA-samverkan", "1:1", "2,5"
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")

# English words of public administration and their Swedish counterparts (stems or compound parts), so
# that an English question finds Swedish text word for word too. Single words: Swedish compounds are
# found from their parts ("wind" + "power" → "vindkraft").
ENGLISH_TO_SWEDISH = {
    "municipality": "kommun", "municipal": "kommun", "county": "län", "region": "region",
    "administration": "förvaltning", "committee": "nämnd beredning", "council": "fullmäktige",
    "board": "styrelse nämnd", "government": "regering", "state": "stat statlig", "national": "nationell",
    "agency": "myndighet", "report": "rapport", "statement": "yttrande", "proposal": "förslag",
    "measure": "åtgärd", "action": "åtgärd insats", "decision": "beslut", "law": "lag", "act": "lag",
    "housing": "bostad", "home": "bostad hem", "house": "hus bostad", "build": "bygg", "building": "bygg",
    "water": "vatten", "sewage": "avlopp", "wastewater": "avlopp", "pipe": "ledning rör",
    "energy": "energi", "electricity": "el", "wind": "vind", "power": "kraft", "fuel": "drivmedel bränsle",
    "broadband": "bredband", "network": "nätverk nät", "transport": "transport trafik",
    "bus": "buss", "rail": "järnväg bana", "railway": "järnväg bana", "train": "tåg", "road": "väg",
    "flight": "flyg", "airport": "flygplats", "port": "hamn", "freight": "gods", "traffic": "trafik",
    "school": "skola", "culture": "kultur", "leisure": "fritid", "sport": "idrott", "library": "bibliotek",
    "health": "hälsa", "healthcare": "vård", "care": "vård omsorg", "social": "social",
    "crisis": "kris", "emergency": "kris", "preparedness": "beredskap", "defence": "försvar",
    "skill": "kompetens", "competence": "kompetens", "recruitment": "rekrytering", "staff": "medarbetare",
    "employee": "medarbetare anställd", "job": "jobb tjänst arbete", "work": "arbete", "remote": "distans",
    "planning": "planering", "plan": "plan", "environment": "miljö", "climate": "klimat",
    "waste": "avfall", "funding": "finansiering medel", "fund": "fond medel", "money": "medel pengar",
    "cost": "kostnad", "budget": "budget", "project": "projekt", "cooperation": "samverkan samarbete",
    "collaboration": "samverkan samarbete", "agreement": "överenskommelse avtal", "strategy": "strategi",
    "university": "universitet lärosäte", "education": "utbildning", "tourism": "besöksnäring turism",
    "business": "näringsliv företag", "company": "företag", "industry": "industri",
    "investment": "investering", "infrastructure": "infrastruktur", "digital": "digital",
    "children": "barn", "young": "unga ungdom", "elderly": "äldre", "population": "befolkning",
    "rural": "landsbygd", "inland": "inland", "need": "behov", "challenge": "utmaning",
    "opportunity": "möjlighet", "priority": "prioriter", "dialogue": "dialog", "meeting": "möte",
    "conference": "konferens", "marketing": "marknadsföring", "brand": "varumärke",
    "attractiveness": "attraktivitet attraktion", "loan": "lån", "shortage": "brist", "lack": "brist saknas",
    "year": "år", "people": "människor invånare", "resident": "invånare", "town": "ort stad",
    "city": "stad", "small": "liten mindre", "large": "stor", "new": "ny", "old": "gammal",
}

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


def swedish_stems(english_word: str) -> list[str]:
    """The Swedish stems of an English word's counterparts in ENGLISH_TO_SWEDISH (none: [])."""
    return _counterparts().get(stem_word(english_word, "en"), [])


@cache
def _counterparts() -> dict[str, list[str]]:
    return {
        stem_word(english, "en"): stem_words(swedish.split())
        for english, swedish in ENGLISH_TO_SWEDISH.items()
    }
