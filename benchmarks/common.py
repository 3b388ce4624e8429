"""What the benchmarks share besides timing: an index of the documents, built in a temporary folder
unless one is given."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def documents_index(index_dir: Path | None, documents: list[Path], prefix: str) -> Iterator:
    """The index in `index_dir` (indexing `documents` into it when empty), or a temporary one."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from yttrande_qa.ingest.indexer import collect_files, index_files
    from yttrande_qa.store.index import Index

    folder = index_dir or Path(tempfile.mkdtemp(prefix=prefix))
    try:
        index = Index(folder)
        if index.is_empty():
            index_files(index, collect_files(documents))
        yield index
        index.close()
    finally:
        if not index_dir:
            shutil.rmtree(folder, ignore_errors=True)
