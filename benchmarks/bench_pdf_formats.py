"""Does the product answer as well from a PDF as from the same text in Markdown?

    python benchmarks/bench_pdf_formats.py [--corpus ../shared/corpus] [--work DIR] [--md-index DIR]
                                           [--rerender] [--json FILE]

Every `.md` document of the corpus is rendered to a PDF as a government office prints one: the Markdown
made HTML (markdown-it-py), printed by Debian's headless chromium through Playwright on A4, with a
running header naming the document (its number, else the issuing body) and a footer "3 (12)" on every page
(chromium's header and footer templates, which only its print API offers: `--print-to-pdf` on the
command line prints the URL and the date instead), and every third document set in two columns. The
`.txt` and `.pdf` documents are kept as they are. Soft hyphens are taken out before printing (see
SOFT_HYPHEN). Both folders are indexed the product's own way
(`common.documents_index`) and the questions whose gold document is a `.md` are asked of each: recall@5,
MRR@10, answer holds the evidence, refusals, per language and per format, side by side; then the
questions that lose (rank or evidence) in the PDF version. The unanswerable questions are asked of both
too (refusals only).

`--work DIR` keeps the PDFs (DIR/docs) and both indexes (DIR/md-index, DIR/pdf-index): an index already
built there is used as it is (delete it after a change to indexing); `--md-index` uses another folder for
the original corpus' index (a copy of one `bench_corpus.py` built: it holds the same documents).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench_corpus import answer_figures, retrieval_figures
from common import documents_index

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yttrande_qa.evaluate import evaluate, load_questions  # noqa: E402
from yttrande_qa.ingest.readers import read_pages  # noqa: E402
from yttrande_qa.ingest.structure import parse_document  # noqa: E402

# Chromium writes a soft hyphen it does not break at as a space glyph (with the real text in /ActualText,
# which pypdf does not read): "arbets krafts invandring". Word and InDesign leave unused soft hyphens out of
# a PDF, so they are taken out of the Markdown before printing (the Markdown reader drops them too).
SOFT_HYPHEN = "\u00ad"
ISSUER = "Regeringskansliet"  # the corpus' Markdown documents are regeringen.se pages and SOU chapters
TWO_COLUMN_EVERY = 3  # every third document (in name order) is set in two columns
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
STYLE = """
body { font-family: "DejaVu Serif", serif; font-size: 11pt; line-height: 1.35; }
h1 { font-family: "DejaVu Sans", sans-serif; font-size: 20pt; }
h2 { font-family: "DejaVu Sans", sans-serif; font-size: 14pt; }
h3, h4, h5, h6 { font-family: "DejaVu Sans", sans-serif; font-size: 12pt; }
pre, code { white-space: pre-wrap; font-family: inherit; font-size: inherit; }
table { border-collapse: collapse; } td, th { border: 0.5pt solid #888; padding: 2pt 4pt; }
"""
TWO_COLUMNS = "main { column-count: 2; column-gap: 1cm; } h1 { column-span: all; }"
MARGIN = {"top": "25mm", "bottom": "22mm", "left": "25mm", "right": "22mm"}
HEADER = ('<div style="font-size:8pt; font-family: sans-serif; width:100%; margin: 0 22mm 0 25mm; '
          'text-align:right;">{}</div>')
FOOTER = ('<div style="font-size:8pt; font-family: sans-serif; width:100%; text-align:center;">'
          '<span class="pageNumber"></span> (<span class="totalPages"></span>)</div>')


# --- rendering -----------------------------------------------------------------------------------
def render_corpus(source: Path, target: Path) -> list[Path]:
    """The corpus' documents in `target`: each .md printed to a PDF, the others copied; returns the PDFs
    made."""
    from markdown_it import MarkdownIt
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    markdown = MarkdownIt("commonmark").enable("table")
    made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page()
        for number, path in enumerate(sorted(source.iterdir())):
            if path.suffix.lower() != ".md":
                shutil.copy2(path, target / path.name)
                continue
            text = path.read_text(encoding="utf-8").replace(SOFT_HYPHEN, "")
            two_columns = number % TWO_COLUMN_EVERY == TWO_COLUMN_EVERY - 1
            page.set_content(_html(markdown.render(text), two_columns))
            out = target / f"{path.stem}.pdf"
            page.pdf(path=str(out), format="A4", margin=MARGIN, display_header_footer=True,
                     header_template=HEADER.format(_escape(_running_title(path))), footer_template=FOOTER,
                     print_background=True)
            made.append(out)
        browser.close()
    return made


def _html(body: str, two_columns: bool) -> str:
    style = STYLE + (TWO_COLUMNS if two_columns else "")
    return f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><style>{style}</style></head>' \
           f"<body><main>{body}</main></body></html>"


def _running_title(path: Path) -> str:
    """What the running header names: the document's own number ("SOU 2019:30") as the product reads it
    from the Markdown, else the body that issued every document of this corpus."""
    return parse_document(read_pages(path), path.name).doc_number or ISSUER


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- figures -------------------------------------------------------------------------------------
def compare(questions: list[dict], reports: dict[str, dict]) -> dict:
    """Per format and language: retrieval and answer figures of the questions asked."""
    figures: dict = {}
    for fmt, results in reports.items():
        for lang in ("all", "sv", "en"):
            chosen = [r for r in results.values() if lang == "all" or r.lang == lang]
            ranks = [r.rank for r in chosen if r.answerable]
            figures.setdefault(lang, {})[fmt] = retrieval_figures(ranks) | answer_figures(chosen)
    return figures


def losses(questions: list[dict], reports: dict[str, dict]) -> list[dict]:
    """The answerable questions ranked worse, or whose answer loses the evidence, in the PDF version."""
    lost = []
    for q in questions:
        if not q.get("answerable", True):
            continue
        md, pdf = reports["markdown"][q["id"]], reports["pdf"][q["id"]]
        worse_rank = (md.rank or 99) < (pdf.rank or 99)
        lost_evidence = bool(md.evidence_shown) and not pdf.evidence_shown
        if worse_rank or lost_evidence:
            lost.append({"id": q["id"], "lang": q["lang"], "doc": q["doc"], "rank_md": md.rank, "rank_pdf": pdf.rank,
                         "evidence_md": md.evidence_shown, "evidence_pdf": pdf.evidence_shown,
                         "refused_md": md.refused, "refused_pdf": pdf.refused, "q": q["q"]})
    return lost


def print_tables(figures: dict, lost: list[dict], counts: dict) -> None:
    print(f"Questions: {counts['answerable']} answerable with a Markdown gold document, "
          f"{counts['unanswerable']} unanswerable; {counts['pdfs']} documents rendered to PDF.\n")
    print("| lang | format | n | recall@5 | MRR@10 | answer holds the evidence | answerables refused | "
          "unanswerables refused |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for lang, formats in figures.items():
        for fmt, f in formats.items():
            print(f"| {lang} | {fmt} | {f['n']} | {f['recall@5']:.3f} | {f['mrr@10']:.3f} | "
                  f"{f['answer_holds_evidence']:.3f} | {f['answerables_refused']} / {f['answerable']} | "
                  f"{f['unanswerables_refused']} / {f['unanswerable']} |")
    print(f"\nQuestions that lose in the PDF version ({len(lost)}):\n")
    print("| id | lang | document | rank md → pdf | evidence md → pdf | refused md → pdf |")
    print("| --- | --- | --- | --- | --- | --- |")
    for q in lost:
        print(f"| {q['id']} | {q['lang']} | {q['doc']} | {q['rank_md']} → {q['rank_pdf']} | "
              f"{q['evidence_md']} → {q['evidence_pdf']} | {q['refused_md']} → {q['refused_pdf']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="folder with docs/ and questions.jsonl")
    parser.add_argument("--work", type=Path, help="keep the PDFs and indexes here (default: a temporary folder)")
    parser.add_argument("--md-index", type=Path, help="the original corpus' index (default: WORK/md-index)")
    parser.add_argument("--rerender", action="store_true", help="print the PDFs again even if WORK/docs holds them")
    parser.add_argument("--json", type=Path, help="every figure and the losing questions as JSON to FILE")
    args = parser.parse_args()
    questions = [q for q in load_questions(args.corpus / "questions.jsonl")
                 if not q.get("answerable", True) or (q.get("doc") or "").endswith(".md")]
    with tempfile.TemporaryDirectory(prefix="yqa-bench-pdf-") as tmp:
        work = args.work or Path(tmp)
        docs = work / "docs"
        if args.rerender or not docs.exists():
            shutil.rmtree(docs, ignore_errors=True)
            render_corpus(args.corpus / "docs", docs)
        reports = {}
        for fmt, folder, index_dir in (("markdown", args.corpus / "docs", args.md_index or work / "md-index"),
                                       ("pdf", docs, work / "pdf-index")):
            index_dir.mkdir(parents=True, exist_ok=True)
            with documents_index(index_dir, [folder], prefix="") as index:
                reports[fmt] = {r.id: r for r in evaluate(index, questions).results}
        figures = compare(questions, reports)
        lost = losses(questions, reports)
        counts = {"answerable": sum(1 for q in questions if q.get("answerable", True)),
                  "unanswerable": sum(1 for q in questions if not q.get("answerable", True)),
                  "pdfs": sum(1 for path in (args.corpus / "docs").iterdir() if path.suffix == ".md")}
    print_tables(figures, lost, counts)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "losses": lost, "counts": counts},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
