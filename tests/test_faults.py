"""Fault injection: `index` and `index --rebuild` killed with SIGKILL at random points, the index checked
after each kill: whole (`check`), and after a rebuild either all old or all new."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

from helpers import CLI, small_statements

from yttrande_qa.store.check import check_index
from yttrande_qa.store.index import Index
from yttrande_qa.text import slugify

KILLS = 20


def start(index_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([CLI, "--index-dir", str(index_dir), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"})


def documents(index_dir: Path) -> set[str]:
    index = Index(index_dir)
    try:
        return {d.doc_id for d in index.store.documents()}
    finally:
        index.close()


def test_indexing_killed_at_random_points_leaves_a_whole_index(tmp_path):
    docs = small_statements(tmp_path / "docs")
    index_dir = tmp_path / "index"
    started = time.monotonic()
    assert start(index_dir, "index", *map(str, docs[:3])).wait() == 0
    full_run = time.monotonic() - started
    rng = random.Random(13)
    killed_midway = 0
    longest = full_run  # a kill after the run has ended tests nothing: aim earlier when that happens
    kills = 0
    for kill in range(3 * KILLS):
        if killed_midway == KILLS:
            break
        kills += 1
        rebuild = kill % 2 == 1
        chosen = rng.sample(docs, rng.randint(2, len(docs)))
        if not rebuild:  # changed files are replaced, not only added
            for path in chosen[:2]:
                path.write_text(path.read_text(encoding="utf-8") + f"Tillägg {kill}.\n", encoding="utf-8")
        before = documents(index_dir)
        process = start(index_dir, "index", *(["--rebuild"] if rebuild else []), *map(str, chosen))
        delay = rng.uniform(0, longest)
        time.sleep(delay)
        ran = process.poll() is None
        killed_midway += ran
        longest = longest if ran else max(0.05, 0.7 * longest)
        process.send_signal(signal.SIGKILL)
        process.wait()
        report = check_index(index_dir, None)
        assert report.problems == 0, (kill, rebuild, delay, report.lines)
        after = documents(index_dir)
        new = {slugify(path.stem) for path in chosen}
        if rebuild:
            assert after in (before, new), (kill, delay, before, after)
        else:
            assert before <= after <= before | new, (kill, delay, before, after)
    print(f"{kills} kills, {killed_midway} while indexing ran; check passed after each")
    assert killed_midway >= KILLS // 2
    assert subprocess.run([CLI, "--index-dir", str(index_dir), "check"], capture_output=True).returncode == 0
