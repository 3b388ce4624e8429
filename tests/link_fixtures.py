"""A report and statements that answer it, as real PDFs the tests write with fpdf2.

The report has five numbered pages ("N (5)" in the footer). The region's statement names it in its title
and quotes it four times, in italic on a blue band as statements set quotations:
- water and sewage: the report's sentences, broken over other lines and hyphenated ("förny-/as"), page 2;
- housing: a small edit, and "(sidan 4)" for text on page 3 (off by one);
- competence: no page reference, introduced by "I rapporten står:";
- public transport: a misquote (the report says the opposite), "(sidan 5)".
Each quotation is followed by the region's reply. A municipality's later statement quotes the water
passage too, with its own reply; an unrelated report shares some of the words.
"""

from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF
from helpers import DATA, QUOTES, load_jsonl

from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.store.index import Index

LINE_HEIGHT = 6
BAND = (205, 225, 245)

REPORT_TITLE = "Rapport om kommunernas utmaningar inom vatten, bostäder och kompetens"
REPORT_WATER = ("Många kommuner har ledningsnät för vatten och avlopp från 1960-talet som behöver förnyas. "
                "Kostnaderna för förnyelsen är stora för de minsta kommunerna i inlandet.")
REPORT_HOUSING = ("Kommunerna behöver ta fram fler detaljplaner för att möta efterfrågan på bostäder. "
                  "Planprocesserna har blivit längre under de senaste tio åren.")
REPORT_COMPETENCE = ("Det är svårt att rekrytera ingenjörer och andra specialister till de mindre kommunerna, "
                     "särskilt inom teknisk förvaltning.")
REPORT_TRANSPORT = ("Kollektivtrafiken i inlandet behöver fler turer och bättre anslutningar till de regionala "
                    "linjerna för att arbetspendling ska bli möjlig.")
FILLER = ("Underlaget bygger på enkätsvar och dialogmöten med länets kommuner under hösten. Avsnittet "
          "sammanfattar vad kommunerna har lyft fram och vilka behov som återkommer i flera svar.")

REPORT_PAGES: list[list[str]] = [
    ["1 Inledning", "Kapitel 1 beskriver uppdraget och hur arbetet har bedrivits.", FILLER],
    ["2 Vatten och avlopp", FILLER, REPORT_WATER, FILLER],
    ["3 Bostäder och planering", FILLER, REPORT_HOUSING],
    ["4 Kompetensförsörjning", REPORT_COMPETENCE, FILLER],
    ["5 Kollektivtrafik", FILLER, REPORT_TRANSPORT],
]

# The water quotation as the statement prints it: other line breaks, a word hyphenated over two lines.
WATER_QUOTE_LINES = [
    "Många kommuner har ledningsnät för vatten och avlopp från 1960-talet som behöver förny-",
    "as. Kostnaderna för förnyelsen är stora för de minsta kommunerna i inlandet. (sidan 2)",
]
HOUSING_QUOTE = ("Kommunerna behöver ta fram fler detaljplaner för att kunna möta efterfrågan på bostäder. "
                 "Planprocesserna har blivit längre under senare år. (sidan 4)")
COMPETENCE_QUOTE = REPORT_COMPETENCE
MISQUOTE = ("Kollektivtrafiken i inlandet fungerar väl och några nya satsningar på turer behövs inte "
            "enligt kommunerna. (sidan 5)")

WATER_REPLY = ("Regionstyrelsen delar bilden och vill samordna kommunernas arbete med förnyelsen genom ett "
               "regionalt nätverk för vattenförsörjning.")
HOUSING_REPLY = ("Regionstyrelsen anser att staten bör förenkla reglerna så att planarbetet går snabbare i "
                 "hela länet.")
COMPETENCE_REPLY = ("Regionstyrelsen kommer att erbjuda kommunerna gemensamma rekryteringsinsatser för "
                    "tekniska yrken.")
TRANSPORT_REPLY = "Regionstyrelsen ser över trafikutbudet i inlandet inför nästa trafikår."
MUNICIPAL_REPLY = ("Kommunstyrelsen instämmer och har redan avsatt medel för att byta de äldsta ledningarna "
                   "under de kommande fem åren.")

STATEMENT_TITLE = "Regionstyrelsens yttrande över rapport om kommunernas utmaningar inom vatten, bostäder och kompetens"
MUNICIPAL_TITLE = "Kommunstyrelsens yttrande över rapport om kommunernas utmaningar inom vatten, bostäder och kompetens"

# (kind, text) items of the statements: "heading", "text", "quote" (a string or its lines).
STATEMENT_BODY: list[tuple[str, str | list[str]]] = [
    ("text", "Regionstyrelsen har tagit del av rapporten och lämnar här sina synpunkter på de delar som "
             "rör regionens ansvar."),
    ("heading", "1. Vatten och avlopp"),
    ("quote", WATER_QUOTE_LINES),
    ("text", WATER_REPLY),
    ("heading", "2. Bostäder"),
    ("quote", HOUSING_QUOTE),
    ("text", HOUSING_REPLY),
    ("heading", "3. Kompetens"),
    ("text", "I rapporten står:"),
    ("quote", COMPETENCE_QUOTE),
    ("text", COMPETENCE_REPLY),
    ("heading", "4. Kollektivtrafik"),
    ("quote", MISQUOTE),
    ("text", TRANSPORT_REPLY),
]
MUNICIPAL_BODY: list[tuple[str, str | list[str]]] = [
    ("text", "Kommunstyrelsen lämnar följande synpunkter på rapporten."),
    ("heading", "1. Vatten och avlopp"),
    ("quote", REPORT_WATER + " (sidan 2)"),
    ("text", MUNICIPAL_REPLY),
]

OTHER_REPORT_TITLE = "Rapport om kollektivtrafikens utveckling i kustkommunerna"


class _PDF(FPDF):
    def __init__(self, pages: int | None = None) -> None:
        super().__init__()
        self.core_fonts_encoding = "windows-1252"
        self.set_auto_page_break(True, margin=20)
        self.pages_total = pages

    def footer(self) -> None:
        if self.pages_total:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 5, f"{self.page_no()} ({self.pages_total})", align="C")


def _paragraph(pdf: FPDF, text: str, style: str = "", size: int = 11) -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    pdf.multi_cell(0, LINE_HEIGHT, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def _quote(pdf: FPDF, text: str | list[str]) -> None:
    pdf.set_font("Helvetica", style="I", size=11)
    lines = text if isinstance(text, list) else pdf.multi_cell(0, LINE_HEIGHT, text, dry_run=True, output="LINES")
    pdf.set_fill_color(*BAND)
    pdf.rect(pdf.l_margin, pdf.get_y(), pdf.epw, LINE_HEIGHT * len(lines) + 2, style="F")
    pdf.ln(1)
    for line in lines:
        pdf.cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)


def build_report(path: Path, title: str = REPORT_TITLE, pages: list[list[str]] = REPORT_PAGES,
                 date: str = "2023-11-09") -> Path:
    pdf = _PDF(len(pages))
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        if number == 1:
            _paragraph(pdf, "RAPPORT", size=9)
            _paragraph(pdf, date, size=9)
            _paragraph(pdf, title, style="B", size=15)
        for index, text in enumerate(paragraphs):
            heading = index == 0 and text[0].isdigit()
            _paragraph(pdf, text, style="B" if heading else "", size=12 if heading else 11)
    pdf.output(str(path))
    return path


def build_statement(path: Path, body: list[tuple[str, str | list[str]]] = STATEMENT_BODY,
                    title: str = STATEMENT_TITLE, issuer: str = "Regionstyrelsen", date: str = "2024-03-15") -> Path:
    pdf = _PDF()
    pdf.add_page()
    for line in (issuer, "YTTRANDE", date):
        _paragraph(pdf, line, size=9)
    _paragraph(pdf, title, style="B", size=14)
    for kind, text in body:
        if kind == "quote":
            _quote(pdf, text)
        else:
            _paragraph(pdf, text, style="B" if kind == "heading" else "", size=12 if kind == "heading" else 11)
    pdf.output(str(path))
    return path


def build_files(folder: Path) -> dict[str, Path]:
    """The report, the region's and the municipality's statements, and an unrelated report."""
    return {
        "report": build_report(folder / "rapport.pdf"),
        "statement": build_statement(folder / "yttrande.pdf"),
        "municipal": build_statement(folder / "kommun.pdf", MUNICIPAL_BODY, MUNICIPAL_TITLE, "Kommunstyrelsen",
                                     "2024-05-02"),
        "other": build_report(folder / "annan-rapport.pdf", OTHER_REPORT_TITLE, [["1 Inledning", REPORT_TRANSPORT]]),
    }


def build_linked_index(files: dict[str, Path], folder: Path) -> Path:
    """An index with all four, the statements before the report they answer."""
    index = Index(folder)
    outcomes = index_files(index, [files["statement"], files["other"], files["report"], files["municipal"]])
    assert [o.status for o in outcomes] == ["added"] * 4, outcomes
    index.close()
    return folder


# --- a reconstruction of the report the seed statement answers ----------------------------------
RECONSTRUCTION_TITLE = "Rapport från beredningen för samverkan och regional utveckling"
RECONSTRUCTION_NOTE = ("Rekonstruktion för tester, inte den verkliga rapporten: texten på varje sida är de citat "
                       "som regionala utvecklingsnämndens yttrande hämtar från den sidan, omgivna av utfyllnadstext.")
RECONSTRUCTION_FILLER = [
    "Här stod rapportens övriga text om sidans ämne, som yttrandet inte citerar.",
    "Beredningen har sammanställt underlaget efter samtal med förtroendevalda och tjänstepersoner.",
]


def seed_quotations() -> list[dict]:
    """Every quotation of the seed statement: the eight of quotes.jsonl and the other twenty."""
    return load_jsonl(QUOTES) + load_jsonl(DATA / "seed_more_quotations.jsonl")


def build_seed_quotations_report(path: Path, pages: int = 22) -> Path:
    """Each quotation of the seed on the page it names, between filler paragraphs; one that names two
    pages ("(sidan 19-20)") runs over the page break."""
    on_page: dict[int, list[str]] = {}
    ending: dict[int, str] = {}  # the start of a quotation that runs onto the next page
    carried: dict[int, str] = {}  # its end
    for quotation in seed_quotations():
        words = re.sub(r"\s*\((?:sidan|s\.)\s*[\d–-]+\)\s*$", "", quotation["text"])
        first, last = quotation["quoted_page"], quotation["quoted_page_end"]
        if last and last != first:
            split = words.split()
            ending[first], carried[last] = " ".join(split[: len(split) // 2]), " ".join(split[len(split) // 2:])
        else:
            on_page.setdefault(first, []).append(words)
    pdf = _PDF(pages)
    for number in range(1, pages + 1):
        pdf.add_page()
        if number in carried:
            _paragraph(pdf, carried[number])
        if number == 1:
            _paragraph(pdf, "RAPPORT", size=9)
            _paragraph(pdf, RECONSTRUCTION_TITLE, style="B", size=15)
            _paragraph(pdf, RECONSTRUCTION_NOTE)
        _paragraph(pdf, RECONSTRUCTION_FILLER[0])
        for text in on_page.get(number, []):
            _paragraph(pdf, text)
            _paragraph(pdf, RECONSTRUCTION_FILLER[1])
        if number in ending:
            _paragraph(pdf, ending[number])
    pdf.output(str(path))
    return path


# --- one report passage, two quotations of it --------------------------------------------------------
# The report's page 2 holds three paragraphs in one passage; the statement quotes the first in one place
# and the last in another, so a quotation's link must mark its own lines and not the whole passage.
ENERGY_FIRST = "Elnätet i inlandet har begränsad kapacitet att ta emot ny produktion från vindkraft och solparker."
ENERGY_MIDDLE = ("Länets energikontor har under året genomfört rådgivning till småföretag om energieffektivisering "
                 "i lokaler och processer.")
ENERGY_LAST = "Flera kommuner saknar aktuella energiplaner och behöver stöd för att ta fram dem under de kommande åren."
ENERGY_REPORT_TITLE = "Rapport om energiförsörjningen i länets kommuner"
ENERGY_STATEMENT_TITLE = "Regionstyrelsens yttrande över rapport om energiförsörjningen i länets kommuner"
ENERGY_BODY: list[tuple[str, str | list[str]]] = [
    ("text", "Regionstyrelsen lämnar här sina synpunkter på rapporten om energiförsörjningen."),
    ("heading", "1. Elnätet"),
    ("quote", ENERGY_FIRST + " (sidan 2)"),
    ("text", "Regionstyrelsen vill att elnätet byggs ut i takt med den nya produktionen i inlandet."),
    ("heading", "2. Energiplaner"),
    ("quote", ENERGY_LAST + " (sidan 2)"),
    ("text", "Regionstyrelsen erbjuder kommunerna stöd i arbetet med nya energiplaner."),
]


def build_energy_files(folder: Path) -> list[Path]:
    """The statement and the report whose one passage it quotes twice (the statement first)."""
    report = build_report(folder / "energirapport.pdf", ENERGY_REPORT_TITLE, [
        ["1 Inledning", "Rapporten beskriver läget för energiförsörjningen i länets kommuner."],
        ["2 Energi", ENERGY_FIRST, ENERGY_MIDDLE, ENERGY_LAST],
    ])
    statement = build_statement(folder / "energiyttrande.pdf", ENERGY_BODY, ENERGY_STATEMENT_TITLE)
    return [statement, report]
