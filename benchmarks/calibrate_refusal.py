"""Fit the refusal score (answers/refusal.py) and show how it separates answerable from unanswerable
questions on documents it was not fitted on.

    python benchmarks/calibrate_refusal.py --set corpus INDEX_DIR QUESTIONS.jsonl [QUESTIONS.jsonl …] \
        --set seed INDEX_DIR QUESTIONS.jsonl …  [--c 0.1] [--threshold 0.5]

Each --set names a group of questions about one index (questions that appear twice are counted once).
For every question it measures what answer() measures to decide (refusal.assess, the same code), then:

1. cross-validation: logistic regression on standardised features, balanced classes, repeated
   stratified 5-fold (strata: set × answerable); each question's score comes from a model that did not
   see it; the confusion matrix per set and language at the threshold, and the trade-off curve;
2. a split: fitted on the "tune" half of the first set (bench_corpus.py's halves, by a hash of the
   question's id) plus every other set, reported on its "held-out" half, questions it never saw;
3. the weights fitted on everything, in the features' own scale, to copy into tuning.py.

scikit-learn comes with sentence-transformers; the product itself only evaluates the fitted formula.
"""

from __future__ import annotations

import argparse
import json
import os
import zlib
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

FEATURES = ("closeness", "coverage (Swedish question)", "missing names", "fact found", "fact missing", "English")
FOLDS, REPEATS = 5, 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", nargs="+", action="append", required=True, metavar="NAME INDEX_DIR QUESTIONS")
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--threshold", type=float, default=None, help="default: tuning.REFUSAL_THRESHOLD")
    parser.add_argument("--show", action="store_true", help="every question with its features and score")
    args = parser.parse_args()
    from yttrande_qa import tuning

    threshold = tuning.REFUSAL_THRESHOLD if args.threshold is None else args.threshold
    rows = [row for name, folder, *files in args.set for row in measure(name, Path(folder), [Path(f) for f in files])]
    X = np.array([r["features"] for r in rows])
    y = np.array([r["answerable"] for r in rows], dtype=int)
    strata = np.array([f"{r['set']}-{r['answerable']}" for r in rows])

    print(f"{len(rows)} questions; features: {', '.join(FEATURES)}; C={args.c}")
    scores = cross_validated(X, y, strata, args.c)
    print(f"\n== cross-validated ({REPEATS}× {FOLDS}-fold), threshold {threshold}")
    matrices(rows, scores, threshold)
    if args.show:
        for r, score in sorted(zip(rows, scores), key=lambda pair: (pair[0]["set"], pair[0]["answerable"], pair[1])):
            values = " ".join(f"{x:.2f}" for x in r["features"])
            print(f"  {score:.2f} {r['set']} {'answerable  ' if r['answerable'] else 'unanswerable'} {values}  {r['question']}")
    print("\n== trade-off (cross-validated): refused answerable / refused unanswerable")
    for t in (0.35, 0.4, 0.45, 0.5, 0.505, 0.525, 0.545, 0.555, 0.56, 0.575, 0.6, 0.7):
        print(f"  threshold {t:.3f}: " + "  ".join(
            f"{name} {refused(rows, scores, t, name, True)} / {refused(rows, scores, t, name, False)}"
            for name in dict.fromkeys(r["set"] for r in rows)
        ))

    first = rows[0]["set"]
    held_out = np.array([r["set"] == first and zlib.crc32(r["id"].encode()) % 2 == 1 for r in rows])
    model = fit(X[~held_out], y[~held_out], args.c)
    split = np.where(held_out, model.predict_proba(X)[:, 1], np.nan)
    print(f"\n== split: fitted on the tune half of {first} and the rest, shown on its held-out half")
    matrices([r for r, h in zip(rows, held_out) if h], split[held_out], threshold)

    model = fit(X, y, args.c)
    weights, intercept = original_scale(model)
    print("\n== fitted on everything (tuning.py)")
    print(f"REFUSAL_WEIGHTS = ({', '.join(f'{w:.2f}' for w in weights)})")
    print(f"REFUSAL_INTERCEPT = {intercept:.2f}")
    matrices(rows, model.predict_proba(X)[:, 1], threshold)


def measure(name: str, folder: Path, files: list[Path]) -> list[dict]:
    from yttrande_qa.answers.refusal import assess
    from yttrande_qa.retrieval.query import detect_language
    from yttrande_qa.retrieval.search import search
    from yttrande_qa.store.index import Index

    index = Index(folder)
    questions = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                questions.setdefault(q["q"], q)
    rows = []
    for q in questions.values():
        lang = detect_language(q["q"])
        passages = search(index, q["q"])
        evidence = assess(index, q["q"], lang, passages, calibrated=True).evidence
        rows.append({"set": name, "id": q.get("id", q["q"]), "question": q["q"], "lang": lang,
                     "answerable": q.get("answerable", True), "features": evidence.features()})
    index.close()
    return rows


def fit(X: np.ndarray, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight="balanced", max_iter=5000)).fit(X, y)


def cross_validated(X: np.ndarray, y: np.ndarray, strata: np.ndarray, c: float) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    total = np.zeros(len(y))
    for repeat in range(REPEATS):
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=repeat).split(X, strata):
            total[test] += fit(X[train], y[train], c).predict_proba(X[test])[:, 1]
    return total / REPEATS


def original_scale(model) -> tuple[np.ndarray, float]:
    scaler, regression = model[0], model[-1]
    weights = regression.coef_[0] / scaler.scale_
    return weights, float(regression.intercept_[0] - (weights * scaler.mean_).sum())


def refused(rows: list[dict], scores: np.ndarray, threshold: float, name: str, answerable: bool) -> str:
    chosen = [s for r, s in zip(rows, scores) if r["set"] == name and r["answerable"] == answerable]
    return f"{sum(s < threshold for s in chosen)}/{len(chosen)}"


def matrices(rows: list[dict], scores: np.ndarray, threshold: float) -> None:
    for name in dict.fromkeys(r["set"] for r in rows):
        for lang in ("sv", "en", None):
            chosen = [(r, s) for r, s in zip(rows, scores) if r["set"] == name and lang in (None, r["lang"])]
            cells = {(a, x): sum(1 for r, s in chosen if r["answerable"] == a and (s < threshold) == x)
                     for a in (True, False) for x in (True, False)}
            print(f"  {name:8} {lang or 'all':3}  answerable: {cells[True, False]} answered, {cells[True, True]} refused"
                  f"   unanswerable: {cells[False, True]} refused, {cells[False, False]} answered")


if __name__ == "__main__":
    main()
