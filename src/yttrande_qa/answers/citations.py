"""Who is speaking in a passage, and a one-line reference to it, in Swedish or English."""

from __future__ import annotations

from ..models import Passage

_LABELS = {
    "sv": {
        ("statement", "author"): "Yttrandets text",
        ("statement", "quoted"): "Citat ur rapporten",
        ("report", "author"): "Rapportens text",
        ("report", "quoted"): "Citat i rapporten",
        ("other", "author"): "Dokumentets text",
        ("other", "quoted"): "Citat i dokumentet",
    },
    "en": {
        ("statement", "author"): "The statement's own text",
        ("statement", "quoted"): "Quoted from the report",
        ("report", "author"): "The report's own text",
        ("report", "quoted"): "Quoted in the report",
        ("other", "author"): "The document's own text",
        ("other", "quoted"): "Quoted in the document",
    },
}
_PAGE = {"sv": "s.", "en": "p."}
_WEAK = {"sv": "svagt relaterad", "en": "weakly related"}


def speaker_label(passage: Passage, lang: str = "sv") -> str:
    """E.g. "Yttrandets text" or "Citat ur rapporten, s. 12"."""
    lang = lang if lang in _LABELS else "sv"
    label = _LABELS[lang][(passage.kind, passage.speaker)]
    if passage.speaker == "quoted" and passage.quoted_page:
        pages = str(passage.quoted_page)
        if passage.quoted_page_end:
            pages += f"–{passage.quoted_page_end}"
        label += f", {_PAGE[lang]} {pages}"
    return label


def reference(passage: Passage, lang: str = "sv") -> str:
    """"[1] Yttrandets text · Title (2024-02-29) · s. 9 · Section", and "(svagt relaterad)" for a passage
    offered only as nearest to a refused question."""
    parts = [speaker_label(passage, lang), passage.title + (f" ({passage.date})" if passage.date else "")]
    if passage.page is not None:
        parts.append(f"{_PAGE.get(lang, 's.')} {passage.page}")
    if passage.section:
        parts.append(passage.section)
    weak = f" ({_WEAK.get(lang, _WEAK['sv'])})" if passage.weak else ""
    return f"[{passage.citation}] " + " · ".join(parts) + weak
