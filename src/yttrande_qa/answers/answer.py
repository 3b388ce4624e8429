"""answer(question, history, filters) → an Answer with [n] markers that point into its passages.

Extractive by default (compose.py); with an LLM configured (llm.py), a generated answer whose every
sentence has been verified against the passage it cites. When the passages do not answer the question
(refusal.answers_question), the answer says so and the passages are offered as weakly related.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import links, messages, tuning
from ..models import Answer, Filters, Passage
from ..retrieval.query import Language, detect_language, has_topic, rewrite_followup
from ..retrieval.search import search, sentence_similarities
from ..store.index import Index
from . import paired
from .compose import Similarities, compose
from .llm import LLMConfig, generate_verified
from .refusal import answers_question


def answer(
    index: Index,
    question: str,
    history: list[dict] | None = None,
    filters: Filters | None = None,
    k: int = 5,
    llm: LLMConfig | None = None,
) -> Answer:
    """The complete answer; with an LLM, the last of `answer_stream`'s answers."""
    result = None
    for result in answer_stream(index, question, history, filters, k, llm):
        pass
    return result


def is_answered(index: Index, question: str, filters: Filters | None = None, k: int = 5) -> bool:
    """Whether `answer` answers the question rather than refuse it, found without a language model."""
    passages = search(index, question, filters, k)
    return answers_question(question, detect_language(question), passages, calibrated_scores(index))


def answer_stream(
    index: Index,
    question: str,
    history: list[dict] | None = None,
    filters: Filters | None = None,
    k: int = 5,
    llm: LLMConfig | None = None,
) -> Iterator[Answer]:
    """Answers that grow one verified sentence at a time; the last one is complete. Without an LLM
    there is only one. Never yields text that has not been verified against its passage."""
    searched = rewrite_followup(question, history)
    lang = detect_language(question)
    if not has_topic(searched):  # any passage would be unrelated
        yield Answer(question, messages.NO_TOPIC[lang], True, [], lang=lang)
        return
    rewritten = searched if searched != question else None
    calibrated = calibrated_scores(index)
    paired_result = _paired(index, question, searched, lang, filters or Filters(), k, calibrated)
    if paired_result:
        paired_result.searched_query = rewritten
        yield paired_result
        return
    passages = search(index, searched, filters, k)
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    links.attach_quote_sources(index.store.db, passages)
    if not answers_question(searched, lang, passages, calibrated):
        for passage in passages:
            passage.weak = True
        yield Answer(question, messages.REFUSAL[lang], True, passages, rewritten, lang=lang)
        return
    llm = llm or LLMConfig.from_env()
    meaning = sentence_similarities(index, searched, passages) if calibrated else {}
    if llm is None:
        text = compose(searched, lang, passages, meaning)
        replied = paired.replies_instead(index, question, searched, lang, passages, text)
        if replied:
            replied.searched_query = rewritten
        yield replied or Answer(question, text, False, passages, rewritten, lang=lang)
        return
    yield from _generated(question, searched, lang, passages, meaning, rewritten, llm)


def _paired(index: Index, question: str, searched: str, lang: Language, filters: Filters, k: int,
            calibrated: bool) -> Answer | None:
    """The report's point and the statement's reply, for a question about how the statement responds
    to the report (paired.py); None for other questions, or when no statement quotes the report on it."""
    request = paired.parse(searched)
    if request is None or filters.stance_only:
        return None
    return paired.paired_answer(index, question, request, lang, filters, k, calibrated)


def calibrated_scores(index: Index) -> bool:
    """Whether the index's similarities are those the thresholds were set on: the same model through
    the same backend, for the stored vectors and for the question's (the 4-bit and the full-precision
    e5-small give different cosines)."""
    manifest = index.manifest()
    calibrated = (tuning.CALIBRATED_MODEL, tuning.CALIBRATED_BACKEND)
    return (manifest["model"], manifest["backend"]) == calibrated and index.embedder.backend == calibrated[1]


def _generated(
    question: str,
    searched: str,
    lang: Language,
    passages: list[Passage],
    meaning: Similarities,
    rewritten: str | None,
    llm: LLMConfig,
) -> Iterator[Answer]:
    sentences: list[str] = []
    outcome = None
    stream = generate_verified(llm, searched, lang, passages)
    try:
        while True:
            sentences.append(next(stream))
            yield Answer(question, " ".join(sentences), False, passages, rewritten, removed=0, lang=lang)
    except StopIteration as stop:
        outcome = stop.value
    if not sentences:
        text = compose(searched, lang, passages, meaning) + "\n\n" + messages.FALLBACK_NOTE[lang]
        yield Answer(question, text, False, passages, rewritten, removed=outcome.removed, lang=lang)
        return
    text = " ".join(sentences)
    if outcome.removed:
        text += "\n\n" + messages.REMOVED_NOTE[lang][outcome.removed > 1].format(n=outcome.removed)
    yield Answer(question, text, False, passages, rewritten, removed=outcome.removed, lang=lang)
