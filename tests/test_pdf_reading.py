"""PDF reading that must hold for any typeset PDF: what a text layer gives that the same text in a
plain file does not (ligature glyphs, running lines drawn out of order, …). Each PDF is made here with
fpdf2 in DejaVu fonts (Debian's fonts-dejavu-core)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from helpers import require

from yttrande_qa.ingest.readers import read_pages

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
