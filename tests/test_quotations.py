"""Quotations found the way statements quote, in real files the tests write (text, Markdown, Word,
PDF); and never in a report's own text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from fpdf import FPDF

from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.ingest.structure import parse_document
from yttrande_qa.models import Block

STATEMENT_TITLE = "Yttrande över betänkandet En hållbar regional utveckling"
REPORT_TITLE = "Rapport om en hållbar regional utveckling"
AUTHOR = "Regionen delar bedömningen och vill samarbeta med kommunerna om genomförandet."
QUOTE = "Kommunerna behöver ta ett större ansvar för planeringen av bostäder i inlandet."


def blocks(tmp_path: Path, body: str, title: str = STATEMENT_TITLE, name: str = "x.txt") -> list[Block]:
    path = tmp_path / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return parse_document(read_pages(path), path.name).blocks


def speakers(found: list[Block]) -> list[tuple[str, str, int | None]]:
    return [(block.speaker, block.text, block.quoted_page) for block in found]


def test_paragraph_in_quotation_marks_with_a_page_reference(tmp_path):
    found = blocks(tmp_path, f"{AUTHOR}\n\n”{QUOTE}” (s. 45)\n\n{AUTHOR}")
    assert speakers(found) == [("author", AUTHOR, None), ("quoted", f"”{QUOTE}” (s. 45)", 45),
                               ("author", AUTHOR, None)]


@pytest.mark.parametrize("introduction", ["I rapporten står:", "Citat:", "Utredningen skriver följande:",
                                          "Citat ur betänkandet (sidan 12):"])
def test_introduced_quotation(tmp_path, introduction):
    found = blocks(tmp_path, f"{introduction}\n\n{QUOTE}\n\n{AUTHOR}")
    assert [block.speaker for block in found] == ["author", "quoted", "author"]
    assert found[1].text == QUOTE


def test_introduction_and_quotation_in_one_paragraph(tmp_path):
    found = blocks(tmp_path, f"Enligt betänkandet ”{QUOTE}” (s. 7)")
    assert speakers(found) == [("author", "Enligt betänkandet", None), ("quoted", f"”{QUOTE}” (s. 7)", 7)]


def test_a_colon_without_a_quoted_source_introduces_no_quotation(tmp_path):
    found = blocks(tmp_path, f"Regionen föreslår följande:\n\n{QUOTE}")
    assert [block.speaker for block in found] == ["author", "author"]


def test_a_quoted_term_inside_the_authors_sentence_is_the_authors(tmp_path):
    sentence = "Regionen anser att begreppet ”hållbar tillväxt” behöver förtydligas i den fortsatta beredningen."
    assert [block.speaker for block in blocks(tmp_path, sentence)] == ["author"]


def test_indented_block_in_plain_text(tmp_path):
    quote_lines = "    Kommunerna behöver ta ett större ansvar för planeringen\n    av bostäder i inlandet. (sidan 12)"
    found = blocks(tmp_path, f"I rapporten beskrivs läget.\n\n{quote_lines}\n\n{AUTHOR}")
    assert speakers(found)[1] == ("quoted", f"{QUOTE[:-1]}. (sidan 12)", 12)
    assert [block.speaker for block in found] == ["author", "quoted", "author"]


def test_an_indented_list_is_not_a_quotation(tmp_path):
    listed = "    • att kommunerna får ett större ansvar,\n    • att regionen stödjer planeringen."
    assert {block.speaker for block in blocks(tmp_path, f"Regionen föreslår\n\n{listed}")} == {"author"}


def test_markdown_block_quote(tmp_path):
    found = blocks(tmp_path, f"{AUTHOR}\n\n> {QUOTE} (sidan 3)", title=f"# {STATEMENT_TITLE}", name="x.md")
    assert [(block.speaker, block.quoted_page) for block in found] == [("author", None), ("quoted", 3)]


def test_a_reports_own_text_is_never_quoted(tmp_path):
    body = (f"”{QUOTE}” (s. 45)\n\nI rapporten står:\n\n{QUOTE}\n\n    Ett indraget stycke i rapporten som\n"
            "    fortsätter på nästa rad.")
    assert {block.speaker for block in blocks(tmp_path, body, title=REPORT_TITLE)} == {"author"}


def test_word_quote_style_indentation_and_italic(tmp_path):
    word = docx.Document()
    word.add_paragraph(STATEMENT_TITLE)
    word.add_paragraph(AUTHOR)
    word.add_paragraph(QUOTE, style="Quote")
    word.add_paragraph(AUTHOR)
    indented = word.add_paragraph("Planeringen av bostäder måste ske i samverkan med regionen.")
    indented.paragraph_format.left_indent = Pt(36)
    word.add_paragraph(AUTHOR)
    word.add_paragraph().add_run("Inlandets kommuner saknar resurser för detaljplanering.").italic = True
    path = tmp_path / "yttrande.docx"
    word.save(path)
    found = parse_document(read_pages(path), path.name).blocks
    assert [block.speaker for block in found] == ["author", "quoted", "author", "quoted", "author", "quoted"]


def test_indented_block_in_a_pdf(tmp_path):
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)

    def line(text: str, indent: float = 0) -> None:
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    line(STATEMENT_TITLE)
    pdf.ln(6)
    for text in ["Regionen delar bedömningen och vill samarbeta med kommunerna om",
                 "genomförandet av förslagen i betänkandet, som beskriver läget",
                 "i inlandet så här:"]:
        line(text)
    pdf.ln(6)
    for text in ["Kommunerna behöver ta ett större ansvar för planeringen", "av bostäder i inlandet. (s. 12)"]:
        line(text, indent=15)
    pdf.ln(6)
    for text in ["Regionen vill därför bidra med underlag till kommunernas", "planering av bostäder."]:
        line(text)
    path = tmp_path / "yttrande.pdf"
    pdf.output(str(path))
    found = parse_document(read_pages(path), path.name).blocks
    assert [(block.speaker, block.quoted_page) for block in found] == [("author", None), ("quoted", 12),
                                                                       ("author", None)]
