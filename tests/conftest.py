"""Shared fixtures: the seed statement indexed once per session with the bundled model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from yttrande_qa.config import set_process_defaults

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no test may wait on the network
set_process_defaults()  # as the command does (passive OpenMP waiting), before helpers load the libraries

from helpers import SEED  # noqa: E402


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
