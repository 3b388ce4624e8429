"""The web chat on a free localhost port, asked through gradio_client as a browser would."""

from __future__ import annotations

import html
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers import (
    DEV_QUESTIONS,
    IMG_LITERAL,
    SCRIPT_LITERAL,
    ScriptedModel,
    first_sentence,
    load_jsonl,
    run,
    running_chat,
    supported,
    write_documents,
)

from yttrande_qa.text import compact

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


def test_answer_with_citations_and_sources(chat_url):
    chat, memo = ask(chat_url, "Vad föreslår förvaltningen om VA?")
    assert [m["role"] for m in chat] == ["user", "assistant", "assistant"]
    answer, sources = message_text(chat[1]), message_text(chat[2])
    assert '<span class="cite">[1]</span>' in answer
    assert "Yttrandets text" in visible_text(answer)  # who is speaking, with each reference
    assert "Källor" in visible_text(sources) and "<mark>" in sources  # the passages, terms marked
    assert "Visa omgivande text" in visible_text(sources)
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
        expected[q["q"]] = (memo_text(result, detect_language(q["q"])), [p.text for p in result.passages])
    index.close()

    with running_chat(seed_index_copy) as url, ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda q: ask(url, q["q"]), questions))

    with_gold = 0
    for q, (chat, memo) in zip(questions, replies):
        expected_memo, passages = expected[q["q"]]
        assert message_text(chat[0]) == q["q"]
        assert memo == expected_memo, q["id"]
        gold = [compact(g) for g in q["gold"]]
        if any(g in compact(p) for p in passages for g in gold):  # its gold passage was retrieved
            with_gold += 1
            assert any(g in compact(visible_text(message_text(chat[2]))) for g in gold), q["id"]
    assert with_gold >= 15


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
    assert "rapport om fjällturism och skoterleder" in answer
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
            streamed = [answer_text(message_text(chat[1])) for _, chat, _ in job.outputs() if len(chat) == 3]
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

    files = write_documents(tmp_path / "docs")
    index = Index(seed_index_copy)
    [outcome] = index_files(index, [files["xss"]])
    index.close()
    with running_chat(seed_index_copy) as url:
        chat, _ = ask(url, "Vad föreslår förvaltningen om granskningen av webbtjänsten?",
                         doc_ids=[outcome.doc_id])
    for message in chat[1:]:
        markup = message_text(message)
        assert "<script" not in markup and "<img" not in markup
    sources = visible_text(message_text(chat[2]))
    assert SCRIPT_LITERAL in sources and IMG_LITERAL in sources


def test_highlight_escapes_before_marking():
    from yttrande_qa.answers.matching import Terms
    from yttrande_qa.web import highlight

    marked = highlight('VA-samverkan <b>"avloppsledningar"</b> & [länk](javascript:x)', Terms.of("avlopp VA", "sv"))
    assert "<mark>VA-samverkan</mark>" in marked
    assert "<mark>avloppsledningar</mark>" in marked
    assert "<b>" not in marked and "[" not in marked and "(javascript:" not in marked
    assert visible_text(marked.replace("<mark>", "").replace("</mark>", "")) == (
        'VA-samverkan <b>"avloppsledningar"</b> & [länk](javascript:x)'
    )
