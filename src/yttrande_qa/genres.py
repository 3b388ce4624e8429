"""The kinds of document Swedish public bodies write, and what each is called in an answer.

A *genre* is what the document calls itself ("yttrande", "betänkande", "proposition" …); each genre
belongs to one of the three kinds the index filters on: `statement` (a body's own response: yttrande,
remissvar, samrådsyttrande …), `report` (what statements respond to: rapport, betänkande/SOU, Ds,
promemoria, utredning, direktiv, proposition, lagrådsremiss, planbeskrivning …) or `other`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Kind, Language


@dataclass(frozen=True)
class Genre:
    kind: Kind
    sv: str  # definite form, as an answer names the document: "Betänkandet"
    sv_genitive: str
    en: str  # "The inquiry report"
    pattern: str  # indefinite forms (and compounds) by which a document names its own genre


GENRES: dict[str, Genre] = {
    "yttrande": Genre(
        "statement", "Yttrandet", "Yttrandets", "The statement",
        r"\w*?yttrande|remissvar|svar\s+på\s+(?:en\s+)?remiss|synpunkter\s+på\s+remiss",
    ),
    "lagrådsremiss": Genre("report", "Lagrådsremissen", "Lagrådsremissens", "The referral to the Council on Legislation",
                           r"lagrådsremiss"),
    "remiss": Genre("other", "Remissen", "Remissens", "The referral for consultation", r"remiss|remisspromemoria"),
    "betänkande": Genre("report", "Betänkandet", "Betänkandets", "The inquiry report", r"\w*?betänkande"),
    "promemoria": Genre("report", "Promemorian", "Promemorians", "The memorandum", r"\w*?promemoria|PM"),
    # A kommittédirektiv names itself so, or opens with "Direktiv"; "direktiv" inside another document's
    # title is an EU directive it concerns ("… EU:s direktiv om …", "ändringsdirektiv", "direktiv 2019/1152").
    "direktiv": Genre("report", "Direktivet", "Direktivets", "The terms of reference",
                      r"kommittédirektiv|tilläggsdirektiv|^direktiv(?!\s+\(?(?:EU|EG|EEG)\b|\s+\d)"),
    "proposition": Genre("report", "Propositionen", "Propositionens", "The government bill", r"proposition"),
    "planbeskrivning": Genre("report", "Planbeskrivningen", "Planbeskrivningens", "The plan description",
                             r"planbeskrivning|samrådshandling|granskningshandling"),
    "plan": Genre("report", "Planen", "Planens", "The plan",
                  r"detaljplan|översiktsplan|regionplan|planprogram|planförslag"),
    "utredning": Genre("report", "Utredningen", "Utredningens", "The inquiry", r"\w*?utredning|förstudie"),
    "rapport": Genre("report", "Rapporten", "Rapportens", "The report", r"\w*?rapport"),
    "föreskrift": Genre("other", "Föreskrifterna", "Föreskrifternas", "The regulations",
                        r"föreskrifter|författningssamling"),
    "dom": Genre("other", "Domen", "Domens", "The ruling", r"dom|deldom|slutligt\s+beslut"),
    "tjänsteskrivelse": Genre("other", "Tjänsteskrivelsen", "Tjänsteskrivelsens", "The officials' report",
                              r"tjänsteskrivelse|tjänsteutlåtande"),
    "protokoll": Genre("other", "Protokollet", "Protokollets", "The minutes", r"protokoll|protokollsutdrag"),
    "beslut": Genre("other", "Beslutet", "Beslutets", "The decision", r"beslut"),
}
_DOCUMENT = {"sv": ("Dokumentet", "Dokumentets"), "en": ("The document", "The document's")}
_KIND_NOUNS = {"statement": "yttrande", "report": "rapport"}  # a kind set by hand, without a genre

# Each genre's own words, indefinite: a title names its own genre so ("Yttrande över betänkandet …"),
# and names the document it concerns in the definite form ("betänkandet"), which is never matched.
_GENRE_NAMES = list(GENRES)
_FOLD = str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE")


def _genre_words(fold: bool) -> re.Pattern:
    patterns = [genre.pattern.translate(_FOLD) if fold else genre.pattern for genre in GENRES.values()]
    alternatives = (rf"(?P<g{i}>(?<![\w-])(?:{pattern})(?![\w-]))" for i, pattern in enumerate(patterns))
    return re.compile("|".join(alternatives), re.IGNORECASE)


_GENRE_WORD = _genre_words(fold=False)
_FOLDED_GENRE_WORD = _genre_words(fold=True)  # file names are often written without å, ä, ö


def find_genre(text: str, folded: bool = False) -> tuple[str, int] | None:
    """The first genre word in `text` and where it starts: ("yttrande", 30) for "Regionala
    utvecklingsnämndens yttrande över rapport …". "PM" counts only in capitals. `folded`: also
    without diacritics ("lagradsremiss")."""
    pattern = _FOLDED_GENRE_WORD if folded else _GENRE_WORD
    for match in pattern.finditer(text.translate(_FOLD) if folded else text):
        name = _GENRE_NAMES[int(match.lastgroup[1:])]
        if name == "promemoria" and match.group().lower() == "pm" and match.group() != "PM":
            continue
        return name, match.start()
    return None


def kind_of(genre: str | None) -> Kind:
    return GENRES[genre].kind if genre in GENRES else "other"


def document_noun(genre: str | None, kind: Kind, lang: Language = "sv", genitive: bool = False) -> str:
    """How an answer names a document: "Yttrandet", "Betänkandet", "Propositionen", "Dokumentet" (or
    the genitive, "Yttrandets"); in English "The statement", "The inquiry report", … A document whose
    genre is unknown is named by its kind when that was set by hand."""
    known = GENRES.get(genre or "") or GENRES.get(_KIND_NOUNS.get(kind, ""))
    if known is None:
        sv, sv_genitive = _DOCUMENT["sv"]
        return (sv_genitive if genitive else sv) if lang == "sv" else _DOCUMENT["en"][genitive]
    if lang == "sv":
        return known.sv_genitive if genitive else known.sv
    return known.en + ("'s" if genitive else "")


def genitive(name: str, lang: Language = "sv") -> str:
    """A name in the genitive: "Kommunstyrelsens", "Kommunstyrelsen i Umeå kommuns" (Swedish puts it at
    the end of the whole name; none after s, x or z: "Kommunstyrelsen i Borås", "Länsstyrelsen i Stockholms
    läns"), "Kommunstyrelsen's"."""
    if lang != "sv":
        return name + "'s"
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def issuer_and_noun(genre: str | None, kind: Kind, issuer: str | None, lang: Language = "sv") -> str:
    """"Yttrandet från Regionala utvecklingsnämnden", "Betänkandet", "The statement by Region X"."""
    noun = document_noun(genre, kind, lang)
    if not issuer:
        return noun
    return f"{noun} från {issuer}" if lang == "sv" else f"{noun} by {issuer}"
