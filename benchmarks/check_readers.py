"""Read every real document at hand (documents/, ../shared/seed, ../shared/corpus/docs) and report any the
readers reject: the file checks (text that is not text, zip limits, sizes) must let all of them through.

    .venv/bin/python benchmarks/check_readers.py        # exit 1 if any is rejected
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from yttrande_qa.errors import DocumentError
from yttrande_qa.ingest.indexer import collect_files
from yttrande_qa.ingest.readers import read_pages

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "documents", ROOT.parent / "shared" / "seed", ROOT.parent / "shared" / "corpus" / "docs"]


def main() -> int:
    files = collect_files([folder for folder in FOLDERS if folder.is_dir()])
    rejected = []
    started = time.perf_counter()
    for path in files:
        try:
            read_pages(path)
        except DocumentError as error:
            rejected.append(error)
    print(f"{len(files)} documents read in {time.perf_counter() - started:.1f} s, {len(rejected)} rejected")
    for error in rejected:
        print(f"rejected: {error}")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
