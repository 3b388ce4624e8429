"""The chat under a slow model, abuse and password guessing, through the real app on localhost: one
user's slow model never holds another user's question, uploads are refused, ratings are bounded,
logins are throttled."""

from __future__ import annotations

import time

import pytest
from helpers import ScriptedModel, running_chat, supported

pytest.importorskip("gradio_client")

ANSWERED = "Vad föreslår förvaltningen om VA?"
REFUSED = "Vad säger yttrandet om skolmaten?"  # not in the documents: answered without the model


def text_of(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def submit(url: str, question: str):
    from gradio_client import Client

    return Client(url, verbose=False).submit(question=question, api_name="/ask")


def test_a_slow_model_holds_no_other_users_question(seed_index_copy, monkeypatch):
    from yttrande_qa.config import LLM_MODEL_ENV, LLM_TIMEOUT_ENV, LLM_URL_ENV

    deadline = 8.0
    model = ScriptedModel()
    model.script = lambda p: " ".join([supported(p)] * 60)  # a minute at this pace
    model.drip = 0.1
    monkeypatch.setenv(LLM_URL_ENV, model.url)
    monkeypatch.setenv(LLM_MODEL_ENV, "scripted")
    monkeypatch.setenv(LLM_TIMEOUT_ENV, str(deadline))
    try:
        with running_chat(seed_index_copy) as url:
            start = time.monotonic()
            slow = [submit(url, ANSWERED) for _ in range(2)]  # as many as there are cores
            while len(model.requests) < 2:
                time.sleep(0.05)
            other = submit(url, REFUSED)
            third = submit(url, ANSWERED)
            _, chat, _ = other.result(timeout=3 * deadline)
            assert not any(job.done() for job in slow), "the refused question waited for the slow answers"
            while len(model.requests) < 3:
                time.sleep(0.05)
            assert not model.closed, "the third question reached the model only after a slow answer ended"
            finals = [job.result(timeout=3 * deadline) for job in [*slow, third]]
            assert time.monotonic() - start < 3 * deadline
    finally:
        model.close()
    assert "Jag hittar inget" in text_of(chat[1])
    for _, final_chat, _ in finals:
        assert "hann inte svara färdigt" in text_of(final_chat[1])
