"""The links in the index database: which report each statement answers (`documents.responds_to`), the
links set by hand, the openings statements name reports in, and where each quotation stands in the report.

`refresh` runs inside the transaction that indexes or removes a document, so links and quotation sources
are never out of step with the documents they join.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from itertools import groupby

from ..models import Document, Passage, QuoteSource
from .alignment import Alignment, Quotation, ReportText, is_match, split_quotations
from .naming import best_report

# Bump when links or quotation sources are computed differently: they are redone on open.
# 2: document numbers and diarienummer named as terms.py reads them.
VERSION = "2"
VERSION_KEY = "links_version"

SCHEMA = """
-- The report a statement was linked to with `index --responds-to`: never replaced by a detected one.
CREATE TABLE IF NOT EXISTS manual_links (
    statement TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    report TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE
);
-- A statement said with `index --responds-to none` to answer no indexed report: never linked by itself.
CREATE TABLE IF NOT EXISTS unlinked (
    statement TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE
);
-- A document's letterhead, title and first lines, where a statement names the report it answers.
CREATE TABLE IF NOT EXISTS openings (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
-- Each quotation (by passage and position in it) of a linked statement, aligned with the report text
-- it is closest to.
CREATE TABLE IF NOT EXISTS quotations (
    chunk_id INTEGER NOT NULL REFERENCES chunks(chunk_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    statement TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    report TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    report_chunk INTEGER NOT NULL REFERENCES chunks(chunk_id) ON DELETE CASCADE,
    report_chunk_end INTEGER NOT NULL,
    page INTEGER,
    page_end INTEGER,
    text TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (chunk_id, position)
);
CREATE INDEX IF NOT EXISTS quotations_report_chunk ON quotations(report_chunk);
"""

NO_LINK = "none"  # `index --responds-to none`: the statement answers no indexed report
Status = str  # "matched", "misquote" or "report not indexed"
MATCHED, MISQUOTE, NO_REPORT = "matched", "misquote", "report not indexed"


@dataclass(frozen=True)
class QuotationCheck:
    """One quotation of a statement and what became of it."""

    chunk_id: int
    position: int
    quotation: Quotation
    page: int | None  # the statement's page it stands on
    status: Status
    report: str | None  # the linked report
    closest: Alignment | None  # the report text it is closest to (None: no report linked)

    @property
    def source(self) -> QuoteSource | None:
        """Where the report says what it quotes (None unless matched)."""
        return _quote_source(self.report, [self.closest]) if self.status == MATCHED else None

    @property
    def wrong_page(self) -> bool:
        """Found, but not on the page the quotation gives."""
        quoted = self.quotation.quoted_page
        if self.status != MATCHED or quoted is None or self.closest.page is None:
            return False
        last = self.quotation.quoted_page_end or quoted
        found = {self.closest.page, self.closest.page_end or self.closest.page}
        return not any(quoted <= page <= last for page in found)

    def to_dict(self) -> dict:
        """As `yttrande-qa quotes --json` prints it."""
        misquote = self.status == MISQUOTE
        source = self.source
        return {
            "text": self.quotation.text,
            "page": self.page,
            "quoted_page": self.quotation.quoted_page,
            "status": self.status,
            "quote_source": asdict(source) if source else None,
            "closest": self.closest.text if misquote else None,
            "closest_page": self.closest.page if misquote else None,
            "closest_page_index": self.closest.page_index if misquote else None,
            "closest_page_label": self.closest.page_label if misquote else None,
            "closest_similarity": self.closest.similarity if misquote else None,
            "wrong_page": self.wrong_page,
        }

    def describe(self) -> str:
        """One line for an official: the status and where the text is."""
        if self.status == NO_REPORT:
            return NO_REPORT
        place = f"{self.report}, p. {_pages(self.closest.page_label, self.closest.page_end)}"
        if self.status == MISQUOTE:
            return f"possible misquote (similarity {self.closest.similarity:.2f}); nearest: {place}: {self.closest.text}"
        quoted = self.quotation.quoted_page
        note = f" (the quotation says p. {_pages(quoted, self.quotation.quoted_page_end)})" if self.wrong_page else ""
        return f"matched (similarity {self.closest.similarity:.2f}): {place}{note}"


def ensure_current(db: sqlite3.Connection, documents: Callable[[], list[Document]]) -> None:
    """Compute links and quotation sources for an index whose links another VERSION made (or that has
    none: its links were all set by hand, with --responds-to, and stay so)."""
    if _version(db) == VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _version(db)
        if version != VERSION:
            if version is None:
                db.execute("INSERT OR IGNORE INTO manual_links SELECT doc_id, responds_to FROM documents "
                           "WHERE responds_to IS NOT NULL")
            refresh(db, documents(), everything=True)
            db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       (VERSION_KEY, VERSION))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def record(db: sqlite3.Connection, doc_id: str, opening: str, manual_link: str | None) -> None:
    """Keep a document's opening, and the report it was linked to by hand, or NO_LINK (inside its
    transaction)."""
    db.execute("INSERT INTO openings VALUES (?, ?) ON CONFLICT(doc_id) DO UPDATE SET text = excluded.text",
               (doc_id, opening))
    if not manual_link:
        return
    db.execute("DELETE FROM manual_links WHERE statement = ?", (doc_id,))
    db.execute("DELETE FROM unlinked WHERE statement = ?", (doc_id,))
    if manual_link == NO_LINK:
        db.execute("INSERT INTO unlinked VALUES (?)", (doc_id,))
    else:
        db.execute("INSERT INTO manual_links VALUES (?, ?)", (doc_id, manual_link))


def manual_link(db: sqlite3.Connection, doc_id: str) -> str | None:
    """The report a document was linked to by hand, NO_LINK, or None (not set by hand)."""
    row = db.execute("SELECT report FROM manual_links WHERE statement = ? UNION ALL "
                     "SELECT ? FROM unlinked WHERE statement = ?", (doc_id, NO_LINK, doc_id)).fetchone()
    return row[0] if row else None


FileKey = tuple[str, str]  # a document's file: (path, content hash)


def hand_links(db: sqlite3.Connection) -> list[tuple[FileKey, FileKey | None]]:
    """The links set by hand, by the files of the statement and of its report (None: NO_LINK), so that
    another database (a rebuild's) can set them again."""
    return [((row[0], row[1]), (row[2], row[3]) if row[2] is not None else None) for row in db.execute(
        "SELECT s.path, s.content_hash, r.path, r.content_hash FROM manual_links m "
        "JOIN documents s ON s.doc_id = m.statement JOIN documents r ON r.doc_id = m.report "
        "UNION ALL SELECT s.path, s.content_hash, NULL, NULL FROM unlinked u JOIN documents s ON s.doc_id = u.statement"
    )]


def restore_hand_links(db: sqlite3.Connection, documents: list[Document],
                       links: list[tuple[FileKey, FileKey | None]]) -> None:
    """Set the links another database had set by hand (hand_links) where both documents are here (found
    by path, else by content) and the statement was not linked by hand here (inside a transaction)."""
    by_file = {**{d.content_hash: d.doc_id for d in documents}, **{d.path: d.doc_id for d in documents}}
    changed = []
    for (path, content), report in links:
        statement = by_file.get(path) or by_file.get(content)
        target = NO_LINK if report is None else by_file.get(report[0]) or by_file.get(report[1])
        if statement and target and target != statement and manual_link(db, statement) is None:
            record(db, statement, _opening(db, statement), target)
            changed.append(statement)
    if changed:
        refresh(db, documents, changed)


def _opening(db: sqlite3.Connection, doc_id: str) -> str:
    row = db.execute("SELECT text FROM openings WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else ""


def refresh(db: sqlite3.Connection, documents: list[Document], changed: Iterable[str] = (),
            everything: bool = False) -> None:
    """Link each statement to the report it answers (the one set by hand, else the one it names) and
    align its quotations with that report, where the statement, its report or its link changed (call
    inside the transaction that indexed or removed `changed`)."""
    changed = set(changed)
    manual = dict(db.execute("SELECT statement, report FROM manual_links UNION ALL "
                             "SELECT statement, NULL FROM unlinked"))
    openings = dict(db.execute("SELECT doc_id, text FROM openings"))
    reports = [d for d in documents if d.kind == "report"]
    texts: dict[str, ReportText] = {}
    for doc in documents:
        if doc.doc_id in manual:
            target = manual[doc.doc_id]
        elif doc.kind == "statement":
            target = best_report(doc, openings.get(doc.doc_id, ""), reports)
        else:
            target = None
        if target != doc.responds_to:
            db.execute("UPDATE documents SET responds_to = ? WHERE doc_id = ?", (target, doc.doc_id))
        if target is None:
            db.execute("DELETE FROM quotations WHERE statement = ?", (doc.doc_id,))
        elif everything or target != doc.responds_to or {doc.doc_id, target} & changed:
            if target not in texts:
                texts[target] = ReportText(_passages(db, target))
            _align_statement(db, doc.doc_id, target, texts[target])


def _passages(db: sqlite3.Connection, doc_id: str) -> list[tuple[int, int | None, str]]:
    return db.execute("SELECT chunk_id, page, text FROM chunks WHERE doc_id = ? ORDER BY ordinal",
                      (doc_id,)).fetchall()


def _quoted(db: sqlite3.Connection, doc_id: str) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT chunk_id, page, text, quoted_page, quoted_page_end FROM chunks "
        "WHERE doc_id = ? AND speaker = 'quoted' ORDER BY ordinal", (doc_id,)
    ).fetchall()


def _align_statement(db: sqlite3.Connection, statement: str, report: str, text: ReportText) -> None:
    db.execute("DELETE FROM quotations WHERE statement = ?", (statement,))
    rows = []
    for chunk_id, _, passage, quoted_page, quoted_page_end in _quoted(db, statement):
        for position, quotation in enumerate(split_quotations(passage, quoted_page, quoted_page_end)):
            found = text.align(quotation)
            if found:
                rows.append((chunk_id, position, statement, report, found.chunk_id, found.chunk_id_end,
                             found.page, found.page_end, found.text, found.similarity))
    db.executemany("INSERT INTO quotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


# --- reading ------------------------------------------------------------------------------------


def check_quotations(db: sqlite3.Connection, doc_id: str) -> list[QuotationCheck]:
    """Every quotation of a statement, in reading order, with its status and the closest report text."""
    found = _alignments(db, "q.statement = ?", [doc_id])
    checks = []
    for chunk_id, page, passage, quoted_page, quoted_page_end in _quoted(db, doc_id):
        for position, quotation in enumerate(split_quotations(passage, quoted_page, quoted_page_end)):
            closest = found.get((chunk_id, position))
            report, alignment = closest or (None, None)
            status = NO_REPORT if alignment is None else MATCHED if alignment.matched else MISQUOTE
            checks.append(QuotationCheck(chunk_id, position, quotation, page, status, report, alignment))
    return checks


def quote_sources(db: sqlite3.Connection, chunk_ids: Iterable[int]) -> dict[int, QuoteSource]:
    """The report text each quoted passage quotes, for the passages whose every quotation was found."""
    return {chunk_id: _quote_source(report, found) for chunk_id, (report, found) in _by_passage(db, chunk_ids).items()
            if all(alignment.matched for alignment in found)}


def quote_statuses(db: sqlite3.Connection, chunk_ids: Iterable[int]) -> dict[int, Status]:
    """For each quoted passage: MATCHED when its every quotation was found in the report, MISQUOTE when
    one was compared with the report and nothing close enough was found, else NO_REPORT."""
    ids = list(chunk_ids)
    found = _by_passage(db, ids)
    return {chunk_id: NO_REPORT if chunk_id not in found else
            MATCHED if all(a.matched for a in found[chunk_id][1]) else MISQUOTE for chunk_id in ids}


def _by_passage(db: sqlite3.Connection, chunk_ids: Iterable[int]) -> dict[int, tuple[str, list[Alignment]]]:
    """The report and the alignments of each quoted passage's quotations, in the passage's order."""
    ids = list(chunk_ids)
    if not ids:
        return {}
    found = _alignments(db, f"q.chunk_id IN ({','.join('?' * len(ids))})", ids)
    return {chunk_id: (group[0][1][0], [alignment for _, (_, alignment) in group])
            for chunk_id, group in ((c, list(g)) for c, g in groupby(sorted(found.items()), key=lambda i: i[0][0]))}


def source_of(db: sqlite3.Connection, chunk_id: int, position: int) -> QuoteSource | None:
    """Where the report says what the quotation at `position` in a quoted passage quotes, if found."""
    found = _alignments(db, "q.chunk_id = ? AND q.position = ?", [chunk_id, position]).get((chunk_id, position))
    return _quote_source(found[0], [found[1]]) if found and found[1].matched else None


def attach_quote_sources(db: sqlite3.Connection, passages: list[Passage]) -> None:
    """Set `quote_source` on the quoted passages whose quotations were all found in the report, and
    `quote_status` on every quotation of a statement (MATCHED, MISQUOTE or NO_REPORT)."""
    quoted = [p.chunk_id for p in passages if p.speaker == "quoted" and p.kind == "statement"]
    sources, statuses = quote_sources(db, quoted), quote_statuses(db, quoted)
    for passage in passages:
        passage.quote_source = sources.get(passage.chunk_id)
        passage.quote_status = statuses.get(passage.chunk_id)


def quotations_of_passages(db: sqlite3.Connection, report_chunk_ids: Iterable[int]) -> dict[int, list[int]]:
    """The statement passages whose quotations were found in each report passage."""
    quoting: dict[int, list[int]] = {}
    for report_chunk, chunk_id, _ in quotations_in(db, report_chunk_ids):
        if chunk_id not in quoting.get(report_chunk, []):
            quoting.setdefault(report_chunk, []).append(chunk_id)
    return quoting


def quoted_in(db: sqlite3.Connection, quoting: int, report_chunk: int) -> list[str]:
    """The report text that the quotations of statement passage `quoting` were found to quote, where it
    starts or ends in `report_chunk` (each quotation's whole sentences, which may run on into the next)."""
    rows = db.execute(
        "SELECT text, similarity FROM quotations WHERE chunk_id = ? AND ? IN (report_chunk, report_chunk_end) "
        "ORDER BY position", (quoting, report_chunk),
    ).fetchall()
    return [text for text, score in rows if is_match(score)]


def quotations_in(db: sqlite3.Connection, report_chunk_ids: Iterable[int]) -> list[tuple[int, int, int]]:
    """(report passage, statement passage, position in it) of each quotation found in the report
    passages, in the statements' order."""
    ids = list(report_chunk_ids)
    rows = db.execute(
        f"SELECT report_chunk, chunk_id, position, similarity FROM quotations "
        f"WHERE report_chunk IN ({','.join('?' * len(ids))}) ORDER BY chunk_id, position", ids,
    ).fetchall() if ids else []
    return [(report_chunk, chunk_id, position) for report_chunk, chunk_id, position, score in rows if is_match(score)]


def _alignments(db: sqlite3.Connection, where: str, params: list) -> dict[tuple[int, int], tuple[str, Alignment]]:
    rows = db.execute(
        "SELECT q.chunk_id, q.position, q.report, q.report_chunk, q.report_chunk_end, q.page, q.page_end, q.text, "
        "q.similarity, c.page_index, c.page_label FROM quotations q JOIN chunks c ON c.chunk_id = q.report_chunk "
        f"WHERE {where}", params,
    ).fetchall()
    return {
        (row[0], row[1]): (row[2], Alignment(row[8], row[7], row[3], row[4], row[5], row[6], row[9], row[10]))
        for row in rows
    }


def _quote_source(report: str, alignments: list[Alignment]) -> QuoteSource:
    """One source for quotations (a passage may hold several): the first one's place, all their texts."""
    first = alignments[0]
    pages = [p for a in alignments for p in (a.page, a.page_end) if p is not None]
    last_page = max(pages) if pages else None
    return QuoteSource(
        doc_id=report,
        page=first.page,
        text=" […] ".join(dict.fromkeys(a.text for a in alignments)),
        similarity=min(a.similarity for a in alignments),
        chunk_id=first.chunk_id,
        page_end=last_page if last_page != first.page else None,
        page_index=first.page_index,
        page_label=first.page_label,
    )


def _pages(first: int | str | None, last: int | None) -> str:
    return "?" if first is None else f"{first}–{last}" if last and str(last) != str(first) else str(first)


def _version(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (VERSION_KEY,)).fetchone()
    return row[0] if row else None
