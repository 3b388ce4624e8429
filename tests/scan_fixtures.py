"""Scanned PDFs for the OCR tests, made here: a Swedish statement (yttrande) from a county administrative
board, its pages drawn with Pillow in DejaVu Serif at 150–200 dpi, lightly degraded like a scan (a
slight skew, blur, grain, JPEG), one page turned on its side, wrapped in an image-only PDF. The same
layout is also written as a born-digital PDF (fpdf2, same font and positions), so the two can be
compared. The text is written for these tests; any likeness to a real case is chance."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian fonts-dejavu-core
FONTS = {False: FONT_DIR / "DejaVuSerif.ttf", True: FONT_DIR / "DejaVuSerif-Bold.ttf"}
PAGE_MM = (210.0, 297.0)
LEFT_MM, RIGHT_MM = 25.0, 185.0
MM_PER_PT = 25.4 / 72
LETTER_DATE = "2024-03-15"
LETTER_ISSUER = "Länsstyrelsen i Exempellän"
LETTER_DIARIENUMMER = "Dnr 402-1234-2024"
LETTER_TITLE = "Yttrande över förslag till detaljplan för Norra hamnen i Exempelstad"
FOOTER = "Länsstyrelsen i Exempellän, Box 100, 123 45 Exempelstad, telefon 010-123 45 67"

# Each page: (kind, lines). Kinds: title (bold 14 pt), heading (bold 12 pt), text (11 pt), quote (11 pt,
# set in 10 mm from the margin: the report quoted).
LETTER_PAGES: list[list[tuple[str, list[str]]]] = [
    [
        ("title", ["Yttrande över förslag till detaljplan för Norra hamnen", "i Exempelstad"]),
        (
            "text",
            [
                "Länsstyrelsen har tagit emot förslaget till detaljplan för granskning enligt",
                "5 kap. 18 § plan- och bygglagen (2010:900), PBL. Planen syftar till att pröva",
                "bostäder, förskola och handel på den tidigare industrimarken vid Norra hamnen.",
            ],
        ),
        ("heading", ["1. Länsstyrelsens bedömning"]),
        (
            "text",
            [
                "Länsstyrelsen bedömer att planen kan antas under förutsättning att synpunkterna",
                "nedan om översvämning och buller beaktas. Om de inte beaktas kan Länsstyrelsen",
                "komma att pröva kommunens beslut att anta planen enligt 11 kap. 10 § PBL.",
            ],
        ),
        ("heading", ["2. Översvämning och dagvatten"]),
        (
            "text",
            [
                "Planområdet ligger lågt och delar av det översvämmas vid ett beräknat högsta",
                "vattenstånd i havet. Kommunen behöver visa att bostäderna placeras så att",
                "färdigt golv ligger över nivån +2,8 meter i höjdsystemet RH 2000.",
                "Dagvattenutredningen från januari 2024 behöver kompletteras med en beskrivning",
                "av hur ytvatten leds bort från kvarteren vid ett kraftigt skyfall.",
            ],
        ),
        ("text", ["I planbeskrivningen anges följande om höjdsättningen:"]),
        (
            "quote",
            [
                "Bostadshusen placeras så högt att de klarar ett högsta beräknat",
                "vattenstånd under byggnadernas livslängd. (sidan 14)",
            ],
        ),
        ("text", ["Länsstyrelsen saknar en planbestämmelse som säkerställer detta."]),
    ],
    [
        ("heading", ["3. Hälsa och säkerhet"]),
        (
            "text",
            [
                "Bullerutredningen visar att den ekvivalenta ljudnivån vid fasad mot väg 40 blir",
                "upp till 63 dBA för de planerade bostäderna närmast vägen. Det överskrider",
                "riktvärdet 60 dBA i förordningen (2015:216) om trafikbuller vid bostadsbyggnader.",
                "Länsstyrelsen anser att planbestämmelserna ska säkerställa att varje bostad får",
                "tillgång till en ljuddämpad sida.",
            ],
        ),
        ("heading", ["4. Upplysningar"]),
        (
            "text",
            [
                "Förorenad mark har påträffats i planområdets södra del. Åtgärder ska anmälas till",
                "tillsynsmyndigheten enligt 28 § förordningen (1998:899) om miljöfarlig",
                "verksamhet och hälsoskydd innan schaktning påbörjas.",
            ],
        ),
        (
            "text",
            [
                "I detta ärende har länsöverdirektör Karin Exempel beslutat. Planhandläggare",
                "Johan Prov har varit föredragande.",
            ],
        ),
    ],
]
STYLE = {"title": (14, True), "heading": (12, True), "text": (11, False), "quote": (11, False)}
QUOTE_INDENT_MM = 10.0
PARAGRAPH_SPACE_MM = 7.0


@dataclass(frozen=True)
class PlacedLine:
    text: str
    x: float  # mm from the left edge (the right end for right-aligned lines)
    y: float  # baseline, mm from the top
    size: float  # points
    bold: bool = False
    right: bool = False


def letter_layout() -> list[list[PlacedLine]]:
    """Each page's lines where they stand: the board's name, a right-aligned header ("YTTRANDE", the
    date, the diarienummer, "N (M)"), the body, and the board's address as a footer."""
    pages = []
    for number, blocks in enumerate(LETTER_PAGES, start=1):
        header = ["YTTRANDE", LETTER_DATE, LETTER_DIARIENUMMER, f"{number} ({len(LETTER_PAGES)})"]
        lines = [PlacedLine(LETTER_ISSUER, LEFT_MM, 15.0, 12, bold=True)]
        lines += [PlacedLine(text, RIGHT_MM, 22.0 + 5.0 * row, 10, right=True) for row, text in enumerate(header)]
        y = 50.0
        for kind, texts in blocks:
            size, bold = STYLE[kind]
            x = LEFT_MM + (QUOTE_INDENT_MM if kind == "quote" else 0.0)
            for text in texts:
                lines.append(PlacedLine(text, x, y, size, bold))
                y += size * MM_PER_PT * 1.45
            y += PARAGRAPH_SPACE_MM
        lines.append(PlacedLine(FOOTER, LEFT_MM, 285.0, 8))
        pages.append(lines)
    return pages


def page_text(lines: list[PlacedLine]) -> str:
    """What a perfect reading of the page says, in reading order."""
    return "\n".join(line.text for line in lines)


def draw_page(lines: list[PlacedLine], dpi: int, seed: int = 0) -> Image.Image:
    """The page as a scanner would give it: grey-scale, a little skewed, soft and grainy."""
    px = dpi / 25.4
    image = Image.new("L", (round(PAGE_MM[0] * px), round(PAGE_MM[1] * px)), 255)
    draw = ImageDraw.Draw(image)
    for line in lines:
        font = ImageFont.truetype(str(FONTS[line.bold]), round(line.size * dpi / 72))
        draw.text((line.x * px, line.y * px), line.text, font=font, fill=20, anchor="rs" if line.right else "ls")
    image = image.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.5))
    grain = np.random.default_rng(seed).normal(0, 10, (image.height, image.width))
    return Image.fromarray(np.clip(np.asarray(image, dtype=float) + grain, 0, 255).astype(np.uint8))


def noise_page(dpi: int, seed: int = 1) -> Image.Image:
    """An A6 page of speckle, like a dirty scanner glass (small: Tesseract is slow on noise)."""
    px = dpi / 25.4
    size = (round(148 * px), round(105 * px))
    return Image.fromarray((np.random.default_rng(seed).random(size) > 0.5).astype(np.uint8) * 255)


def photo_page(dpi: int, seed: int = 2) -> Image.Image:
    """A smooth picture with no text, like a photograph of a site."""
    px = dpi / 25.4
    height, width = round(PAGE_MM[1] * px), round(PAGE_MM[0] * px)
    y, x = np.mgrid[0:height, 0:width]
    grain = np.random.default_rng(seed).normal(0, 0.2, (height, width))
    values = (np.sin(x / 90) + np.cos(y / 130) + grain) * 60 + 128
    return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8))


def save_scan(path: Path, pages: list[tuple[Image.Image, int]]) -> Path:
    """An image-only PDF, one (image, dpi) a page, JPEG-compressed as scanners do."""
    document = FPDF(unit="mm")
    document.set_auto_page_break(False)
    document.set_image_filter("DCTDecode")
    for image, dpi in pages:
        width, height = image.width / dpi * 25.4, image.height / dpi * 25.4
        document.add_page(format=(width, height))
        document.image(image, x=0, y=0, w=width, h=height)
    document.output(str(path))
    return path


def build_scanned_letter(path: Path) -> Path:
    """The statement scanned: page 1 at 200 dpi, page 2 at 150 dpi turned a quarter turn (scanned
    sideways), and a third page of speckle."""
    first, second = letter_layout()
    return save_scan(
        path,
        [
            (draw_page(first, 200), 200),
            (draw_page(second, 150, seed=3).rotate(90, expand=True), 150),
            (noise_page(100), 100),
        ],
    )


def build_photo_pdf(path: Path) -> Path:
    return save_scan(path, [(photo_page(100), 100)])


def build_born_digital_letter(path: Path) -> Path:
    """The same statement as a PDF with a text layer: same font, sizes and positions."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    for style, font in (("", FONTS[False]), ("B", FONTS[True])):
        pdf.add_font("DejaVuSerif", style, str(font))
    for lines in letter_layout():
        pdf.add_page()
        for line in lines:
            pdf.set_font("DejaVuSerif", "B" if line.bold else "", line.size)
            x = line.x - pdf.get_string_width(line.text) if line.right else line.x
            pdf.text(x, line.y, line.text)
    pdf.output(str(path))
    return path
