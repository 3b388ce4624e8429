"""From pages to a document: title, date, kind, paragraphs, sections and who is speaking."""

from __future__ import annotations

import re
import shutil
from functools import cache

import pytest
from helpers import (
    QUOTES,
    SEED,
    STATEMENT_DATE,
    build_report_excerpt_pages_11_12,
    build_statement_pdf,
    load_jsonl,
)

from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.ingest.structure import parse_document
from yttrande_qa.models import Block, Line, Page, ParsedDocument

QUOTATIONS = load_jsonl(QUOTES)
SECTION_5_3 = "5.3 Kommunernas största möjligheter och utmaningar inom infrastruktur"


@cache
def seed() -> ParsedDocument:
    return parse_document(read_pages(SEED), SEED.name)


def collapsed(text: str) -> str:
    return " ".join(text.split())


def block_with(document: ParsedDocument, words: str) -> Block:
    found = [block for block in document.blocks if words in block.text]
    assert len(found) == 1, f"{len(found)} blocks contain {words!r}"
    return found[0]


# --- the seed statement ---


def test_seed_metadata():
    document = seed()
    assert document.title == (
        "Regionala utvecklingsnämndens yttrande över rapport från beredningen för samverkan och regional utveckling"
    )
    assert document.date == "2024-02-29"
    assert document.kind == "statement"


@pytest.mark.parametrize("quote", QUOTATIONS, ids=[f"sidan-{q['quoted_page']}-{i}" for i, q in enumerate(QUOTATIONS)])
def test_seed_quotation_extent_is_exact(quote):
    quoted = {collapsed(block.text): block for block in seed().blocks if block.speaker == "quoted"}
    assert quote["text"] in quoted, "no quoted block with exactly this text"
    block = quoted[quote["text"]]
    assert (block.quoted_page, block.quoted_page_end) == (quote["quoted_page"], quote["quoted_page_end"])


def test_every_page_reference_in_the_seed_closes_one_quotation():
    references = len(re.findall(r"\(sidan\s", SEED.read_text(encoding="utf-8")))
    closing = [block for block in seed().blocks if block.speaker == "quoted" and block.quoted_page is not None]
    assert len(closing) == references == 28
    assert all(re.search(r"\(sidan \d+(-\d+)?\)$", block.text) for block in closing)
    assert not any("(sidan" in block.text for block in seed().blocks if block.speaker == "author")


def test_citation_label_is_the_authors_own():
    label = block_with(seed(), "Citat från rapporten:")
    assert label.speaker == "author" and label.text == "Citat från rapporten:"


def test_paraphrase_with_page_in_parentheses_stays_author():
    block = block_with(seed(), "(på sidan 20)")
    assert block.speaker == "author"
    assert block.text.startswith("I rapporten framkommer det även (på sidan 20) att flera kommuner")


def test_report_described_with_a_trailing_page_reference_counts_as_quoted():
    block = block_with(seed(), "Rapporten beskriver att det för länets kommuner")
    assert (block.speaker, block.quoted_page) == ("quoted", 7)


def test_a_box_without_formatting_or_page_reference_is_the_authors():
    """The seed's extracted text shows one quotation box only by a layout quirk of its PDF (a
    double-spaced run followed by an indented line); that rule labelled ordinary passages of other
    documents as quotations and was removed. The paragraph stays whole."""
    block = block_with(seed(), "Prioriterat är behovet av påverkansarbete")
    assert block.speaker == "author"
    assert block.text.endswith("hitta externa investerare och riskkapitalister.")


def test_author_text_before_a_quotation_is_not_swallowed():
    block = block_with(seed(), "Årets kulturkommun, årets")
    assert block.speaker == "author"
    assert block.text.startswith("Den nyligen antagna regionala kulturplanen")


def test_author_sentence_broken_by_quotations_is_rejoined():
    block = block_with(seed(), "förtydliga och förankra")
    assert "förtydliga och förankra samverkansorganisationen med mellankommunal samverkan" in block.text
    across_pages = block_with(seed(), "innan eventuell inriktning")
    assert "innan eventuell inriktning stakas fram. Verksamheten kring projektfinansiering" in across_pages.text
    assert across_pages.page == 17 and across_pages.speaker == "author"


def test_known_author_passages():
    block = block_with(seed(), "Örnsköldsviks kommun deltar. Ett av målen")
    assert (block.speaker, block.page) == ("author", None)
    assert block.section.startswith("5.1 Kommunernas största utmaningar")
    assert block_with(seed(), "2022–2030 (RDS)").section == f"{SECTION_5_3} › Digital infrastruktur"


def test_sections_nest_subheadings_under_numbered_headings():
    sections = list(dict.fromkeys(block.section for block in seed().blocks))
    assert sections[:3] == [
        "Sammanfattning",
        "Regionala utvecklingsförvaltningens kommentarer och åtgärdsförslag",
        "5.1 Kommunernas största utmaningar inom regional utveckling och hållbar tillväxt utifrån den "
        "regionala utvecklingsstrategin",
    ]
    assert f"{SECTION_5_3} › Vatten- och avloppsinfrastruktur" in sections
    assert "5.8 Kommunernas övriga behov kopplat till samverkan inom regional utveckling och hållbar tillväxt" in (
        sections
    )
    vatten = block_with(seed(), "1940–50-tal")
    assert vatten.section == f"{SECTION_5_3} › Vatten- och avloppsinfrastruktur" and vatten.speaker == "quoted"


def test_page_numbers_follow_the_page_markers():
    assert block_with(seed(), "krisberedskapsplan").page == 17
    assert block_with(seed(), "(DVIS)").page == 18
    assert block_with(seed(), "(DVIS)").section.startswith("5.8 ")


def test_running_headers_are_not_text():
    assert not any(re.search(r"\d+ \(18\)|^Yttrande$|2024-02-29", block.text) for block in seed().blocks)


def test_double_spaced_summary_is_split_into_paragraphs():
    summary = [block for block in seed().blocks if block.section == "Sammanfattning"]
    assert all(block.speaker == "author" for block in summary)
    assert summary[0].text.endswith("i frågor av gemensamt intresse inom regional utveckling.")
    assert len(summary) >= 4


def test_real_hyphens_stay():
    assert "nätverket VA-samverkan som faciliteras" in block_with(seed(), "i förebyggande syfte").text
    assert "plan- och byggnätverket" in block_with(seed(), "återuppväcka").text


def test_the_texts_own_date_and_title_win_over_the_file_name(tmp_path):
    copy = tmp_path / "Anteckningar 2023-11-21.txt"
    shutil.copy(SEED, copy)
    document = parse_document(read_pages(copy), copy.name)
    assert (document.title, document.date, document.kind) == (seed().title, "2024-02-29", "statement")
    assert document.blocks == seed().blocks


def test_a_line_that_a_list_in_lower_case_completes_is_no_heading(tmp_path):
    """A directive's "Utredaren ska" before its bullet list is the start of a sentence, not a heading; a short
    line before a list of its own sentences is one."""
    path = tmp_path / "direktiv.md"
    path.write_text(
        "# Ett direktiv\n\nRegeringen ser behov av en översyn av reglerna.\n\nUtredaren ska därför\n\n"
        "* kartlägga hur reglerna tillämpas,\n* lämna förslag.\n\nUtgångspunkter\n\n"
        "* Reglerna ska vara enkla.\n* Kostnaderna ska vara låga.\n",
        encoding="utf-8",
    )
    document = parse_document(read_pages(path), path.name)
    assert "Utredaren ska därför" not in {block.section for block in document.blocks}
    assert collapsed(block_with(document, "kartlägga").text).startswith("Utredaren ska därför * kartlägga")
    assert block_with(document, "enkla").section == "Utgångspunkter"



@pytest.mark.parametrize("lead_in", ["I uppdraget ingår att", "Myndigheten ska i samarbete med", "Uppdragets innehåll"])
def test_a_lead_in_before_items_in_capitals_is_no_heading(tmp_path, lead_in):
    """A line ending in a word that needs what follows ("… att", "… med") is the start of the sentence the
    items complete, even when they start in capitals; a line that can stand alone stays a heading."""
    path = tmp_path / "uppdrag.md"
    path.write_text(
        f"# Uppdrag till myndigheten\n\nRegeringen ger myndigheten ett uppdrag.\n\n{lead_in}\n\n"
        "- Genomföra insatser för att öka kunskapen.\n\n- Sprida information om arbetet.\n\n"
        "Uppdraget ska redovisas till regeringen.\n",
        encoding="utf-8",
    )
    document = parse_document(read_pages(path), path.name)
    sections = {block.section for block in document.blocks}
    stands_alone = lead_in == "Uppdragets innehåll"
    assert (lead_in in sections) == stands_alone
    if not stands_alone:
        assert collapsed(block_with(document, "Genomföra").text).startswith(f"{lead_in} - Genomföra")
        assert block_with(document, "redovisas").section == ""

def test_a_converted_texts_running_header_with_its_number_is_dropped(tmp_path):
    """A bill converted to text keeps "Prop. 2017/18:105" between its pages: dropped after the top of the
    text, so it no longer cuts sentences; a repeated line without a number ("Föreslagen lydelse") stays."""
    page = ("Regeringen föreslår att lagen ändras så att den som behandlar personuppgifter\n"
            "Prop. 2017/18:105\n"
            "ska informera den registrerade.\n\nFöreslagen lydelse\n\n")
    path = tmp_path / "proposition.txt"
    path.write_text("Prop. 2017/18:105\n\nRegeringens proposition om dataskydd\n\n" + page * 3, encoding="utf-8")
    document = parse_document(read_pages(path), path.name)
    text = " ".join(block.text for block in document.blocks)
    assert "Prop. 2017/18:105" not in text
    assert {block.section for block in document.blocks} >= {"Föreslagen lydelse"}  # a heading, still read
    assert "personuppgifter ska informera" in collapsed(text)
    assert document.doc_number == "Prop. 2017/18:105"


# --- a PDF statement: quotations are found by emphasis ---


@pytest.fixture(scope="module")
def pdf_statement(tmp_path_factory) -> ParsedDocument:
    path = build_statement_pdf(tmp_path_factory.mktemp("pdf") / "yttrande.pdf")
    return parse_document(read_pages(path), path.name)


def test_pdf_metadata(pdf_statement):
    assert pdf_statement.title == "Regionala utvecklingsnämndens yttrande över rapport om vatten och kompetens"
    assert (pdf_statement.date, pdf_statement.kind) == (STATEMENT_DATE, "statement")


def test_pdf_quotations_by_emphasis(pdf_statement):
    quoted = [block for block in pdf_statement.blocks if block.speaker == "quoted"]
    assert [(block.text, block.page, block.quoted_page, block.quoted_page_end) for block in quoted] == [
        (
            "Många kommuner har ett vatten och avloppsystem från 1940–50-tal med akuta behov av förnyelse. "
            "Detta medför stora kostnader för de minsta kommunerna i inlandet. (sidan 12)",
            1,
            12,
            None,
        ),
        (
            "Prioriterat är den fysiska infrastrukturen såsom vägar och järnvägar men även dialog med "
            "nationella aktörer. (sidan 19-20)",
            2,
            19,
            20,
        ),
    ]
    assert quoted[0].section == "5.1 Vatten- och avloppsinfrastruktur"


def test_pdf_paraphrase_and_author_text(pdf_statement):
    paraphrase = block_with(pdf_statement, "(på sidan 20)")
    assert (paraphrase.speaker, paraphrase.page, paraphrase.section) == ("author", 2, "5.2 Kompetensförsörjning")
    after = block_with(pdf_statement, "delar bilden")
    assert after.speaker == "author" and after.text.endswith("samarbetet mellan kommunerna i länet.")


def test_pdf_hyphenation(pdf_statement):
    joined = block_with(pdf_statement, "synpunkter").text
    assert "arbete med vattenförsörjningen och kompetensförsörjningen" in joined
    assert "Nätverket VA-samverkan arbetar" in block_with(pdf_statement, "Nätverket").text


def test_emphasis_decides_when_a_document_has_it():
    pages = [
        Page(
            3,
            [
                Line("Rapporten beskriver att vägarna är dåliga. (sidan 7)"),
                Line(""),
                Line(""),
                Line("Vägarna behöver rustas upp. (sidan 8)", emphasised=True),
            ],
        )
    ]
    blocks = parse_document(pages, "x.pdf", kind="statement").blocks
    assert [(block.speaker, block.quoted_page) for block in blocks] == [("author", None), ("quoted", 8)]


def test_reconstructed_report(tmp_path):
    path = build_report_excerpt_pages_11_12(tmp_path / "rapport.pdf")
    document = parse_document(read_pages(path), path.name)
    assert document.kind == "report"
    assert document.title == "Rapport från beredningen för samverkan och regional utveckling"
    assert "rekonstruktion" in document.blocks[0].text
    assert [block.page for block in document.blocks] == [11, 12]
    assert all(block.speaker == "author" for block in document.blocks)


# --- helpers ---


def test_hyphen_joining_rules():
    lines = ["Vatten- och avlopp från 1940–50-", "tal kräver vatten-", "och avloppsplaner samt vattenför-", "sörjning."]
    pages = [Page(None, [Line(text) for text in lines])]
    (block,) = parse_document(pages, "x.txt").blocks
    expected = "Vatten- och avlopp från 1940–50-tal kräver vatten- och avloppsplaner samt vattenförsörjning."
    assert block.text == expected
