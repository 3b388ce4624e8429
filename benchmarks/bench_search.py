"""Retrieval quality and warm `search` latency, on the seed statement and on ~10,000 synthetic chunks.

    python benchmarks/bench_search.py [--chunks 10000] [--runs 3]

Quality: recall@1/5, MRR@10 and speaker@1 by language on the dev questions and the project's own
questions, for dense retrieval alone, lexical alone, plain reciprocal-rank fusion, and the fusion
`search` uses. Speed: median and p95 of warm `search` calls (query embedding included). The synthetic
corpus reuses the seed's sentences in random order with random unit vectors, so lexical and dense
search do real work at that size without embedding 10,000 passages.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from timing import forget_questions, p95

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yttrande_qa.evaluate import gold_rank, load_questions  # noqa: E402
from yttrande_qa.ingest.chunking import chunk_sentences  # noqa: E402
from yttrande_qa.ingest.indexer import index_files  # noqa: E402
from yttrande_qa.models import Chunk, Document, Filters  # noqa: E402
from yttrande_qa.retrieval import search as search_module  # noqa: E402
from yttrande_qa.retrieval.query import analyse  # noqa: E402
from yttrande_qa.store.index import Index  # noqa: E402
from yttrande_qa.text import split_sentences  # noqa: E402

SEED = ROOT / "documents" / "yttrande-beredningen-samverkan-regional-utveckling-2024-02-29.txt"
QUESTION_FILES = {
    "dev": ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",
    "own": ROOT / "tests" / "data" / "seed_questions.jsonl",
}
RRF_K = 60


def rankings(index: Index, question: str) -> dict[str, list[int]]:
    """Chunk ids best first, by each method."""
    info = analyse(question)
    dense = search_module._dense(index, index.query_vector(question), Filters())
    matched = search_module._lexical(index.store.db, info, None)
    rows = index.store.chunk_rows(set(dense) | set(matched))

    def ranked(scores: dict[int, float]) -> list[int]:
        return sorted(scores, key=lambda i: (-scores[i], i))[:10]

    dense_rank = {i: n for n, i in enumerate(ranked(dense) + sorted(set(matched) - set(dense)), 1)}
    lexical_rank = {i: n for n, i in enumerate(sorted(matched, key=lambda i: (-matched[i], -dense.get(i, 0))), 1)}
    rrf = {i: 1 / (RRF_K + dense_rank.get(i, 1000)) + 1 / (RRF_K + lexical_rank.get(i, 1000)) for i in rows}
    return {
        "dense": ranked(dense),
        "lexical": ranked({i: matched[i] + 1e-6 * dense.get(i, 0) for i in matched}),
        "plain RRF": ranked(rrf),
        "search (fused)": [p.chunk_id for p in search_module.search(index, question, k=10)],
        "_rows": rows,
    }


def quality(index: Index) -> None:
    print("\n## Quality (answerable questions)\n")
    print("| questions | method | lang | n | recall@1 | recall@5 | MRR@10 | speaker@1 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, path in QUESTION_FILES.items():
        questions = [q for q in load_questions(path) if q.get("answerable", True)]
        results: dict[tuple[str, str], list[tuple[int | None, bool]]] = {}
        for q in questions:
            ranks = rankings(index, q["q"])
            rows = ranks.pop("_rows")
            rows.update(index.store.chunk_rows(i for r in ranks.values() for i in r if i not in rows))
            for method, ids in ranks.items():
                passages = [search_module.passage_from_row(rows[i], 0.0) for i in ids]
                hit = (gold_rank(passages, q["gold"]), bool(passages) and passages[0].speaker == q["speaker"])
                for lang in ("all", q["lang"]):
                    results.setdefault((method, lang), []).append(hit)
        for (method, lang), hits in results.items():
            n = len(hits)
            r1 = sum(1 for r, _ in hits if r == 1) / n
            r5 = sum(1 for r, _ in hits if r and r <= 5) / n
            mrr = sum(1 / r for r, _ in hits if r) / n
            speaker = sum(s for _, s in hits) / n
            print(f"| {name} | {method} | {lang} | {n} | {r1:.3f} | {r5:.3f} | {mrr:.3f} | {speaker:.3f} |")


def latency(index: Index, questions: list[str], runs: int) -> str:
    """Table cells: median and p95 of warm `search`, and of the query embedding alone."""
    search_module.search(index, questions[0])  # warm: model, FAISS file, SQLite pages
    searches, embeddings = [], []
    for _ in range(runs):
        for question in questions:
            forget_questions(index)  # time the embedding too, as for a new question
            searches.append(_timed(lambda: search_module.search(index, question, k=5)))
            embeddings.append(_timed(lambda: index.embedder.embed_queries([question])))
    return " | ".join(f"{statistics.median(t):.1f} | {p95(t):.1f}" for t in (searches, embeddings))


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def add_synthetic(index: Index, chunks: int, seed: int = 7) -> None:
    """One synthetic document of `chunks` chunks made of the seed's sentences, with random vectors for
    the chunks and for each of their sentences."""
    rng = random.Random(seed)
    texts = index.store.db.execute("SELECT text FROM chunks").fetchall()
    sentences = [s for (text,) in texts for s in split_sentences(text)]
    dim = int(index.manifest()["dim"])
    synthetic = [
        Chunk(" ".join(rng.sample(sentences, 5)), n // 3 + 1, "Syntetisk › Avsnitt", rng.choice(["author", "quoted"]))
        for n in range(chunks)
    ]
    sentence_texts = [(n, text) for n, chunk in enumerate(synthetic) for text in chunk_sentences(chunk.text)]
    vectors = _random_unit_vectors(np.random.default_rng(seed), chunks + len(sentence_texts), dim)
    sentence_rows = [(n, text, v) for (n, text), v in zip(sentence_texts, vectors[chunks:])]
    doc = Document("syntetisk", "Syntetiskt yttrande", "statement", "2024-01-01", "/syntetisk", "0")
    with index.store.transaction() as db:
        index.store.put_document(db, doc, synthetic, vectors[:chunks], sentence_rows)
    index.refresh()


def _random_unit_vectors(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    questions = [q["q"] for path in QUESTION_FILES.values() for q in load_questions(path)]
    with tempfile.TemporaryDirectory() as folder:
        index = Index(Path(folder) / "seed")
        index_files(index, [SEED])
        quality(index)
        print("\n## Warm search latency (ms, query embedding included)\n")
        print("| corpus | chunks | search median | search p95 | embedding median | embedding p95 |")
        print("| --- | --- | --- | --- | --- | --- |")
        print(f"| seed | {index.store.chunk_count()} | {latency(index, questions, args.runs)} |")
        index.close()
        big_folder = Path(folder) / "synthetic"
        shutil.copytree(Path(folder) / "seed", big_folder)
        big = Index(big_folder)
        start = time.perf_counter()
        add_synthetic(big, args.chunks)
        build = time.perf_counter() - start
        print(f"| seed + synthetic | {big.store.chunk_count()} | {latency(big, questions, args.runs)} |")
        print(f"\n(storing {args.chunks} synthetic chunks with their lexical terms: {build:.1f} s)")
        big.close()


if __name__ == "__main__":
    main()
