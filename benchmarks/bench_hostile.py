"""Hostile input through the real CLI: how long each case takes to index or be refused, and peak memory.

    .venv/bin/python benchmarks/bench_hostile.py

Cases, each refused with one line: a 208 KB .txt without spaces (it once ran past 300 s; the deadline is
30 s), /dev/zero, a FIFO named x.txt, a 20 GB sparse file, a DOCX whose document.xml inflates to 1.5 GB,
200 KB of random bytes named .txt. Exit 1 if a case misses its deadline or is not refused.
"""

from __future__ import annotations

import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers import CLI, docx_with_inflated_part  # noqa: E402

NO_SPACES_DEADLINE = 30.0
REFUSAL_DEADLINE = 5.0


def no_spaces(folder: Path) -> Path:
    rng = random.Random(208)
    path = folder / "utan-mellanslag.txt"
    path.write_text("".join(rng.choice(string.ascii_letters + "åäö") for _ in range(208_000)), encoding="utf-8")
    return path


def fifo(folder: Path) -> Path:
    path = folder / "x.txt"
    os.mkfifo(path)
    return path


def sparse(folder: Path) -> Path:
    path = folder / "gles.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024**3)
    return path


def zip_bomb(folder: Path) -> Path:
    return docx_with_inflated_part(folder / "bomb.docx", "word/document.xml", 1500 * 1024 * 1024)


def random_bytes(folder: Path) -> Path:
    rng = random.Random(5)
    path = folder / "slump.txt"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(200_000)))
    return path


def run(index_dir: Path, target: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    result = subprocess.run([CLI, "--index-dir", str(index_dir), "index", target], capture_output=True, text=True,
                            timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"}, stdin=subprocess.DEVNULL)
    last = (result.stderr.strip().splitlines() or [""])[-1]
    return time.perf_counter() - started, result.returncode, last


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [  # (name, file, exit code, deadline)
            ("208 KB .txt without spaces", str(no_spaces(folder)), 1, NO_SPACES_DEADLINE),
            ("/dev/zero", "/dev/zero", 1, REFUSAL_DEADLINE),
            ("FIFO named x.txt", str(fifo(folder)), 1, REFUSAL_DEADLINE),
            ("20 GB sparse file", str(sparse(folder)), 1, REFUSAL_DEADLINE),
            ("DOCX inflating to 1.5 GB", str(zip_bomb(folder)), 1, REFUSAL_DEADLINE),
            ("200 KB of random bytes (.txt)", str(random_bytes(folder)), 1, REFUSAL_DEADLINE),
        ]
        run(folder / "warm", str(folder / "none.txt"))  # the model loads once per process anyway
        print("| case | seconds | exit | deadline | outcome |\n| --- | --- | --- | --- | --- |")
        for name, target, expected, deadline in cases:
            seconds, code, line = run(folder / "index", target)
            ok = code == expected and seconds <= deadline
            failures += not ok
            print(f"| {name} | {seconds:.1f} | {code} | {deadline:.0f} s | {line.split(': ', 2)[-1]} |")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory of any case: {peak:.0f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
