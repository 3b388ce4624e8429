"""The extractive answer: the documents' own sentences that answer the question, each with its [n],
the region's stance first and what the report said after, each group introduced by who is speaking.

Sentences are chosen by the question's terms (verify.py) and by their passage's rank, so English
questions, whose words do not occur in Swedish text, get the leading sentences of the best passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import messages, tuning
from ..models import Passage
from ..retrieval.query import Language, analyse
from ..text import PAGE_REFERENCE, split_sentences
from .citations import speaker_label
from .matching import PassageTerms, Terms, coverage
from .verify import addresses_assistant

Similarities = dict[tuple[int, str], float]  # (chunk id, sentence text) → cosine with the question

# Sentences that propose or take a position, for questions that ask for proposals.
_PROPOSAL = re.compile(r"\b(åtgärd\w*|förslag\w*|föresl\w*|planerar|kommer att|kan vara|bör)\b", re.I)
_ANAPHOR = re.compile(r"^(Detta|Dessa|Det här|Därför|Därmed|Där|This|These|That)\b")
_COMPLETE_END = re.compile(rf"[.!?…][\"”’)]*(?:\s*{PAGE_REFERENCE})?$")
_COMPLETE_START = re.compile(r"^[\"“”'(]?[A-ZÅÄÖ0-9]")

@dataclass(frozen=True)
class Sentence:
    text: str
    passage: Passage
    position: int
    score: float
    relevance: float  # evidence from terms: the question's terms it holds, and proposals for proposals
    terms: Terms


def is_complete(sentence: str) -> bool:
    """A whole sentence: starts with a capital or digit and ends with its full stop (or "(sidan N)")."""
    return bool(_COMPLETE_START.match(sentence) and _COMPLETE_END.search(sentence))


def compose(
    question: str, lang: Language, passages: list[Passage], meaning: Similarities | None = None
) -> str:
    """The answer text: chosen sentences, verbatim, grouped by speaker and introduced in words.
    `meaning`: the question's similarity to the passages' sentences (search.sentence_similarities)."""
    chosen = choose_sentences(question, lang, passages, meaning or {})
    groups: dict[str, list[Sentence]] = {}
    for sentence in sorted(chosen, key=lambda s: (_group_order(s.passage), s.passage.citation, s.position)):
        groups.setdefault(_group_label(sentence.passage, lang), []).append(sentence)
    paragraphs = [
        label + " " + " ".join(f"{s.text} [{s.passage.citation}]" for s in sentences)
        for label, sentences in groups.items()
    ]
    if lang == "en":
        paragraphs.append(messages.NOTE_SWEDISH)
    return "\n\n".join(paragraphs)


def choose_sentences(
    question: str, lang: Language, passages: list[Passage], meaning: Similarities | None = None
) -> list[Sentence]:
    """The best whole sentences of the top passages by the question's terms, passage rank and reading
    order; near-duplicates dropped. For an English question, whose words rarely match the Swedish
    text, a sentence without term evidence must also be near the closest sentence in meaning."""
    info = analyse(question)
    listing = info.is_list
    terms = Terms.of(question, lang)
    candidates = [
        s for rank, p in enumerate(passages[: tuning.LIST_PASSAGES_USED if listing else tuning.PASSAGES_USED])
        for s in _sentences(p, rank, terms, info.asks_proposals)
    ]
    if lang == "en":
        candidates = _near_in_meaning(candidates, meaning or {})
    # English words match Swedish text only through a small glossary: passage rank, which comes from
    # meaning, decides for English, and terms only pick the sentences within a passage.
    candidates.sort(key=lambda s: (s.passage.citation, -s.relevance, s.position) if lang == "en" else (-s.score,))
    limit = tuning.LIST_SENTENCES if listing else tuning.FOCUSED_SENTENCES[1]
    chosen: list[Sentence] = []
    best = candidates[0] if candidates else None
    for sentence in candidates:
        if len(chosen) >= limit:
            break
        if chosen and not _belongs(sentence, best, lang, listing, len(chosen)):
            continue
        for part in (_antecedent(sentence, candidates), sentence):
            if part and part not in chosen and not any(_similar(part.terms, c.terms) for c in chosen):
                chosen.append(part)
    return chosen


def _near_in_meaning(candidates: list[Sentence], meaning: Similarities) -> list[Sentence]:
    similarity = {id(s): meaning.get((s.passage.chunk_id, s.text)) for s in candidates}
    known = [v for v in similarity.values() if v is not None]
    if not known:
        return candidates
    floor = max(known) - tuning.MEANING_MARGIN
    return [s for s in candidates if s.relevance > 0 or similarity[id(s)] is None or similarity[id(s)] >= floor]


def _belongs(sentence: Sentence, best: Sentence, lang: Language, listing: bool, count: int) -> bool:
    """Whether a sentence may join the answer that `best` leads. A focused answer stays with its best
    passage, unless another passage is as much on topic or gives the region's stance where the best
    passage does not. For an English question (or one without any term evidence) the passages' rank
    decides: the best passage, and the next only if it ranks about as high."""
    other_passage = sentence.passage is not best.passage
    if lang == "en" or best.relevance <= 0:
        close = best.passage.score - sentence.passage.score <= tuning.CLOSE_SCORE
        return listing or not other_passage or (count < tuning.FOCUSED_SENTENCES[0] and close)
    if sentence.relevance <= 0 or sentence.relevance < tuning.RELATIVE_FLOOR * best.relevance:
        return False
    adds_stance = sentence.passage.is_stance and not best.passage.is_stance
    return listing or not other_passage or adds_stance or sentence.relevance >= best.relevance


def _antecedent(sentence: Sentence, candidates: list[Sentence]) -> Sentence | None:
    """The sentence before one that starts "Detta …", which would not make sense without it."""
    if not _ANAPHOR.match(sentence.text):
        return None
    return next((c for c in candidates if c.passage is sentence.passage and c.position == sentence.position - 1), None)


def _sentences(passage: Passage, rank: int, terms: Terms, proposal: bool) -> list[Sentence]:
    # A proposal counts only in a passage about the question's topic (its own sentence may not name it).
    on_topic = not terms.words or coverage(terms, PassageTerms.of(passage.text)) > 0
    if addresses_assistant(passage.text):
        return []
    result = []
    for position, text in enumerate(split_sentences(passage.text)):
        if not is_complete(text) or len(text.split()) < tuning.MIN_WORDS:
            continue
        prepared = PassageTerms.of(text)
        matched = coverage(terms, prepared) if terms.words else 0.0
        anchors = sum(prepared.has_anchor(a) for a in terms.anchors)
        bonus = tuning.PROPOSAL_BONUS if proposal and on_topic and _PROPOSAL.search(text) else 0.0
        relevance = matched + tuning.ANCHOR_WEIGHT * anchors + bonus
        # Terms decide; passage rank and reading order break ties (and decide for English).
        score = relevance + passage.score - tuning.RANK_STEP * rank - tuning.POSITION_STEP * position
        result.append(Sentence(text, passage, position, score, relevance, Terms.of(text, "sv")))
    return result


def _similar(a: Terms, b: Terms) -> bool:
    smaller = min(len(a.stems), len(b.stems)) or 1
    return len(a.stems & b.stems) / smaller >= tuning.NEAR_DUPLICATE


def _group_order(passage: Passage) -> int:
    return 0 if passage.is_stance else 1 if passage.speaker == "quoted" else 2


def _group_label(passage: Passage, lang: Language) -> str:
    frames = messages.FRAMES[lang]
    if passage.is_stance:
        return frames["stance"]
    key = "quoted" if passage.kind == "statement" else "other"
    return frames[key].format(label=speaker_label(passage, lang))
