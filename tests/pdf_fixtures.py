"""Real PDF files for tests, built with fpdf2.

Core fonts with the Windows-1252 encoding cover å, ä, ö and the en dash, with no font file needed."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

STATEMENT_DATE = "2024-03-15"
BAND_BLUE = (205, 225, 245)
LINE_HEIGHT = 6

# Each page is a list of (kind, lines). Line breaks are explicit so that hyphenation is known.
STATEMENT_PAGES: list[list[tuple[str, list[str]]]] = [
    [
        ("title", ["Regionala utvecklingsnämndens yttrande över rapport om", "vatten och kompetens"]),
        ("heading", ["Sammanfattning"]),
        (
            "text",
            [
                "Regionala utvecklingsnämnden har tagit del av rapporten och lämnar här sina",
                "synpunkter på kommunernas arbete med vattenför-",
                "sörjningen och kompetensförsörjningen i länet.",
            ],
        ),
        ("heading", ["5.1 Vatten- och avloppsinfrastruktur"]),
        (
            "text",
            [
                "Citat från rapporten markeras med kursiv text på blå bakgrund. Nätverket VA-",
                "samverkan arbetar redan med frågan.",
            ],
        ),
        (
            "quote",
            [
                "Många kommuner har ett vatten och avloppsystem från 1940–50-tal med akuta",
                "behov av förnyelse. Detta medför stora kostnader för de minsta kommunerna",
                "i inlandet. (sidan 12)",
            ],
        ),
        (
            "text",
            [
                "Regionala utvecklingsförvaltningen delar bilden och vill fortsätta att stödja",
                "samarbetet mellan kommunerna i länet.",
            ],
        ),
    ],
    [
        ("heading", ["5.2 Kompetensförsörjning"]),
        (
            "text",
            [
                "I rapporten framkommer det även (på sidan 20) att flera kommuner menar att",
                "samverkan om kompetens fungerar tillräckligt bra.",
            ],
        ),
        (
            "quote",
            [
                "Prioriterat är den fysiska infrastrukturen såsom vägar och järnvägar men även",
                "dialog med nationella aktörer. (sidan 19-20)",
            ],
        ),
        (
            "text",
            [
                "Förvaltningen håller med om att dialogen med nationella aktörer behöver",
                "stärkas under de kommande åren.",
            ],
        ),
    ],
]


class _PDF(FPDF):
    def __init__(self) -> None:
        super().__init__()
        self.core_fonts_encoding = "windows-1252"


class _Statement(_PDF):
    """A statement with the running header of the original: "Yttrande", the date and "N (M)"."""

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.set_text_color(0, 0, 0)
        self.cell(0, 5, "Yttrande", align="R", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 5, STATEMENT_DATE, align="R", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 5, f"{self.page_no()} ({{nb}})", align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)


def _write_lines(pdf: FPDF, lines: list[str], style: str = "", size: int = 11) -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    for line in lines:
        pdf.cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")


def _write_quote(pdf: FPDF, lines: list[str], style: str, band: bool) -> None:
    """Text on a filled blue band, as quotations are set (in italic) in the original statement."""
    if band:
        pdf.set_fill_color(*BAND_BLUE)
        pdf.rect(pdf.l_margin, pdf.get_y(), pdf.epw, LINE_HEIGHT * len(lines) + 2, style="F")
    pdf.ln(1)
    _write_lines(pdf, lines, style=style)
    pdf.ln(1)


def build_statement_pdf(
    path: Path, *, user_password: str | None = None, quote_style: str = "I", band: bool = True
) -> Path:
    """A two-page statement with headings, author paragraphs and quotations in italic on blue bands.

    `quote_style=""` sets quotations upright (only the band sets them apart); `band=False` leaves out
    the band; `user_password` encrypts the file (an empty password encrypts it without protecting it)."""
    pdf = _Statement()
    pdf.set_auto_page_break(False)
    for page in STATEMENT_PAGES:
        pdf.add_page()
        for kind, lines in page:
            if kind == "title":
                _write_lines(pdf, lines, style="B", size=14)
            elif kind == "heading":
                _write_lines(pdf, lines, style="B", size=12)
            elif kind == "quote":
                _write_quote(pdf, lines, quote_style, band)
            else:
                _write_lines(pdf, lines)
            pdf.ln(4)
    if user_password is not None:
        pdf.set_encryption(owner_password="ägare", user_password=user_password)
    pdf.output(str(path))
    return path


def build_scanned_pdf(path: Path) -> Path:
    """A page with only graphics (a grey rectangle standing in for a scanned image) and no text layer."""
    pdf = _PDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 170, 250, style="F")
    pdf.output(str(path))
    return path


def build_corrupt_pdf(path: Path) -> Path:
    """A file that starts like a PDF but whose body is garbage."""
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    return path


RECONSTRUCTED_REPORT_PAGES: dict[int, list[str]] = {
    11: [
        "Rapport från beredningen för samverkan och regional utveckling",
        "Detta är en rekonstruktion för tester, inte den verkliga rapporten. Texten nedan är",
        "hämtad ur citat i regionala utvecklingsnämndens yttrande.",
    ],
    12: [
        "Många kommuner har ett vatten och avloppsystem från 1940–50-tal med akuta",
        "behov av förnyelse. Detta medför stora kostnader.",
    ],
}


def build_reconstructed_report(path: Path) -> Path:
    """A small stand-in for the report the seed statement answers; it says so in its own text.

    Its pages carry the labels 11 and 12, as if they were taken out of the full report."""
    pdf = _PDF()
    pdf.set_font("Helvetica", size=11)
    for number, lines in RECONSTRUCTED_REPORT_PAGES.items():
        pdf.add_page(label_style="D", label_start=number)
        for line in lines:
            pdf.cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
