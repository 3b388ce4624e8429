"""The web chat: ask in Swedish or English, read the answer with its references, see a cited passage on
its page in the source panel, narrow the search, choose a document, rate answers.

What the chat shows is made in views.py (answers, the document list) and panel.py (the source panel);
here are the chat's callbacks (module-level functions of the index and plain values), the Gradio page
that wires them, the routes that serve page images and original files by document id, and `serve`.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import config, messages, panel, render, tuning
from .answers.answer import answer_stream
from .answers.citations import reference
from .answers.matching import Terms
from .errors import PortInUseError
from .examples import example_questions
from .limits import Guard, LoginThrottle, SlidingWindow
from .models import Answer, Filters
from .store.index import Index
from .views import document_label, documents_table, escape, render_answer

if TYPE_CHECKING:
    import gradio as gr
    from fastapi import APIRouter

CONCURRENCY = 2  # answering is CPU-bound: one question computed per core at a time
# Questions that may be answered at once besides: waiting for a language model takes no core, so a slow
# model keeps its user waiting (until YTTRANDE_QA_LLM_TIMEOUT), never another user's question.
WAITING_ON_MODEL = 16
TOP_K = 5
MAX_QUESTION = 1000
MESSAGES_PER_TURN = 2  # the question, the answer
STATIC = Path(__file__).with_name("static")


def memo_text(result: Answer, lang: str) -> str:
    """The answer and its references as plain text, to paste into a memo."""
    text = messages.ANSWER_VIEW[lang]
    lines = [f"{text['question']}: {result.question}"]
    if result.searched_query:
        lines.append(f"{text['searched']}: {result.searched_query}")
    lines += ["", f"{text['answer']}:", result.text, "", f"{text['references']}:"]
    lines += [reference(p, lang) for p in result.passages]
    return "\n".join(lines)


def passages_json(result: Answer) -> str:
    return json.dumps([asdict(p) for p in result.passages], ensure_ascii=False)


def history_of(turns: list[dict]) -> list[dict]:
    """The conversation so far as plain messages, for follow-up questions."""
    history = []
    for turn in turns:
        history += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": turn["answer"]}]
    return history


# --- the chat's callbacks: plain functions of the index and the widgets' values -------------------
def document_choices(index: Index) -> list[tuple[str, str]]:
    return [(d.title, d.doc_id) for d in index.store.documents()]


def known_documents(index: Index, doc_ids: list[str] | None) -> list[str]:
    """The chosen documents, checked against the index as it is now (the list may have grown since
    the page was loaded, so the dropdown accepts any value and the check is made here)."""
    import gradio as gr

    chosen = list(doc_ids or [])
    unknown = set(chosen) - {doc_id for _, doc_id in document_choices(index)}
    if unknown:
        raise gr.Error(messages.UNKNOWN_DOCUMENT.format(doc_ids=", ".join(sorted(unknown))))
    return chosen


def respond(index: Index, question: str | None, chat: list, turns: list[dict], stance_only: bool,
            doc_ids: list[str] | None, kinds: list[str] | None, *,
            gate: AbstractContextManager | None = None) -> Iterator[tuple]:
    """A question asked (Enter, the button or an example): yields (question box, chat, turns, memo),
    first with the question shown, then with each answer as it grows. `gate` is held while the answer
    is computed, not while a language model is waited for."""
    import gradio as gr

    question = (question or "").strip()[:MAX_QUESTION]
    if not question:
        gr.Warning(messages.EMPTY_QUESTION)
        yield gr.skip(), chat, turns, gr.skip()
        return
    filters = Filters(doc_ids=known_documents(index, doc_ids), kinds=list(kinds or []), stance_only=bool(stance_only))
    chat = [*chat, gr.ChatMessage(role="user", content=escape(question))]  # shown as typed, never as HTML
    yield "", chat, turns, gr.skip()
    # With an LLM each answer holds one more verified sentence (the last is complete); unverified text
    # is never yielded.
    for result in answer_stream(index, question, history_of(turns), filters, TOP_K, gate=gate):
        turn = {"question": question, "answer": result.text, "passages": passages_json(result),
                "searched": result.searched_query or question, "lang": result.lang}
        yield "", [*chat, *reply_messages(result)], [*turns, turn], memo_text(result, result.lang)


def reply_messages(result: Answer) -> list["gr.ChatMessage"]:
    """The answer with its references, as one chat message."""
    import gradio as gr

    return [gr.ChatMessage(role="assistant", content=render_answer(result))]


def show_passage(index: Index, doc_id: str, chunk_id: int, turns: list[dict], quoting: int | None = None) -> str:
    """The source panel for a passage, with the terms of the latest question that found it (or the
    quotation that led to it) marked; a report passage reached from a quotation with only what that
    quotation quotes highlighted."""
    found_by = next((t for t in reversed(turns) if {chunk_id, quoting} & _chunk_ids(t)), None)
    if found_by is None:
        return panel.render_panel(index, doc_id, chunk_id, quoting=quoting)
    terms = Terms.of(found_by["searched"], found_by["lang"])
    return panel.render_panel(index, doc_id, chunk_id, terms, found_by["lang"], found_by["searched"], quoting)


def _chunk_ids(turn: dict) -> set[int]:
    return {p["chunk_id"] for p in json.loads(turn["passages"])}


def rate(index: Index, liked: bool | None, message: int | None, turns: list[dict], client: str = "unknown",
         ratings: SlidingWindow | None = None) -> bool:
    """A thumbs up or down on chat message number `message`: saves the turn it belongs to with the
    rating, once per answer, each text cut to tuning.FEEDBACK_MAX_CHARS, at most `ratings` allows for
    the client; False when nothing was saved (no rating, already rated, too many)."""
    import gradio as gr

    if liked not in (True, False) or not isinstance(message, int):
        return False
    if not 0 <= message // MESSAGES_PER_TURN < len(turns):
        raise gr.Error(messages.FEEDBACK_NO_ANSWER)
    turn = turns[message // MESSAGES_PER_TURN]
    if turn.get("rated"):
        gr.Warning(messages.FEEDBACK_ALREADY)
        return False
    if ratings is not None and not ratings.allow(client):
        gr.Warning(messages.FEEDBACK_TOO_OFTEN)
        return False
    cut = tuning.FEEDBACK_MAX_CHARS
    index.store.add_feedback(1 if liked else -1, turn["question"][:cut], turn["answer"][:cut], turn["passages"][:cut])
    turn["rated"] = True
    gr.Info(messages.FEEDBACK_SAVED)
    return True


def new_conversation() -> tuple[list, list, str, str]:
    """The chat, its turns, the memo and the source panel, emptied."""
    return [], [], "", panel.placeholder()


def refreshed_documents(index: Index) -> "gr.Dropdown":
    """The document list with documents indexed while the chat runs."""
    import gradio as gr

    return gr.Dropdown(choices=document_choices(index))


def choose_document(index: Index, doc_id: str) -> tuple:
    """A document chosen in the document list: the chat searches only it. Returns the document filter,
    the filters opened so that the choice shows, and the chat's tab."""
    import gradio as gr

    [doc_id] = known_documents(index, [doc_id])
    gr.Info(messages.DOCUMENTS["chosen"].format(title=document_label(index.store.document(doc_id))))
    chosen = gr.Dropdown(choices=document_choices(index), value=[doc_id])
    return chosen, gr.Accordion(open=True), gr.Tabs(selected="chat")


def documents_view(index: Index) -> str:
    documents = index.store.documents()
    last_pages = index.store.last_pages()
    pages = {d.doc_id: _pdf_pages(d.path, d.content_hash) or last_pages.get(d.doc_id) for d in documents}
    return documents_table(documents, pages)


@lru_cache(maxsize=1024)
def _pdf_pages(path: str, content_hash: str) -> int | None:
    """A PDF's number of pages, while the file is the one indexed."""
    if not path.lower().endswith(".pdf") or render.file_state(path, content_hash) != "ok":
        return None
    return render.page_count(path)


def example_buttons(index: Index) -> list["gr.Button"]:
    """The example questions as they are for the index now (one button each; unused buttons hidden)."""
    import gradio as gr

    questions = example_questions(index, TOP_K)
    return [gr.Button(value=q, visible=True) for q in questions] + [
        gr.Button(visible=False) for _ in range(tuning.EXAMPLES - len(questions))
    ]


# --- the page -----------------------------------------------------------------------------------
# The source panel opens a passage on a click on any #passage/DOC_ID/CHUNK_ID[/QUOTING_CHUNK_ID] link; it
# then takes the focus (for keyboard and screen-reader users) and comes into view (on a phone it is below
# the chat).
PANEL_JS = """
if (!window.__passageLinks) {
  window.__passageLinks = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#passage/"]');
    if (!link) return;
    event.preventDefault();
    const [, doc, chunk, quoting] = link.getAttribute("href").split("/");
    trigger("click", { doc: decodeURIComponent(doc), chunk: Number(chunk), quoting: quoting ? Number(quoting) : null });
  });
}
watch("value", () => {
  const heading = element.querySelector("#source-heading");
  if (!heading) return;
  heading.focus({ preventScroll: true });
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight / 2) element.scrollIntoView({ block: "start" });
  // The passage's first highlighted line a third of the way down the panel, below the panel's head.
  const mark = element.querySelector(".highlight");
  const column = element.closest("#source-column");
  if (mark && column && column.scrollHeight > column.clientHeight) {
    column.scrollTop += mark.getBoundingClientRect().top - column.getBoundingClientRect().top - column.clientHeight / 3;
  } else if (mark && mark.getBoundingClientRect().bottom > window.innerHeight) {
    mark.scrollIntoView({ block: "center" });
  }
});
"""
DOCUMENTS_JS = """
element.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-doc]");
  if (button) trigger("click", { doc: button.dataset.doc });
});
"""


def build_app(index: Index) -> "gr.Blocks":
    """The page, wired to the callbacks above."""
    import gradio as gr

    text = messages.CHAT

    ratings = SlidingWindow(tuning.RATINGS_PER_MINUTE, 60)

    def on_like(data: gr.LikeData, turns, request: gr.Request):  # Gradio fills these by their annotations
        client = request.client.host if request and request.client else "unknown"
        rate(index, data.liked, data.index, turns, client, ratings)
        return turns

    def on_passage(turns, event: gr.EventData):
        quoting = getattr(event, "quoting", None)
        return show_passage(index, str(event.doc), int(event.chunk), turns, int(quoting) if quoting else None)

    def on_document(event: gr.EventData):
        return choose_document(index, str(event.doc))

    with gr.Blocks(title=messages.TITLE, analytics_enabled=config.gradio_analytics()) as demo:
        gr.Markdown(f"# {messages.TITLE}\n{messages.INTRO}", elem_id="app-header")
        turns = gr.State([])
        with gr.Tabs(selected="chat") as tabs:
            with gr.Tab(text["tab"], id="chat"):
                with gr.Row(elem_id="workspace"):
                    with gr.Column(scale=3, min_width=320, elem_id="chat-column"):
                        chatbot = gr.Chatbot(
                            label=text["conversation"], show_label=False, elem_id="chat", height=None,
                            autoscroll=False, buttons=[], latex_delimiters=[], allow_tags=False,
                            placeholder=text["conversation_placeholder"],
                        )
                        with gr.Row(elem_id="question-row"):
                            question = gr.Textbox(
                                label=text["question"], placeholder=text["question_placeholder"], elem_id="question",
                                scale=5, min_width=260, lines=1, max_lines=4, autofocus=True,
                            )
                            ask = gr.Button(text["ask"], variant="primary", scale=1, min_width=100)
                        gr.Markdown(text["examples"])
                        with gr.Row(elem_id="examples"):
                            examples = [gr.Button(size="sm", variant="secondary", visible=False)
                                        for _ in range(tuning.EXAMPLES)]
                        with gr.Accordion(text["filters"], open=False, elem_id="filters") as filters:
                            stance_only = gr.Checkbox(label=text["stance_only"], info=text["stance_only_info"])
                            doc_ids = gr.Dropdown(label=text["documents"], info=text["documents_info"], multiselect=True,
                                                  choices=document_choices(index), allow_custom_value=True)
                            kinds = gr.CheckboxGroup(label=text["kinds"], info=text["kinds_info"],
                                                     choices=messages.KIND_CHOICES)
                        clear = gr.Button(text["new_conversation"], variant="secondary", size="sm")
                        with gr.Accordion(text["memo"], open=False):
                            memo = gr.Textbox(show_label=False, label=text["memo"], lines=3, max_lines=12,
                                              interactive=False, buttons=["copy"])
                    with gr.Column(scale=2, min_width=300, elem_id="source-column"):
                        source = gr.HTML(panel.placeholder(), js_on_load=PANEL_JS, elem_id="source-panel")
            with gr.Tab(messages.DOCUMENTS["tab"], id="documents") as documents_tab:
                documents = gr.HTML(js_on_load=DOCUMENTS_JS, elem_id="documents")
        gr.Markdown(messages.FOOTER, elem_id="app-footer")

        ask_question = partial(respond, index, gate=threading.BoundedSemaphore(CONCURRENCY))
        inputs = [chatbot, turns, stance_only, doc_ids, kinds]
        outputs = [question, chatbot, turns, memo]
        asking = {"concurrency_id": "ask", "concurrency_limit": CONCURRENCY + WAITING_ON_MODEL}
        question.submit(ask_question, [question, *inputs], outputs, api_name="ask", **asking)
        ask.click(ask_question, [question, *inputs], outputs, api_visibility="private", **asking)
        for button in examples:
            button.click(ask_question, [button, *inputs], outputs, api_visibility="private", **asking)
        chatbot.like(on_like, [turns], [turns], api_visibility="private")
        clear.click(new_conversation, None, [chatbot, turns, memo, source], api_visibility="private")
        # The chatbot's own bin icon clears the chat; the turns, the memo and the panel go with it.
        chatbot.clear(lambda: new_conversation()[1:], None, [turns, memo, source], api_visibility="private")
        # Opening a passage never waits behind answers being composed.
        source.click(on_passage, [turns], source, api_visibility="private", concurrency_id="panel",
                     concurrency_limit=CONCURRENCY)
        documents.click(on_document, None, [doc_ids, filters, tabs], api_visibility="private")
        # Documents indexed while the chat runs appear in the lists and the examples.
        doc_ids.focus(partial(refreshed_documents, index), None, doc_ids, api_visibility="private")
        documents_tab.select(partial(documents_view, index), None, documents, api_visibility="private")
        # Without a progress note: it would be announced before the page has switched Gradio to Swedish.
        demo.load(partial(example_buttons, index), None, examples, api_visibility="private", show_progress="hidden")
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=100)
    return demo


def theme():
    import gradio as gr

    system_fonts = ["system-ui", "Segoe UI", "Arial", "sans-serif"]  # no web fonts: works offline
    return gr.themes.Default(
        primary_hue="blue", neutral_hue="gray", font=system_fonts, font_mono=["ui-monospace", "monospace"],
    ).set(
        button_primary_background_fill="#1b4f8a",
        button_primary_background_fill_hover="#12355b",
        button_primary_text_color="#ffffff",
        button_primary_border_color="#12355b",
        block_info_text_color="*neutral_600",  # the default (neutral_400) is below 4.5:1 on white
        block_info_text_color_dark="*neutral_300",
        body_text_color_subdued="*neutral_600",
        body_text_color_subdued_dark="*neutral_300",
        color_accent="*primary_700",  # the selected tab's text; the default (primary_500) is below 4.5:1
    )


def page_script() -> str:
    """The chat's script (static/chat.js) with Gradio's locale module and the words it replaces."""
    import gradio as gr

    assets = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
    core = next((p.name for p in assets.glob("core-*.js")), "")
    return ((STATIC / "chat.js").read_text(encoding="utf-8")
            .replace("__GRADIO_CORE__", core)
            .replace("__FIXED_WORDS__", json.dumps(messages.GRADIO_FIXED_WORDS, ensure_ascii=False))
            .replace("__MESSAGE_LABELS__", json.dumps(messages.GRADIO_MESSAGE_LABELS, ensure_ascii=False)))


# --- routes: page images and original files, by document id -----------------------------------
def routes(index: Index) -> "APIRouter":
    """GET pages/DOC_ID/PAGE_INDEX (the page as a PNG) and files/DOC_ID (the original file), behind the
    chat's login. Files are found by document id in the index, never by a path from the request."""
    from fastapi import APIRouter, Depends, HTTPException, Request
    from fastapi.responses import FileResponse

    def logged_in(request: Request) -> None:
        """Gradio's own test of a login (routes.App.login_check): when a login is required, the session
        cookie Gradio set when the user logged in."""
        app = request.app
        if app.auth is None and app.auth_dependency is None:
            return
        token = (request.cookies.get(f"access-token-{app.cookie_id}")
                 or request.cookies.get(f"access-token-unsecure-{app.cookie_id}"))
        if app.tokens.get(token) is None:
            raise HTTPException(401, messages.CHAT["login"])

    router = APIRouter(dependencies=[Depends(logged_in)])

    def indexed_file(doc_id: str):
        document = index.store.document(doc_id)
        if document is None or render.file_state(document.path, document.content_hash) != "ok":
            raise HTTPException(404, messages.PANEL["gone"])
        return document

    @router.get(f"/{panel.PAGE_ROUTE}/{{doc_id}}/{{page_index}}")
    def page_image(doc_id: str, page_index: int) -> FileResponse:
        document = indexed_file(doc_id)
        if not document.path.lower().endswith(".pdf") or not 0 <= page_index < render.page_count(document.path):
            raise HTTPException(404)
        image = render.page_image(index.folder, document.path, document.content_hash, page_index)
        return FileResponse(image, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})

    @router.get(f"/{panel.FILE_ROUTE}/{{doc_id}}")
    def original_file(doc_id: str) -> FileResponse:
        document = indexed_file(doc_id)
        return FileResponse(document.path, filename=Path(document.path).name, content_disposition_type="inline")

    return router


def serve(index: Index, host: str | None = None, port: int | None = None,
          auth: tuple[str, str] | None = None, block: bool = True) -> "gr.Blocks":
    """Start the chat on http://host:port, quietly (the caller says where it runs); with block=False
    return at once. The chat takes no uploads, and failed logins are throttled (limits.py)."""
    import gradio as gr
    from starlette.middleware import Middleware

    demo = build_app(index)
    try:
        demo.launch(
            server_name=host, server_port=port, auth=LoginThrottle(*auth) if auth else None,
            prevent_thread_lock=True, quiet=True,
            theme=theme(), css=(STATIC / "chat.css").read_text(encoding="utf-8"), js=page_script(),
            head=f"<style>{(STATIC / 'page.css').read_text(encoding='utf-8')}</style>",
            footer_links=[], ssr_mode=False, auth_message=messages.CHAT["login"], max_file_size=0,
            i18n=gr.I18n(sv=messages.GRADIO_SV),
            app_kwargs={"routes": routes(index).routes, "middleware": [Middleware(Guard)]},
        )
    except OSError:
        raise PortInUseError(host or config.DEFAULT_HOST, port or config.DEFAULT_PORT, config.PORT_ENV) from None
    if block:
        wait(demo)
    return demo


def wait(demo: "gr.Blocks") -> None:
    """Until Ctrl+C, then close the chat (without Gradio's own words about it)."""
    import time

    try:
        while demo.is_running:
            time.sleep(0.5)
    except KeyboardInterrupt:
        demo.close(verbose=False)
