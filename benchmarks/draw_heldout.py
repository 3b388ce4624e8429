"""Draw the held-out pages: 30 regeringen.se pages to write questions about and 30 distractors, by a
fixed seeded random draw from the g0vse scale sample, stratified over nine folders.

    python benchmarks/draw_heldout.py [--archive ../shared/corpus/scale/g0vse-sample.tar.zst]
                                      [--sources ../shared/corpus/SOURCES.md] > benchmarks/data/heldout_documents.txt

Origin: `../shared/corpus/scale/g0vse-sample.tar.zst`, the markdown pages of public GitHub repository
`civictechsweden/g0vse`, branch `data`, commit b9e34cec61a3e35d81bde27a417a269945487a37 (2026-01-29),
archive sha256 1c9f463430f737f07df9792e5c59d5baf9b59ebd7973fe69481ca508b9a64071.

How drawn: a page is eligible when it is a `.md` page in one of the nine folders of STRATA, holds at
least MIN_BYTES bytes, and neither its title nor its document number is among the 58 documents of the
development corpus (`../shared/corpus/SOURCES.md`: titles, ids and g0vse paths; numbers are read from
the page's title and the section JSON index). `random.Random(SEED)` then gives every folder
PAGES // 9 pages and PAGES % 9 folders (drawn with the same generator) one more, each folder's pages
drawn with `rng.sample` from its eligible paths in sorted order; the distractors are drawn the same way,
continuing the same generator, from the pages not yet drawn. The output lists the asked-about pages
(`asked PATH`) and then the distractors (`distractor PATH`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261130
PAGES = 30
MIN_BYTES = 1500
STRATA = (
    "rattsliga-dokument/proposition",
    "rattsliga-dokument/statens-offentliga-utredningar",
    "rattsliga-dokument/departementsserien-och-promemorior",
    "rattsliga-dokument/lagradsremiss",
    "rattsliga-dokument/kommittedirektiv",
    "rattsliga-dokument/skrivelse",
    "remisser",
    "rapporter",
    "regeringsuppdrag",
)
_NUMBER = re.compile(r"(SOU|Ds|Dir|Prop|Skr|AFS|NFS)\.?\s*(\d{4}(?:/\d{2})?:\d+)", re.IGNORECASE)


def number_key(kind: str, number: str) -> str:
    return f"{kind.casefold()} {number}"


def title_key(title: str) -> str:
    """A title without its numbers, glued or appended ("…tiggeriSOU 2025:83", "…, SOU 2026:9"), folded."""
    title = _NUMBER.sub(" ", title)
    return " ".join(re.findall(r"\w+", title.casefold()))


def corpus_keys(sources: Path) -> tuple[set[str], set[str], set[str]]:
    """Titles, numbers and g0vse paths of the development corpus's documents (SOURCES.md's table)."""
    titles, numbers, paths = set(), set(), set()
    for line in sources.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 8 or not cells[1].isdigit():
            continue
        titles.add(title_key(cells[3]))
        numbers |= {number_key(*m) for m in _NUMBER.findall(cells[5] + " " + cells[3])}
        if "g0vse" in cells[6]:
            paths.add(cells[6].rsplit(": ", 1)[-1])
    return titles, numbers, paths


def index_numbers(tree: Path) -> dict[str, set[str]]:
    """Page path → its numbers, from the section JSON indexes in the sample (their `id` field)."""
    found: dict[str, set[str]] = {}
    for index in tree.rglob("*.json"):
        for item in json.loads(index.read_text(encoding="utf-8")):
            page = item["url"].strip("/") + ".md"
            found[page] = {number_key(*m) for m in _NUMBER.findall(item.get("id") or "")}
    return found


def eligible(tree: Path, corpus: tuple[set[str], set[str], set[str]]) -> dict[str, list[str]]:
    titles, numbers, paths = corpus
    indexed = index_numbers(tree)
    strata: dict[str, list[str]] = {s: [] for s in STRATA}
    for stratum in STRATA:
        for page in sorted((tree / stratum).rglob("*.md")):
            path = page.relative_to(tree).as_posix()
            if page.stat().st_size < MIN_BYTES or path in paths:
                continue
            title = page.read_text(encoding="utf-8").lstrip().splitlines()[0].lstrip("# ")
            own = {number_key(*m) for m in _NUMBER.findall(title)} | indexed.get(path, set())
            if title_key(title) in titles - {""} or own & numbers:
                continue
            strata[stratum].append(path)
    return strata


def draw(strata: dict[str, list[str]], rng: random.Random, taken: set[str]) -> list[str]:
    shares = dict.fromkeys(STRATA, PAGES // len(STRATA))
    for stratum in rng.sample(STRATA, PAGES % len(STRATA)):
        shares[stratum] += 1
    drawn = []
    for stratum in STRATA:
        drawn += rng.sample([p for p in strata[stratum] if p not in taken], shares[stratum])
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = ROOT.parent / "shared" / "corpus"
    parser.add_argument("--archive", type=Path, default=shared / "scale" / "g0vse-sample.tar.zst")
    parser.add_argument("--sources", type=Path, default=shared / "SOURCES.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yqa-heldout-draw-") as tmp:
        subprocess.run(["tar", "--zstd", "-xf", str(args.archive), "-C", tmp], check=True)
        strata = eligible(Path(tmp), corpus_keys(args.sources))
    for stratum, pages in strata.items():
        print(f"{stratum}: {len(pages)} eligible", file=sys.stderr)
    rng = random.Random(SEED)
    asked = draw(strata, rng, set())
    distractors = draw(strata, rng, set(asked))
    print(f"# drawn by benchmarks/draw_heldout.py (seed {SEED}); asked = questions written about it")
    print("\n".join([f"asked {p}" for p in asked] + [f"distractor {p}" for p in distractors]))


if __name__ == "__main__":
    main()
