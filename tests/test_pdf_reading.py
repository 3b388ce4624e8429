"""PDF reading that must hold for any typeset PDF: what a text layer gives that the same text in a
plain file does not (ligature glyphs, running lines drawn out of order, …). Each PDF is made here with
fpdf2 in DejaVu fonts (Debian's fonts-dejavu-core)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from helpers import require

from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.ingest.structure import parse_document

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _pdf() -> FPDF:
    require((FONT_DIR / "DejaVuSerif.ttf").exists(), "fonts-dejavu-core is not installed")
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVuSerif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("DejaVuSerif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.set_font("DejaVuSerif", size=11)
    return pdf


def _texts(path: Path) -> list[str]:
    return [line.text for page in read_pages(path) for line in page.lines if line.text.strip()]


def test_ligature_glyphs_are_read_as_their_letters(tmp_path):
    pdf = _pdf()
    pdf.add_page()
    pdf.cell(0, 6, "Det \ufb01nns ett \ufb02ertal e\ufb00ekter av e\ufb03cient sty\ufb00ning.")
    path = tmp_path / "ligaturer.pdf"
    pdf.output(str(path))
    assert _texts(path) == ["Det finns ett flertal effekter av efficient styffning."]


class _LateHeader(FPDF):
    """Draws the running header and the page footer after the page's body, as a browser's print does."""

    def footer(self) -> None:
        self.set_font("DejaVuSerif", size=8)
        self.set_y(8)
        self.cell(0, 5, "SOU 2030:1 Ett exempel", align="R")
        self.set_y(-15)
        self.cell(0, 5, f"{self.page_no()} ({{nb}})", align="C")


RUN_ON = ["Kommunerna ska enligt förslaget ta fram en plan för hur", "vattenförsörjningen tryggas vid en kris."]


def _late_header_pdf(path: Path) -> Path:
    pdf = _LateHeader(format="A4")
    pdf.add_font("DejaVuSerif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("DejaVuSerif", size=11)
    pdf.set_y(40)
    for _ in range(3):
        pdf.cell(0, 6, "Utredningen har haft i uppdrag att se över regelverket.", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, RUN_ON[0], new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("DejaVuSerif", size=11)
    pdf.set_y(40)
    pdf.cell(0, 6, RUN_ON[1], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_a_running_header_drawn_after_the_body_is_read_at_the_top_of_the_page(tmp_path):
    require((FONT_DIR / "DejaVuSerif.ttf").exists(), "fonts-dejavu-core is not installed")
    path = _late_header_pdf(tmp_path / "sent-sidhuvud.pdf")
    first, second = ([line.text for line in page.lines if line.text.strip()] for page in read_pages(path))
    assert first[0] == "SOU 2030:1 Ett exempel" and first[-1] == RUN_ON[0]
    assert second == [RUN_ON[1]]
    blocks = parse_document(read_pages(path), path.name).blocks
    assert any(" ".join(RUN_ON) in block.text for block in blocks)
    assert not any("Ett exempel" in block.text for block in blocks)


def _front_page_pdf(path: Path) -> Path:
    """A letterhead in bold body type, then a title in a larger bold font that wraps onto a line that
    starts with a capital letter, then the body."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("DejaVuSerif", "B", 11)
    pdf.cell(0, 6, "Region Västerbotten", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVuSerif", "", 11)
    pdf.cell(0, 6, "2030-01-15", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("DejaVuSerif", "B", 18)
    for line in TITLE:
        pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVuSerif", "", 11)
    for _ in range(8):
        pdf.cell(0, 6, "Regionen tillstyrker förslagen i betänkandet och lämnar följande synpunkter.",
                 new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


TITLE = ["Yttrande över betänkandet Tryggare", "Vattenförsörjning (SOU 2030:1)"]


def test_a_heading_in_a_larger_font_is_one_heading_line_however_it_wraps(tmp_path):
    lines = [line for page in read_pages(_front_page_pdf(tmp_path / "yttrande.pdf")) for line in page.lines
             if line.text.strip()]
    headings = [line.text for line in lines if line.heading]
    assert headings == ["Region Västerbotten", " ".join(TITLE)]  # bold letterhead too: bold whole line
    assert not any(line.heading for line in lines if line.text.startswith("Regionen tillstyrker"))


def test_the_title_is_the_large_heading_after_a_bold_letterhead(tmp_path):
    path = _front_page_pdf(tmp_path / "yttrande.pdf")
    document = parse_document(read_pages(path), path.name)
    assert document.title == " ".join(TITLE)
    assert document.date == "2030-01-15"


ITEMS = [("kartlägga hur stödet används i dag och vilka", "hinder som finns,"),
         ("analysera behovet av ändrade regler för", "kommunernas tillsyn, och"),
         ("lämna nödvändiga förslag till", "författningsändringar.")]


def test_list_bullets_drawn_as_shapes_mark_the_items(tmp_path):
    """A browser's print draws a list's bullets as small filled circles, not as characters."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_y(30)
    pdf.cell(0, 6, "Utredaren ska bland annat", new_x="LMARGIN", new_y="NEXT")
    for first, second in ITEMS:
        y = pdf.get_y()
        pdf.circle(x=pdf.l_margin + 6, y=y + 3, radius=0.7, style="F")  # centred beside the item's first line
        for line in (first, second):
            pdf.set_x(pdf.l_margin + 10)
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.rect(150, 100, 1.5, 1.5, style="F")  # a small shape beside no line
    path = tmp_path / "lista.pdf"
    pdf.output(str(path))
    expected = ["Utredaren ska bland annat"] + [text for first, second in ITEMS for text in (f"• {first}", second)]
    assert _texts(path) == expected


def test_a_list_set_apart_from_its_lead_in_continues_its_sentence(tmp_path):
    """A PDF sets a list apart by a wider space; its items starting in lower case still complete the
    lead-in ("Utredaren ska bland annat" / "• kartlägga …"), as the same lines in Markdown do."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_y(30)
    pdf.set_font("DejaVuSerif", "B", 16)
    pdf.cell(0, 9, "Ett tryggare stöd till kommunerna", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVuSerif", "", 11)
    pdf.ln(6)
    pdf.cell(0, 6, "Regeringen har beslutat att tillkalla en särskild utredare.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 6, "Utredaren ska bland annat", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for first, second in ITEMS:
        pdf.cell(0, 6, f"• {first}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(pdf.l_margin + 4)
        pdf.cell(0, 6, second, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "direktiv.pdf"
    pdf.output(str(path))
    texts = [block.text for block in parse_document(read_pages(path), path.name).blocks]
    assert any(text.startswith("Utredaren ska bland annat • kartlägga hur stödet") for text in texts), texts
