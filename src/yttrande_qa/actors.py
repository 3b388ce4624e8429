"""Who issues a document and who a text names: actors (regions, municipalities, their bodies, agencies …)
and the kind of organisation they belong to, in Swedish and English. The verifier (answers/polarity.py,
answers/verify.py) compares them; the answers, the stance filter and the chat (answers/, store/,
views.py, panel.py) tell by them whether a statement gives the region's own position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Actors: who proposes, needs or does something. A class is named by its Swedish noun; a word names a
# class when it is a form of the noun or a compound ending in it ("fjällkommunerna"). English words
# name the classes they may translate.
_ACTOR_FORMS = {
    "länsstyrelse": r"länsstyrelse(?:n|ns|r|rna|rnas)?",
    "region": r"\w*region(?:en|ens|s)?|landsting(?:et|ets|s)?",
    "regioner": r"\w*region(?:er|erna|ernas)|landsting(?:en|ens)",
    "förvaltning": r"\w*förvaltning(?:en|ens|ar|arna|arnas|s)?",
    "nämnd": r"\w*nämnd(?:en|ens|er|erna|ernas|s)?",
    "beredning": r"\w*beredning(?:en|ens|ar|arna|s)?",
    "styrelse": r"\w*styrelse(?:n|ns|r|rna|rnas)?|\w*utskott(?:et|ets|en)?",
    "fullmäktige": r"\w*fullmäktige(?:s)?",
    "kommun": r"\w*kommun(?:en|ens|er|erna|ernas|s)?",
    "stat": r"stat(?:en|ens|s)?|statlig(?:a|t)?",
    "regering": r"regering(?:en|ens|ar|s)?",
    "riksdag": r"riksdag(?:en|ens|s)?",
    "myndighet": r"\w*myndighet(?:en|ens|er|erna|ernas)?",
    "företag": r"\w*företag(?:et|ets|en|ens|s)?|näringsliv(?:et|ets)?",
    "invånare": r"\w*invånar(?:e|en|na|nas|es)|medborgar(?:e|en|na|nas)",
    "civilsamhälle": r"civilsamhälle(?:t|ts)?|\w*förening(?:en|ar|arna|s)?",
    "lärosäte": r"lärosäte(?:n|t|na)?|universitet(?:et|en)?|högskol(?:a|an|or|orna)",
    "report": r"\w*rapport(?:en|ens|er|erna|s)?|\w*utredning(?:en|ens|ar|s)?|betänkande(?:t|ts)?",
    "author": r"yttrande(?:t|ts|n|na)?|vi|oss|vår|vårt|våra",
}
_ENGLISH_ACTORS = {
    "länsstyrelse": r"county administrative boards?",
    "region": r"region|region's|county council",
    "regioner": r"regions|regions'|county councils",
    "förvaltning": r"administrations?|administration's",
    "nämnd beredning": r"committees?|committee's",
    "styrelse nämnd": r"boards?|executive board",
    "fullmäktige region": r"councils?|assembly",
    "kommun": r"municipalit(?:y|ies)|municipality's|municipalities'",
    "stat": r"the state|state's|central government",
    "regering": r"governments?|government's",
    "riksdag": r"parliament|riksdag",
    "myndighet": r"agenc(?:y|ies)|authorit(?:y|ies)",
    "företag": r"compan(?:y|ies)|business(?:es)?|employers?|industry",
    "invånare": r"residents?|citizens?|inhabitants?",
    "civilsamhälle": r"civil society|associations?",
    "lärosäte": r"universit(?:y|ies)",
    "report": r"reports?|inquiry|inquiries",
    "author": r"statement|we|us|our",
}

# The bodies of a region or a municipality. On a statement's own text its issuer is the speaker:
# "yttrandet", "vi" and the issuer's organisation ("regionen") name it, whichever of its bodies the text
# names; elsewhere each body is an actor of its own.
BODIES = frozenset({"förvaltning", "nämnd", "beredning", "styrelse", "fullmäktige"})
# The organisations an actor's name may place it in, by the classes of organisations themselves and by
# the start of a compound or an adjective before it ("Kommunstyrelsen", "municipal board" → kommun;
# "Regionstyrelsen", "regionala utvecklingsnämnden", "Landstingsstyrelsen" → region).
_ORGANISATION_CLASSES = {"region": "region", "regioner": "region", "kommun": "kommun",
                         "länsstyrelse": "länsstyrelse", "regering": "regering", "riksdag": "riksdag",
                         "myndighet": "myndighet", "stat": "stat"}
_ORGANISATION_PREFIX = re.compile(r"(region|landsting|kommun|municipal)", re.I)
_PREFIX_ORGANISATION = {"region": "region", "landsting": "region", "kommun": "kommun", "municipal": "kommun"}
OTHER = "other"  # an issuer that is an organisation of none of these kinds ("Naturvårdsverket")


@dataclass(frozen=True)
class Actor:
    """Someone a text names: the classes the word may belong to, and the organisation its name places
    it in (None when it names none: "förvaltningen", "the board")."""

    classes: frozenset[str]
    organisation: str | None = None

    def same(self, other: Actor) -> bool:
        """Of one class, and not of two organisations ("Kommunstyrelsen" is not "Regionstyrelsen")."""
        return bool(self.classes & other.classes) and (
            self.organisation is None or other.organisation is None or self.organisation == other.organisation)

    def has(self, *classes: str) -> bool:
        return bool(self.classes & set(classes))


def _actor(name: str, classes: frozenset[str]) -> Actor:
    organisation = next((_ORGANISATION_CLASSES[c] for c in classes if c in _ORGANISATION_CLASSES), None)
    prefix = _ORGANISATION_PREFIX.match(name.strip())
    if organisation is None and prefix and classes & BODIES:
        organisation = _PREFIX_ORGANISATION[prefix.group(1).lower()]
    return Actor(classes, organisation)


def issuer_organisation(issuer: str | None) -> str | None:
    """The kind of organisation that issued a document: "region", "kommun", "länsstyrelse" …, OTHER for
    one of no such kind; None when the issuer is not known or is a body that names no organisation
    ("Byggnadsnämnden")."""
    found = actors(issuer or "")
    organisation = next((a.organisation for a in found if a.organisation), None)
    if organisation or not issuer or (found and all(a.classes <= BODIES for a in found)):
        return organisation
    return OTHER


def speaks_for_region(issuer: str | None) -> bool:
    """Whether a statement issued by `issuer` gives the region's own position: issued by a region or one
    of its bodies, or by no body the document names (statements are the region's unless they say whose
    they are)."""
    return issuer_organisation(issuer) in (None, "region")


# An adjective before an actor is part of its name ("regionala utvecklingsförvaltningen").
_ACTOR_ADJECTIVE = r"(?:(?:regional|kommunal|statlig|lokal|nationell|enskild|berörd)[a-z]*\s+)?"
_ENGLISH_ADJECTIVE = r"(?:(?:regional|municipal)\s+(?:\w+\s+)?)?"


@cache
def actor_patterns() -> list[tuple[re.Pattern, frozenset[str]]]:
    swedish = [(re.compile(rf"(?<![\w-]){_ACTOR_ADJECTIVE}(?:{p})(?![\w-])", re.I), frozenset([c]))
               for c, p in _ACTOR_FORMS.items()]
    english = [(re.compile(rf"\b{_ENGLISH_ADJECTIVE}(?:{p})\b", re.I), frozenset(c.split()))
               for c, p in _ENGLISH_ACTORS.items()]
    return english + swedish


def actors(text: str) -> tuple[Actor, ...]:
    """The actors a text names, in its order; a phrase is taken once ("county administrative board" is
    not also a "board")."""
    return tuple(actor for _, _, actor in actors_at(text))


def actors_at(text: str) -> list[tuple[int, int, Actor]]:
    """The actors a text names with where each stands (start, end), in the text's order."""
    found = []
    for pattern, classes in actor_patterns():
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), _actor(match.group(), classes)))
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return sorted(found, key=lambda f: f[0])

