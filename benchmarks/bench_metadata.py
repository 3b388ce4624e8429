"""Document metadata against the corpus's own record of each document: title, date, kind and number.

    python benchmarks/bench_metadata.py [--corpus ../shared/corpus] [--verbose]

Reads every file of `corpus/docs` the way indexing does (`read_pages` + `parse_document`, no
embedding) and compares with `corpus/SOURCES.md` (title, kind, id, date of each document), then checks
the shipped statement. Gold values, as SOURCES.md gives them:

* kind: directive, SOU, Ds/promemoria, proposition, lagrådsremiss → `report`; a remiss page (the
  ministry's referral asking for statements), an agency regulation, a court ruling → `other`;
* number: the document's own designation ("Dir. 2018:6", "SOU 2025:96" for a chapter of it); a remiss
  page and a document without one have none; compared without spaces, dots and case;
* date: a full date (a month-only date of a web page cannot be checked and is left out); scored on
  all dated documents and on those whose text holds the date in any form (ISO or Swedish);
* title: right when one of the two, reduced to letters and digits, contains the other and covers at
  least half of it (SOURCES adds notes such as "(full text, 28 pages)", which are removed first).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yttrande_qa.ingest.readers import read_pages  # noqa: E402
from yttrande_qa.ingest.structure import parse_document  # noqa: E402

SEED = ROOT / "documents" / "yttrande-beredningen-samverkan-regional-utveckling-2024-02-29.txt"
SEED_GOLD = {
    "title": "Regionala utvecklingsnämndens yttrande över rapport från beredningen för samverkan och regional utveckling",
    "kind": "statement",
    "date": "2024-02-29",
}
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
REPORT_KINDS = ("directive", "sou", "promemoria", "proposition", "lagradsremiss")


@dataclass
class Gold:
    file: str
    title: str
    kind: str
    number: str | None
    date: str | None


def load_gold(corpus: Path) -> list[Gold]:
    rows = []
    for line in (corpus / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 7 or not cells[0].isdigit():
            continue
        _, file, title, kind, number, _, date = cells[:7]
        rows.append(Gold(file.strip("`"), _gold_title(title), _gold_kind(kind), _gold_number(number),
                         _gold_date(date)))
    return rows


def _gold_title(title: str) -> str:
    return re.sub(r"\s*\((?:full text|konsoliderad|ändringar)[^)]*\)", "", title, flags=re.IGNORECASE)


def _gold_kind(kind: str) -> str:
    return "report" if kind.lower().startswith(REPORT_KINDS) else "other"


def _gold_number(number: str) -> str | None:
    if number == "-" or number.startswith("remiss of"):
        return None
    return re.sub(r"\s+kap\.\s*\d+$", "", number)


def _gold_date(date: str) -> str | None:
    match = re.match(r"(?:consolidated to )?(\d{4}-\d{2}-\d{2})", date)
    return match.group(1) if match else None


def compact(text: str | None) -> str:
    return re.sub(r"[^0-9a-zåäöéü]+", "", (text or "").casefold())


def title_right(predicted: str, gold: str) -> bool:
    a, b = compact(predicted), compact(gold)
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and len(short) >= 0.5 * len(long)


def number_right(predicted: str | None, gold: str | None) -> bool:
    return compact(predicted) == compact(gold)


def date_in_text(date: str, text: str) -> bool:
    year, month, day = date.split("-")
    swedish = rf"\b{int(day)}\s+{MONTHS[int(month) - 1]}\s+{year}\b"
    return date in text or re.search(swedish, text, re.IGNORECASE) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="The corpus folder (default ../shared/corpus beside the project).")
    parser.add_argument("--verbose", action="store_true", help="Print every document, not only the misses.")
    args = parser.parse_args()
    golds = load_gold(args.corpus)
    scores = {"title": 0, "kind": 0, "number": 0, "date": 0, "date (in text)": 0}
    dated = dated_in_text = wrong_dates = 0
    for gold in golds:
        path = args.corpus / "docs" / gold.file
        pages = read_pages(path)
        parsed = parse_document(pages, path.name)
        text = "\n".join(line.text for page in pages for line in page.lines)
        number = getattr(parsed, "doc_number", None)
        right = {
            "title": title_right(parsed.title, gold.title),
            "kind": parsed.kind == gold.kind,
            "number": number_right(number, gold.number),
        }
        if gold.date:
            dated += 1
            right["date"] = parsed.date == gold.date
            wrong_dates += parsed.date not in (None, gold.date)
            if date_in_text(gold.date, text):
                dated_in_text += 1
                right["date (in text)"] = right["date"]
        for key, ok in right.items():
            scores[key] += ok
        if args.verbose or not all(right.values()):
            misses = ", ".join(key for key, ok in right.items() if not ok) or "-"
            print(f"{gold.file}\n  wrong: {misses}\n  title {parsed.title!r}\n  gold  {gold.title!r}\n"
                  f"  kind {parsed.kind} (gold {gold.kind}), number {number} (gold {gold.number}), "
                  f"date {parsed.date} (gold {gold.date})")
    totals = {"title": len(golds), "kind": len(golds), "number": len(golds), "date": dated,
              "date (in text)": dated_in_text}
    print(f"\n{len(golds)} documents of {args.corpus}")
    for key, total in totals.items():
        print(f"{key:16} {scores[key]:3d} / {total:3d}  {scores[key] / total:.2f}")
    print(f"{'wrong date given':16} {wrong_dates:3d} / {dated:3d}  (a date that is not the document's)")
    seed = parse_document(read_pages(SEED), SEED.name)
    found = {"title": seed.title, "kind": seed.kind, "date": seed.date}
    print("seed statement: " + ", ".join(f"{k} {'ok' if found[k] == v else f'WRONG ({found[k]!r})'}"
                                          for k, v in SEED_GOLD.items()))


if __name__ == "__main__":
    main()
