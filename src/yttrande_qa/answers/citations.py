"""Who is speaking in a passage, and a one-line reference to it, in Swedish or English."""

from __future__ import annotations

from ..genres import document_noun, genitive
from ..messages import OCR_NOTE, PAGE, SPEAKER_LABELS, WEAK
from ..models import Passage


def speaker_label(passage: Passage, lang: str = "sv") -> str:
    """Whose words a passage is, named by its document's genre: "Yttrandets text" (the region's own text),
    "Betänkandets text", "Dokumentets text", "Citat i propositionen", "Citat ur rapporten, s. 12" (a
    statement's quotation); a statement's own text by another issuer is named by it: "Kommunstyrelsens
    text"."""
    lang = lang if lang in SPEAKER_LABELS else "sv"
    labels = SPEAKER_LABELS[lang]
    if passage.is_stance and not passage.is_regions_stance:
        label = labels["issuer"].format(issuer=genitive(passage.issuer, lang))
    elif passage.speaker == "author":
        label = labels["author"].format(Document=document_noun(passage.genre, passage.kind, lang, genitive=True))
    elif passage.kind == "statement":
        label = labels["statement_quoted"]
    else:
        label = labels["quoted"].format(document=document_noun(passage.genre, passage.kind, lang).lower())
    if passage.speaker == "quoted" and passage.quoted_page:
        pages = str(passage.quoted_page)
        if passage.quoted_page_end:
            pages += f"–{passage.quoted_page_end}"
        label += f", {PAGE[lang]} {pages}"
    return label


def reference(passage: Passage, lang: str = "sv") -> str:
    """"[1] Yttrandets text · Title (2024-02-29) · s. 9 · Section", "· inläst med OCR" for a passage from
    a scanned page, and "(svagt relaterad)" for a passage offered only as nearest to a refused question."""
    parts = [speaker_label(passage, lang), passage.title + (f" ({passage.date})" if passage.date else "")]
    if on_page(passage, lang):
        parts.append(on_page(passage, lang))
    if passage.section:
        parts.append(passage.section)
    if passage.ocr:
        parts.append(ocr_note(lang))
    weak = f" ({WEAK.get(lang, WEAK['sv'])})" if passage.weak else ""
    return f"[{passage.citation}] " + " · ".join(parts) + weak


def on_page(passage: Passage, lang: str = "sv") -> str | None:
    """"s. 9", "s. iii": the page a passage stands on as its document labels it (roman-numbered front
    matter too), or None when the document does not say."""
    return f"{PAGE.get(lang, PAGE['sv'])} {passage.page_label}" if passage.page_label else None


def ocr_note(lang: str = "sv") -> str:
    """Said of a passage from a scanned page: its text is what OCR read, and may hold misreadings."""
    return OCR_NOTE.get(lang, OCR_NOTE["sv"])
