"""A passage's page as its document labels it ("s. ii" in roman-numbered front matter, "s. 2" in the body)
and its place in the PDF (`page_index`), from indexing to `ask --json`, the references and the panel, on
reports the tests make with fpdf2 (helpers.build_report_with_front_matter)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from fpdf import FPDF
from helpers import REPEATED, build_report_with_front_matter, filler, run

from yttrande_qa.ingest.pagenumbers import roman_value
from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.panel import render_panel
from yttrande_qa.store.index import DB_FILE, Index

QUESTION = "Varför flyttar unga vuxna från inlandet till kusten?"
# The repeated paragraph's two copies: (page_index, page_label, page), the summary's and chapter 2's
SUMMARY, CHAPTER = (1, "ii", None), (3, "2", 2)


@pytest.mark.parametrize("numbering", ["labels", "bare"])
def test_front_matter_is_labelled_in_roman_numerals_and_the_body_from_1(tmp_path, numbering):
    pages = read_pages(build_report_with_front_matter(tmp_path / "rapport.pdf", numbering))
    cover = "i" if numbering == "labels" else None  # the PDF's labels name the cover; its print does not
    assert [(p.index, p.label, p.number) for p in pages] == [(0, cover, None), (1, "ii", None), (2, "1", 1),
                                                             (3, "2", 2)]
    assert not any(line.text.strip() in {"ii", "1", "2"} for page in pages for line in page.lines)


def test_a_report_numbered_1_n_after_its_cover_keeps_those_numbers(tmp_path):
    pages = read_pages(build_report_with_front_matter(tmp_path / "rapport.pdf", "header"))
    assert [(p.index, p.label, p.number) for p in pages] == [(0, None, None), (1, "1", 1), (2, "2", 2), (3, "3", 3)]


def test_pages_that_print_no_number_are_numbered_by_the_pages_around_them(tmp_path):
    """Chapter openings often print no number: they are numbered by the run of the pages that do, after
    a cover and a summary that print none; a lone figure at the foot of one page renumbers nothing."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    printed = [None, None, "1", None, "3", "4", None, "6"]
    for number, mark in enumerate(printed):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, filler(f"ämne {number}"), new_x="LMARGIN", new_y="NEXT")
        if mark:
            pdf.set_xy(100, 280)
            pdf.cell(20, 6, mark)
    pdf.output(str(tmp_path / "rapport.pdf"))
    pages = read_pages(tmp_path / "rapport.pdf")
    assert [p.number for p in pages] == [None, None, 1, 2, 3, 4, 5, 6]
    assert [p.label for p in pages] == [None, None, "1", "2", "3", "4", "5", "6"]

    pdf = FPDF()
    for number in range(3):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, filler(f"ämne {number}"), new_x="LMARGIN", new_y="NEXT")
        pdf.cell(20, 6, "7" if number == 1 else "")  # a figure, not a page number
    pdf.output(str(tmp_path / "brev.pdf"))
    assert [p.number for p in read_pages(tmp_path / "brev.pdf")] == [1, 2, 3]


def test_roman_numerals_are_read_as_written():
    assert [roman_value(t) for t in ("i", "ii", "iv", "ix", "xiv", "xxxix")] == [1, 2, 4, 9, 14, 39]
    assert [roman_value(t) for t in ("iiii", "vx", "vv", "xxxx", "")] == [None] * 5


def _asked(index_dir) -> list[dict]:
    result = run("ask", QUESTION, "--json", "--top-k", "10", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["passages"]


def _copies(passages: list[dict]) -> set[tuple]:
    return {(p["page_index"], p["page_label"], p["page"]) for p in passages if REPEATED in p["text"]}


@pytest.mark.parametrize("numbering", ["labels", "bare"])
def test_ask_json_gives_each_passage_its_page_label_and_its_place_in_the_pdf(tmp_path, numbering):
    pdf = build_report_with_front_matter(tmp_path / "rapport.pdf", numbering)
    assert run("index", str(pdf), index_dir=tmp_path / "index").returncode == 0
    passages = _asked(tmp_path / "index")
    assert _copies(passages) == {SUMMARY, CHAPTER}
    assert all(isinstance(p["page_index"], int) for p in passages)

    text = run("ask", QUESTION, "--top-k", "10", index_dir=tmp_path / "index").stdout
    references = [line for line in text.splitlines() if line.startswith("[")]
    assert any("· s. ii · Sammanfattning" in line for line in references), references
    assert any("· s. 2 · 2 Bostäder" in line for line in references), references
    assert not any("s. 4" in line or "s. 3" in line for line in references), references


def test_the_panel_names_the_page_by_its_label(tmp_path):
    pdf = build_report_with_front_matter(tmp_path / "rapport.pdf", "labels")
    assert run("index", str(pdf), index_dir=tmp_path / "index").returncode == 0
    index = Index(tmp_path / "index")
    [(chunk_id,)] = index.store.db.execute("SELECT chunk_id FROM chunks WHERE text = ? AND page_index = 1",
                                           (REPEATED,)).fetchall()
    shown = render_panel(index, "rapport", chunk_id)
    assert " · s. ii · Sammanfattning" in shown and "på sidan ii" in shown and "pages/rapport/1?" in shown
    index.close()


def test_an_index_from_before_page_labels_is_upgraded_in_place(tmp_path):
    """An earlier index gets the column; until `index` reads the file again a passage is labelled by its
    number, as that version labelled it; `list` says so, and `index` labels the pages (vectors reused)."""
    pdf = build_report_with_front_matter(tmp_path / "rapport.pdf", "labels")
    assert run("index", str(pdf), index_dir=tmp_path / "index").returncode == 0
    database = sqlite3.connect(tmp_path / "index" / DB_FILE)
    database.execute("ALTER TABLE chunks DROP COLUMN page_label")  # as version 5 made it
    database.execute("UPDATE chunks SET page = 2 WHERE page IS NULL AND page_index = 1")  # as it numbered page ii
    database.execute("UPDATE documents SET metadata_version = 5")
    database.commit()
    database.close()
    assert _copies(_asked(tmp_path / "index")) == {(1, "2", 2), CHAPTER}
    listed = run("list", index_dir=tmp_path / "index")
    assert listed.returncode == 0 and "how those pages are labelled" in listed.stderr
    indexed = run("index", str(pdf), index_dir=tmp_path / "index")
    assert indexed.returncode == 0 and "updated:" in indexed.stdout + indexed.stderr
    assert _copies(_asked(tmp_path / "index")) == {SUMMARY, CHAPTER}


STATEMENT = """Yttrande

Yttrande över Rapport om bostäder i inlandet

Regionen har tagit del av rapporten och lämnar följande synpunkter.

I rapporten står:

Det första stycket om uppdraget beskriver hur arbetet med uppdraget har bedrivits i länet. Det andra stycket om uppdraget beskriver hur arbetet med uppdraget har bedrivits i länet.

Regionen delar den bedömningen och vill att arbetet fortsätter i hela länet under de kommande åren.
"""


def test_a_quotation_found_in_the_front_matter_links_to_its_labelled_page(tmp_path):
    """`quotes --json` and the link beside the quotation name the report's page as the report labels it."""
    report = build_report_with_front_matter(tmp_path / "rapport.pdf", "labels")
    statement = tmp_path / "yttrande.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    assert run("index", str(report), str(statement), index_dir=tmp_path / "index").returncode == 0
    result = run("quotes", "yttrande", "--json", index_dir=tmp_path / "index")
    [check] = json.loads(result.stdout)
    source = check["quote_source"]
    assert (check["status"], source["page"], source["page_index"], source["page_label"]) == ("matched", None, 1, "ii")
    assert "rapport, p. ii" in run("quotes", "yttrande", index_dir=tmp_path / "index").stdout
    index = Index(tmp_path / "index")
    [(chunk_id,)] = index.store.db.execute("SELECT chunk_id FROM chunks WHERE doc_id = 'yttrande' AND "
                                           "speaker = 'quoted'").fetchall()
    assert "Visa i rapporten (s. ii)" in render_panel(index, "yttrande", chunk_id)
    index.close()
