"""In headless chromium: median and p95 time from pressing "Fråga" to the answer on screen (the seed and the
dev questions), and from a click on a citation to the cited PDF page's image in the source panel (the
corpus's PDFs and their questions; pages rendered on the click, then again from the page cache).

    .venv/bin/python benchmarks/bench_web.py [--runs 3] [--clicks-only] [--pdf-index DIR]

--pdf-index keeps the index of the corpus PDFs in DIR (built there when empty) for the next run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from timing import summary

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers import ask_in_browser, running_chat  # noqa: E402

from yttrande_qa.ingest.indexer import index_files  # noqa: E402
from yttrande_qa.render import CACHE_FOLDER  # noqa: E402
from yttrande_qa.store.index import Index  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"
CORPUS = SHARED / "corpus"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
# The panel shows passage `chunk`: with its page image loaded, or (a passage not found on its page) as text.
SHOWN = ("chunk => { const panel = document.querySelector(`.source-panel[data-chunk='${chunk}']`);"
         " const image = panel && panel.querySelector('.page-frame img');"
         " return panel && (!image || (image.complete && image.naturalWidth > 0)) && (image ? 'image' : 'text'); }")


def questions(path: Path, keep=lambda q: True) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["q"] for row in rows if keep(row)]


def browser_page(playwright, url: str):
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.get_by_label("Din fråga").wait_for()
    return browser, page


def question_to_answer(playwright, runs: int) -> None:
    asked = questions(DEV_QUESTIONS)
    with tempfile.TemporaryDirectory() as folder:
        index = Index(folder)
        index_files(index, sorted((ROOT / "documents").glob("*.txt")))
        index.close()
        with running_chat(Path(folder)) as url:
            browser, page = browser_page(playwright, url)
            seconds = [ask_in_browser(page, q)[1] for _ in range(runs) for q in asked]
            browser.close()
    print(f"question → rendered answer in headless chromium, {len(asked)} dev questions × {runs}: "
          f"{summary([s * 1000 for s in seconds])}")


def citation_to_page(playwright, pdf_index: Path | None) -> None:
    pdfs = sorted((CORPUS / "docs").glob("*.pdf"))
    names = {pdf.name for pdf in pdfs}
    asked = questions(CORPUS / "questions.jsonl", lambda row: row.get("doc") in names)
    with tempfile.TemporaryDirectory() as temporary:
        folder = pdf_index or Path(temporary)
        index = Index(folder)
        if index.is_empty():
            started = time.perf_counter()
            index_files(index, pdfs)
            print(f"indexed {len(pdfs)} corpus PDFs in {time.perf_counter() - started:.0f} s")
        index.close()
        shutil.rmtree(folder / CACHE_FOLDER, ignore_errors=True)
        with running_chat(folder) as url:
            browser, page = browser_page(playwright, url)
            rendered = [s for q in asked for s in click_citations(page, q)]
            browser.close()
            browser, page = browser_page(playwright, url)  # a new browser: nothing in its own cache
            cached = [s for q in asked for s in click_citations(page, q)]
            browser.close()
    print(f"click on a citation → page image shown, {len(asked)} corpus questions on {len(pdfs)} PDFs, "
          f"every passage of each answer:")
    print(f"  pages rendered on the click: {summary([s * 1000 for s in rendered])}")
    print(f"  pages from the page cache:   {summary([s * 1000 for s in cached])}")


def click_citations(page, question: str) -> list[float]:
    """Seconds from a click on each of the answer's passage links (cited and folded) to its page image
    (passages shown as text, not found on their page, are left out)."""
    answer, _ = ask_in_browser(page, question)
    for fold in answer.locator("details.more-refs > summary").all():
        fold.click()
    seconds = []
    for link in answer.locator("li.ref a.cite").all():
        chunk = link.get_attribute("href").rsplit("/", 1)[1]
        if page.locator(f".source-panel[data-chunk='{chunk}']").count():
            continue  # already shown
        link.scroll_into_view_if_needed()
        start = time.perf_counter()
        link.click()
        shown = page.wait_for_function(SHOWN, arg=chunk, timeout=30_000).json_value()
        if shown == "image":
            seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="times each dev question is asked")
    parser.add_argument("--clicks-only", action="store_true", help="only time citation → page image")
    parser.add_argument("--pdf-index", type=Path, help="keep the corpus PDFs' index here")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        if not options.clicks_only:
            question_to_answer(playwright, options.runs)
        citation_to_page(playwright, options.pdf_index)


if __name__ == "__main__":
    main()
