"""Reading real files into pages: text, Markdown, Word and PDF, and the errors bad files give."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from helpers import (
    SEED,
    STATEMENT_DATE,
    build_corrupt_pdf,
    build_report_excerpt_pages_11_12,
    build_scanned_pdf,
    build_statement_pdf,
)

from yttrande_qa.errors import DocumentError
from yttrande_qa.ingest.indexer import collect_files
from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.tuning import MAX_FILE_BYTES


def texts(pages) -> list[str]:
    return [line.text.strip() for page in pages for line in page.lines if line.text.strip()]


def test_a_folder_gives_its_pdf_word_text_and_markdown_files_and_each_is_read(tmp_path):
    build_statement_pdf(tmp_path / "a-yttrande.pdf")
    document = docx.Document()
    document.add_paragraph("Yttrande över kollektivtrafiken")
    document.save(tmp_path / "b-yttrande.DOCX")
    (tmp_path / "c-anteckning.txt").write_text("Regionen anser att vägen är viktig.\n", encoding="utf-8")
    (tmp_path / "d-inte-dokument").mkdir()
    (tmp_path / "d-inte-dokument" / "e-yttrande.md").write_text("# Yttrande om vägar\n", encoding="utf-8")
    (tmp_path / "f-bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "g-yttrande.rtf").write_text("{\\rtf1 Yttrande}", encoding="utf-8")
    files = collect_files([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a-yttrande.pdf", "b-yttrande.DOCX", "c-anteckning.txt", "d-inte-dokument/e-yttrande.md"
    ]
    assert all(texts(read_pages(f)) for f in files)


# --- text ---


def test_seed_pages_are_numbered_only_after_a_printed_page_marker():
    pages = read_pages(SEED)
    assert [page.number for page in pages] == [None, 17, 18]
    assert pages[0].lines[0].text.strip().startswith("Regionala utvecklingsnämndens yttrande")
    assert "17 (18)" not in texts(pages) and "18 (18)" not in texts(pages)


def test_seed_running_header_is_kept_once_and_dropped_after():
    pages = read_pages(SEED)
    assert texts(pages).count("Yttrande") == 1
    assert texts(pages).count("2024-02-29") == 1
    assert texts(pages[2:])[0].startswith("stakas fram.")


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffYttrande över väg\n\nText.\n".encode("utf-8"))
    assert texts(read_pages(path))[0] == "Yttrande över väg"


def test_windows_1252_text_is_decoded(tmp_path):
    path = tmp_path / "ansi.txt"
    path.write_bytes("Förvaltningen anser att vägen – E12 – är viktig för Västerbotten.\n".encode("cp1252"))
    assert texts(read_pages(path)) == ["Förvaltningen anser att vägen – E12 – är viktig för Västerbotten."]


def test_markdown_headings_and_block_quotes(tmp_path):
    path = tmp_path / "yttrande.md"
    path.write_text("# Yttrande om vägar\n\nText.\n\n> Vägarna är dåliga. (sidan 3)\n", encoding="utf-8")
    lines = [line for page in read_pages(path) for line in page.lines if line.text]
    assert lines[0].text == "Yttrande om vägar" and not lines[0].emphasised
    assert lines[-1].text == "Vägarna är dåliga. (sidan 3)" and lines[-1].emphasised


# --- Word ---


def test_docx_paragraphs_with_italic_runs_are_emphasised(tmp_path):
    document = docx.Document()
    document.add_paragraph("Yttrande över rapport om kollektivtrafik")
    document.add_paragraph("Nämnden ställer sig bakom förslagen.")
    quote = document.add_paragraph()
    quote.add_run("Kommunerna behöver fler busslinjer. (sidan 4)").italic = True
    path = tmp_path / "yttrande.docx"
    document.save(path)

    pages = read_pages(path)
    assert [page.number for page in pages] == [None]
    lines = [line for line in pages[0].lines if line.text]
    assert [line.text for line in lines] == [
        "Yttrande över rapport om kollektivtrafik",
        "Nämnden ställer sig bakom förslagen.",
        "Kommunerna behöver fler busslinjer. (sidan 4)",
    ]
    assert [line.emphasised for line in lines] == [False, False, True]


# --- PDF ---


def test_pdf_pages_are_numbered_from_the_printed_header(tmp_path):
    pages = read_pages(build_statement_pdf(tmp_path / "yttrande.pdf"))
    assert [page.number for page in pages] == [1, 2]


def test_pdf_page_labels_give_the_page_numbers(tmp_path):
    pages = read_pages(build_report_excerpt_pages_11_12(tmp_path / "rapport.pdf"))
    assert [page.number for page in pages] == [11, 12]
    assert "inte den verkliga rapporten" in " ".join(texts(pages))


def test_pdf_running_header_is_dropped_after_its_first_page(tmp_path):
    pages = read_pages(build_statement_pdf(tmp_path / "yttrande.pdf"))
    first, second = texts(pages[:1]), texts(pages[1:])
    assert first[:2] == ["Yttrande", STATEMENT_DATE]
    assert "Yttrande" not in second and STATEMENT_DATE not in second
    assert not any(text in ("1 (2)", "2 (2)") for text in first + second)
    assert second[0] == "5.2 Kompetensförsörjning"


def test_pdf_keeps_line_ends_for_the_structure_step(tmp_path):
    lines = texts(read_pages(build_statement_pdf(tmp_path / "yttrande.pdf")))
    assert "synpunkter på kommunernas arbete med vattenför-" in lines


@pytest.mark.parametrize(
    "options", [{}, {"quote_style": ""}, {"band": False}], ids=["italic-on-band", "band-only", "italic-only"]
)
def test_pdf_quotation_lines_are_emphasised(tmp_path, options):
    pages = read_pages(build_statement_pdf(tmp_path / "yttrande.pdf", **options))
    emphasised = [line.text for page in pages for line in page.lines if line.emphasised]
    assert emphasised == [
        "Många kommuner har ett vatten och avloppsystem från 1940–50-tal med akuta",
        "behov av förnyelse. Detta medför stora kostnader för de minsta kommunerna",
        "i inlandet. (sidan 12)",
        "Prioriterat är den fysiska infrastrukturen såsom vägar och järnvägar men även",
        "dialog med nationella aktörer. (sidan 19-20)",
    ]


def test_pdf_encrypted_with_empty_password_is_read(tmp_path):
    pages = read_pages(build_statement_pdf(tmp_path / "open.pdf", user_password=""))
    assert "5.2 Kompetensförsörjning" in texts(pages)


# --- bad input ---


def assert_document_error(path: Path, *words: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_pages(path)
    assert caught.value.path == str(path)
    assert path.name in str(caught.value)
    for word in words:
        assert word in caught.value.reason


def test_encrypted_pdf(tmp_path):
    locked = build_statement_pdf(tmp_path / "locked.pdf", user_password="hemligt")
    assert_document_error(locked, "encrypted", "password")


def test_pdf_with_only_drawings(tmp_path):
    assert_document_error(build_scanned_pdf(tmp_path / "scan.pdf"), "no text layer", "no scanned image")


def test_scanned_pdf_with_ocr_off(tmp_path):
    from yttrande_qa.ingest.ocr import OcrOptions

    path = build_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(DocumentError, match=r"no text layer \(scanned\?\), and OCR is off \(--no-ocr\)"):
        read_pages(path, OcrOptions(enabled=False))


def test_corrupt_pdf(tmp_path):
    assert_document_error(build_corrupt_pdf(tmp_path / "broken.pdf"), "corrupt")


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("fake.pdf", "Detta är ingen PDF.".encode(), "not a PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "corrupt"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n  \n\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_unreadable_file(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert_document_error(path, reason)


def test_unknown_extension(tmp_path):
    path = tmp_path / "yttrande.rtf"
    path.write_text("{\\rtf1 Yttrande}", encoding="utf-8")
    assert_document_error(path, "unsupported", ".rtf")


def test_missing_file(tmp_path):
    assert_document_error(tmp_path / "saknas.txt", "not found")


def test_too_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: reading it would find only NUL bytes
    assert_document_error(path, "too large", "50 MB")
