"""tuning.py: every value carries its note, and similarity thresholds follow the model and backend."""

from __future__ import annotations

import ast
from pathlib import Path

from yttrande_qa import tuning
from yttrande_qa.answers.answer import calibrated_scores
from yttrande_qa.retrieval.search import search
from yttrande_qa.store.embeddings import SENTENCE_TRANSFORMERS
from yttrande_qa.store.index import Index


def test_every_tuned_value_says_what_it_was_chosen_on():
    source = Path(tuning.__file__).read_text(encoding="utf-8")
    lines = source.splitlines()
    assigned = [node for node in ast.parse(source).body if isinstance(node, ast.Assign)]
    assert len(assigned) >= 30
    calibration = {"CALIBRATED_MODEL", "CALIBRATED_BACKEND"}  # explained by the comment above them
    unexplained = [
        node.targets[0].id for node in assigned
        if node.targets[0].id not in calibration and "#" not in lines[node.lineno - 1]
    ]
    assert unexplained == []


def test_similarity_thresholds_apply_only_to_the_calibrated_model_and_backend(seed_index_copy):
    index = Index(seed_index_copy)
    search(index, "Vad föreslår förvaltningen om VA?")
    assert calibrated_scores(index)
    with index.store.transaction() as db:  # same model, full-precision build: other cosines
        index.store.set_meta(db, "backend", SENTENCE_TRANSFORMERS)
    assert not calibrated_scores(index)
