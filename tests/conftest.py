"""Shared fixtures: the seed statement indexed once per session with the bundled model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from yttrande_qa.config import set_process_defaults  # noqa: E402

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no test may wait on the network
set_process_defaults()  # as the command does (passive OpenMP waiting)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "documents" / "yttrande-beredningen-samverkan-regional-utveckling-2024-02-29.txt"
SEED_ID = "yttrande-beredningen-samverkan-regional-utveckling-2024-02-29"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"
QUOTES = SHARED / "eval" / "quotes.jsonl"


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """An index folder holding the seed statement (read-only: copy it with `seed_index_copy`)."""
    from yttrande_qa.ingest.indexer import index_files
    from yttrande_qa.store.index import Index

    folder = tmp_path_factory.mktemp("seed-index")
    index = Index(folder)
    outcomes = index_files(index, [SEED])
    assert [o.status for o in outcomes] == ["added"], outcomes
    index.close()
    return folder


@pytest.fixture
def seed_index_copy(seed_index_dir, tmp_path) -> Path:
    """A private copy of the seed index that a test may change."""
    folder = tmp_path / "index"
    shutil.copytree(seed_index_dir, folder)
    return folder


@pytest.fixture
def seed_index(seed_index_dir):
    from yttrande_qa.store.index import Index

    index = Index(seed_index_dir)
    yield index
    index.close()
