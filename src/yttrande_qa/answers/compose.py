"""The extractive answer: the sentences of the retrieved passages that answer the question, verbatim,
each with its [n], grouped by document (newest first, each under its title and date) and within a
document by who is speaking (a statement's own text first, then what it quotes).

A sentence's score is its closeness in meaning to the question (the stored sentence vectors, see
meaning.py), plus the share of the question's words it holds, whether it holds the kind of fact the
question asks for (a date, a number or a period: query.detect_fact; a proposal, for a question about proposals),
and its passage's score. The answer is the best sentence and those nearly as good: at most three for a
focused question, eight for a list question. When the chosen sentences hold nothing of what the question
asks for, the sentence after one of them that does joins them: the framing sentence is not enough when
the next one has the figure or the proposal. A list's introduction ("… bland annat att:") brings its
items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import messages, tuning
from ..genres import document_noun, issuer_and_noun
from ..models import Passage
from ..retrieval.facts import fact_strength, figures
from ..retrieval.query import Language, QueryInfo, analyse, content_words
from ..terms import stem_words
from ..text import PAGE_REFERENCE, split_sentences
from .citations import speaker_label
from .matching import (
    GENRE_WORDS,
    PassageTerms,
    Terms,
    coverage,
    names_someone,
)
from .meaning import Meaning
from .verify import addresses_assistant

# Sentences that propose or take a position, for questions that ask for proposals or measures.
_PROPOSAL = re.compile(
    r"\b(åtgärd\w*|förslag\w*|föresl\w*|rekommender\w*|bör|behöver|kan vara|avser|planerar|kommer att)\b", re.I
)
_ANAPHOR = re.compile(r"^(Detta|Dessa|Det här|Därför|Därmed|Där|This|These|That)\b")
_COMPLETE_END = re.compile(rf"[.!?…:;][\"”’)]*(?:\s*{PAGE_REFERENCE})?$")
_COMPLETE_START = re.compile(r"^[\"“”'(]?[A-ZÅÄÖ0-9]")
# Where a list item starts inside a sentence: "… bland annat att: * undersöka …, * analysera …",
# "… faroangivelser. – H350: …".
_ITEM = re.compile(r"(?:^|\s+)[*•▪]\s+|(?<=[.:;])\s+[–-]\s+(?=[\"“(]?[A-ZÅÄÖ0-9])")
_ITEM_END = re.compile(r"[.!?…:;,][\"”’)]*$")
# A list item's number in a numbered list read as one line: "… 87 Regionala etikprövningsnämnden …".
_NUMBERED = re.compile(r"(?:^|\s)(\d{1,3})\s+(?=[A-ZÅÄÖ])")
# A Markdown link after a sentence ("… 2017. [Pressmeddelande: …](/…)") is not part of it.
_LINK = re.compile(r"(?<=[.!?])\s+(?=\[[^\]]*\]\()")


@dataclass(frozen=True)
class Sentence:
    text: str
    passage: Passage
    position: int  # in its passage, in reading order
    score: float
    fact: float  # how well it holds the date, number or proposal the question asks for
    stems: frozenset[str]  # its content words' Snowball stems, to tell near-duplicates
    item: bool = False  # an item of a list


def is_complete(sentence: str) -> bool:
    """A whole sentence: starts with a capital or digit and ends with its full stop (or "(sidan N)"),
    or with the colon or semicolon of a list."""
    return bool(_COMPLETE_START.match(sentence) and _COMPLETE_END.search(sentence))


def compose(question: str, lang: Language, passages: list[Passage], meaning: Meaning | None = None) -> str:
    """The answer text: the chosen sentences, verbatim, grouped by document and speaker."""
    return arrange(choose_sentences(question, lang, passages, meaning), lang)


def choose_sentences(
    question: str, lang: Language, passages: list[Passage], meaning: Meaning | None = None
) -> list[Sentence]:
    """The sentences that answer: the best one and those within tuning.SENTENCE_MARGIN of it, at most
    tuning.FOCUSED_SENTENCES (for a list question: within tuning.LIST_MARGIN, at most
    tuning.LIST_SENTENCES); near-duplicates dropped; a sentence starting "Detta …" brings the one before
    it."""
    info = analyse(question)
    terms = Terms.of(question, lang)
    candidates = [s for p in passages[: tuning.ANSWER_PASSAGES] for s in _sentences(p, question, lang, info, terms, meaning)]
    if not candidates:
        return []
    ranked = _near_the_best(sorted(candidates, key=lambda s: -s.score))
    limit = tuning.LIST_SENTENCES if info.is_list else tuning.FOCUSED_SENTENCES
    floor = ranked[0].score - (tuning.LIST_MARGIN if info.is_list else tuning.SENTENCE_MARGIN)
    chosen: list[Sentence] = []
    for sentence in ranked:
        if len(chosen) >= limit or sentence.score < floor:
            break
        for part in (_antecedent(sentence, candidates), sentence):
            _add(chosen, part, limit)
        if info.is_list and sentence.item and sentence in chosen:  # a list question gets the list
            for item in _list_of(sentence, candidates):
                _add(chosen, item, limit)
    if (info.asks or info.asks_proposals or info.asks_actor) and not any(s.fact >= 1 for s in chosen):
        _add_following_fact(chosen, candidates, limit)
    elif info.asks:
        _add_continued_fact(chosen, candidates, limit)
    _add_list_items(chosen, candidates, tuning.LIST_SENTENCES if info.is_list else limit, info.is_list)
    return chosen


def arrange(chosen: list[Sentence], lang: Language) -> str:
    """Sentences grouped by document, newest first (undated last), each group under the document's title
    and date; within a document, a statement's own text first, then quotations, in reading order."""
    documents: dict[str, list[Sentence]] = {}
    for sentence in sorted(chosen, key=lambda s: (s.passage.citation, s.position)):
        documents.setdefault(sentence.passage.doc_id, []).append(sentence)
    ordered = sorted(documents.values(), key=lambda group: group[0].passage.date or "", reverse=True)
    ordered.sort(key=lambda group: group[0].passage.date is None)
    paragraphs = [_document_paragraph(group, lang) for group in ordered]
    if lang == "en" and paragraphs:
        paragraphs.append(messages.NOTE_SWEDISH)
    return "\n\n".join(paragraphs)


def _document_paragraph(sentences: list[Sentence], lang: Language) -> str:
    lines = [_heading(sentences[0].passage)]
    speakers: dict[str, list[Sentence]] = {}
    for sentence in sorted(sentences, key=lambda s: (_speaker_order(s.passage), s.passage.citation, s.position)):
        speakers.setdefault(_frame(sentence.passage, lang), []).append(sentence)
    lines += [frame + " " + _cited(group) for frame, group in speakers.items()]
    return "\n".join(lines)


def _heading(passage: Passage) -> str:
    """The document's title, with its number (when the title lacks it) and date: "Moderna
    tillståndsprocesser för elnät (SOU 2019:30, 2019-05-01)"."""
    details = [passage.doc_number] if passage.doc_number and passage.doc_number not in passage.title else []
    details += [passage.date] if passage.date else []
    return passage.title + (f" ({', '.join(details)})" if details else "")


def _cited(sentences: list[Sentence]) -> str:
    """The sentences in order, each run of adjacent sentences of one passage followed by its [n]."""
    parts = []
    for i, sentence in enumerate(sentences):
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        adjacent = following and following.passage is sentence.passage and following.position == sentence.position + 1
        parts.append(sentence.text if adjacent else f"{sentence.text} [{sentence.passage.citation}]")
    return " ".join(parts)


def _sentences(
    passage: Passage, question: str, lang: Language, info: QueryInfo, terms: Terms, meaning: Meaning | None
) -> list[Sentence]:
    if addresses_assistant(passage.text):  # none of its sentences is evidence or answer (verify.py)
        return []
    result = []
    for position, (text, item, complete) in enumerate(_pieces(passage.text)):
        if not complete or len(text.split()) < tuning.MIN_WORDS:
            continue
        cosine = meaning.of(passage.chunk_id, text) if meaning else None
        matched = coverage(terms, _in_its_document(PassageTerms.of(text), passage)) if terms.words else 0.0
        fact = _holds_what_is_asked(text, question, info)
        score = (
            (passage.score if cosine is None else cosine)
            + (tuning.COVERAGE_WEIGHT_EN if lang == "en" else tuning.COVERAGE_WEIGHT) * matched
            + _fact_weight(info) * fact
            + tuning.PASSAGE_WEIGHT * passage.score
        )
        stems = frozenset(stem_words([w for w in content_words(text) if w.lower() not in GENRE_WORDS]))
        result.append(Sentence(text, passage, position, score, fact, stems, item))
    return result


def _in_its_document(sentence: PassageTerms, passage: Passage) -> PassageTerms:
    """A sentence's words with the title and numbers of its document, where the question's words count
    too: a question that names a document ("enligt SOU 2023:82", "översynen av socialtjänstlagen") is
    about every sentence of it, not most about the one that repeats its name (a framing sentence)."""
    document = _document_terms(passage.title, passage.doc_number, passage.subject_numbers)
    return PassageTerms(sentence.stems | document.stems, sentence.words | document.words)


@lru_cache(maxsize=256)
def _document_terms(title: str, number: str | None, subject_numbers: tuple[str, ...]) -> PassageTerms:
    return PassageTerms.of("\n".join([title, number or "", *subject_numbers]))


def _near_the_best(ranked: list[Sentence]) -> list[Sentence]:
    """The ranking after sentences outside the best sentence's document and section lost
    tuning.OTHER_SECTION_PENALTY: an answer stays with the part of the documents that answers."""
    best = ranked[0].passage
    def lowered(sentence: Sentence) -> Sentence:
        same = sentence.passage.doc_id == best.doc_id and sentence.passage.section == best.section
        return sentence if same else replace(sentence, score=sentence.score - tuning.OTHER_SECTION_PENALTY)
    return sorted(map(lowered, ranked), key=lambda s: -s.score)


def _holds_what_is_asked(text: str, question: str, info: QueryInfo) -> float:
    """How well a sentence holds what the question asks for: a date or a number (matching.fact_strength),
    a name for a question that asks who, or, for a question about proposals or measures, a proposal."""
    if info.asks:
        return fact_strength(text, info.asks, question)
    if info.asks_actor:
        return names_someone(text, question)
    return float(info.asks_proposals and bool(_PROPOSAL.search(text)))


def _fact_weight(info: QueryInfo) -> float:
    """What holding the asked-for thing is worth: a date, number or period (tuning.FACT_WEIGHT) is the
    answer itself; a proposal (tuning.PROPOSAL_WEIGHT) is only likelier to be one; a name nothing."""
    if info.asks:
        return tuning.FACT_WEIGHT
    return 0.0 if _only_names(info) else tuning.PROPOSAL_WEIGHT


def _only_names(info: QueryInfo) -> bool:
    """A question that asks who and nothing else: a capitalised word is too weak a sign of the name it
    asks for to rank sentences by (the question may name the body itself), so a name only brings the
    sentence after a chosen one (_add_following_fact)."""
    return info.asks_actor and not info.asks and not info.asks_proposals


def _pieces(text: str) -> list[tuple[str, bool, bool]]:
    """A passage's sentences and the items of the lists written inside them, in reading order, each as
    (text, whether it is a list item, whether it is whole). A sentence is whole by is_complete; an item,
    which starts after its marker, unless it is the passage's last piece and ends without punctuation
    while the list's other items end with it (the passage was cut inside it)."""
    pieces = []
    for sentence in (part for s in split_sentences(text) for part in _LINK.split(s)):
        parts = [piece for i, part in enumerate(_ITEM.split(sentence)) for piece in _numbered(part, i > 0)]
        pieces += [(part.strip(), item) for part, item in parts if part.strip()]
    last = len(pieces) - 1
    # A list whose items end without punctuation ("* att …" lines) ends so too.
    unpunctuated = any(item and not _ITEM_END.search(piece) for piece, item in pieces[:last])
    return [
        (piece, item, bool(_ITEM_END.search(piece)) or i < last or unpunctuated if item
         else is_complete(piece) or (_leads_into_list(piece, pieces[i + 1][1] if i < last else False)))
        for i, (piece, item) in enumerate(pieces)
    ]


def _leads_into_list(text: str, followed_by_item: bool) -> bool:
    """A list's lead-in that the items complete ("En kommitté ska därför" / "* kartlägga …"): a whole
    sentence's start without its end, right before a list."""
    return followed_by_item and bool(_COMPLETE_START.match(text)) and not _ITEM_END.search(text)


def _numbered(text: str, item: bool) -> list[tuple[str, bool]]:
    """A text cut before the numbers of a numbered list read as one line ("… 87 Regionala
    etikprövningsnämnden i Göteborg 88 Regionala etikprövningsnämnden i Linköping 89 …", a list of
    consultees): the longest run of consecutive numbers, each before a capital, when it is
    tuning.MIN_NUMBERED_ITEMS long, opens items that keep their number. Other text is left whole (as an
    item when `item`)."""
    longest: list[re.Match] = []
    run: list[re.Match] = []
    for match in _NUMBERED.finditer(text):
        run = run + [match] if run and int(match.group(1)) == int(run[-1].group(1)) + 1 else [match]
        longest = run if len(run) > len(longest) else longest
    if len(longest) < tuning.MIN_NUMBERED_ITEMS:
        return [(text, item)]
    cuts = [match.start(1) for match in longest]
    head = text[: cuts[0]]
    return ([(head, item)] if head.strip() else []) + [
        (text[start:end], True) for start, end in zip(cuts, [*cuts[1:], len(text)])
    ]


def _add(chosen: list[Sentence], sentence: Sentence | None, limit: int) -> None:
    """Adds a sentence unless the answer is full or holds it or a near-duplicate of it. A sentence with
    what the question asks for that continues a chosen one (the next or previous sentence of its
    passage) takes the place of a near-duplicate that continues none: it carries on the chosen fact
    where the other, alike in wording, may be about something else ("Lagen förväntas träda i kraft
    2025." after the sentence on that law, not another law's "… förväntas träda i kraft …")."""
    if not sentence or sentence in chosen:
        return
    similar = [c for c in chosen if _similar(sentence, c)]
    if not similar:
        if len(chosen) < limit:
            chosen.append(sentence)
        return
    others = [c for c in chosen if c not in similar]
    if sentence.fact > 0 and len(similar) == 1 and _continues(sentence, others) and not _continues(similar[0], others):
        chosen[chosen.index(similar[0])] = sentence


def _continues(sentence: Sentence, chosen: list[Sentence]) -> bool:
    return any(c.passage is sentence.passage and abs(c.position - sentence.position) == 1 for c in chosen)


def _add_following_fact(chosen: list[Sentence], candidates: list[Sentence], limit: int) -> None:
    """The sentence after a chosen one that holds what the question asks for; it replaces the weakest
    chosen sentence when the answer is full."""
    for sentence in list(chosen):
        following = _neighbour(sentence, candidates, 1)
        if following and following.fact >= 1 and following not in chosen:
            if len(chosen) >= limit:
                chosen.remove(min(chosen[1:] or chosen, key=lambda s: s.score))
            chosen.append(following)
            return


def _add_continued_fact(chosen: list[Sentence], candidates: list[Sentence], limit: int) -> None:
    """While there is room, the sentence after a chosen one with the asked-for date or number, when it
    holds one too: the fact goes on ("… presenteras under våren 2024. Lagen förväntas träda i kraft
    2025.")."""
    for sentence in list(chosen):
        following = _neighbour(sentence, candidates, 1)
        if sentence.fact >= 1 and following and following.fact > 0:
            _add(chosen, following, limit)


def _add_list_items(chosen: list[Sentence], candidates: list[Sentence], limit: int, listing: bool) -> None:
    """The items that follow a chosen list introduction ("Regeringen föreslår bland annat att:"), which
    says nothing without them, up to the limit; for a list question, also those after a chosen item."""
    for sentence in list(chosen):
        following = _neighbour(sentence, candidates, 1)
        opened = following is not None and _introduces(sentence, following)
        while following and len(chosen) < limit and (opened or (listing and sentence.item and following.item)):
            _add(chosen, following, limit)
            sentence, following = following, _neighbour(following, candidates, 1)
            opened = opened and sentence.item and following is not None and following.item


def _introduces(sentence: Sentence, following: Sentence) -> bool:
    """A list's introduction: "… bland annat att:", or a lead-in the items complete (_leads_into_list)."""
    return sentence.text.endswith(":") or _leads_into_list(sentence.text, following.item and not sentence.item)


def _list_of(item: Sentence, candidates: list[Sentence]) -> list[Sentence]:
    """The items of the list an item belongs to (the run of items around it in its passage), nearest
    first (a long list fills the answer with the items beside the chosen one)."""
    items = [item]
    for step in (-1, 1):
        neighbour = _neighbour(item, candidates, step)
        while neighbour and neighbour.item:
            items.append(neighbour)
            neighbour = _neighbour(neighbour, candidates, step)
    return sorted(items, key=lambda other: abs(other.position - item.position))


def _neighbour(sentence: Sentence, candidates: list[Sentence], step: int) -> Sentence | None:
    return next(
        (c for c in candidates if c.passage is sentence.passage and c.position == sentence.position + step), None
    )


def _antecedent(sentence: Sentence, candidates: list[Sentence]) -> Sentence | None:
    """The sentence before one that starts "Detta …", which would not make sense without it."""
    return _neighbour(sentence, candidates, -1) if _ANAPHOR.match(sentence.text) else None


def _similar(a: Sentence, b: Sentence) -> bool:
    """Near-duplicates: most content words in common, and no figures that contradict (sentences alike in
    wording that each hold a figure the other lacks state other facts: the ruling's sum and the claim,
    the deadline and the framing sentence before it; "… i kraft 2025" and "… i kraft 1 januari 2025" may
    state the same one)."""
    figures_a, figures_b = figures(a.text), figures(b.text)
    if figures_a - figures_b and figures_b - figures_a:
        return False
    smaller = min(len(a.stems), len(b.stems)) or 1
    return len(a.stems & b.stems) / smaller >= tuning.NEAR_DUPLICATE


def _speaker_order(passage: Passage) -> int:
    return 0 if passage.is_stance else 1 if passage.speaker == "quoted" else 2


def _frame(passage: Passage, lang: Language) -> str:
    """Who speaks: a statement's own text names its issuer and whether it is the region's ("Yttrandet från
    Regionala utvecklingsnämnden (regionens egen text):", "Yttrandet från Kommunstyrelsen (egen text, inte
    regionens):"), the only text that is a stance; anything else says whose text it is by the document's
    genre ("Betänkandets text:", "Citat ur rapporten, s. 12, som yttrandet kommenterar:")."""
    frames = messages.FRAMES[lang]
    if passage.is_stance:
        return frames["stance" if passage.is_regions_stance else "issuer"].format(document=issuer_and_noun(passage.genre, passage.kind, passage.issuer, lang))
    label = speaker_label(passage, lang)
    if passage.kind == "statement":
        return frames["quoted"].format(label=label, statement=document_noun(passage.genre, passage.kind, lang).lower())
    return frames["other"].format(label=label)
