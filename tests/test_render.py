"""PDF pages as images and where a passage stands on them (render.py), on PDFs the tests make with fpdf2."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from helpers import (
    REPEATED,
    build_report_excerpt_pages_11_12,
    build_report_with_front_matter,
    build_statement_pdf,
)
from PIL import Image
from pypdf import PdfReader, PdfWriter

from yttrande_qa import render, tuning
from yttrande_qa.cli import cli
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.panel import render_panel
from yttrande_qa.store.index import DB_FILE, Index

PAGE_HEIGHT_MM = 297
TOP_MM = 60  # where the passage's first line stands on the page
LINE_MM = 7
PASSAGE = [
    "Förvaltningen föreslår att kollektivtrafiken till",
    "glesbygden förstärks med anropsstyrd trafik un-",
    "der helger och skollov.",
]


def build_two_page_pdf(path):
    """A cover page, then the passage at TOP_MM on the second page under a paragraph of other text."""
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 10, "Omslag: Yttrande över trafikplanen")
    pdf.add_page()
    pdf.set_xy(20, 30)
    pdf.cell(0, LINE_MM, "Bakgrunden till ärendet beskrivs i trafikplanen för länet.")
    for number, line in enumerate(PASSAGE):
        pdf.set_xy(20, TOP_MM + number * LINE_MM)
        pdf.cell(0, LINE_MM, line)
    pdf.output(str(path))
    return path


def passage_text() -> str:
    """The passage as indexing stores it: lines joined, the hyphen at a line break removed."""
    return " ".join(PASSAGE).replace("un- der", "under")


def darkness(image: Image.Image, boxes) -> tuple[float, float]:
    """Mean darkness (0 white … 1 black) inside the boxes and over the whole page."""
    grey = image.convert("L")
    width, height = grey.size
    inside = []
    for box in boxes:
        crop = grey.crop((int(box.left * width), int(box.top * height),
                          int((box.left + box.width) * width) + 1, int((box.top + box.height) * height) + 1))
        inside += list(crop.get_flattened_data())
    every = list(grey.get_flattened_data())
    return 1 - sum(inside) / len(inside) / 255, 1 - sum(every) / len(every) / 255


def test_a_passage_is_found_on_its_page_with_a_box_per_line(tmp_path):
    pdf = build_two_page_pdf(tmp_path / "trafik.pdf")
    found = render.locate(str(pdf), "hash", None, 1, passage_text())  # printed page 1, on the file's second page
    assert found is not None and found.page_index == 1
    assert len(found.boxes) == len(PASSAGE)
    first, last = found.boxes[0], found.boxes[-1]
    assert abs(first.top - TOP_MM / PAGE_HEIGHT_MM) < 0.01
    assert abs(last.top - (TOP_MM + 2 * LINE_MM) / PAGE_HEIGHT_MM) < 0.01
    assert all(0.08 < box.left < 0.12 and box.width > 0.1 for box in found.boxes)  # from the 20 mm margin
    assert found.height / found.width == pytest.approx(297 / 210, rel=0.01)


def test_text_not_on_any_page_is_not_found(tmp_path):
    pdf = build_two_page_pdf(tmp_path / "trafik.pdf")
    assert render.locate(str(pdf), "hash", None, 1, "Förvaltningen föreslår ett nytt reningsverk i inlandet.") is None


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_the_highlight_lies_on_the_passage_in_the_rendered_page(tmp_path, rotation):
    pdf = build_two_page_pdf(tmp_path / "trafik.pdf")
    turned = tmp_path / f"turned-{rotation}.pdf"
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.pages[1].rotate(rotation)
    writer.write(turned)
    found = render.locate(str(turned), f"hash-{rotation}", 1, 1, passage_text())
    image = Image.open(render.page_image(tmp_path, str(turned), f"hash-{rotation}", found.page_index))
    assert image.width == tuning.PAGE_IMAGE_WIDTH
    assert image.height / image.width == pytest.approx(found.height / found.width, rel=0.01)
    inside, page = darkness(image, found.boxes)
    assert inside > 10 * page  # the boxes hold the text; boxes turned the wrong way would hold white paper


def test_every_chunk_of_an_indexed_pdf_is_found_where_the_index_says(tmp_path, seed_index_dir):
    """Hyphenated words, quotations on coloured bands and running headers as the real reader stores them;
    page labels (11, 12) that differ from the page's place in the file."""
    folder = tmp_path / "index"
    shutil.copytree(seed_index_dir, folder)
    index = Index(folder)
    files = [build_statement_pdf(tmp_path / "yttrande.pdf"), build_report_excerpt_pages_11_12(tmp_path / "rapport.pdf")]
    outcomes = index_files(index, files)
    for outcome in outcomes:
        document = index.store.document(outcome.doc_id)
        rows = index.store.db.execute("SELECT page_index, page, text FROM chunks WHERE doc_id = ?",
                                      (outcome.doc_id,))
        for page_index, page, text in rows:
            found = render.locate(document.path, document.content_hash, page_index, page, text)
            assert found is not None and found.boxes and found.page_index == page_index, text
            labels = PdfReader(document.path).page_labels
            assert labels[found.page_index] == str(page), text
    index.close()


SHOWN_ON = {"Sammanfattning": 1, "2 Bostäder": 3}  # the repeated paragraph's page in the file, by section


def assert_shown_where_they_stand(index: Index, doc_id: str) -> None:
    rows = index.store.db.execute("SELECT chunk_id, section FROM chunks WHERE doc_id = ? AND text = ?",
                                  (doc_id, REPEATED)).fetchall()
    assert {section for _, section in rows} == set(SHOWN_ON)
    for chunk_id, section in rows:
        shown = render_panel(index, doc_id, chunk_id)
        assert f"pages/{doc_id}/{SHOWN_ON[section]}?" in shown, section
        assert f'#page={SHOWN_ON[section] + 1}"' in shown, section


@pytest.mark.parametrize("numbering", ["labels", "header", "bare"])
def test_the_panel_shows_the_page_a_passage_stands_on_not_the_page_of_its_number(tmp_path, numbering):
    """The summary's copy of a paragraph is on an earlier page of the file than the page of its chapter's
    printed number: each copy is shown and highlighted on its own page."""
    pdf = build_report_with_front_matter(tmp_path / "rapport.pdf", numbering)
    index = Index(tmp_path / "index")
    [outcome] = index_files(index, [pdf])
    rows = index.store.db.execute("SELECT section, page_index FROM chunks WHERE text = ?", (REPEATED,))
    assert dict(rows.fetchall()) == SHOWN_ON
    assert_shown_where_they_stand(index, outcome.doc_id)
    index.close()


def test_an_index_from_before_page_indexes_is_upgraded_in_place(tmp_path):
    """An earlier index gets the column; `list` says to index the files again, which records each
    passage's page (the vectors are reused) without a rebuild."""
    files = [build_report_with_front_matter(tmp_path / f"rapport-{numbering}.pdf", numbering)
             for numbering in ("labels", "header")]
    index = Index(tmp_path / "index")
    index_files(index, files)
    index.close()
    database = sqlite3.connect(tmp_path / "index" / DB_FILE)
    database.execute("ALTER TABLE chunks DROP COLUMN page_index")  # as an earlier version made it
    database.execute("UPDATE documents SET metadata_version = 2")
    database.commit()
    database.close()
    listed = CliRunner().invoke(cli, ["--index-dir", str(tmp_path / "index"), "list"])
    assert listed.exit_code == 0 and "the PDF pages of their passages" in listed.stderr
    index = Index(tmp_path / "index")
    again = index_files(index, files)
    assert [o.status for o in again] == ["updated", "updated"]
    assert index.store.db.execute("SELECT COUNT(*) FROM chunks WHERE page_index IS NULL").fetchone()[0] == 0
    for outcome in again:
        assert_shown_where_they_stand(index, outcome.doc_id)
    index.close()


def test_page_images_are_rendered_once_and_the_cache_is_bounded(tmp_path, monkeypatch):
    pdf = build_two_page_pdf(tmp_path / "trafik.pdf")
    first = render.page_image(tmp_path, str(pdf), "a" * 64, 1)
    written = first.stat().st_mtime_ns
    assert render.page_image(tmp_path, str(pdf), "a" * 64, 1) == first and first.stat().st_mtime_ns == written
    monkeypatch.setattr(tuning, "PAGE_IMAGE_CACHE", 2)
    os.utime(first, ns=(1, 1))  # the oldest
    render.page_image(tmp_path, str(pdf), "b" * 64, 0)
    render.page_image(tmp_path, str(pdf), "c" * 64, 0)
    assert not first.exists() and len(list((tmp_path / render.CACHE_FOLDER).glob("*.png"))) == 2


def test_a_file_that_moved_or_changed_is_told_apart(tmp_path):
    pdf = build_two_page_pdf(tmp_path / "trafik.pdf")
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert render.file_state(str(pdf), digest) == "ok"
    with pdf.open("ab") as file:
        file.write(b"\n% a later edit\n")
    assert render.file_state(str(pdf), digest) == "changed"
    pdf.rename(tmp_path / "flyttad.pdf")
    assert render.file_state(str(pdf), digest) == "missing"
