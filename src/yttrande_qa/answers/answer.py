"""answer(question, history, filters) → an Answer with [n] markers that point into its passages.

Extractive by default (compose.py); with an LLM configured (llm.py), a generated answer whose every
sentence has been verified against the passage it cites. When the passages do not answer the question
(refusal.assess), the answer says so and the passages are offered as weakly related. Either way the
answer carries its `score`, the estimated probability that the documents answer the question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from functools import partial

from .. import links, messages, tuning
from ..models import Answer, Filters, Passage
from ..retrieval.query import Language, detect_language, has_topic, rewrite_followup
from ..retrieval.search import search
from ..store.index import Index
from . import paired
from .compose import arrange, compose
from .llm import LLMConfig, generate_verified
from .meaning import Meaning
from .refusal import assess
from .verify import Verifier


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
    return assess(index, question, detect_language(question), passages, calibrated_scores(index)).answered


def answer_stream(
    index: Index,
    question: str,
    history: list[dict] | None = None,
    filters: Filters | None = None,
    k: int = 5,
    llm: LLMConfig | None = None,
    gate: AbstractContextManager | None = None,
) -> Iterator[Answer]:
    """Answers that grow one verified sentence at a time; the last one is complete. Without an LLM
    there is only one. Never yields text that has not been verified against its passage.
    `gate` is held while computing (searching, composing, verifying) and never while waiting for the
    language model, so that a slow model holds no worker that another question needs (web.py)."""
    gate = gate or nullcontext()
    with gate:
        done, generation = _computed(index, question, history, filters, k, llm)
    if done is not None:
        yield done
        return
    yield from _generated(*generation, gate)


def _computed(index: Index, question: str, history: list[dict] | None, filters: Filters | None, k: int,
              llm: LLMConfig | None) -> tuple[Answer | None, tuple | None]:
    """The finished answer; or, when a language model is to write it, what `_generated` needs."""
    searched = rewrite_followup(question, history)
    lang = detect_language(question)
    if not has_topic(searched):  # any passage would be unrelated
        return Answer(question, messages.NO_TOPIC[lang], True, [], lang=lang), None
    rewritten = searched if searched != question else None
    calibrated = calibrated_scores(index)
    paired_result = _paired(index, question, searched, lang, filters or Filters(), k, calibrated)
    if paired_result:
        paired_result.searched_query = rewritten
        return paired_result, None
    passages = search(index, searched, filters, k)
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    links.attach_quote_sources(index.store.db, passages)
    assessment = assess(index, searched, lang, passages, calibrated)
    score = assessment.score
    if not assessment.answered:
        for passage in passages:
            passage.weak = True
        return Answer(question, messages.REFUSAL[lang], True, passages, rewritten, lang=lang, score=score), None
    llm = llm or LLMConfig.from_env()
    if llm is None:
        text = arrange(assessment.chosen, lang)
        replied = _instead(index, question, searched, lang, passages, text, filters or Filters(), k, calibrated)
        if replied:
            replied.searched_query = rewritten
            replied.score = score
        return replied or Answer(question, text, False, passages, rewritten, lang=lang, score=score), None
    verifier = Verifier(lang, passages, *_embedding(index, passages, calibrated))
    instead = partial(_instead, index, question, searched, lang, passages, filters=filters or Filters(), k=k,
                      calibrated=calibrated)
    return None, (index, question, searched, lang, passages, assessment.closeness, rewritten, llm, verifier, score,
                  instead)


def _instead(index: Index, question: str, searched: str, lang: Language, passages: list[Passage], text: str,
             filters: Filters, k: int, calibrated: bool) -> Answer | None:
    """For a question about the statement's view whose answer `text` cites only others' words: the
    statements' replies to the report's words (paired.replies_instead), else the region's own text
    (paired.regions_view_instead); None when the answer is fine."""
    return (paired.replies_instead(index, question, searched, lang, passages, text)
            or paired.regions_view_instead(index, question, searched, lang, passages, text, filters, k, calibrated))


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


def _embedding(index: Index, passages: list[Passage], calibrated: bool) -> tuple[dict, Callable | None]:
    """The passages' stored sentence vectors and the model's embedding function, for the verifier's
    closeness check (only with the model and backend its threshold was calibrated on)."""
    if not calibrated:
        return {}, None
    stored = {text: vector for _, text, vector in index.store.sentences_of([p.chunk_id for p in passages])}
    return stored, index.embedder.embed_passages


def _generated(
    index: Index,
    question: str,
    searched: str,
    lang: Language,
    passages: list[Passage],
    closeness: Meaning,
    rewritten: str | None,
    llm: LLMConfig,
    verifier: Verifier,
    score: float | None,
    instead: Callable[[str], Answer | None],
    gate: AbstractContextManager,
) -> Iterator[Answer]:
    """The model's verified sentences as they come. For a question about the region's view, sentences
    that cite only the report's words are held back until one cites the region's own text; an answer
    that never does gets the statements' replies instead, or the region's own text (`instead`)."""
    def verified(sentence: str) -> bool:
        with gate:
            return verifier(sentence)

    def replies(text: str) -> Answer | None:
        with gate:
            replied = instead(text=text)
        if replied:
            replied.searched_query = rewritten
            replied.score = score
        return replied

    sentences: list[str] = []
    outcome = None
    stream = generate_verified(llm, searched, lang, passages, verified)
    try:
        while True:
            sentences.append(next(stream))
            if not paired.needs_replies(searched, passages, " ".join(sentences)):
                yield Answer(question, " ".join(sentences), False, passages, rewritten, removed=0, lang=lang,
                             score=score)
    except StopIteration as stop:
        outcome = stop.value
    if not sentences:
        with gate:
            text = compose(searched, lang, passages, closeness)
        yield replies(text) or Answer(question, text + "\n\n" + messages.FALLBACK_NOTE[lang], False, passages,
                                      rewritten, removed=outcome.removed, lang=lang, score=score)
        return
    text = " ".join(sentences)
    replied = replies(text)
    if replied:
        yield replied
        return
    if outcome.removed:
        text += "\n\n" + messages.REMOVED_NOTE[lang][outcome.removed > 1].format(n=outcome.removed)
    if outcome.cut:
        text += "\n\n" + messages.CUT_NOTE[lang][outcome.cut]
    yield Answer(question, text, False, passages, rewritten, removed=outcome.removed, lang=lang, score=score)
