"""Hostile files: devices, pipes, huge sparse files, zip bombs, bytes that are not text, AES-encrypted PDFs.

Each is rejected quickly with one line naming the file (or, for the AES PDF with an empty password, read)."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import docx
import pytest
from helpers import build_statement_pdf, docx_with_inflated_part, run
from pypdf import PdfReader, PdfWriter

from yttrande_qa.errors import DocumentError
from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.tuning import MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO

HANG_GUARD = 120  # seconds; every case here must be answered in well under a second of work


def test_devices_pipes_and_huge_sparse_files_are_rejected_before_reading(tmp_path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    sparse = tmp_path / "stor.txt"
    with sparse.open("wb") as handle:
        handle.truncate(20 * 1024**3)  # 20 GB of holes: hashing it would read 20 GB
    good = tmp_path / "yttrande-om-bussar.txt"
    good.write_text("Yttrande\n\nRegionen anser att fler bussar behövs i inlandet.\n", encoding="utf-8")
    result = run("index", "/dev/zero", str(fifo), str(sparse), str(good), index_dir=tmp_path / "index")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: /dev/zero: not a regular file (a device)",
        f"error: {fifo}: not a regular file (a named pipe)",
        f"error: {sparse}: file too large (21475 MB; the limit is 50 MB)",
    ]
    assert "added" in result.stdout and "yttrande-om-bussar" in result.stdout


def test_zip_bomb_docx_is_rejected_before_parsing_in_bounded_memory(tmp_path):
    """200 MB of document.xml in a 200 KB file: rejected without inflating it, under a 1 GB memory cap."""
    bomb = docx_with_inflated_part(tmp_path / "bomb.docx", "word/document.xml", 200 * 1024**2)
    assert bomb.stat().st_size < 2 * 1024**2
    probe = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from yttrande_qa.errors import DocumentError\n"
        "from yttrande_qa.ingest.readers import read_pages\n"
        "try:\n"
        "    read_pages(sys.argv[1])\n"
        "except DocumentError as error:\n"
        "    print(error)\n"
        # The peak of this process's own memory: ru_maxrss would carry over the test runner's across exec.
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(bomb)], capture_output=True, text=True,
                            timeout=HANG_GUARD)
    assert result.returncode == 0, result.stderr[-2000:]
    message, max_rss_kb = result.stdout.splitlines()
    assert message.startswith(f"{bomb}: ") and "word/document.xml inflates to 200 MB" in message
    assert int(max_rss_kb) < 1024**2


def test_zip_entry_with_an_extreme_compression_ratio_is_rejected(tmp_path):
    bomb = docx_with_inflated_part(tmp_path / "kvot.docx", "word/styles.xml", 8 * 1024**2)
    with pytest.raises(DocumentError) as caught:
        read_pages(bomb)
    reason = caught.value.reason
    assert reason.startswith("word/styles.xml inflates") and f"the limit is {MAX_ZIP_RATIO} times" in reason
    assert MAX_ZIP_ENTRY_BYTES > 8 * 1024**2  # the ratio, not the size, rejects it


def test_ordinary_docx_passes_the_zip_limits(tmp_path):
    document = docx.Document()
    for number in range(300):
        document.add_paragraph(f"Stycke {number}: Regionen anser att kollektivtrafiken ska byggas ut.")
    document.save(tmp_path / "yttrande.docx")
    assert "Stycke 299" in read_pages(tmp_path / "yttrande.docx")[0].lines[-3].text


def random_bytes_without_nul(size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_named_txt_are_not_text(tmp_path, seed):
    path = tmp_path / "slump.txt"
    path.write_bytes(random_bytes_without_nul(50_000, seed))
    with pytest.raises(DocumentError) as caught:
        read_pages(path)
    assert "not text" in caught.value.reason


def test_text_without_spaces_is_not_text(tmp_path):
    """208 KB without a space once took over 300 s to index (long chunks the model read whole)."""
    rng = random.Random(208)
    path = tmp_path / "utan-mellanslag.txt"
    path.write_text("".join(rng.choice("abcdefghijklmnopqrstuvwxyzåäö") for _ in range(50_000)), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_pages(path)
    assert "not text: hardly any spaces" in caught.value.reason


def test_text_with_a_few_control_characters_is_still_text(tmp_path):
    path = tmp_path / "yttrande.txt"
    body = "Regionen anser att kollektivtrafiken ska byggas ut i hela länet. " * 40
    path.write_text("Yttrande\n\n" + body + "\x1b[31m röd \x1b[0m\x07\n", encoding="utf-8")
    assert any("kollektivtrafiken" in line.text for line in read_pages(path)[0].lines)


def test_windows_1252_text_is_still_text(tmp_path):
    path = tmp_path / "yttrande.txt"
    path.write_bytes("Yttrande över förslaget – nämnden är positiv till åtgärderna.\n".encode("cp1252") * 20)
    assert "Yttrande över förslaget – nämnden är positiv till åtgärderna." in read_pages(path)[0].lines[0].text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_encrypted_pdf_with_empty_user_password_is_read(tmp_path, algorithm):
    plain = build_statement_pdf(tmp_path / "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="ägare", algorithm=algorithm)
    locked = tmp_path / f"{algorithm}.pdf"
    writer.write(locked)
    assert PdfReader(locked).is_encrypted
    text = [line.text for page in read_pages(locked) for line in page.lines]
    assert any("5.2 Kompetensförsörjning" in line for line in text)


def test_aes_encrypted_pdf_with_a_password_is_refused(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(build_statement_pdf(tmp_path / "plain.pdf")))
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    with pytest.raises(DocumentError) as caught:
        read_pages(locked)
    assert "password" in caught.value.reason
