"""The web chat: ask in Swedish or English, read the answer with its sources, narrow the search, rate answers.

Text from documents reaches the page only escaped for HTML and Markdown (`escape`), and the only markup
added around it is ours (`<mark>` for the question's terms, badges, details), so a document is always
shown as text, never run as HTML or script.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict, replace
from functools import partial
from typing import TYPE_CHECKING

from . import config, messages, tuning
from .answers.answer import answer_stream
from .answers.citations import ocr_note, reference, speaker_label
from .answers.matching import PassageTerms, Terms
from .limits import Guard, LoginThrottle, SlidingWindow
from .models import Answer, Filters, Passage
from .store.index import Index
from .terms import tokens

if TYPE_CHECKING:
    import gradio as gr

CONCURRENCY = 2  # answering is CPU-bound: one question computed per core at a time
# Questions that may be answered at once besides: waiting for a language model takes no core, so a slow
# model keeps its user waiting (until YTTRANDE_QA_LLM_TIMEOUT), never another user's question.
WAITING_ON_MODEL = 16
TOP_K = 5
MAX_QUESTION = 1000
MESSAGES_PER_TURN = 3  # the question, the answer, the sources

_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]|~$#:"})

CSS = """
#app-header { border-bottom: 4px solid #1b4f8a; padding-bottom: .75rem; }
#app-header h1 { color: #12355b; margin: 0 0 .25rem 0; }
#app-header p { margin: 0; max-width: 60rem; }
#question-row { align-items: flex-end; }
#app-footer { border-top: 1px solid #c4c4c4; padding-top: .5rem; font-size: .92em; }
.dark #app-header h1 { color: #b9d3f5; }
.answer p { margin: 0 0 .5em 0; }
.answer .ref { margin: 0 0 .3em 0; font-size: .92em; }
.answer .ref:first-of-type, .answer p:not(.ref) + .ref { margin-top: .9em; }
.answer .searched { font-size: .9em; color: #3d3d3d; }
.answer .cite, .source .cite { font-weight: 700; color: #12355b; }
.source { border-left: 4px solid #6b6b6b; padding: .25rem 0 .25rem .75rem; margin: 0 0 1rem 0; }
.source.stance { border-left-color: #0b6b2f; }
.source.quoted { border-left-color: #8a4b00; }
.source .meta { margin: 0 0 .35rem 0; font-size: .92em; }
.source blockquote { margin: 0 0 .35rem 0; padding: 0; border: 0; font-style: normal; }
.sources > summary { cursor: pointer; font-weight: 700; color: #12355b; margin-bottom: .5rem; }
.source details summary { cursor: pointer; color: #12355b; text-decoration: underline; }
.source .context p { margin: .35rem 0; }
.source .context .current { font-weight: 600; }
.badge { display: inline-block; padding: 0 .45em; border: 1px solid; border-radius: .3em;
         font-size: .85em; font-weight: 700; line-height: 1.5; }
.badge.stance { background: #e7f4ec; color: #0b4d23; border-color: #0b6b2f; }
.badge.quoted { background: #fff1de; color: #6e3b00; border-color: #8a4b00; }
.badge.own { background: #e9eff8; color: #12355b; border-color: #1b4f8a; }
.badge.weak, .badge.ocr { background: #f1f1f1; color: #3d3d3d; border-color: #6b6b6b; }
mark { background: #fff0a0; color: #1a1a1a; padding: 0 .1em; }
.dark .answer .searched { color: #d6d6d6; }
.dark .answer .cite, .dark .source .cite, .dark .sources summary { color: #b9d3f5; }
"""

# Gradio's page template says lang="en" and its own i18n follows the browser's language; the interface
# is Swedish whatever the browser says, so the page declares Swedish.
PAGE_LANGUAGE_JS = "() => { document.documentElement.lang = 'sv'; }"


def escape(text: str) -> str:
    """Document text made inert for both HTML and Markdown: shown exactly as written."""
    return text.translate(_ESCAPES)


def highlight(text: str, terms: Terms) -> str:
    """`text` escaped, with the words that match the question's terms in <mark>."""
    parts, emitted, searched = [], 0, 0
    for token in tokens(text):
        start = text.find(token, searched)
        searched = start + len(token)
        if _matches(token, terms):
            parts += [escape(text[emitted:start]), "<mark>", escape(token), "</mark>"]
            emitted = searched
    parts.append(escape(text[emitted:]))
    return "".join(parts)


def _matches(word: str, terms: Terms) -> bool:
    candidate = PassageTerms.of(word)
    return any(candidate.has_stem(s) for s in terms.stems) or any(candidate.has_anchor(a) for a in terms.anchors)


def render_answer(result: Answer, lang: str) -> str:
    """The answer with its [n] markers, and a reference line per passage: who speaks, document, page."""
    text = messages.ANSWER_VIEW[lang]
    lines = [f'<div class="answer" lang="{lang}">']
    if result.searched_query:
        lines.append(f'<p class="searched">{text["searched"]}: <q>{escape(result.searched_query)}</q></p>')
    for paragraph in filter(None, (p.strip() for p in result.text.splitlines())):
        lines.append(f"<p>{_with_citations(paragraph)}</p>")
    lines += [_reference_line(p, lang) for p in result.passages]
    lines.append("</div>")
    return "\n".join(lines)


def _with_citations(paragraph: str) -> str:
    """Escaped text in which each [n] marker is set apart."""
    escaped = escape(paragraph)
    for n in range(1, TOP_K * 4):
        escaped = escaped.replace(f"&#91;{n}&#93;", f'<span class="cite">[{n}]</span>')
    return escaped


def _role(passage: Passage) -> str:
    return "stance" if passage.is_stance else "quoted" if passage.speaker == "quoted" else "own"


def _citation_badges(passage: Passage, lang: str) -> str:
    html = (f'<span class="cite">[{passage.citation}]</span> '
            f'<span class="badge {_role(passage)}">{escape(speaker_label(passage, lang))}</span>')
    if passage.weak:
        html += f' <span class="badge weak">{messages.ANSWER_VIEW[lang]["weak"]}</span>'
    if passage.ocr:
        html += f' <span class="badge ocr">{ocr_note(lang)}</span>'
    return html


def _reference_line(passage: Passage, lang: str) -> str:
    where = [f"{messages.PAGE[lang]} {passage.page}"] if passage.page is not None else []
    where += [escape(passage.section)] if passage.section else []
    where.append(escape(passage.title) + (f" ({escape(passage.date)})" if passage.date else ""))
    return f'<p class="ref">{_citation_badges(passage, lang)} {" · ".join(where)}</p>'


def render_sources(index: Index, result: Answer, lang: str) -> str:
    """The passages in full, the question's terms marked, each with its surrounding text to expand."""
    text = messages.ANSWER_VIEW[lang]
    if not result.passages:
        return f"<p>{text['none']}</p>"
    terms = Terms.of(result.searched_query or result.question, lang)
    return "\n".join([
        f'<details class="sources"><summary>{text["sources"]} ({len(result.passages)})</summary>',
        *(_render_passage(index, p, terms, lang) for p in result.passages),
        "</details>",
    ])


def _render_passage(index: Index, passage: Passage, terms: Terms, lang: str) -> str:
    return "\n".join([
        f'<section class="source {_role(passage)}" aria-label="{messages.ANSWER_VIEW[lang]["source"]} {passage.citation}">',
        f'<p class="meta">{_citation_badges(passage, lang)}</p>',
        f"<blockquote>{highlight(passage.text, terms)}</blockquote>",
        _render_context(index, passage, terms, lang),
        "</section>",
    ])


def _render_context(index: Index, passage: Passage, terms: Terms, lang: str) -> str:
    """The neighbouring chunks, each with who is speaking (a neighbour may be a quotation)."""
    rows = index.store.neighbours(passage.chunk_id)
    if len(rows) <= 1:
        return ""
    paragraphs = []
    for row in rows:
        if row["chunk_id"] == passage.chunk_id:
            paragraphs.append(f'<p class="current">{highlight(passage.text, terms)}</p>')
            continue
        neighbour = replace(passage, speaker=row["speaker"], quoted_page=row["quoted_page"],
                            quoted_page_end=row["quoted_page_end"])
        paragraphs.append(f"<p><em>{escape(speaker_label(neighbour, lang))}:</em> {escape(row['text'])}</p>")
    return (f'<details><summary>{messages.ANSWER_VIEW[lang]["context"]}</summary><div class="context">'
            + "".join(paragraphs) + "</div></details>")


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
    chat = [*chat, gr.ChatMessage(role="user", content=question)]
    yield "", chat, turns, gr.skip()
    # With an LLM each answer holds one more verified sentence (the last is complete); unverified text
    # is never yielded.
    for result in answer_stream(index, question, history_of(turns), filters, TOP_K, gate=gate):
        turn = {"question": question, "answer": result.text, "passages": passages_json(result)}
        yield "", [*chat, *reply_messages(index, result)], [*turns, turn], memo_text(result, result.lang)


def reply_messages(index: Index, result: Answer) -> list["gr.ChatMessage"]:
    """The answer and its sources, as two chat messages."""
    import gradio as gr

    return [
        gr.ChatMessage(role="assistant", content=render_answer(result, result.lang)),
        gr.ChatMessage(role="assistant", content=render_sources(index, result, result.lang)),
    ]


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


def new_conversation() -> tuple[list, list, str]:
    """The chat, its turns and the memo, emptied."""
    return [], [], ""


def refreshed_documents(index: Index) -> "gr.Dropdown":
    """The document list with documents indexed while the chat runs."""
    import gradio as gr

    return gr.Dropdown(choices=document_choices(index))


def build_app(index: Index) -> "gr.Blocks":
    """The page, wired to the callbacks above."""
    import gradio as gr

    text = messages.CHAT

    ratings = SlidingWindow(tuning.RATINGS_PER_MINUTE, 60)

    def on_like(data: gr.LikeData, turns, request: gr.Request):  # Gradio fills these by their annotations
        client = request.client.host if request and request.client else "unknown"
        rate(index, data.liked, data.index, turns, client, ratings)
        return turns

    with gr.Blocks(title=messages.TITLE, analytics_enabled=config.gradio_analytics()) as demo:
        gr.Markdown(f"# {messages.TITLE}\n{messages.INTRO}", elem_id="app-header")
        turns = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label=text["conversation"], height=640, buttons=[], latex_delimiters=[], allow_tags=False,
                    placeholder=text["conversation_placeholder"],
                )
                with gr.Row(elem_id="question-row"):
                    question = gr.Textbox(
                        label=text["question"], placeholder=text["question_placeholder"],
                        scale=5, lines=1, max_lines=4, autofocus=True,
                    )
                    ask = gr.Button(text["ask"], variant="primary", scale=1, min_width=100)
                gr.Markdown(text["examples"])
                with gr.Row():
                    examples = [gr.Button(q, size="sm", variant="secondary") for q in messages.EXAMPLES]
                memo = gr.Textbox(label=text["memo"], lines=3, max_lines=8, interactive=False, buttons=["copy"])
            with gr.Column(scale=1, min_width=260):
                gr.Markdown(text["filters"])
                stance_only = gr.Checkbox(label=text["stance_only"], info=text["stance_only_info"])
                doc_ids = gr.Dropdown(label=text["documents"], info=text["documents_info"], multiselect=True,
                                      choices=document_choices(index), allow_custom_value=True)
                kinds = gr.CheckboxGroup(label=text["kinds"], info=text["kinds_info"], choices=messages.KIND_CHOICES)
                clear = gr.Button(text["new_conversation"], variant="secondary")
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
        clear.click(new_conversation, None, [chatbot, turns, memo], api_visibility="private")
        # The chatbot's own bin icon clears the chat; the turns and the memo go with it.
        chatbot.clear(lambda: new_conversation()[1:], None, [turns, memo], api_visibility="private")
        # Documents indexed while the chat runs appear when the list is opened.
        doc_ids.focus(partial(refreshed_documents, index), None, doc_ids, api_visibility="private")
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
    )


def serve(index: Index, host: str | None = None, port: int | None = None,
          auth: tuple[str, str] | None = None, block: bool = True) -> "gr.Blocks":
    """Start the chat on http://host:port; with block=False return at once (tests). The chat takes no
    uploads, and failed logins are throttled (limits.py)."""
    from starlette.middleware import Middleware

    demo = build_app(index)
    demo.launch(
        server_name=host, server_port=port, auth=LoginThrottle(*auth) if auth else None,
        prevent_thread_lock=not block, quiet=not block, theme=theme(), css=CSS, js=PAGE_LANGUAGE_JS,
        footer_links=[], ssr_mode=False, auth_message=messages.CHAT["login"], max_file_size=0,
        app_kwargs={"middleware": [Middleware(Guard)]},
    )
    return demo
