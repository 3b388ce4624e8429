"""What the chat shows, as HTML: an answer with the references it cites, and the list of documents.

Text from documents reaches the page only escaped for HTML and Markdown (`escape`), and the only markup
added around it is ours (`<mark>` for the question's terms, badges, links to passages), so a document is
always shown as text, never run as HTML or script.

A link to a passage is `#passage/DOC_ID/CHUNK_ID` (`passage_link`): the chat's script opens it in the
source panel (Gradio's sanitizer keeps `href`, not `data-` attributes). A link from a quotation to the
report passage it quotes adds the quoting passage, `#passage/DOC_ID/CHUNK_ID/QUOTING_CHUNK_ID`, so that
the panel marks only what that passage quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import messages, tuning
from .answers.citations import ocr_note, on_page, speaker_label
from .answers.matching import PassageTerms, Terms
from .genres import find_genre
from .links import MISQUOTE
from .models import SECTION_SEPARATOR, Answer, Document, Passage
from .terms import tokens
from .text import PAGE_REFERENCE

_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]|~$#:"})
_CITATION = re.compile(r"\[(\d{1,3})\]")
# "(sidan 12)" right before a quotation's [n]: the badge gives the page, so the answer does not repeat it.
_PAGE_BEFORE_CITATION = re.compile(rf"\s*{PAGE_REFERENCE}(?=\s*\[(\d{{1,3}})\])")


def escape(text: str) -> str:
    """Document text made inert for both HTML and Markdown: shown exactly as written."""
    return text.translate(_ESCAPES)


def highlight(text: str, terms: Terms) -> str:
    """`text` escaped, with the words that match the question's terms in <mark>."""
    parts, emitted, searched = [], 0, 0
    for token in tokens(text):
        start = text.find(token, searched)
        searched = start + len(token)
        if _matches(token, terms):
            parts += [escape(text[emitted:start]), "<mark>", escape(token), "</mark>"]
            emitted = searched
    parts.append(escape(text[emitted:]))
    return "".join(parts)


def _matches(word: str, terms: Terms) -> bool:
    candidate = PassageTerms.of(word)
    return any(candidate.has_stem(s) for s in terms.stems) or any(candidate.has_anchor(a) for a in terms.anchors)


def passage_link(doc_id: str, chunk_id: int, quoting: int | None = None) -> str:
    return f"#passage/{doc_id}/{chunk_id}" + (f"/{quoting}" if quoting is not None else "")


# --- an answer ------------------------------------------------------------------------------------
def render_answer(result: Answer) -> str:
    """The answer with its clickable [n], the passages it cites grouped by document, and the other
    passages found folded under one line (for a refusal: the nearest passages, with the reason)."""
    text = messages.ANSWER_VIEW[result.lang]
    cited = cited_numbers(result)
    lines = [f'<div class="answer" lang="{result.lang}">']
    if result.searched_query:
        lines.append(f'<p class="searched">{text["searched"]}: <q>{escape(result.searched_query)}</q></p>')
    by_number = {p.citation: p for p in result.passages}
    for paragraph in filter(None, (p.strip() for p in result.text.splitlines())):
        lines.append(f"<p>{_with_citations(paragraph, by_number, result.lang)}</p>")
    if cited:
        lines.append(f'<p class="refs-label">{text["references"]}</p>')
        lines += _references([p for p in result.passages if p.citation in cited], result.lang)
    if not result.passages:
        lines.append(f'<p class="note">{text["none"]}</p>')
    others = [p for p in result.passages if p.citation not in cited]
    if others:
        summary = (text["nearest"] if result.refused else text["others"]).format(n=len(others))
        lines += [f'<details class="more-refs"><summary>{summary}</summary>',
                  *_references(others, result.lang), "</details>"]
    lines.append("</div>")
    return "\n".join(lines)


def cited_numbers(result: Answer) -> set[int]:
    """The [n] the answer's text cites (a refusal cites none)."""
    return {int(n) for n in _CITATION.findall(result.text)} & {p.citation for p in result.passages}


def _with_citations(paragraph: str, passages: dict[int, Passage], lang: str) -> str:
    """Escaped text in which each [n] links to its passage, without a quotation's "(sidan N)"."""
    def drop_page(match: re.Match) -> str:
        passage = passages.get(int(match.group(3)))
        return "" if passage and _page_in_badge(passage) else match.group(0)

    escaped = escape(_PAGE_BEFORE_CITATION.sub(drop_page, paragraph))
    for number, passage in passages.items():
        escaped = escaped.replace(f"&#91;{number}&#93;", _citation(passage, lang))
    return escaped


def _citation(passage: Passage, lang: str) -> str:
    return (f'<a class="cite" href="{passage_link(passage.doc_id, passage.chunk_id)}" '
            f'title="{messages.ANSWER_VIEW[lang]["show_source"]} {passage.citation}">[{passage.citation}]</a>')


def _references(passages: list[Passage], lang: str) -> list[str]:
    """One list per document, under its short label; a line per passage: [n], who speaks, page, section."""
    lines = []
    for doc_id in dict.fromkeys(p.doc_id for p in passages):
        group = [p for p in passages if p.doc_id == doc_id]
        lines += [f'<p class="ref-doc" title="{escape(group[0].title)}">{escape(document_label(group[0]))}</p>',
                  '<ul class="refs">', *(_reference(p, lang) for p in group), "</ul>"]
    return lines


def _reference(passage: Passage, lang: str) -> str:
    shows_page = on_page(passage, lang) and not _page_in_badge(passage)
    where = [on_page(passage, lang)] if shows_page else []
    if passage.section:
        heading = passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]
        where.append(f'<span title="{escape(passage.section)}">{escape(shorten(heading))}</span>')
    return f'<li class="ref">{badges(passage, lang)}{quote_source_link(passage, lang)} {" · ".join(where)}</li>'


def _page_in_badge(passage: Passage) -> bool:
    """A quotation's badge names the page of the report it quotes: the one page number it shows."""
    return passage.speaker == "quoted" and passage.quoted_page is not None


def quote_source_link(passage: Passage, lang: str) -> str:
    """Beside a statement's quotation: a link that opens the report passage it quotes ("Visa i rapporten
    (s. 12)"), or a note that the report holds nothing close to it (a possible misquote)."""
    text = messages.QUOTE_SOURCE[lang]
    source = passage.quote_source
    if source and source.chunk_id is not None:
        label = text["show"] + on_pages(source.page_label, source.page_end, lang)
        href = passage_link(source.doc_id, source.chunk_id, passage.chunk_id)
        return f' <a class="quote-source" href="{href}">{label}</a>'
    if passage.quote_status == MISQUOTE:
        return f' <span class="quote-missing">{text["misquote"]}</span>'
    return ""


def on_pages(first: int | str | None, last: int | None, lang: str) -> str:
    """" (s. 12)", " (s. 12–13)", " (s. iii)", or nothing when the page is not known."""
    if first is None:
        return ""
    return f" ({messages.PAGE[lang]} {first}" + (f"–{last}" if last and str(last) != str(first) else "") + ")"


def role(passage: Passage) -> str:
    """Who speaks, as a style: the region's own text ("stance"), another issuer's statement ("issuer": a
    municipality's, an agency's), a quotation, or a report's or other document's own text."""
    if passage.is_stance:
        return "stance" if passage.is_regions_stance else "issuer"
    return "quoted" if passage.speaker == "quoted" else "own"


def badges(passage: Passage, lang: str) -> str:
    """[n] and who is speaking."""
    return f"{_citation(passage, lang)} {speaker_badge(passage, lang)}"


def speaker_badge(passage: Passage, lang: str) -> str:
    """Who is speaking: "Yttrandets text", "Citat ur rapporten, s. 12" …, and "inläst med OCR" for a
    passage from a scanned page."""
    badge = f'<span class="badge {role(passage)}">{escape(speaker_label(passage, lang))}</span>'
    return badge + (f' <span class="badge ocr">{ocr_note(lang)}</span>' if passage.ocr else "")


def document_label(document: Passage | Document) -> str:
    """A document as a reference names it: its number ("SOU 2019:30") or short title, and its date."""
    return (document.doc_number or short_title(document.title)) + (f", {document.date}" if document.date else "")


def short_title(title: str) -> str:
    """A long title without the body's name before the document's own genre word ("Regionala
    utvecklingsnämndens yttrande över …" → "Yttrande över …"), cut at a word."""
    found = find_genre(title)
    if len(title) > tuning.SHORT_LABEL and found and found[1] > 0:
        title = title[found[1]].upper() + title[found[1] + 1 :]
    return shorten(title)


def shorten(text: str) -> str:
    """A title or heading, cut at a word with "…" when it is longer than SHORT_LABEL characters."""
    if len(text) <= tuning.SHORT_LABEL:
        return text
    return text[: tuning.SHORT_LABEL + 1].rsplit(None, 1)[0].rstrip(",;:–-") + "…"


# --- the documents --------------------------------------------------------------------------------
def documents_table(documents: list[Document], pages: dict[str, int | None]) -> str:
    """The indexed documents: title, kind, date, pages, the documents each responds to or is answered
    by, and a button that limits the chat to it."""
    text = messages.DOCUMENTS
    if not documents:
        return f"<p>{text['empty']}</p>"
    titles = {d.doc_id: d for d in documents}
    newest_first = sorted(documents, key=lambda d: d.date or "", reverse=True)
    rows = [_document_row(d, titles, pages.get(d.doc_id)) for d in newest_first]
    header = "".join(f'<th scope="col">{h}</th>' for h in text["columns"])
    return (f'<table class="documents"><caption>{text["caption"].format(n=len(documents))}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _document_row(document: Document, documents: dict[str, Document], pages: int | None) -> str:
    text = messages.DOCUMENTS
    number = f'<br><span class="doc-number">{escape(document.doc_number)}</span>' if document.doc_number else ""
    kind = document.genre.capitalize() if document.genre else messages.KIND_NAMES[document.kind]
    cells = [
        f'<th scope="row">{escape(document.title)}{number}</th>',
        f"<td>{escape(kind)}</td>",
        f"<td>{escape(document.issuer or '–')}</td>",
        f"<td>{escape(document.date or '–')}</td>",
        f"<td>{pages or '–'}</td>",
        f"<td>{_links(document, documents)}</td>",
        f'<td><button type="button" class="choose-document" data-doc="{escape(document.doc_id)}" '
        f'aria-label="{text["choose"]}: {escape(document_label(document))}">{text["choose"]}</button></td>',
    ]
    return f"<tr>{''.join(cells)}</tr>"


def _links(document: Document, documents: dict[str, Document]) -> str:
    text = messages.DOCUMENTS
    links = []
    if document.responds_to in documents:
        links.append(f"{text['responds_to']}: {escape(document_label(documents[document.responds_to]))}")
    answered_by = _titles(d for d in documents.values() if d.responds_to == document.doc_id)
    if answered_by:
        links.append(f"{text['answered_by']}: {answered_by}")
    return "<br>".join(links) or "–"


def _titles(documents: Iterable[Document]) -> str:
    return "; ".join(escape(document_label(d)) for d in documents)
