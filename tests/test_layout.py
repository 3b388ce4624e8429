"""Two-column PDF pages are read column by column; labels beside text and tables of contents stay on
their rows. The PDFs are written row by row (left cell, then right cell at the same height), which is
what interleaves the columns in plain text extraction."""

from __future__ import annotations

from fpdf import FPDF

from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.ingest.structure import parse_document

LEFT = [
    "Regionen har tagit del av förslaget om",
    "en ny plan för kollektivtrafiken och",
    "ser positivt på att turtätheten ökar",
    "på de mest använda linjerna i länet.",
    "Samtidigt behöver landsbygden få en",
    "grundläggande tillgång till trafik.",
]
RIGHT = [
    "Kommunerna bör få ett större inflytande",
    "över hur linjerna dras och när bussarna",
    "går, särskilt för resor till skolor och",
    "arbetsplatser. Regionen föreslår därför",
    "att en samrådsgrupp inrättas med alla",
    "kommuner i länet under nästa år.",
]


def _pdf() -> FPDF:
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    return pdf


def _rows(pdf: FPDF, left: list[str], right: list[str], left_x: float = 10, right_x: float = 110) -> None:
    for left_text, right_text in zip(left, right):
        y = pdf.get_y()
        pdf.set_xy(left_x, y)
        pdf.cell(90, 5, left_text)
        pdf.set_xy(right_x, y)
        pdf.cell(90, 5, right_text)
        pdf.set_y(y + 5)


def test_two_columns_are_read_one_after_the_other(tmp_path):
    pdf = _pdf()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(0, 8, "Yttrande över förslag till trafikförsörjningsprogram för länet", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", size=10)
    _rows(pdf, LEFT, RIGHT)
    path = tmp_path / "tvaspalt.pdf"
    pdf.output(str(path))

    lines = [line.text.strip() for page in read_pages(path) for line in page.lines if line.text.strip()]
    assert lines == ["Yttrande över förslag till trafikförsörjningsprogram för länet", *LEFT, *RIGHT]
    document = parse_document(read_pages(path), path.name)
    assert document.title == "Yttrande över förslag till trafikförsörjningsprogram för länet"
    text = " ".join(block.text for block in document.blocks)
    assert "linjerna i länet. Samtidigt behöver landsbygden" in text
    assert text.index("grundläggande tillgång till trafik.") < text.index("Kommunerna bör få ett större")


def test_terms_beside_their_definitions_stay_on_their_rows(tmp_path):
    terms = ["Revir", "Föryngring", "Spårtecken", "Inventering", "Länsstyrelse"]
    definitions = [
        "Ett område som en familjegrupp av varg använder och försvarar.",
        "Att en hona har fått ungar under året, som dokumenterats av länet.",
        "Avtryck eller annat som visar att ett djur har passerat platsen.",
        "Att räkna och dokumentera förekomst av arter inom ett område.",
        "Den statliga myndighet som ansvarar för inventeringen i länet.",
    ]
    pdf = _pdf()
    _rows(pdf, terms, definitions, right_x=70)
    path = tmp_path / "definitioner.pdf"
    pdf.output(str(path))
    lines = [line.text for page in read_pages(path) for line in page.lines if line.text.strip()]
    assert lines == [f"{term} {definition}" for term, definition in zip(terms, definitions)]


def test_a_table_of_contents_stays_on_its_rows(tmp_path):
    entries = ["Syfte och tillämpningsområde", "Definitioner", "Undersökning och riskbedömning",
               "Dokumentation och information", "Åtgärder vid hantering"]
    pdf = _pdf()
    _rows(pdf, entries, ["4", "4", "5", "6", "11"], right_x=120)
    path = tmp_path / "innehall.pdf"
    pdf.output(str(path))
    lines = [line.text for page in read_pages(path) for line in page.lines if line.text.strip()]
    assert lines == [f"{entry} {number}" for entry, number in zip(entries, ["4", "4", "5", "6", "11"])]
