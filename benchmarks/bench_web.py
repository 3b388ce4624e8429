"""Median and p95 time from pressing "Fråga" to the answer on screen, in headless chromium, on the seed.

    .venv/bin/python benchmarks/bench_web.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from timing import summary

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_fixtures import ask_in_browser, running_chat  # noqa: E402

from yttrande_qa.ingest.indexer import index_files  # noqa: E402
from yttrande_qa.store.index import Index  # noqa: E402

DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="times each question is asked")
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    questions = [json.loads(line)["q"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as folder:
        index = Index(folder)
        index_files(index, sorted((ROOT / "documents").glob("*.txt")))
        index.close()
        with running_chat(Path(folder)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(url)
            seconds = [ask_in_browser(page, q)[1] for _ in range(runs) for q in questions]
            browser.close()
    print(f"question → rendered answer in headless chromium, {len(questions)} dev questions × {runs}: "
          f"{summary([s * 1000 for s in seconds])}")


if __name__ == "__main__":
    main()
