"""The `yttrande-qa` command: index documents, ask questions, check quality. Thin around the core modules."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from dataclasses import asdict
from pathlib import Path

import click

from . import config, tuning
from .errors import YttrandeQAError
from .models import KINDS, SPEAKERS, Answer, Filters
from .text import printable


class Context:
    def __init__(self, index_dir: Path | None, model: str | None):
        self.index_dir = index_dir
        self.model = model
        self._index = None

    @property
    def index(self):
        if self._index is None:
            from .store.index import Index

            self._index = Index(self.index_dir, self.model)
        return self._index


pass_context = click.make_pass_decorator(Context)


class OneLineErrors(click.Group):
    """Every error ends in one line "error: …" on stderr, Click's own (a bad option, a missing argument) as
    the project's, with the same exit codes: 2 for a usage error (after the usage and its help hint), 1
    otherwise."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except click.ClickException as error:
            _fail(error.format_message(), error.exit_code, _usage(error))
        except YttrandeQAError as error:
            _fail(str(error))
        except sqlite3.DatabaseError as error:  # damage found only when a page is read
            _fail(f"the index database cannot be read ({error}); `yttrande-qa check` tells what is damaged and "
                 "how to rebuild")
        sys.exit(code if isinstance(code, int) else 0)


def _usage(error: click.ClickException) -> str:
    """The usage and help hint Click prints above a usage error."""
    ctx = getattr(error, "ctx", None)
    if not isinstance(error, click.UsageError) or ctx is None:
        return ""
    return f"{ctx.get_usage()}\nTry '{ctx.command_path} --help' for help.\n\n"


def _fail(message: str, exit_code: int = 1, before: str = "") -> None:
    click.echo(before + printable(f"error: {message}"), err=True)
    sys.exit(exit_code)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path), envvar=config.INDEX_ENV,
              help=f"Index folder (default ./{config.DEFAULT_INDEX_DIR}, or ${config.INDEX_ENV}).")
@click.option("--model", envvar=config.MODEL_ENV,
              help=f"sentence-transformers model name or local folder (default {config.DEFAULT_MODEL}).")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
@click.version_option(package_name="yttrande-qa")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None, model: str | None, verbose: bool) -> None:
    """Answer questions about Swedish regional-government statements (yttranden) with cited passages."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="yttrande-qa: %(message)s")
    ctx.obj = Context(index_dir, model)


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), help="Override the detected kind of document.")
@click.option("--responds-to", metavar="DOC",
              help="Id of the report that these statements respond to; `none`: they answer no indexed report "
                   "(no link is made by itself).")
@click.option("--rebuild", is_flag=True,
              help="Build the index anew from these files, beside the one in use, and switch when done (feedback is kept).")
@click.option("--no-ocr", is_flag=True, help="Do not read scanned PDF pages with OCR (they are left out).")
@pass_context
def index_command(obj: Context, paths: tuple[Path, ...], kind, responds_to, rebuild, no_ocr) -> None:
    """Index files or folders (PDF, DOCX, TXT, MD). Unchanged files are skipped."""
    from .ingest.indexer import collect_files, index_files
    from .ingest.indexer import rebuild as rebuild_index
    from .ingest.ocr import OcrOptions

    files = collect_files(paths)
    ocr = OcrOptions(enabled=not no_ocr, on_progress=show_ocr_progress)
    if rebuild:
        missing = [str(p) for p in paths if not p.exists()]
        if missing or not files:
            reason = f"no such file or folder: {', '.join(missing)}" if missing else "no documents found"
            raise click.ClickException(printable(f"{reason}; the index is left as it was"))
        outcomes = index_with_progress(
            files, lambda done: rebuild_index(obj.index_dir, obj.model, files, kind, responds_to, done, ocr))
        if all(o.status == "failed" for o in outcomes):
            raise click.ClickException("no file could be indexed; the index is left as it was")
    else:
        outcomes = index_with_progress(
            files, lambda done: index_files(obj.index, files, kind, responds_to, done, ocr))
    if any(o.status == "failed" for o in outcomes):
        sys.exit(1)


def index_with_progress(files: list[Path], index_batch, err: bool = False) -> list:
    """Run `index_batch(on_done)` over files with a progress bar (OCR shows its own progress per page), then
    print a line per file and its notes (on stderr with `err`)."""
    with click.progressbar(length=len(files), label="Indexing", file=sys.stderr) as bar:
        outcomes = index_batch(lambda _: bar.update(1))
    for outcome in outcomes:
        if outcome.status == "failed":
            click.echo(printable(f"error: {outcome.path}: {outcome.error}"), err=True)
        else:
            warned = f"; {outcome.warning}" if outcome.warning else ""
            click.echo(printable(f"{outcome.status}: {outcome.path} → {outcome.doc_id} ({outcome.chunks} chunks{warned})"),
                       err=err)
            for note in outcome.notes:
                click.echo(f"  {note}", err=err)
    return outcomes


def show_ocr_progress(progress) -> None:
    """"OCR scan.pdf: page 3 of 16, about 1 min 40 s left" on stderr: one line a page, or one line
    rewritten in place on a terminal."""
    left = round(progress.remaining)
    eta = f"about {left // 60} min {left % 60} s left" if left >= 60 else f"about {left} s left"
    status = "done" if progress.done == progress.total else eta
    status += " (page from the OCR cache)" if progress.cached else ""
    line = printable(f"OCR {progress.path.name}: page {progress.done} of {progress.total}, {status}")
    if sys.stderr.isatty():
        click.echo(f"\r\x1b[2K{line}", err=True, nl=progress.done == progress.total)
    else:
        click.echo(line, err=True)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of documents.")
@pass_context
def list_command(obj: Context, as_json: bool) -> None:
    """List indexed documents."""
    from .ingest.metadata import METADATA_VERSION

    documents = obj.index.store.documents()
    if as_json:
        click.echo(json.dumps([asdict(d) for d in documents], ensure_ascii=False, indent=2))
    else:
        for d in documents:
            kind = f"{d.kind} ({d.genre})" if d.genre else d.kind
            issuer = f" · {d.issuer}" if d.issuer else ""
            link = f" → responds to {d.responds_to}" if d.responds_to else ""
            fields = [d.doc_id, kind, d.date or "-", d.doc_number or "-", f"{d.chunk_count} chunks",
                      f"{d.title}{issuer}{link}"]
            click.echo("\t".join(printable(field) for field in fields))
    outdated = [d.doc_id for d in documents if d.metadata_version < METADATA_VERSION]
    if outdated:
        click.echo(f"note: {len(outdated)} documents were read by an earlier version ({', '.join(outdated[:3])}"
                   f"{' …' if len(outdated) > 3 else ''}); index their files again to read their titles, dates, "
                   "numbers and the PDF pages of their passages and how those pages are labelled (their vectors "
                   "are reused)", err=True)


@cli.command("remove")
@click.argument("doc_id")
@pass_context
def remove_command(obj: Context, doc_id: str) -> None:
    """Remove a document (by the id `list` shows) from the index."""
    from .ingest.indexer import remove_document

    if not remove_document(obj.index, doc_id):
        raise click.ClickException(printable(f"no document {doc_id} (see `yttrande-qa list`)"))
    click.echo(f"removed: {doc_id}")


@cli.command("quotes")
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of quotations.")
@pass_context
def quotes_command(obj: Context, doc_id: str, as_json: bool) -> None:
    """Check each quotation of a statement against the report it answers: matched (with the report's
    page), possible misquote (with the nearest report text), or report not indexed."""
    from . import links

    store = obj.index.store
    document = store.document(doc_id)
    if document is None:
        raise click.ClickException(f"no document {doc_id} (see `yttrande-qa list`)")
    checks = links.check_quotations(store.db, doc_id)
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=2))
        return
    click.echo(f"{doc_id}: {len(checks)} quotations; "
               + (f"report: {document.responds_to}" if document.responds_to else "no report linked"))
    for check in checks:
        click.echo(f"- {check.describe()}\n  {check.quotation.text}")


@cli.command("info")
@pass_context
def info_command(obj: Context) -> None:
    """Counts, model, backend and paths."""
    index = obj.index
    documents = index.store.documents()
    manifest = index.manifest()
    click.echo(printable(f"index folder: {index.folder.resolve()}"))
    click.echo(printable(f"database:     {index.store.path.resolve()}"))
    click.echo(f"documents:    {len(documents)} ({', '.join(f'{k}: {sum(d.kind == k for d in documents)}' for k in KINDS)})")
    click.echo(f"chunks:       {index.store.chunk_count()}")
    click.echo(f"feedback:     {len(index.store.feedback())}")
    click.echo(f"model:        {manifest['model'] or index.model} (configured: {index.model})")
    click.echo(f"backend:      {manifest['backend'] or '-'}, {manifest['dim'] or '-'} dimensions")


@cli.command("check")
@pass_context
def check_command(obj: Context) -> None:
    """Verify the index (SQLite, lexical rows, vectors, FAISS files, model); exit 1 if it is damaged."""
    from .store.check import check_index, rebuild_advice

    report = check_index(obj.index_dir, obj.model)
    for line in report.lines:
        click.echo(printable(line))
    if report.problems:
        advice = rebuild_advice(obj.index_dir, report)
        click.echo(printable(f"the index is damaged ({report.problems} problems): {advice}"))
        sys.exit(1)
    click.echo("the index is whole")


def filter_options(command):
    """--doc, --kind, --speaker, --stance-only, --from, --to: the same filters everywhere."""
    options = [
        click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable)."),
        click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this kind (repeatable)."),
        click.option("--speaker", "speakers", multiple=True, type=click.Choice(SPEAKERS), help="Only author text or only quotations."),
        click.option("--stance-only", is_flag=True, help="Only the region's stance: the own text of statements a region or its bodies issued."),
        click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Documents dated on or after."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Documents dated on or before."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command("ask")
@click.argument("question")
@click.option("--top-k", default=5, show_default=True, type=click.IntRange(1, tuning.MAX_TOP_K),
              help=f"Passages to return (1 to {tuning.MAX_TOP_K}).")
@click.option("--json", "as_json", is_flag=True, help="JSON output; with QUESTION '-', one question a line on stdin.")
@click.option("--llm-url", envvar=config.LLM_URL_ENV, metavar="URL",
              help="OpenAI-compatible endpoint for a generated, verified answer (e.g. http://localhost:11434/v1).")
@click.option("--llm-model", envvar=config.LLM_MODEL_ENV, default="", help="Model name at that endpoint.")
@click.option("--llm-timeout", envvar=config.LLM_TIMEOUT_ENV, type=float, default=config.DEFAULT_LLM_TIMEOUT,
              show_default=True,
              help="Seconds the whole reply may take (a total deadline); what is verified by then is kept.")
@filter_options
@pass_context
def ask_command(obj: Context, question: str, top_k: int, as_json: bool, llm_url, llm_model, llm_timeout,
                **filter_values) -> None:
    """Ask a question; the answer cites the passages it comes from."""
    from .answers.answer import answer
    from .answers.llm import LLMConfig

    index = ensure_indexed(obj)
    filters = Filters(**{k: list(v) if isinstance(v, tuple) else v for k, v in filter_values.items()})
    llm = LLMConfig(llm_url, llm_model, config.llm_api_key(), llm_timeout) if llm_url else None
    questions = [line.strip() for line in sys.stdin if line.strip()] if question == "-" else [question]
    for q in questions:
        result = answer(index, q, filters=filters, k=top_k, llm=llm)
        click.echo(json.dumps(answer_json(result), ensure_ascii=False) if as_json else format_answer(result))


@cli.command("eval")
@click.argument("questions_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Full results as JSON.")
@click.option("--retrieval-only", is_flag=True, help="Skip answering (no refusal figures; faster).")
@pass_context
def eval_command(obj: Context, questions_file: Path, as_json: bool, retrieval_only: bool) -> None:
    """Measure retrieval on questions with gold evidence (JSONL: q, lang, speaker, gold, answerable)."""
    from .evaluate import evaluate, load_questions

    report = evaluate(ensure_indexed(obj), load_questions(questions_file), answers=not retrieval_only)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    summary = report.summary()
    columns = list(summary["all"])
    click.echo("scope\t" + "\t".join(columns))
    for scope, figures in summary.items():
        click.echo(scope + "\t" + "\t".join(str(figures[c]) for c in columns))
    matrix = report.refusal_matrix()
    if matrix:
        click.echo("refusals (rows: the questions; columns: what the system did)")
        click.echo(f"{'':14}{'answered':>10}{'refused':>10}")
        for truth, counts in matrix.items():
            click.echo(f"{truth:14}{counts['answered']:>10}{counts['refused']:>10}")
    for miss in report.missed():
        click.echo(printable(f"missed: {miss.id} (rank {miss.rank or '>10'}): {miss.question}"))
    for miss in report.wrong_speaker():
        click.echo(printable(f"wrong speaker: {miss.id} ({miss.top_speaker}, asked for {miss.speaker}): {miss.question}"))
    for miss in report.not_refused():
        click.echo(printable(f"not refused: {miss.id}: {miss.question}"))


@cli.command("serve")
@click.option("--host", envvar=config.HOST_ENV, default=config.DEFAULT_HOST, show_default=True,
              help=f"Address to listen on (${config.HOST_ENV}).")
@click.option("--port", type=int, envvar=config.PORT_ENV, default=config.DEFAULT_PORT, show_default=True,
              help=f"Port (${config.PORT_ENV}).")
@click.option("--auth", envvar=config.AUTH_ENV, metavar="USER:PASSWORD",
              help=f"Require this login (${config.AUTH_ENV}); without it, no login.")
@pass_context
def serve_command(obj: Context, host: str, port: int, auth: str | None) -> None:
    """Start the web chat (open http://HOST:PORT in a browser)."""
    user, _, password = (auth or "").partition(":")
    if auth is not None and not (user and password):
        raise click.BadParameter("expected USER:PASSWORD, both non-empty", param_hint="--auth")
    index = ensure_indexed(obj)
    from .web import serve, wait

    demo = serve(index, host, port, (user, password) if auth else None, block=False)
    click.echo(f"The chat runs on {demo.local_url} (stop it with Ctrl+C)", err=True)
    wait(demo)


def ensure_indexed(obj: Context):
    """On first use, index the documents folder so that a first question just works."""
    index = obj.index
    if index.is_empty():
        from .ingest.indexer import collect_files, index_files
        from .ingest.ocr import OcrOptions

        folder = config.documents_dir()
        files = collect_files([folder]) if folder.is_dir() else []
        if not files:
            raise click.ClickException(
                f"the index in {index.folder} is empty and there are no documents in {folder}/: "
                "index some with `yttrande-qa index PATH`"
            )
        click.echo(f"The index is empty: indexing {folder}/ first …", err=True)
        ocr = OcrOptions(on_progress=show_ocr_progress)
        index_with_progress(files, lambda done: index_files(index, files, on_done=done, ocr=ocr), err=True)
        if index.is_empty():
            raise click.ClickException(f"no document in {folder}/ could be indexed")
    return index


def answer_json(result: Answer) -> dict:
    data = {
        "question": result.question,
        "answer": result.text,
        "refused": result.refused,
        "score": None if result.score is None else round(result.score, 4),
        "passages": [{**asdict(p), "score": round(p.score, 4)} for p in result.passages],
    }
    if result.searched_query:
        data["searched_query"] = result.searched_query
    if result.removed is not None:
        data["removed"] = result.removed
    return data


def format_answer(result: Answer) -> str:
    from .answers.citations import reference

    return printable("\n".join([result.text, "", *(reference(p, result.lang) for p in result.passages)]), keep_newlines=True)


def main() -> None:
    config.set_process_defaults()
    cli()


if __name__ == "__main__":
    main()
