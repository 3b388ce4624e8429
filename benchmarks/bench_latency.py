"""Cold `yttrande-qa ask` wall time and warm `search` latency on the seed, with the bundled model.

    python benchmarks/bench_latency.py [--runs 5]

Prints medians of several runs (the machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import forget_questions, summary

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
CLI = str(Path(sys.executable).with_name("yttrande-qa"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="yqa-bench-"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    try:
        started = time.perf_counter()
        subprocess.run([CLI, "--index-dir", str(folder), "index", str(ROOT / "documents")], check=True,
                       env=env, capture_output=True)
        print(f"index seed (cold process, bundled model): {time.perf_counter() - started:.1f} s")
        cold = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([CLI, "--index-dir", str(folder), "ask", "Vad föreslår förvaltningen om VA?"],
                           check=True, env=env, capture_output=True)
            cold.append(time.perf_counter() - started)
        print(f"cold ask: median {statistics.median(cold):.2f} s over {args.runs} runs (target ≤ 2 s)")
        warm_search(folder)
    finally:
        shutil.rmtree(folder)


def warm_search(folder: Path) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from yttrande_qa.answers.answer import answer
    from yttrande_qa.retrieval.search import search
    from yttrande_qa.store.index import Index

    index = Index(folder)
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text().splitlines() if line.strip()]
    search(index, questions[0])  # load model and vectors
    for name, call in (("search", lambda q: search(index, q)), ("answer", lambda q: answer(index, q))):
        times = []
        for _ in range(3):
            for q in questions:
                forget_questions(index)  # every timed call embeds its question, as a new one would
                started = time.perf_counter()
                call(q)
                times.append((time.perf_counter() - started) * 1000)
        print(f"warm {name}: {summary(times)} queries (target ≤ 50 ms)")


if __name__ == "__main__":
    main()
