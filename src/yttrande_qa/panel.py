"""The source panel beside the chat: one passage in its place, named by document id and chunk id.

For a PDF it shows the page as an image with the passage's lines highlighted, and a link that opens the
file at that page; for text and Word documents (and a PDF whose file has moved or changed) the passage
between its neighbours, marked. Any `#passage/DOC_ID/CHUNK_ID` link on the page opens a passage here.
"""

from __future__ import annotations

from dataclasses import replace

from . import messages, render
from .answers.citations import speaker_label
from .answers.matching import Terms
from .models import Document, Passage
from .retrieval.search import passage_from_row
from .store.index import Index
from .views import document_label, escape, highlight, role, speaker_badge

PAGE_ROUTE = "pages"  # pages/DOC_ID/PAGE_INDEX: the page image (web.py serves it)
FILE_ROUTE = "files"  # files/DOC_ID: the original file


def placeholder() -> str:
    return _panel(f'<p class="panel-hint">{messages.PANEL["hint"]}</p>')


def render_panel(index: Index, doc_id: str, chunk_id: int, terms: Terms | None = None, lang: str = "sv") -> str:
    """The passage `chunk_id` of document `doc_id`, with the question's `terms` marked."""
    text = messages.PANEL
    rows = index.store.chunk_rows([chunk_id])
    document = index.store.document(doc_id)
    if chunk_id not in rows or rows[chunk_id]["doc_id"] != doc_id or document is None:
        return _panel(f'<p class="note">{text["gone"]}</p>')
    passage = passage_from_row(rows[chunk_id], 0.0)
    terms = terms or Terms.of("", lang)
    body = _pdf_page(index, document, passage, terms) if _is_pdf(document) else None
    if body is None:
        body = _file_note(document) + _in_context(index, passage, terms, lang)
    return _panel(_header(passage, lang) + body)


def _panel(body: str) -> str:
    return (f'<section class="source-panel" aria-labelledby="source-heading">'
            f'<h2 id="source-heading" tabindex="-1">{messages.PANEL["heading"]}</h2>{body}</section>')


def _header(passage: Passage, lang: str) -> str:
    where = [f"{messages.PAGE[lang]} {passage.page}"] if passage.page is not None else []
    where += [escape(passage.section)] if passage.section else []
    return (f'<p class="meta">{speaker_badge(passage, lang)}</p>'
            f'<p class="meta"><span title="{escape(passage.title)}">{escape(document_label(passage))}</span>'
            + "".join(f" · {w}" for w in where) + "</p>")


def _is_pdf(document: Document) -> bool:
    return document.path.lower().endswith(".pdf")


def _pdf_page(index: Index, document: Document, passage: Passage, terms: Terms) -> str | None:
    """The page image with the passage highlighted, a link to the file at that page, and the passage as
    text; None when the file is gone or changed, or the passage is not found on any page."""
    if render.file_state(document.path, document.content_hash) != "ok":
        return None
    found = render.locate(document.path, document.content_hash, passage.page, passage.text)
    if found is None:
        return None
    text = messages.PANEL
    number = found.page_index + 1
    page_name = passage.page if passage.page is not None else number
    boxes = "".join(
        f'<span class="highlight" style="left:{b.left:.2%};top:{b.top:.2%};width:{b.width:.2%};height:{b.height:.2%}"></span>'
        for b in found.boxes
    )
    image = (f'<img src="{PAGE_ROUTE}/{escape(document.doc_id)}/{found.page_index}?v={document.content_hash[:12]}" '
             f'alt="{text["page_alt"].format(page=page_name)}">')
    link = (f'<a href="{FILE_ROUTE}/{escape(document.doc_id)}#page={number}" target="_blank" rel="noopener">'
            f'{text["open_pdf"].format(page=page_name)}</a>')
    return (f'<figure class="page-view"><div class="page-frame">{image}{boxes}</div>'
            f"<figcaption>{link}</figcaption></figure>"
            f'<blockquote class="passage {role(passage)}">{highlight(passage.text, terms)}</blockquote>')


def _file_note(document: Document) -> str:
    """Why a PDF's page is not shown: the file has moved or changed since it was indexed."""
    if not _is_pdf(document):
        return ""
    state = render.file_state(document.path, document.content_hash)
    note = messages.PANEL["file_" + state] if state != "ok" else messages.PANEL["not_found"]
    return f'<p class="note">{note.format(path=escape(document.path))}</p>'


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
