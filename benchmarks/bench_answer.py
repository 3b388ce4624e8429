"""Answer quality and the time that composing adds, on the seed with the bundled model.

    python benchmarks/bench_answer.py [--index-dir DIR] [--runs 3] [--show]

For each question of the dev set and tests/data/refusal_questions.jsonl: whether it was refused (the
confusion matrix against `answerable`), whether the answer cites only passages that hold gold evidence,
and whether the sentences shown hold it. Then the median and p95 time of the refusal check plus the
composer over warm questions (the part `answer()` adds to `search()`).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from common import documents_index
from timing import summary

ROOT = Path(__file__).resolve().parents[1]
QUESTION_FILES = [ROOT.parent / "shared" / "eval" / "dev_questions.jsonl", ROOT / "tests" / "data" / "refusal_questions.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path, help="an index of documents/ (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--show", action="store_true", help="print every answer")
    args = parser.parse_args()
    with documents_index(args.index_dir, [ROOT / "documents"], "yqa-bench-answer-") as index:
        every = []
        for path in QUESTION_FILES:
            questions = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            print(f"== {path.name}")
            quality(index, questions, args.show)
            every += questions
        latency(index, [q["q"] for q in every], args.runs)


def quality(index, questions: list[dict], show: bool) -> None:
    from yttrande_qa.answers.answer import answer
    from yttrande_qa.text import compact

    matrix = {(a, r): 0 for a in (True, False) for r in (True, False)}
    cited_ok = shown_ok = answered = 0
    for q in questions:
        result = answer(index, q["q"])
        answerable = q.get("answerable", True)
        matrix[(answerable, result.refused)] += 1
        if show:
            print(f"--- {q['id']} ({'answerable' if answerable else 'unanswerable'})\n{result.text}\n")
        if not answerable or result.refused:
            continue
        answered += 1
        gold = [compact(g) for g in q["gold"]]
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", result.text)}
        if cited and all(any(g in compact(result.passages[n - 1].text) for g in gold) for n in cited):
            cited_ok += 1
        if any(g in compact(result.text) for g in gold):
            shown_ok += 1
        elif show:
            print(f"    (gold not shown: {q['id']})")
    print(f"questions: {len(questions)} ({sum(q.get('answerable', True) for q in questions)} answerable)")
    print("refusal confusion matrix (rows: truth, columns: system)")
    print("                 answered  refused")
    for truth in (True, False):
        print(f"  {'answerable  ' if truth else 'unanswerable'}   {matrix[(truth, False)]:8}  {matrix[(truth, True)]:7}")
    print(f"answered answerable questions: {answered}")
    print(f"  citing only passages that hold gold evidence: {cited_ok}")
    print(f"  showing the gold evidence in the answer text: {shown_ok}")


def latency(index, questions: list[str], runs: int) -> None:
    from yttrande_qa.answers.compose import arrange
    from yttrande_qa.answers.refusal import assess
    from yttrande_qa.retrieval.query import detect_language
    from yttrande_qa.retrieval.search import search

    times = []
    for _ in range(runs):
        for q in questions:
            lang, passages = detect_language(q), search(index, q)  # search embeds the question; assess reuses it
            started = time.perf_counter()
            assessment = assess(index, q, lang, passages, calibrated=True)
            if assessment.answered:
                arrange(assessment.chosen, lang)
            times.append((time.perf_counter() - started) * 1000)
    print(f"refusal check + compose: {summary(times)} answers (target ≤ 50 ms)")


if __name__ == "__main__":
    main()
