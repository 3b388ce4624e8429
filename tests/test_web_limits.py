"""The chat under a slow model, abuse and password guessing, through the real app on localhost: one
user's slow model never holds another user's question, uploads are refused, ratings are bounded,
logins are throttled."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers import ScriptedModel, free_port, running_chat, supported

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


def test_uploads_are_refused_before_anything_is_stored(seed_index_copy):
    import requests
    from gradio.utils import get_upload_folder

    upload_dir = Path(get_upload_folder())
    with running_chat(seed_index_copy) as url:
        before = {p for p in upload_dir.rglob("*")} if upload_dir.exists() else set()
        body = b"x" * (5 * 2**20)
        for route in ["gradio_api/upload", "gradio_api/upload/", "upload", "gradio_api/process_recording"]:
            reply = requests.post(url + route, files={"files": ("rapport.pdf", body)})
            assert reply.status_code == 403, (route, reply.status_code)
            assert "tar inte emot filer" in reply.text
        after = {p for p in upload_dir.rglob("*")} if upload_dir.exists() else set()
    assert after == before


def queue_call(url: str, session: str, fn_index: int, trigger_id: int, data: list, event_data=None) -> dict:
    """One event through Gradio's queue, as the page's JavaScript sends it; the completion message."""
    import requests

    body = {"data": data, "event_data": event_data, "fn_index": fn_index, "trigger_id": trigger_id,
            "session_hash": session}
    event = requests.post(url + "gradio_api/queue/join", json=body).json()["event_id"]
    with requests.get(url + f"gradio_api/queue/data?session_hash={session}", stream=True) as stream:
        for line in stream.iter_lines():
            message = json.loads(line[len(b"data:"):]) if line.startswith(b"data:") else {}
            if message.get("event_id") == event and message.get("msg") == "process_completed":
                return message
    raise AssertionError("the event never completed")


def dependency(url: str, trigger: str) -> tuple[int, int]:
    """(fn_index, trigger id) of the chat's event on `trigger` ("like", "submit")."""
    import requests

    config = requests.get(url + "config").json()
    return next((i, d["targets"][0][0]) for i, d in enumerate(config["dependencies"]) if d["targets"][0][1] == trigger)


def test_ratings_are_bounded_per_answer_and_per_client(seed_index_copy):
    import uuid

    from yttrande_qa import tuning
    from yttrande_qa.store.index import Index
    from yttrande_qa.web import MESSAGES_PER_TURN

    with running_chat(seed_index_copy) as url:
        ask, like = dependency(url, "submit"), dependency(url, "like")
        session = uuid.uuid4().hex
        questions = tuning.RATINGS_PER_MINUTE + 2
        for n in range(questions):  # each a turn of the same conversation
            done = queue_call(url, session, *ask, [f"Vad föreslår förvaltningen om VA? ({n})", [], None, False, [], []])
            assert done["success"]
        flood = [queue_call(url, session, *like, [None], {"index": 1, "value": "", "liked": True}) for _ in range(20)]
        others = [queue_call(url, session, *like, [None], {"index": MESSAGES_PER_TURN * n + 1, "value": "", "liked": False})
                  for n in range(1, questions)]
        beyond = queue_call(url, session, *like, [None], {"index": MESSAGES_PER_TURN * questions + 1, "value": "", "liked": True})
    assert all(m["success"] for m in flood + others)
    assert not beyond["success"] and "inget svar att betygsätta" in beyond["output"]["error"]
    index = Index(seed_index_copy)
    ratings = [row["rating"] for row in index.store.feedback()]
    index.close()
    assert ratings == [1] + [-1] * (tuning.RATINGS_PER_MINUTE - 1)  # one per answer, ten a minute


def test_failed_logins_are_throttled_per_client_and_per_user(seed_index_copy):
    import requests

    from yttrande_qa import tuning
    from yttrande_qa.store.index import Index
    from yttrande_qa.web import serve

    index = Index(seed_index_copy)
    demo = serve(index, "127.0.0.1", free_port(), auth=("handlaggare", "rätt-lösenord"), block=False)
    url = demo.local_url

    def login(user: str, password: str, client: str) -> requests.Response:
        return requests.post(url + "login", data={"username": user, "password": password},
                             headers={"X-Forwarded-For": client})

    try:
        for attempt in range(tuning.LOGIN_FAILURES_PER_CLIENT):
            assert login("handlaggare", f"fel-{attempt}", "10.1.1.1").status_code == 400
        throttled = login("handlaggare", "rätt-lösenord", "10.1.1.1")  # even the right one, from there
        assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
        assert login("handlaggare", "rätt-lösenord", "10.1.1.2").status_code == 200  # another client
        for client in range(tuning.LOGIN_FAILURES_PER_USER - tuning.LOGIN_FAILURES_PER_CLIENT):
            assert login("handlaggare", "fel", f"10.2.0.{client}").status_code == 400
        assert login("handlaggare", "rätt-lösenord", "10.3.3.3").status_code == 429  # the user, from anywhere
        assert login("annan", "fel", "10.3.3.4").status_code == 400  # other users are not held up
    finally:
        demo.close()
        index.close()
