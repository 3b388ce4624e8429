"""Which indexed report a statement answers: the one its title or opening names.

A statement names what it answers in its title ("Yttrande över betänkandet En hållbar … (SOU 2020:10)"),
in its letterhead ("Er beteckning: Fi2025/01857") or in its first lines ("Region X har beretts möjlighet
att yttra sig över …"). A report is named
- by its own number (`doc_number`: SOU 2020:10, Ds 2019:1 …), as a subject number of the statement's
  title or anywhere in its opening, read with `terms.designations` (the rule of metadata and search);
- by its diarienummer, anywhere in the statement's opening, read with `terms.named_diarienummer` (the
  shape metadata reads after "Dnr");
- by its title, in the statement's title, or in its opening when the report's title has at least
  `tuning.LINK_OPENING_TITLE_WORDS` words (a short title is too easily named in passing).
A number beats a diarienummer, which beats a title; among titles the longest named wins. Two reports
named equally well are ambiguous, and the statement is left unlinked (`index --responds-to` links it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import tuning
from ..models import Document
from ..terms import designations, diarienummer_key, named_diarienummer
from .alignment import similarity

OPENING_CHARS = 2000  # how much of the start of a document counts as its opening


def opening_text(lines: Iterable[str]) -> str:
    """The letterhead, title and first lines of a document (its lines in reading order), where a
    statement names what it answers."""
    kept, size = [], 0
    for line in lines:
        if size >= OPENING_CHARS:
            break
        if line.strip():
            kept.append(line.strip())
            size += len(kept[-1]) + 1
    return " ".join(kept)[:OPENING_CHARS]


def best_report(statement: Document, opening: str, reports: list[Document]) -> str | None:
    """The id of the report the statement names most clearly, or None (none named, or a tie)."""
    ranked = sorted(
        ((strength, report.doc_id) for report in reports
         if report.doc_id != statement.doc_id and (strength := naming(statement, opening, report))),
        reverse=True,
    )
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def naming(statement: Document, opening: str, report: Document) -> tuple[int, int] | None:
    """How clearly a statement names a report: (3, …) by number, (2, …) by diarienummer, (1, title
    length) by title; None when it does not."""
    if report.doc_number and _names_number(statement, opening, report.doc_number):
        return 3, len(report.doc_number)
    if report.diarienummer:
        key = diarienummer_key(report.diarienummer)
        if len(key) >= tuning.LINK_MIN_DIARIENUMMER_CHARS and any(ch.isdigit() for ch in key) \
                and key in named_diarienummer(opening):
            return 2, len(key)
    title = _words(report.title)
    if len(title) < tuning.LINK_MIN_TITLE_CHARS:
        return None
    where = [_words(statement.title)]
    if len(title.split()) >= tuning.LINK_OPENING_TITLE_WORDS:
        where.append(_words(opening))
    if any(similarity(title, place)[0] >= tuning.LINK_TITLE_SIMILARITY for place in where):
        return 1, len(title)
    return None


def _names_number(statement: Document, opening: str, number: str) -> bool:
    """Whether the statement's subject numbers, title or opening name the document number with its series
    (terms.designations, as a question names one; a bare "(2019:30)" is mostly a statute's)."""
    named = designations(" ; ".join([*statement.subject_numbers, statement.title, opening]))
    return any(wanted.matches(found) for wanted in designations(number) for found in named if found.series)


def _words(text: str) -> str:
    """Words only, case-folded and single-spaced: "Moderna  Tillstånds-processer" → "moderna tillstånds processer"."""
    return " ".join(re.findall(r"\w+", text.casefold()))
