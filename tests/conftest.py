"""Fixtures: an environment no developer setting leaks into, and the seed statement indexed once per session
with the bundled model (alone, and beside a report)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from yttrande_qa.config import (
    HUB_OFFLINE_ENV,
    LLM_API_KEY_ENV,
    LLM_MODEL_ENV,
    LLM_TIMEOUT_ENV,
    LLM_URL_ENV,
    set_process_defaults,
)

OWN_PREFIX = "YTTRANDE_QA_"
LLM_ENV = (LLM_URL_ENV, LLM_MODEL_ENV, LLM_API_KEY_ENV, LLM_TIMEOUT_ENV)
# A developer's LLM settings, kept aside for the tests marked llm_smoke (opt in: pytest -m llm_smoke).
LLM_SETTINGS = {name: os.environ[name] for name in LLM_ENV if name in os.environ}
os.environ[HUB_OFFLINE_ENV] = "1"  # huggingface_hub reads it when imported, before any fixture runs
set_process_defaults()  # as the command does (passive OpenMP waiting), before helpers load libraries

from helpers import REPORT, SEED  # noqa: E402


def isolate(monkeypatch: pytest.MonkeyPatch) -> None:
    """No YTTRANDE_QA_* setting of the developer's shell, and never the network."""
    for name in [name for name in os.environ if name.startswith(OWN_PREFIX)]:
        monkeypatch.delenv(name)
    monkeypatch.setenv(HUB_OFFLINE_ENV, "1")


@pytest.fixture(scope="session", autouse=True)
def isolated_session():
    """The session's fixtures (the seed index) are built in the isolated environment too."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(monkeypatch)
        yield


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch, request):
    isolate(monkeypatch)
    if request.node.get_closest_marker("llm_smoke"):
        for name, value in LLM_SETTINGS.items():
            monkeypatch.setenv(name, value)


def pytest_collection_modifyitems(config, items):
    """Tests marked llm_smoke talk to a real server: they run only when asked for with -m llm_smoke."""
    smoke = [item for item in items if item.get_closest_marker("llm_smoke")]
    if "llm_smoke" in (config.option.markexpr or ""):
        if smoke and LLM_URL_ENV not in LLM_SETTINGS:
            raise pytest.UsageError("-m llm_smoke needs YTTRANDE_QA_LLM_URL (and _MODEL) set to a real server")
        return
    skip = pytest.mark.skip(reason="talks to a real LLM server: run with -m llm_smoke and YTTRANDE_QA_LLM_URL set")
    for item in smoke:
        item.add_marker(skip)


def indexed(folder: Path, files: list[Path], **options) -> Path:
    """`folder` (new, or a copy of an index) with `files` added to it."""
    from yttrande_qa.ingest.indexer import index_files
    from yttrande_qa.store.index import Index

    index = Index(folder)
    outcomes = index_files(index, files, **options)
    assert [o.status for o in outcomes] == ["added"] * len(files), outcomes
    index.close()
    return folder


def opened(folder: Path):
    from yttrande_qa.store.index import Index

    index = Index(folder)
    yield index
    index.close()


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """An index folder holding the seed statement (read-only: copy it with `seed_index_copy`)."""
    return indexed(tmp_path_factory.mktemp("seed-index"), [SEED])


@pytest.fixture
def seed_index_copy(seed_index_dir, tmp_path) -> Path:
    """A private copy of the seed index that a test may change."""
    folder = tmp_path / "index"
    shutil.copytree(seed_index_dir, folder)
    return folder


@pytest.fixture
def seed_index(seed_index_dir):
    yield from opened(seed_index_dir)


@pytest.fixture(scope="session")
def statement_and_report_index_dir(seed_index_dir, tmp_path_factory) -> Path:
    """The seed statement and a report of the same subject (tests/data), read-only."""
    folder = tmp_path_factory.mktemp("statement-and-report") / "index"
    shutil.copytree(seed_index_dir, folder)
    return indexed(folder, [REPORT], kind="report")


@pytest.fixture
def statement_and_report(statement_and_report_index_dir):
    yield from opened(statement_and_report_index_dir)


@pytest.fixture(scope="module")
def browser():
    """Headless chromium for the browser tests, launched once a module."""
    from helpers import chromium

    with chromium() as launched:
        yield launched
