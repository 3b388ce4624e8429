"""Checks on a file before anything parses it: a regular file of a sane size (so that a device, a pipe or a
20 GB sparse file is refused at once, before hashing), a zip container (.docx) whose entries do not inflate
past a limit, and text that is text.

Zip limits are checked on the sizes the zip's directory declares; Python's zipfile (which python-docx
reads with) stops an entry at its declared size and fails on a wrong checksum, so a container cannot
inflate past what was checked.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import zipfile
from pathlib import Path

from .. import tuning
from ..errors import DocumentError

MB = 1024 * 1024
TEXT_SAMPLE_CHARS = 2_000_000  # text is judged on its first 2 million characters

CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
LETTER = re.compile(r"[^\W\d_]")
SPACE = re.compile(r"\s")
WORD = re.compile(r"\S+")
FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_file(path: Path) -> os.stat_result:
    """The file's status if it is a regular file of an acceptable size; otherwise DocumentError."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise DocumentError(path, _stat_error(path, error)) from None
    _check_status(path, status)
    return status


def content_hash(path: Path) -> str:
    """SHA-256 of the file, after the checks of `check_file` on the very file opened."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a pipe must not wait for a writer
    except OSError as error:
        raise DocumentError(path, _stat_error(path, error)) from None
    try:
        _check_status(path, os.fstat(fd))
    except DocumentError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def check_zip(path: Path) -> None:
    """Refuse a zip container with an entry that would inflate past the limits, before parsing it."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as error:
        raise DocumentError(path, f"corrupt or not a zip-based document ({type(error).__name__})") from None
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > tuning.MAX_ZIP_ENTRY_BYTES:
            raise DocumentError(path, f"{entry.filename} inflates to {entry.file_size // MB} MB "
                                      f"(the limit is {tuning.MAX_ZIP_ENTRY_BYTES // MB} MB); a zip bomb?")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > tuning.ZIP_RATIO_FROM and ratio > tuning.MAX_ZIP_RATIO:
            raise DocumentError(path, f"{entry.filename} inflates {ratio:.0f} times, to "
                                      f"{entry.file_size // MB} MB (the limit is {tuning.MAX_ZIP_RATIO} times); "
                                      "a zip bomb?")
    if total > tuning.MAX_ZIP_TOTAL_BYTES:
        raise DocumentError(path, f"its parts inflate to {total // MB} MB (the limit is "
                                  f"{tuning.MAX_ZIP_TOTAL_BYTES // MB} MB); a zip bomb?")


def decode_text(path: Path, data: bytes) -> str:
    """Plain text from UTF-8, UTF-16 (with a byte-order mark) or Windows-1252; DocumentError if the
    bytes are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise DocumentError(path, "binary file, not text (contains NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    _check_is_text(path, text)
    return text


def _check_is_text(path: Path, text: str) -> None:
    sample = text[:TEXT_SAMPLE_CHARS]
    if not sample:
        return
    controls = len(CONTROL.findall(sample)) / len(sample)
    undecodable = sample.count("\ufffd") / len(sample)
    visible = len(sample) - len(SPACE.findall(sample))
    letters = len(LETTER.findall(sample)) / visible if visible else 1.0
    unlike_text = (controls > tuning.MAX_CONTROL_SHARE or undecodable > tuning.MAX_UNDECODABLE_SHARE
                   or letters < tuning.MIN_LETTER_SHARE)
    if unlike_text:
        raise DocumentError(
            path,
            f"binary file, not text ({controls:.0%} control characters, {undecodable:.0%} undecodable "
            f"bytes, {letters:.0%} letters)",
        )
    word_length = visible / max(1, len(WORD.findall(sample)))
    if word_length > tuning.MAX_MEAN_WORD_CHARS:
        raise DocumentError(path, f"not text: hardly any spaces ({word_length:.0f} characters a word on "
                                  f"average; the limit is {tuning.MAX_MEAN_WORD_CHARS})")


def _check_status(path: Path, status: os.stat_result) -> None:
    if stat.S_ISDIR(status.st_mode) and os.path.islink(path):
        target = Path(path).resolve()
        if target in Path(path).parent.resolve().parents or target == Path(path).parent.resolve():
            raise DocumentError(path, f"symbolic link loop (leads back to {target})")
    for is_kind, kind in FILE_KINDS:
        if is_kind(status.st_mode):
            raise DocumentError(path, f"not a regular file ({kind})")
    if status.st_size > tuning.MAX_FILE_BYTES:
        raise DocumentError(path, f"file too large ({status.st_size / 1e6:.0f} MB; the limit is "
                                  f"{tuning.MAX_FILE_BYTES // MB} MB)")
    if status.st_size == 0:
        raise DocumentError(path, "empty file")


def _stat_error(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT:
        return "broken symbolic link (its target is missing)" if os.path.islink(path) else "file not found"
    return error.strerror or str(error)
