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


class DamagedIndexError(YttrandeQAError):
    """The index database cannot be read as one: damaged, or not a database at all."""

    def __init__(self, path: str | Path, detail: str):
        self.path = str(path)
        folder = Path(path).parent
        super().__init__(
            f"the index database {self.path} is damaged ({detail}); rebuild the index from your documents: "
            f"yttrande-qa --index-dir {folder} index --rebuild FOLDER (or move the folder {folder} away)"
        )


class PortInUseError(YttrandeQAError):
    """The chat cannot listen on its port."""

    def __init__(self, host: str, port: int, port_env: str):
        super().__init__(f"cannot listen on {host}:{port} (the port is in use, or the address is not this "
                         f"machine's): choose another port with --port or ${port_env}")
