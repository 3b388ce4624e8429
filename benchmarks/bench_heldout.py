"""Quality on a blind held-out set: 30 regeringen.se pages nobody here tuned on, with questions written
before the system ran on them, among 30 distractor pages.

    python benchmarks/bench_heldout.py [--archive ../shared/corpus/scale/g0vse-sample.tar.zst]
                                       [--index-dir DIR [--reuse]] [--no-baselines] [--json [FILE]]

Origin: the pages are files of `../shared/corpus/scale/g0vse-sample.tar.zst`, the markdown copies of
regeringen.se in public GitHub repository `civictechsweden/g0vse`, branch `data`, commit
b9e34cec61a3e35d81bde27a417a269945487a37 (2026-01-29), taken as they are.

How drawn: `benchmarks/draw_heldout.py` (seed 20261130) draws 30 pages to ask about and 30 distractors,
stratified over nine folders (propositions, SOU, Ds/PM, lagrådsremisser, kommittédirektiv, skrivelser,
remisser, rapporter, regeringsuppdrag), skipping pages under 1,500 bytes and the 58 documents of
`../shared/corpus`; the drawn paths are in `benchmarks/data/heldout_documents.txt`.

The questions (`benchmarks/data/heldout_questions.jsonl`: 56 answerable, half Swedish, half English;
12 unanswerable, near misses on these pages' topics and a few topics no page covers) were written by
reading the 30 pages before yttrande-qa or any baseline ran on them, and committed before this
script existed. Nothing in the product was tuned on them: keep it so, or the set loses its value.

This script extracts exactly the 60 listed pages into a temporary folder, checks that every gold string
is in its page, indexes the pages and prints the figures `bench_corpus.py` prints (its `run_set`):
recall@1/5/10 and MRR@10 per language, evidence in the answer text, refusals, latency, and the plain
dense and BM25 baselines on the same pages.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_corpus import ROOT, QuestionSet, add_run_options, output, run_set

from yttrande_qa.evaluate import holds_gold, load_questions

DATA = Path(__file__).resolve().parent / "data"
DOCUMENTS = DATA / "heldout_documents.txt"
QUESTIONS = DATA / "heldout_questions.jsonl"


def listed_pages(listing: Path = DOCUMENTS) -> list[str]:
    """The paths inside the archive, asked-about and distractors ("asked PATH", "distractor PATH")."""
    lines = listing.read_text(encoding="utf-8").splitlines()
    return [line.split(maxsplit=1)[1] for line in lines if line and not line.startswith("#")]


def extract(archive: Path, pages: list[str], folder: Path) -> None:
    """Exactly `pages` of the zstd tar `archive`, with their folders, into `folder`."""
    subprocess.run(["tar", "--zstd", "-xf", str(archive), "-C", str(folder), *pages], check=True)


def missing_gold(questions: list[dict], folder: Path) -> list[str]:
    """Answerable questions whose gold is not in their page (`doc`, a path inside the archive)."""
    return [
        q["id"] for q in questions
        if q.get("answerable", True) and not holds_gold((folder / q["doc"]).read_text(encoding="utf-8"), q["gold"])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "scale" / "g0vse-sample.tar.zst")
    add_run_options(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yqa-bench-heldout-") as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        extract(args.archive, listed_pages(), pages)
        missing = missing_gold(load_questions(QUESTIONS), pages)
        if missing:
            sys.exit(f"gold evidence not in its page: {', '.join(missing)}")
        qset = QuestionSet("held-out", pages, QUESTIONS)
        folder = args.index_dir or Path(tmp) / "index"
        figures = {qset.name: run_set(qset, folder, args.reuse, not args.no_baselines, not args.retrieval_only)}
    output(figures, args.json)


if __name__ == "__main__":
    main()
