"""What the tests share: the data they read, real PDFs built with fpdf2, the `yttrande-qa` command in a
subprocess, a scripted OpenAI-compatible server, and the web chat on a free localhost port.

Every file a test reads is in the repository (tests/data/README.md says where each comes from)."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
from fpdf import FPDF

from yttrande_qa.answers.compose import is_complete
from yttrande_qa.answers.llm import LLMConfig
from yttrande_qa.text import split_sentences

# --- data ---

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = ROOT / "documents" / "yttrande-beredningen-samverkan-regional-utveckling-2024-02-29.txt"
SEED_ID = "yttrande-beredningen-samverkan-regional-utveckling-2024-02-29"
DEV_QUESTIONS = DATA / "dev_questions.jsonl"
OWN_QUESTIONS = DATA / "seed_questions.jsonl"
REFUSAL_QUESTIONS = DATA / "refusal_questions.jsonl"
QUOTES = DATA / "quotes.jsonl"
REPORT = DATA / "rekonstruerad-rapport-beredningen-testfixtur.txt"


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- the command line ---

CLI = str(Path(sys.executable).with_name("yttrande-qa"))


def run(*args: str, index_dir: Path | None = None, stdin: str | None = None, cwd: Path | None = None):
    """`yttrande-qa [--index-dir DIR] ARGS` in its own process, in the tests' environment."""
    prefix = ["--index-dir", str(index_dir)] if index_dir else []
    return subprocess.run([CLI, *prefix, *args], input=stdin, capture_output=True, text=True, cwd=cwd,
                          timeout=300)


# --- small statements, one topic each (indexing, rebuilds, kills) ---

STATEMENT_TOPICS = ["bussar", "cykelvägar", "bredband", "vårdcentraler", "bibliotek", "snöskoterleder"]


def small_statements(folder: Path, count: int = len(STATEMENT_TOPICS)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for topic in STATEMENT_TOPICS[:count]:
        path = folder / f"yttrande-{topic}.txt"
        path.write_text(f"Yttrande om {topic}\n\nRegionen anser att fler {topic} behövs i inlandet. "
                        f"Kommunerna ska samverka om {topic} med regionen.\n", encoding="utf-8")
        paths.append(path)
    return paths


# --- real PDF files, built with fpdf2 ---
# Core fonts with the Windows-1252 encoding cover å, ä, ö and the en dash, with no font file needed.

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


def build_report_excerpt_pages_11_12(path: Path) -> Path:
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

# --- a report with front matter before its page 1 (page numbers, labels and places in the file) ---

REPEATED = ("Regionen anser att bostadsbyggandet i de mindre kommunerna behöver stöd från staten, eftersom "
            "marknaden inte bär nyproduktion där och unga vuxna därför flyttar från inlandet till kusten.")
FRONT_MATTER_PAGES = [("Rapport om bostäder i inlandet", []),
                      ("Sammanfattning", ["uppdraget", REPEATED, "förslagen"]),
                      ("1 Inledning", ["samråden", "metoden"]),
                      ("2 Bostäder", ["hyresmarknaden", REPEATED, "detaljplanerna"])]


def filler(topic: str) -> str:
    """A paragraph of five lines or more about `topic`, unlike any other page's: the repeated paragraph
    stands between two of them, not among the lines a page's header or footer may hold."""
    return " ".join(f"Det {ordinal} stycket om {topic} beskriver hur arbetet med {topic} har bedrivits i länet."
                    for ordinal in ("första", "andra", "tredje", "fjärde", "femte", "sjätte"))


def build_report_with_front_matter(path: Path, numbering: str) -> Path:
    """A report whose summary repeats a paragraph of its chapter 2, before its numbered pages (a cover, the
    summary, chapter 1, chapter 2). `numbering`: "labels", roman-numbered front matter in the PDF's page
    labels (i, ii, then 1, 2); "bare", the same printed at the bottom of the pages, the cover bare ("ii",
    "1", "2"); "header", "1 (3)" at the bottom of each page after the cover (the summary on 1, chapter 2
    on 3)."""
    pdf = _PDF()
    pdf.set_auto_page_break(False)
    printed = {"bare": [None, "ii", "1", "2"], "header": [None, "1 (3)", "2 (3)", "3 (3)"]}.get(numbering)
    for number, (heading, paragraphs) in enumerate(FRONT_MATTER_PAGES):
        roman = number < 2
        if numbering == "labels":
            pdf.add_page(label_style="r" if roman else "D", label_start=number + 1 if roman else number - 1)
        else:
            pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for paragraph in paragraphs:
            pdf.ln(4)
            pdf.multi_cell(0, 6, paragraph if paragraph == REPEATED else filler(paragraph), new_x="LMARGIN",
                           new_y="NEXT")
        if printed and printed[number]:
            pdf.set_xy(100, 280)
            pdf.cell(20, 6, printed[number])
    pdf.output(str(path))
    return path


# --- a Word document with a part that inflates (zip bombs) ---


def docx_with_inflated_part(path: Path, entry: str, size: int) -> Path:
    """A real Word document whose part `entry` is followed by `size` bytes of a repeated XML comment: a zip
    bomb when `size` is large (it compresses about 1000 : 1)."""
    source = path.with_suffix(".src.docx")
    document = docx.Document()
    document.add_paragraph("Yttrande över rapport om kollektivtrafik")
    document.save(source)
    block = b"<!-- " + b"a" * 65_000 + b" -->"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            if info.filename != entry:
                bomb.writestr(info, original.read(info))
                continue
            with bomb.open(entry, "w", force_zip64=True) as out:
                out.write(original.read(info))
                for _ in range(-(-size // len(block))):
                    out.write(block)
    return path


# --- a scripted OpenAI-compatible server on localhost ---

PASSAGE = re.compile(r'<passage id="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)
Script = Callable[[dict[int, str]], str]  # the passages the model was sent → its reply


class ScriptedModel:
    """A chat-completions endpoint whose reply is computed from the passages in the request."""

    def __init__(self) -> None:
        self.script: Script = lambda passages: ""
        self.status = 200
        self.delay = 0.0
        self.stream = True
        self.preamble: list[dict] = []  # events sent before the reply's own
        self.error_body: dict | None = None  # a 200 reply that is not a completion
        self.piece = 7  # characters an event carries, like a token or two
        self.drip = 0.0  # seconds between events: a slow (or hostile) server
        self.requests: list[dict] = []
        self.closed: list[float] = []  # when each streamed reply ended, sent whole or dropped by the client
        model = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                model.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                time.sleep(model.delay)
                if model.status != 200:
                    self.send_error(model.status)
                    return
                if model.error_body is not None:
                    self._send_json(model.error_body)
                    return
                passages = {int(n): text for n, text in PASSAGE.findall(body["messages"][-1]["content"])}
                reply = model.script(passages)
                if model.stream and body.get("stream"):
                    self._send_events(reply)
                else:
                    self._send_json({"choices": [{"message": {"role": "assistant", "content": reply}}]})

            def _send_events(self, reply: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = ({"choices": [{"delta": {"content": reply[i : i + model.piece]}}]}
                          for i in range(0, len(reply), model.piece))
                try:
                    for event in itertools.chain(model.preamble, pieces):
                        self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                        self.wfile.flush()
                        time.sleep(model.drip)
                    self.wfile.write(b"data: [DONE]\n\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading
                finally:
                    model.closed.append(time.monotonic())

            def _send_json(self, data: dict) -> None:
                payload = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def config(self, timeout: float = 10.0) -> LLMConfig:
        return LLMConfig(url=self.url, model="scripted", api_key="test-key", timeout=timeout)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def first_sentence(text: str) -> str:
    return next(s for s in split_sentences(text) if is_complete(s))


def supported(passages: dict[int, str]) -> str:
    """What a faithful model writes: a sentence of passage 1, cited."""
    return first_sentence(passages[1]).rstrip(".") + " [1]."



# --- the web chat ---

# A statement with printed page numbers ("1 (2)"), a quotation of the report and the region's own text.
MOUNTAIN_STATEMENT = """\
 Regionala utvecklingsnämndens yttrande över rapport om fjällturism och skoterleder

 1 (2)

 Yttrande
 2025-03-10

1. Skoterleder och besöksnäring

Rapporten beskriver att kommunerna i fjällen behöver fler skoterleder för att
besöksnäringen ska kunna växa under vintern och att lederna saknar gemensam skyltning. (sidan 4)

Regionala utvecklingsförvaltningen föreslår att skoterlederna i fjällkommunerna samordnas
i en gemensam ledplan för hela länet. Förvaltningen anser att ledplanen ska tas fram
tillsammans med samebyarna och markägarna.

 2 (2)

 Yttrande
 2025-03-10

2. Kollektivtrafik till fjällen

Förvaltningen föreslår att busstrafiken till fjälldestinationerna förstärks under
vintersäsongen, med fler avgångar från Umeå och Skellefteå under helgerna.
"""

# Text that would run as script if it were ever inserted into the page as HTML.
SCRIPT_LITERAL = "<script>window.__xss = 1</script>"
IMG_LITERAL = '<img src=x onerror="window.__xss = 2">'
XSS_STATEMENT = f"""\
 Yttrande över granskning av kommunens webbtjänster

 Yttrande
 2025-04-02

Granskning av webbtjänsten

Förvaltningen föreslår att granskningen av webbtjänsten fortsätter. Testtexten
{SCRIPT_LITERAL} och bilden {IMG_LITERAL} ska visas som vanlig text i webbtjänsten.
"""


def write_documents(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "mountain": folder / "yttrande-fjallturism-2025-03-10.txt",
        "xss": folder / "yttrande-webbgranskning-2025-04-02.txt",
    }
    files["mountain"].write_text(MOUNTAIN_STATEMENT, encoding="utf-8")
    files["xss"].write_text(XSS_STATEMENT, encoding="utf-8")
    return files


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_chat(index_dir: Path) -> Iterator[str]:
    """The chat over `index_dir` on http://127.0.0.1:<free port>/, closed afterwards."""
    from yttrande_qa.store.index import Index
    from yttrande_qa.web import serve

    index = Index(index_dir)
    demo = serve(index, "127.0.0.1", free_port(), block=False)
    try:
        yield demo.local_url
    finally:
        demo.close()
        index.close()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def require(condition: bool, reason: str) -> None:
    """Skip on a developer machine without the tool; in CI (.ci/run installs it) fail instead."""
    import pytest

    if not condition:
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)(reason)


@contextmanager
def chromium():
    """Debian's chromium, headless, driven by Playwright (the `browser` fixture of conftest.py)."""
    require(shutil.which("chromium") is not None, "chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def ask_in_browser(page, question: str, timeout_ms: int = 60_000):
    """Ask as a user does; returns the new answer once it is on the screen, and the seconds it took."""
    answers = page.locator(".answer")
    before = answers.count()
    page.get_by_label("Din fråga").fill(question)
    start = time.perf_counter()
    page.get_by_role("button", name="Fråga", exact=True).click()
    answers.nth(before).locator("p").first.wait_for(timeout=timeout_ms)
    return answers.nth(before), time.perf_counter() - start
