"""The facts a text states that a question may ask for: a date, a number or an amount, a span of time or a
frequency, a penalty. Search lifts a passage that holds the kind asked for; an answer prefers the sentence
that does."""

from __future__ import annotations

import re

from ..terms import NUMBER
from ..text import PAGE_REFERENCE
from .query import ASKS_DAY, ASKS_MONEY, ASKS_YEAR

_MONTHS = (
    r"jan(?:uari)?|feb(?:ruari)?|mars?|apr(?:il)?|maj|juni?|juli?|aug(?:usti)?|sept?(?:ember)?|"
    r"okt(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY = re.compile(rf"\b\d{{1,2}}(?:\s|\u00a0)(?:{_MONTHS})\b\.?|\b\d{{4}}-\d{{2}}-\d{{2}}\b", re.I)
_MONTH_YEAR = re.compile(
    rf"\b(?:{_MONTHS}|(?:sen|för|hög|tidig|vår)?(?:våren|hösten|sommaren|vintern)|början av|slutet av|mitten av|"
    r"årsskiftet|(?:första|andra|tredje|fjärde) (?:halvåret|kvartalet)|spring|summer|autumn|winter|early|late|"
    r"the (?:end|beginning|middle) of)\s+(?:19|20)\d{2}\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Numbers that are not quantities: designations ("SOU 2019:30", "Prop. 2017/18:105"), paragraphs and
# chapters ("5 §", "3 kap."), references to a part of a document ("bilaga 1", "avsnitt 4.2", "sidan 12",
# "punkt 3", "appendix 2") and list numbering.
_DESIGNATION = re.compile(
    r"\b\d{4}(?:/\d{2,4})?:\d+\b|\b\d+\s*(?:§|kap\b)|§+\s*\d+|\bkap\.?\s*\d+|(?:^|\s)\d{1,2}[.)]\s|"
    r"\b(?:bilag[aon]\w*|avsnitt\w*|kapitl\w*|kapitel|sid(?:an|orna)?|s\.|punkt\w*|tabell\w*|figur\w*|diagram\w*|"
    r"appendix|annex|section|chapter|table|figure|page|pp?\.)\s*\d+(?:[.:]\d+)*(?:\s*(?:[-–]|och|and)\s*\d+(?:[.:]\d+)*)?",
    re.I,
)
_PAGE = re.compile(PAGE_REFERENCE, re.I)  # "(sidan 10)": where a quotation stands, not a quantity
_NUMBER_WORDS = (
    r"två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|fjorton|tjugo|trettio|fyrtio|femtio|hundra|tusen|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|twenty|thirty|hundred|thousand"
)
_QUANTITY = re.compile(
    rf"\d|\b(?:{_NUMBER_WORDS}|miljon\w*|miljard\w*|procent\w*|hälften|halva|dubbelt|million\w*|billion\w*|"
    r"percent|half|twice)\b",
    re.I,
)
# A span of time or a frequency: "inom sju dagar", "var sjätte månad", "efter två år", "årligen".
_UNIT = (
    r"(?:sekund|minut|timm|dag|dygn|veck|månad|kvartal|halvår|år|"
    r"second|minute|hour|day|week|fortnight|month|quarter|year)\w*"
)
_ORDINAL = (
    r"andra|annan|annat|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde|tolfte|"
    r"other|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twelfth"
)
_PERIOD = re.compile(
    rf"\b(?:\d+|{_NUMBER_WORDS})(?:\s+\w+)?\s+{_UNIT}\b"
    rf"|\b(?:var|vart|varje|varannan|vartannat|every|each|per|samma|same|inom|within)\s+(?:(?:{_ORDINAL}|en|ett|a|one)\s+)?{_UNIT}\b"
    r"|\b(?:årligen|årsvis|halvårsvis|kvartalsvis|månadsvis|månatligen|veckovis|dagligen|omgående|omedelbart|"
    r"annually|yearly|quarterly|monthly|weekly|daily|immediately|without delay)\b",
    re.I,
)
_PENALTY = re.compile(
    r"\b(?:fängelse|böter|dagsböter|penningböter|bötesstraff|vite|viten|sanktionsavgift\w*|straffavgift\w*|"
    r"imprisonment|fines?)\b",
    re.I,
)
_MONEY = re.compile(r"\b(?:kr|kronor\w*|mkr|mnkr|mdkr|tkr|msek|sek|euro(?:s|n|ns)?|eur|miljard\w*)\b|[€$£]", re.I)


def fact_strength(text: str, fact: str | None, question: str = "") -> float:
    """How well a sentence holds the kind of fact a question asks for: for a date, see _date_strength
    (a designation's year, "Dir. 2018:6", is no date); for a period, 1.0 with a span of time or a
    frequency ("inom sju dagar", "var sjätte månad", "årligen"), 0.5 with a date; for a number, 1.0 with a quantity other than the
    question's own numbers, dates and designations ("SOU 2019:30", "5 §"), and when the question asks
    about money (a cost, a budget, "hur mycket pengar") with its currency (0.5 without). 0.0 otherwise
    (or no fact)."""
    if fact == "date":
        return _date_strength(_DESIGNATION.sub(" ", text), question)
    if fact == "penalty":
        return float(bool(_PENALTY.search(text)))
    if fact == "period":
        return 1.0 if _PERIOD.search(text) else 0.5 if _DAY.search(text) else 0.0
    if fact == "number":
        rest = _YEAR.sub(" ", _MONTH_YEAR.sub(" ", _DAY.sub(" ", _DESIGNATION.sub(" ", _PAGE.sub(" ", text)))))
        for number in NUMBER.findall(question):
            rest = rest.replace(number, " ")
        if not _QUANTITY.search(rest):
            return 0.0
        return 0.5 if ASKS_MONEY.search(question) and not _MONEY.search(rest) else 1.0
    return 0.0


def figures(text: str) -> frozenset[str]:
    """The numbers a sentence states, not those of the designations or pages it cites ("AFS 2014:43",
    "5 §", "(sidan 10)")."""
    return frozenset(re.findall(r"\d+", _DESIGNATION.sub(" ", _PAGE.sub(" ", text))))


def _date_strength(text: str, question: str) -> float:
    """1.0 for a day ("den 1 juli 2022", "2024-02-29"); unless the question asks for the day ("Vilket
    datum …", "what exact date"), also for a month or season with its year ("på senvåren 1997", "i slutet
    av 2025"); for a year alone when the question asks for the year ("Vilket år …": "2008"). 0.5 for a
    year that does not answer the question, 0.0 for none."""
    if _DAY.search(text):
        return 1.0
    if not _YEAR.search(text):
        return 0.0
    if ASKS_DAY.search(question):
        return 0.5
    return 1.0 if _MONTH_YEAR.search(text) or ASKS_YEAR.search(question) else 0.5
