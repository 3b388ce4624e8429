"""Errors a user sees: each names what went wrong in words, never a traceback."""

from __future__ import annotations

from pathlib import Path


class YttrandeQAError(Exception):
    """Base class for errors the CLI reports as one line."""


class DocumentError(YttrandeQAError):
    """A file that cannot be read or indexed; the rest of a batch goes on."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ModelMismatchError(YttrandeQAError):
    """The index was built with another embedding model than the one configured now."""
