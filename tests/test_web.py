"""The web chat on a free localhost port, asked through gradio_client as a browser would."""

from __future__ import annotations

import html
import io
import json
import re
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers import (
    CLI,
    DEV_QUESTIONS,
    IMG_LITERAL,
    ROOT,
    SCRIPT_LITERAL,
    ScriptedModel,
    build_statement_pdf,
    first_sentence,
    free_port,
    load_jsonl,
    run,
    running_chat,
    supported,
    write_documents,
)

pytest.importorskip("gradio_client")


def ask(url: str, question: str, **filters) -> tuple[list[dict], str]:
    """One question in a new session: (the chat's messages, the plain-text memo)."""
    from gradio_client import Client

    _, chat, memo = Client(url, verbose=False).predict(question=question, api_name="/ask", **filters)
    return chat, memo


def message_text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def visible_text(markup: str) -> str:
    """What a browser shows for this markup: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def answer_text(markup: str) -> str:
    """The answer's own paragraphs, without the reference lines under it."""
    return visible_text("\n".join(re.findall(r"<p>(.*?)</p>", markup, re.S)))


@pytest.fixture
def chat_url(seed_index_copy):
    with running_chat(seed_index_copy) as url:
        yield url


def test_answer_with_citations_and_references(chat_url):
    chat, memo = ask(chat_url, "Vad föreslår förvaltningen om VA?")
    assert [m["role"] for m in chat] == ["user", "assistant"]
    answer = message_text(chat[1])
    assert re.search(r'<a class="cite" href="#passage/[a-z0-9-]+/\d+" title="Visa källa \d">\[\d\]</a>', answer)
    assert "Yttrandets text" in visible_text(answer)  # who is speaking, with each reference
    assert "Källor" in visible_text(answer)
    assert memo.startswith("Fråga: Vad föreslår förvaltningen om VA?") and "\n[1] Yttrandets text · " in memo


def test_english_question_gets_english_framing(chat_url):
    chat, memo = ask(chat_url, "What does the administration propose on VA?")
    answer = visible_text(message_text(chat[1]))
    assert "The statement's own text" in answer
    assert answer.count("Swedish") == 1  # one note that the quoted sentences are Swedish, not two
    assert memo.startswith("Question: ")


def test_stance_only_shows_no_quotation(chat_url):
    question = "Vad säger kommunerna om kompetensförsörjningen?"
    unfiltered, _ = ask(chat_url, question)
    assert "Citat ur rapporten" in visible_text(message_text(unfiltered[1]))  # the question finds quotations
    chat, _ = ask(chat_url, question, stance_only=True)
    answer = visible_text(message_text(chat[1]))
    assert "Yttrandets text" in answer and "Citat" not in answer and "Rapportens text" not in answer


def test_twenty_questions_at_once_are_not_mixed_up(seed_index_copy):
    from yttrande_qa.answers.answer import answer
    from yttrande_qa.retrieval.query import detect_language
    from yttrande_qa.store.index import Index
    from yttrande_qa.web import TOP_K, memo_text

    questions = [q for q in load_jsonl(DEV_QUESTIONS) if q.get("answerable", True)][:20]
    assert len(questions) == 20
    index = Index(seed_index_copy)
    expected = {}
    for q in questions:  # the same question asked directly, one at a time
        result = answer(index, q["q"], filters=None, k=TOP_K)
        expected[q["q"]] = (memo_text(result, detect_language(q["q"])), [p.chunk_id for p in result.passages])
    index.close()

    with running_chat(seed_index_copy) as url, ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda q: ask(url, q["q"]), questions))

    for q, (chat, memo) in zip(questions, replies):
        expected_memo, chunk_ids = expected[q["q"]]
        assert visible_text(message_text(chat[0])) == q["q"]
        assert memo == expected_memo, q["id"]
        linked = [int(n) for n in re.findall(r'href="#passage/[^/"]+/(\d+)"', message_text(chat[1]))]
        assert set(linked) == set(chunk_ids), q["id"]  # the answer's own passages, none of another's


def test_documents_indexed_while_running_are_answered_and_can_be_chosen(seed_index_copy, tmp_path):
    from gradio_client.exceptions import AppError

    files = write_documents(tmp_path / "docs")
    question = "Vad föreslår förvaltningen om skoterlederna i fjällen?"
    with running_chat(seed_index_copy) as url:
        before, _ = ask(url, question)
        assert "fjällturism" not in message_text(before[1])
        assert run("index", str(files["mountain"]), index_dir=seed_index_copy).returncode == 0  # as an official would
        after, _ = ask(url, question)
        [new_id] = [d["doc_id"] for d in json.loads(run("list", "--json", index_dir=seed_index_copy).stdout)
                    if "fjällturism" in d["title"]]
        chosen, memo = ask(url, "Vad föreslår förvaltningen om busstrafiken?", doc_ids=[new_id])
        with pytest.raises(AppError, match="finns inte i indexet"):
            ask(url, question, doc_ids=["inget-sådant-dokument"])
    answer = visible_text(message_text(after[1]))
    assert 'title="Regionala utvecklingsnämndens yttrande över rapport om fjällturism och skoterleder"' in (
        message_text(after[1]))  # the full title behind the short label
    assert "Yttrande över rapport om fjällturism och skoterleder, 2025-03-10" in answer  # the short label
    assert "s. 1" in answer  # the printed page
    references = [line for line in memo.split("Källor:\n", 1)[1].splitlines() if line.startswith("[")]
    assert references and all("fjällturism" in line for line in references)  # only the chosen document


def test_llm_answers_stream_verified_sentences_only(seed_index_copy, monkeypatch):
    from gradio_client import Client

    from yttrande_qa.config import LLM_MODEL_ENV, LLM_URL_ENV

    model = ScriptedModel()
    model.script = lambda p: " ".join([
        supported(p),
        first_sentence(p[1]).rstrip(".") + " med 4711 miljoner kronor [1].",  # a number passage 1 lacks
        first_sentence(p[2]).rstrip(".") + " [2].",
    ])
    monkeypatch.setenv(LLM_URL_ENV, model.url)
    monkeypatch.setenv(LLM_MODEL_ENV, "scripted")
    try:
        with running_chat(seed_index_copy) as url:
            job = Client(url, verbose=False).submit(question="Vad föreslår förvaltningen om VA?", api_name="/ask")
            _, final, memo = job.result()
            streamed = [answer_text(message_text(chat[1])) for _, chat, _ in job.outputs() if len(chat) == 2]
    finally:
        model.close()
    assert model.requests, "the chat did not ask the model"
    answer = answer_text(message_text(final[1]))
    assert answer == streamed[-1]
    assert "4711" not in "".join(streamed) + memo
    assert "(1 genererad mening togs bort eftersom de citerade styckena inte stöder den.)" in answer
    assert "[1]" in answer and "[2]" in answer
    sentences = [s for s in streamed if "togs bort" not in s]  # the answer as it grew, sentence by sentence
    assert len(sentences) >= 2 and "[2]" not in sentences[0] and "[2]" in sentences[-1]


def test_document_text_is_shown_as_text_never_as_html(seed_index_copy, tmp_path):
    from yttrande_qa.ingest.indexer import index_files
    from yttrande_qa.store.index import Index
    from yttrande_qa.web import show_passage

    files = write_documents(tmp_path / "docs")
    index = Index(seed_index_copy)
    [outcome] = index_files(index, [files["xss"]])
    index.close()
    with running_chat(seed_index_copy) as url:
        chat, _ = ask(url, "Vad föreslår förvaltningen om granskningen av webbtjänsten?",
                         doc_ids=[outcome.doc_id])
    markup = message_text(chat[1])
    assert "<script" not in markup and "<img" not in markup
    index = Index(seed_index_copy)
    doc_id, chunk_id = re.search(r'href="#passage/([^/"]+)/(\d+)"', markup).groups()
    shown = show_passage(index, doc_id, int(chunk_id), [])  # the source panel
    index.close()
    assert "<script" not in shown and "<img" not in shown
    assert SCRIPT_LITERAL in visible_text(shown) and IMG_LITERAL in visible_text(shown)


def test_highlight_escapes_before_marking():
    from yttrande_qa.answers.matching import Terms
    from yttrande_qa.views import highlight

    marked = highlight('VA-samverkan <b>"avloppsledningar"</b> & [länk](javascript:x)', Terms.of("avlopp VA", "sv"))
    assert "<mark>VA-samverkan</mark>" in marked
    assert "<mark>avloppsledningar</mark>" in marked
    assert "<b>" not in marked and "[" not in marked and "(javascript:" not in marked
    assert visible_text(marked.replace("<mark>", "").replace("</mark>", "")) == (
        'VA-samverkan <b>"avloppsledningar"</b> & [länk](javascript:x)'
    )


@pytest.fixture
def pdf_chat(seed_index_copy, tmp_path):
    """The chat over the seed and a statement PDF made by fpdf2: (url, index folder, the PDF's doc id)."""
    from yttrande_qa.ingest.indexer import index_files
    from yttrande_qa.store.index import Index

    index = Index(seed_index_copy)
    [outcome] = index_files(index, [build_statement_pdf(tmp_path / "yttrande.pdf")])
    index.close()
    with running_chat(seed_index_copy) as url:
        yield url, seed_index_copy, outcome.doc_id


def test_page_images_and_files_are_served_by_document_id_only(pdf_chat, tmp_path):
    import httpx
    from PIL import Image

    from yttrande_qa.tuning import PAGE_IMAGE_WIDTH

    url, _, doc_id = pdf_chat
    original = httpx.get(f"{url}files/{doc_id}")
    assert original.status_code == 200 and original.headers["content-type"] == "application/pdf"
    assert original.content == (tmp_path / "yttrande.pdf").read_bytes()
    assert original.headers["content-disposition"].startswith("inline")  # opens in the browser, at #page=N
    page = httpx.get(f"{url}pages/{doc_id}/1")
    assert page.status_code == 200 and page.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(page.content)).width == PAGE_IMAGE_WIDTH
    for wrong in [f"pages/{doc_id}/2", f"pages/{doc_id}/-1", "files/inget-sådant", "pages/inget-sådant/0",
                  "files/..%2F..%2F..%2Fetc%2Fpasswd", "files/%2Fetc%2Fpasswd"]:
        assert httpx.get(f"{url}{wrong}").status_code == 404, wrong
    (tmp_path / "yttrande.pdf").rename(tmp_path / "flyttad.pdf")  # the file moved: nothing is served
    assert httpx.get(f"{url}files/{doc_id}").status_code == 404


def test_with_a_login_pages_and_files_need_it(seed_index_copy, tmp_path):
    import httpx

    from yttrande_qa.ingest.indexer import index_files
    from yttrande_qa.store.index import Index
    from yttrande_qa.web import serve

    index = Index(seed_index_copy)
    [outcome] = index_files(index, [build_statement_pdf(tmp_path / "yttrande.pdf")])
    demo = serve(index, "127.0.0.1", free_port(), auth=("handläggare", "ett-långt-lösenord"), block=False)
    try:
        url = demo.local_url
        for path in (f"files/{outcome.doc_id}", f"pages/{outcome.doc_id}/0"):
            assert httpx.get(url + path).status_code == 401
        with httpx.Client(base_url=url) as client:
            login = client.post("login", data={"username": "handläggare", "password": "ett-långt-lösenord"})
            assert login.status_code == 200
            assert client.get(f"files/{outcome.doc_id}").status_code == 200
            assert client.get(f"pages/{outcome.doc_id}/0").status_code == 200
    finally:
        demo.close()
        index.close()


def test_start_up_is_one_line_and_a_port_in_use_is_one_line(seed_index_copy):
    port = free_port()
    command = [CLI, "--index-dir", seed_index_copy, "serve", "--port", str(port)]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = first.stdout.readline()
        assert line == f"The chat runs on http://127.0.0.1:{port}/ (stop it with Ctrl+C)\n"
        second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode == 1 and second.stdout == ""
        [error] = second.stderr.splitlines()
        assert f"127.0.0.1:{port}" in error and "--port" in error and "GRADIO_SERVER_PORT" in error
    finally:
        first.send_signal(signal.SIGINT)  # Ctrl+C
        output, _ = first.communicate(timeout=60)
    assert first.returncode == 0
    assert output == ""  # nothing after the one line (no share=True hint, no traceback on stopping)
