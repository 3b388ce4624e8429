"""Scanned PDFs made here (tests/scan_fixtures.py) read with Tesseract: text, structure, answers, the
marks on OCR'd passages, the cache, and bad scans. OCR takes seconds a page, so the scan is indexed
once (through the real CLI) and the tests share it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scan_fixtures import (
    LETTER_DATE,
    LETTER_DIARIENUMMER,
    LETTER_ISSUER,
    LETTER_TITLE,
    build_born_digital_letter,
    build_photo_pdf,
    build_scanned_letter,
    letter_layout,
    page_text,
)

from yttrande_qa.config import OCR_CACHE_FOLDER as CACHE_FOLDER
from yttrande_qa.errors import DocumentError
from yttrande_qa.ingest.ocr import (
    OcrOptions,
    page_lines_of,
    recognise_pages,
    repair_line,
)
from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.ingest.structure import parse_document
from yttrande_qa.tuning import OCR_LOW_CONFIDENCE as LOW_CONFIDENCE

CLI = str(Path(sys.executable).with_name("yttrande-qa"))
TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")
MAX_CER = 0.02
QUESTION = "Vad anser länsstyrelsen om buller från väg 40?"


def run(*args: str, index_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "--index-dir", str(index_dir), *args], capture_output=True, text=True,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}, timeout=600)


def character_error_rate(expected: str, actual: str) -> float:
    """Levenshtein distance over the expected length, whitespace runs counted as one space."""
    a, b = " ".join(expected.split()), " ".join(actual.split())
    previous = np.arange(len(b) + 1)
    columns = np.arange(len(b) + 1)
    for i, char in enumerate(a, start=1):
        substitution = previous[:-1] + (np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32) != ord(char))
        row = np.concatenate(([i], np.minimum(previous[1:] + 1, substitution)))
        previous = np.minimum.accumulate(row - columns) + columns  # insertions along the row
    return previous[-1] / len(a)


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    return build_scanned_letter(tmp_path_factory.mktemp("scan") / "Yttrande Norra hamnen (skannat).pdf")


@pytest.fixture(scope="module")
def indexed(scan, tmp_path_factory):
    """The scan indexed by the real CLI: (index folder, the command's result)."""
    folder = tmp_path_factory.mktemp("scan-index")
    result = run("index", str(scan), index_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder, result


def cached_pages(scan: Path, folder: Path, pages: list[int]):
    progress = []
    results = recognise_pages(scan, pages, OcrOptions(cache_dir=folder / CACHE_FOLDER, on_progress=progress.append))
    return results, progress


# --- what is read -----------------------------------------------------------------------------------


def test_the_scan_is_read_with_few_character_errors(scan, indexed):
    results, progress = cached_pages(scan, indexed[0], [0, 1])
    assert all(step.cached for step in progress)  # indexing left every page in the cache
    for index, expected in enumerate(letter_layout()):
        lines = page_lines_of(results[index])
        actual = "\n".join(line.text for line in lines)
        assert character_error_rate(page_text(expected), actual) <= MAX_CER, actual
    assert results[1].rotation == 270  # scanned sideways, turned upright to be read
    assert "5 kap. 18 § plan- och bygglagen" in "\n".join(line.text for line in page_lines_of(results[0]))


def test_the_scan_has_the_structure_of_the_born_digital_pdf(scan, indexed, tmp_path):
    options = OcrOptions(cache_dir=indexed[0] / CACHE_FOLDER)
    scanned = parse_document(read_pages(scan, options), scan.name)
    born = build_born_digital_letter(tmp_path / "born.pdf")
    digital = parse_document(read_pages(born), born.name)
    assert (scanned.title, scanned.date, scanned.kind) == (LETTER_TITLE, LETTER_DATE, "statement")
    assert (scanned.issuer, scanned.diarienummer) == (LETTER_ISSUER, LETTER_DIARIENUMMER.removeprefix("Dnr "))
    assert replace(scanned, blocks=[]) == replace(digital, blocks=[])  # every field read from the front page
    shape = [(block.page, block.section, block.speaker, block.quoted_page) for block in scanned.blocks]
    assert shape == [(block.page, block.section, block.speaker, block.quoted_page) for block in digital.blocks]
    assert {page for page, *_ in shape} == {1, 2}
    assert (1, "2. Översvämning och dagvatten", "quoted", 14) in shape  # set in from the margin
    assert "3. Hälsa och säkerhet" in {section for _, section, *_ in shape}
    for ocr, text in zip(scanned.blocks, digital.blocks):
        assert character_error_rate(text.text, ocr.text) <= MAX_CER
        assert ocr.ocr_confidence >= LOW_CONFIDENCE and text.ocr_confidence is None


def test_index_reports_pages_read_with_ocr_and_progress(indexed):
    _, result = indexed
    assert "OCR Yttrande Norra hamnen (skannat).pdf: page 1 of 3" in result.stderr
    assert "page 3 of 3, done" in result.stderr
    added, *notes = result.stdout.splitlines()
    assert added.startswith("added: ")
    assert notes[0].startswith("  3 of 3 page(s) read with OCR, mean confidence")
    assert notes[1:] == ["  page 3: no text found; nothing indexed from it"]


# --- answers ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def born_digital_index(tmp_path_factory):
    """The same statement with a text layer, indexed: what the scan's answers must match."""
    folder = tmp_path_factory.mktemp("born-index")
    born = build_born_digital_letter(folder / "Yttrande Norra hamnen.pdf")
    assert run("index", str(born), index_dir=folder / "index").returncode == 0
    return folder / "index"


@pytest.mark.parametrize(
    "question,evidence",
    [
        (QUESTION, "63 dBA"),
        ("Vad ska dagvattenutredningen kompletteras med?", "leds bort från kvarteren vid ett kraftigt skyfall"),
        ("Vilken nivå ska färdigt golv ligga över?", "+2,8 meter i höjdsystemet RH 2000"),
    ],
)
def test_questions_about_the_scan_are_answered_as_for_the_born_digital_pdf(indexed, born_digital_index,
                                                                          question, evidence):
    scanned, born = (
        json.loads(run("ask", question, "--json", "--top-k", "3", index_dir=folder).stdout)
        for folder in (indexed[0], born_digital_index)
    )
    assert not scanned["refused"] and evidence in scanned["answer"]
    assert character_error_rate(born["answer"], scanned["answer"]) <= MAX_CER
    where = [(p["page"], p["section"]) for p in scanned["passages"]]
    assert where == [(p["page"], p["section"]) for p in born["passages"]]
    assert all(p["ocr"] and LOW_CONFIDENCE <= p["ocr_confidence"] <= 100 for p in scanned["passages"])
    assert not any(p["ocr"] or p["ocr_confidence"] for p in born["passages"])


def test_an_ocr_passage_is_marked_in_the_chat_and_the_cli(indexed):
    from yttrande_qa.answers.answer import answer
    from yttrande_qa.answers.citations import reference
    from yttrande_qa.panel import render_panel
    from yttrande_qa.store.index import Index
    from yttrande_qa.views import render_answer

    index = Index(indexed[0])
    try:
        result = answer(index, QUESTION, k=3)
        first = result.passages[0]
        assert first.ocr
        assert '<span class="badge ocr">inläst med OCR</span>' in render_answer(result)
        shown = render_panel(index, first.doc_id, first.chunk_id)  # the source panel
        assert '<span class="badge ocr">inläst med OCR</span>' in shown and "lästes med OCR" in shown
        assert reference(first).endswith("· inläst med OCR")
        assert "read by OCR" in render_answer(replace(result, lang="en"))
    finally:
        index.close()
    plain = run("ask", QUESTION, "--top-k", "1", index_dir=indexed[0])
    assert "inläst med OCR" in plain.stdout


def test_index_flags_pages_of_low_confidence():
    from yttrande_qa.ingest.ocr import ocr_notes
    from yttrande_qa.models import Line, Page, PageOcr

    pages = [
        Page(1, [Line("Yttrande")]),
        Page(2, [Line("… text …")], PageOcr(96.0)),
        Page(3, [Line("… text …")], PageOcr(55.4, rotation=90)),
        Page(4, [], PageOcr(19.0, problem="no legible text (OCR confidence 19 of 100)")),
    ]
    assert ocr_notes(pages) == (
        "3 of 4 page(s) read with OCR, mean confidence 76 of 100",
        "page 3: low OCR confidence (55 < 70); indexed, but check its text against the scan",
        "page 4: no legible text (OCR confidence 19 of 100); nothing indexed from it",
    )
    assert ocr_notes(pages[:1]) == ()


# --- cache and switches --------------------------------------------------------------------------------


def test_indexing_again_takes_every_page_from_the_cache(scan, indexed, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(indexed[0], folder)
    result = run("index", "--rebuild", str(scan), index_dir=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("(page from the OCR cache)") == 3
    assert run("list", index_dir=folder).stdout == run("list", index_dir=indexed[0]).stdout


def test_no_ocr_leaves_a_scan_out_with_one_line(scan, tmp_path):
    result = run("index", "--no-ocr", str(scan), index_dir=tmp_path / "index")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {scan}: no text layer (scanned?), and OCR is off (--no-ocr)"]


# --- bad input -----------------------------------------------------------------------------------------


def test_a_photo_without_text_gives_one_line(tmp_path):
    photo = build_photo_pdf(tmp_path / "foto.pdf")
    with pytest.raises(DocumentError) as caught:
        read_pages(photo, OcrOptions())
    assert caught.value.reason == "no text layer, and OCR found no text on its page: a photo or an empty scan?"


def test_missing_swedish_language_data_names_the_packages(scan, tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(DocumentError) as caught:
        read_pages(scan, OcrOptions())
    assert "swe.traineddata" in caught.value.reason
    assert caught.value.reason.endswith("apt-get install tesseract-ocr tesseract-ocr-swe")


def test_a_sideways_page_is_found_without_orientation_data(scan, tmp_path, monkeypatch):
    """Without osd.traineddata a page that reads poorly upright is tried the other three ways."""
    (tmp_path / "swe.traineddata").symlink_to(TESSDATA / "swe.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    result = recognise_pages(scan, [1], OcrOptions())[1]
    assert result.rotation == 270 and result.confidence >= LOW_CONFIDENCE
    assert "3. Hälsa och säkerhet" in [line.text for line in result.lines]


def test_a_page_over_the_time_limit_is_given_up_with_a_reason(scan):
    result = recognise_pages(scan, [0], OcrOptions(page_timeout=0.001))[0]
    assert result.problem == "OCR gave up after 0.001 s" and not result.lines


# --- repairs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "read,repaired",
    [
        ("enligt 3 kap. 16 $ PBL", "enligt 3 kap. 16 § PBL"),
        ("enligt 3 kap. 16 8 PBL ska", "enligt 3 kap. 16 § PBL ska"),
        ("enligt 11 kap. 10 & PBL.", "enligt 11 kap. 10 § PBL."),
        ("Svensson & Co", "Svensson & Co"),
        ("i 2 kap. 5 a 8, och", "i 2 kap. 5 a §, och"),
        ("enligt 28 8 förordningen (1998:899)", "enligt 28 § förordningen (1998:899)"),
        ("av 12 8 kommuner", "av 12 8 kommuner"),
        ("enligt 4 8 första stycket", "enligt 4 § första stycket"),
        ("16 och 17 $$ FL", "16 och 17 §§ FL"),
        ("mellan 2 och 8 procent", "mellan 2 och 8 procent"),
        ("e Bostäder närmast vägen", "• Bostäder närmast vägen"),
        ("eﬀekterna av ﬁskeförbudet", "effekterna av fiskeförbudet"),
    ],
)
def test_common_misreadings_are_repaired_and_nothing_else(read, repaired):
    assert repair_line(read) == [repaired]


@pytest.mark.parametrize(
    "read,lines",
    [
        ("Yttrande 1(16)", ["Yttrande", "1 (16)"]),
        ("l (2)", ["1 (2)"]),
        ("2024-03-15 3 (2)", ["2024-03-15 3 (2)"]),  # page 3 of 2 is no page number
    ],
)
def test_page_numbers_are_split_off_header_lines(read, lines):
    assert repair_line(read, in_header_zone=True) == lines
    assert repair_line(read) == [read]


# --- an index built before OCR ---------------------------------------------------------------------------


def test_an_index_from_before_ocr_is_upgraded_in_place(seed_index_copy):
    import sqlite3

    from yttrande_qa.retrieval.search import search
    from yttrande_qa.store.index import DB_FILE, Index

    database = sqlite3.connect(seed_index_copy / DB_FILE)
    database.execute("ALTER TABLE chunks DROP COLUMN ocr_confidence")  # as an earlier version made it
    database.close()
    index = Index(seed_index_copy)
    try:
        passages = search(index, "Vad föreslår förvaltningen om VA?", k=3)
        assert passages and all(p.ocr is False and p.ocr_confidence is None for p in passages)
    finally:
        index.close()
