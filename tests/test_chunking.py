"""From paragraphs to chunks: a paragraph or list that runs over a page break stays one chunk citing its
first page, no chunk is a stray line, and a quotation never joins the author's comment on it."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from helpers import build_statement_pdf

from yttrande_qa import tuning
from yttrande_qa.ingest.chunking import chunk_blocks
from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.ingest.structure import parse_document
from yttrande_qa.models import Chunk

LINE = 6
FULL_LINES = [  # running text set in full lines, as a report's body is
    "Regionen har tagit del av utredningens förslag om kollektivtrafiken och lämnar här sina",
    "synpunkter på hur trafiken i länet kan utvecklas under de kommande tio åren. Regionen",
    "delar utredningens bild av att resandet med buss har ökat i inlandet sedan år 2019 och",
    "att behovet av fler avgångar mellan kommunernas centralorter är tydligt för alla parter.",
    "Resorna till arbete och studier blir längre när skolor och vårdcentraler samlas på färre",
    "orter, och då måste bussarna gå ofta nog för att resan ska vara ett verkligt alternativ.",
]
FINANCING = [
    "Staten bör ta ett större ansvar för finansieringen av den regionala trafiken, särskilt",
    "där avstånden är långa och resenärerna få. Kommunerna kan inte bära kostnaderna ensamma,",
    "och regionens egna medel räcker inte till både fler avgångar och nya fordon under perioden.",
    "Regionen föreslår därför att statens stöd till den regionala trafiken höjs från år 2026.",
]
CLOSING = [
    "Sammanfattningsvis ställer sig regionen bakom utredningens förslag med de tillägg som",
    "framgår ovan, och regionen bidrar gärna i det fortsatta arbetet med genomförandet.",
    "Frågor om yttrandet besvaras av regionens enhet för samhällsplanering, som också",
    "samordnar regionens arbete med trafikförsörjningsprogrammet och dess uppföljning.",
]
# The paragraph that runs over the page break: its sentence goes on at the top of page 2 with a name.
RUNNING_ON = (
    ["Kollektivtrafiken behöver därför planeras tillsammans med kommunerna och trafikbolaget,",
     "så att tidtabeller och biljetter hänger ihop för den som reser med"],
    ["Länstrafiken mellan flera kommuner. Regionen vill ha ett gemensamt biljettsystem från år 2026."],
)
LIST_OVER_BREAK = (
    ["Regionen föreslår att arbetet inriktas på följande:",
     "1. fler avgångar mellan centralorterna på vardagar,",
     "2. anslutningar till tågen i Umeå och Skellefteå,"],
    ["3. pendlarparkeringar vid de största hållplatserna."],
)


class _Report(FPDF):
    """Pages numbered by a bare number at the top, as government PDFs are set."""

    def __init__(self) -> None:
        super().__init__()
        self.core_fonts_encoding = "windows-1252"

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.cell(0, 5, str(self.page_no()), align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(10)


def _lines(pdf: FPDF, lines: list[str], style: str = "", size: int = 11) -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    for line in lines:
        pdf.cell(0, LINE, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def report_pdf(path: Path, page_one: list[str], page_two: list[str]) -> Path:
    """Page 1: a title, a heading, a full paragraph and `page_one`; page 2: `page_two`, then a new heading
    and a paragraph under it."""
    pdf = _Report()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _lines(pdf, ["Remissvar över betänkandet om kollektivtrafik i inlandet"], style="B", size=14)
    _lines(pdf, ["Trafiken i länet"], style="B", size=12)
    _lines(pdf, FULL_LINES)
    pdf.set_font("Helvetica", size=11)
    for line in page_one:
        pdf.cell(0, LINE, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    _lines(pdf, page_two)
    _lines(pdf, ["Finansiering"], style="B", size=12)
    _lines(pdf, FINANCING)
    _lines(pdf, CLOSING)
    pdf.output(str(path))
    return path


def chunks_of(path: Path) -> list[Chunk]:
    return chunk_blocks(parse_document(read_pages(path), path.name).blocks)


def only_chunk_with(chunks: list[Chunk], words: str) -> Chunk:
    found = [chunk for chunk in chunks if words in chunk.text]
    assert len(found) == 1, f"{len(found)} chunks hold {words!r}"
    return found[0]


def test_a_paragraph_over_a_page_break_is_one_chunk_citing_its_first_page(tmp_path):
    chunks = chunks_of(report_pdf(tmp_path / "remissvar.pdf", *RUNNING_ON))
    before, after = RUNNING_ON[0][0], RUNNING_ON[1][0]
    chunk = only_chunk_with(chunks, before[:40])
    assert after[:40] in chunk.text
    assert (chunk.page, chunk.section) == (1, "Trafiken i länet")
    assert only_chunk_with(chunks, "Regionen har tagit del").page == 1
    assert only_chunk_with(chunks, "Staten bör ta").section == "Finansiering"


def test_a_list_over_a_page_break_is_one_chunk_and_no_chunk_is_a_stray_line(tmp_path):
    chunks = chunks_of(report_pdf(tmp_path / "remissvar.pdf", *LIST_OVER_BREAK))
    chunk = only_chunk_with(chunks, "1. fler avgångar")
    assert "3. pendlarparkeringar" in chunk.text and chunk.page == 1
    assert all(len(chunk.text.split()) >= tuning.MIN_CHUNK_WORDS for chunk in chunks), [c.text for c in chunks]


def test_a_pages_bare_number_is_neither_text_nor_a_heading(tmp_path):
    chunks = chunks_of(report_pdf(tmp_path / "remissvar.pdf", *RUNNING_ON))
    assert {chunk.section for chunk in chunks} == {"Trafiken i länet", "Finansiering"}
    assert not any(chunk.text.split()[0] in ("1", "2") for chunk in chunks), [c.text[:20] for c in chunks]


def test_a_quotation_and_the_comment_after_it_stay_apart_with_their_speakers(tmp_path):
    """The statement's quotations and the short comments around them (under MIN_CHUNK_WORDS words) are
    chunks of their own: a quotation is never joined to what the author says about it."""
    chunks = chunks_of(build_statement_pdf(tmp_path / "yttrande.pdf"))
    quote = only_chunk_with(chunks, "Många kommuner har ett vatten")
    comment = only_chunk_with(chunks, "delar bilden")
    assert (quote.speaker, quote.quoted_page, comment.speaker) == ("quoted", 12, "author")
    assert "delar bilden" not in quote.text and "Många kommuner" not in comment.text
    assert len(comment.text.split()) < tuning.MIN_CHUNK_WORDS
    assert only_chunk_with(chunks, "Nätverket VA-samverkan").speaker == "author"
    second = only_chunk_with(chunks, "Prioriterat är den fysiska")
    assert second.speaker == "quoted" and "håller med" not in second.text


def test_a_short_quotation_in_plain_text_stays_apart_from_the_comments_around_it(tmp_path):
    path = tmp_path / "yttrande-om-bredband.txt"
    path.write_text(
        "Yttrande över rapport om bredband\n\nBredband\n\n"
        "Regionen har läst rapporten. I rapporten står:\n\n"
        "”Alla hushåll ska ha tillgång till snabbt bredband år 2025.” (sidan 4)\n\n"
        "Regionen delar målet men ser att inlandet ligger efter.\n",
        encoding="utf-8",
    )
    chunks = chunks_of(path)
    assert [chunk.speaker for chunk in chunks] == ["author", "quoted", "author"]
    assert chunks[1].quoted_page == 4
