"""The source panel beside the chat: one passage in its place, named by document id and chunk id.

For a PDF it shows the page as an image with the passage's lines highlighted, and a link that opens the
file at that page; for text and Word documents (and a PDF whose file has moved or changed) the passage
between its neighbours, marked. Any `#passage/DOC_ID/CHUNK_ID` link on the page opens a passage here.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from . import links, messages, render
from .actors import speaks_for_region
from .answers import paired
from .answers.citations import on_page, speaker_label
from .answers.matching import Terms
from .models import Document, Passage
from .retrieval.search import passage_from_row
from .store.index import Index
from .views import (
    document_label,
    escape,
    highlight,
    on_pages,
    passage_link,
    quote_source_link,
    role,
    shorten,
    speaker_badge,
)

PAGE_ROUTE = "pages"  # pages/DOC_ID/PAGE_INDEX: the page image (web.py serves it)
FILE_ROUTE = "files"  # files/DOC_ID: the original file


def placeholder() -> str:
    return _panel("", f'<p class="panel-hint">{messages.PANEL["hint"]}</p>')


def render_panel(index: Index, doc_id: str, chunk_id: int, terms: Terms | None = None, lang: str = "sv",
                 question: str = "", quoting: int | None = None) -> str:
    """The passage `chunk_id` of document `doc_id`, with the question's `terms` marked; a report passage
    with the statements' replies to it (to the `question`'s topic where it asks about one), and when a
    quotation led to it (the statement passage `quoting`), only the lines that quotation quotes
    highlighted on its page."""
    rows = index.store.chunk_rows([chunk_id])
    document = index.store.document(doc_id)
    if chunk_id not in rows or rows[chunk_id]["doc_id"] != doc_id or document is None:
        return _panel("", f'<p class="note">{messages.PANEL["gone"]}</p>')
    passage = passage_from_row(rows[chunk_id], 0.0)
    links.attach_quote_sources(index.store.db, [passage])
    terms = terms or Terms.of("", lang)
    replies = _replies(index, passage, question, lang) if passage.kind == "report" else ""
    quoted = links.quoted_in(index.store.db, quoting, chunk_id) if quoting else []
    page = _located(document, passage, quoted)
    if page is None:
        body = _file_note(document, passage) + _in_context(index, passage, terms, lang)
        return _panel(_header(passage, lang), body + replies, passage)
    page_name = passage.page_label or str(page.page_index + 1)
    body = (_page_figure(document, page, page_name)
            + f'<blockquote class="passage {role(passage)}">{highlight(passage.text, terms)}</blockquote>')
    return _panel(_header(passage, lang) + _pdf_link(document, page, page_name), body + replies, passage)


def _panel(head: str, body: str, passage: Passage | None = None) -> str:
    """The panel: a heading and what names the passage (kept in view while the page image scrolls), then
    the passage; the section names the passage shown (data-doc, data-chunk)."""
    shown = f' data-doc="{escape(passage.doc_id)}" data-chunk="{passage.chunk_id}"' if passage else ""
    return (f'<section class="source-panel" aria-labelledby="source-heading"{shown}><div class="panel-head">'
            f'<h2 id="source-heading" tabindex="-1">{messages.PANEL["heading"]}</h2>{head}</div>{body}</section>')


def _header(passage: Passage, lang: str) -> str:
    where = [on_page(passage, lang)] if on_page(passage, lang) else []
    where += [escape(passage.section)] if passage.section else []
    return (f'<p class="meta">{speaker_badge(passage, lang)}{quote_source_link(passage, lang)}</p>'
            f'<p class="meta"><span title="{escape(passage.title)}">{escape(document_label(passage))}</span>'
            + "".join(f" · {w}" for w in where) + "</p>")


def _replies(index: Index, passage: Passage, question: str, lang: str) -> str:
    """Under a report passage: each statement's reply to it, newest first, under a heading that names
    whose reply it is ("Regionens svar", "Svar från Kommunstyrelsen"), with its issuing body, date and a
    link that opens the reply in the panel."""
    replies = paired.replies_to_passage(index, passage.chunk_id, question, lang)
    if not replies:
        return ""
    text = messages.REPLIES[lang]
    groups = []
    for heading, group in groupby(replies, key=lambda reply: _heading(reply.passage.issuer, lang)):
        groups.append(f'<h3>{escape(heading)}</h3><ul>{"".join(_reply(reply, lang) for reply in group)}</ul>')
    return f'<section class="replies" aria-label="{text["label"]}">{"".join(groups)}</section>'


def _heading(issuer: str | None, lang: str) -> str:
    """Whose reply: the region's when a region or one of its bodies issued the statement (or it names no
    issuer), else the issuing body's."""
    text = messages.REPLIES[lang]
    return text["region"] if speaks_for_region(issuer) else text["other"].format(issuer=issuer)


def _reply(reply: paired.Reply, lang: str) -> str:
    text = messages.REPLIES[lang]
    shown = reply.passage
    who = ", ".join(filter(None, [shown.issuer or document_label(shown), shown.date]))
    label = text["show"] + on_pages(shown.page_label, None, lang)
    return (f'<li class="reply"><p class="meta">{speaker_badge(shown, lang)} {escape(who)}, {text["about"]} '
            f'<q>{escape(shorten(reply.quotation))}</q></p>'
            f'<blockquote class="passage {role(shown)}">{escape(reply.text)}</blockquote>'
            f'<p class="meta"><a class="reply-source" href="{passage_link(shown.doc_id, shown.chunk_id)}">{label}</a>'
            "</p></li>")


def _is_pdf(document: Document) -> bool:
    return document.path.lower().endswith(".pdf")


def _located(document: Document, passage: Passage, quoted: list[str]) -> render.PassageOnPage | None:
    """Where the passage stands in its PDF (from its page on, where indexing read it), as the lines of the
    `quoted` text in it where a quotation led here (the whole passage when they are not found); None when
    the file is not a PDF, is gone or changed, or no page holds the passage."""
    if not _is_pdf(document) or render.file_state(document.path, document.content_hash) != "ok":
        return None
    where = (document.path, document.content_hash, passage.page_index, passage.page)
    found = render.locate(*where, " ".join(quoted)) if quoted else None
    return found or render.locate(*where, passage.text)


def _pdf_link(document: Document, page: render.PassageOnPage, page_name: str) -> str:
    return (f'<p class="meta"><a href="{FILE_ROUTE}/{escape(document.doc_id)}#page={page.page_index + 1}" '
            f'target="_blank" rel="noopener">{messages.PANEL["open_pdf"].format(page=page_name)}</a></p>')


def _page_figure(document: Document, page: render.PassageOnPage, page_name: str) -> str:
    """The page image under the passage's highlighted lines."""
    boxes = "".join(
        f'<span class="highlight" style="left:{b.left:.2%};top:{b.top:.2%};width:{b.width:.2%};height:{b.height:.2%}">'
        "</span>" for b in page.boxes
    )
    image = (f'<img src="{PAGE_ROUTE}/{escape(document.doc_id)}/{page.page_index}?v={document.content_hash[:12]}" '
             f'alt="{messages.PANEL["page_alt"].format(page=page_name)}">')
    return (f'<div class="page-frame" style="aspect-ratio:{page.width:.1f}/{page.height:.1f}">'
            f"{image}{boxes}</div>")


def _file_note(document: Document, passage: Passage) -> str:
    """Why a PDF's page is not shown: the file has moved or changed since it was indexed, or the page is
    a scan (its text is what OCR read, not in the file), or the passage is not found on it."""
    if not _is_pdf(document):
        return ""
    state = render.file_state(document.path, document.content_hash)
    reason = "file_" + state if state != "ok" else "scanned" if passage.ocr else "not_found"
    return f'<p class="note">{messages.PANEL[reason].format(path=escape(document.path))}</p>'


def _in_context(index: Index, passage: Passage, terms: Terms, lang: str) -> str:
    """The passage between its neighbours in the document; each neighbour says who is speaking (a
    neighbour may be a quotation)."""
    paragraphs = []
    for row in index.store.neighbours(passage.chunk_id):
        if row["chunk_id"] == passage.chunk_id:
            paragraphs.append(f'<p class="passage current {role(passage)}">{highlight(passage.text, terms)}</p>')
            continue
        neighbour = replace(passage, speaker=row["speaker"], quoted_page=row["quoted_page"],
                            quoted_page_end=row["quoted_page_end"])
        paragraphs.append(f'<p class="neighbour"><em>{escape(speaker_label(neighbour, lang))}:</em> '
                          f"{escape(row['text'])}</p>")
    return f'<div class="context">{"".join(paragraphs)}</div>'
