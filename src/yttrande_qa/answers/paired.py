"""Paired answers: what the report says on a point, and directly after it how a statement replies.

A question about how a statement's author responds to something in the report ("Vad svarar regionen på
rapportens beskrivning av …", "Hur ser regionen på rapportens förslag om …", "How does the region respond
to …") is answered point by point: the report's text (its own, where the report is indexed and the
quotation was found in it, else the statement's quotation), then the statement's reply, each with its
badge and page. The reply is the statement's own text beside the quotation, in the same section: the
passage after it, or the one before it when that one shares more of the quotation's words (statements
also comment first and quote after, and a PDF's quotation boxes are not always read in place). Several
statements that quote the same point each give their reply, with issuing body and date, newest first.

A question about the statement's view ("Vad anser regionen om …") whose answer would hold only the
report's words gets the replies beside those words instead, or is told that the statement gives none:
it is never answered with the report's words alone. Nor, when it asks for the region's view, with only
another issuer's statement (a municipality's): the region's own text answers, or the answer says that the
region gives no view on it and shows the others' labelled by issuer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .. import links, messages, tuning
from ..actors import actors
from ..genres import GENRES, document_noun
from ..models import Answer, Filters, Language, Passage
from ..retrieval.query import analyse, content_words
from ..retrieval.search import passage_from_row, search
from ..store.index import Index
from ..text import split_sentences, word_count
from .citations import on_page, speaker_label
from .compose import arrange
from .matching import PassageTerms, Terms, coverage
from .refusal import answers_question, assess, min_coverage

# The author of a statement: "regionen", "nämnden", "kommunen" (one municipality), "the region" …
_OWN = (
    r"region|regionen|regionens|förvaltning\w*|nämnd\w*|\w*styrelse\w*|kommunen|kommunens|yttrande\w*|"
    r"remissvar\w*|remissinstans\w*|region's|administration\w*|statement\w*|board\w*|council\w*"
)
_RESPONSE = re.compile(
    r"\b(svara\w*|svar|svaret|bemöt\w*|kommentera\w*|kommentar\w*|reagera\w*|reaktion\w*|replikera\w*|"
    r"respond\w*|response\w*|repl(?:y|ies|ied)|react\w*|comment\w*|answer\w*)\b",
    re.I,
)
_VIEW = re.compile(
    r"\b(anser|ansåg|tycker|tyckte|ser|såg|tänker|ställer|ställde|syn|inställning\w*|ståndpunkt\w*|"
    r"bedöm\w*|think\w*|thought|feel\w*|view\w*|position\w*|stance|opinion\w*)\b",
    re.I,
)
# The report's point: "rapportens …", "det betänkandet föreslår om …", "the report's …".
_REPORT_NOUNS = "|".join(
    sorted({g.sv.lower() for g in GENRES.values() if g.kind == "report"}, key=len, reverse=True)
)
_REPORT_GENITIVES = "|".join(
    sorted({g.sv_genitive.lower() for g in GENRES.values() if g.kind == "report"}, key=len, reverse=True)
)
_SAYING = (
    r"säger|sade|skriver|beskriver|föreslår|tar upp|lyfter|framhåller|konstaterar|menar|anger|"
    r"says|said|writes|describes|proposes|suggests|states|mentions|raises"
)
_POINT = re.compile(
    rf"\b(?:{_REPORT_GENITIVES})\b|\b(?:{_REPORT_NOUNS})\s+(?:\w+\s+)?(?:{_SAYING})\b"
    rf"|\bthe\s+(?:\w+\s+)?(?:report|inquiry|memorandum|bill|proposal|plan)(?:'s|\s+(?:{_SAYING})\b)",
    re.I,
)
_OWN_WORD = re.compile(rf"\b({_OWN})\b", re.I)
# Words that name the kind of point rather than its topic: "beskrivning av", "förslag om", "description of".
_POINT_WORDS = re.compile(
    r"\b(beskrivning\w*|förslag\w*|bild\w*|slutsats\w*|bedömning\w*|analys\w*|resonemang\w*|påstående\w*|"
    r"skrivning\w*|avsnitt\w*|kapitel\w*|text\w*|synpunkt\w*|resultat\w*|kritik\w*|"
    r"description\w*|proposal\w*|point\w*|conclusion\w*|assessment\w*|analysis|claim\w*|account\w*|"
    r"section\w*|chapter\w*|finding\w*|criticism\w*|what|det|som)\b",
    re.I,
)
_FRAME = re.compile(
    rf"\b({_OWN}|{_REPORT_GENITIVES}|{_REPORT_NOUNS}|{_SAYING}|report|inquiry|memorandum|the|"
    rf"vad|hur|vilken|vilket|what|how|does|do|did|is|to|on|of|about|om|på|av|till|kring|mot)\b"
    rf"|{_RESPONSE.pattern}|{_VIEW.pattern}",
    re.I,
)


@dataclass(frozen=True)
class Request:
    """A question about how a statement responds to the report, and the topic it asks about."""

    topic: str


@dataclass(frozen=True)
class _Point:
    """A quotation on the question's topic, with where the report says it and the replies to it."""

    quotation: links.Quotation
    quoted: Passage  # the statement passage that quotes it
    source: Passage | None  # the report passage it quotes, when the report is indexed and it was found
    source_text: str | None


def parse(question: str) -> Request | None:
    """A Request when the question asks how a statement's author responds to, or views, something the
    report says; None otherwise."""
    owner = _OWN_WORD.search(question)
    point = _POINT.search(question)
    asks_reply = _RESPONSE.search(question) and (owner or point)
    asks_view = point and owner and _VIEW.search(question)
    if not (asks_reply or asks_view):
        return None
    topic = _topic(question, point)
    return Request(topic) if topic else None


def _topic(question: str, point: re.Match | None) -> str:
    """The question's topic: after the report's point where it names one, without the words of the frame."""
    tail = question[point.end():] if point else question
    topic = _POINT_WORDS.sub(" ", _FRAME.sub(" ", tail))
    return " ".join(content_words(topic))


def paired_answer(index: Index, question: str, request: Request, lang: Language, filters: Filters, k: int,
                  calibrated: bool) -> Answer | None:
    """The paired answer to a response question, or None when no statement quotes the report on its
    topic (the question is then answered as any other)."""
    quote_filters = replace(filters, kinds=["statement"], speakers=["quoted"], stance_only=False)
    ranked = search(index, request.topic, quote_filters, k)
    assessment = assess(index, request.topic, lang, ranked, calibrated)
    # The score is calibrated on whole questions, not on a topic's few words: whether a quotation is on
    # the topic is the word check (every name found, most topic words in a top quotation).
    if not answers_question(assessment.evidence, calibrated=False):
        return None
    terms = Terms.of(request.topic, lang)
    on_topic = [p for i, p in enumerate(ranked[: tuning.PASSAGES_USED]) if i == 0 or _covers(terms, p.text, lang)]
    points = tuning.PAIRED_POINTS[analyse(question).is_list]
    result = _answer(index, question, lang, ranked, on_topic[:points], terms)
    result.score = assessment.score
    return result


def replies_instead(index: Index, question: str, searched: str, lang: Language, passages: list[Passage],
                    text: str) -> Answer | None:
    """For a question about the statement's view whose answer cites only others' words (the report's or
    its quotations): the answer with the statement's replies to them; None when the answer is fine."""
    if not needs_replies(searched, passages, text):
        return None
    cited = _cited(passages, text)
    quoting = links.quotations_of_passages(index.store.db, [p.chunk_id for p in cited if p.kind == "report"])
    quoted = [p for p in cited if p.speaker == "quoted" and p.kind == "statement"]
    quoted += _passages(index, [c for p in cited for c in quoting.get(p.chunk_id, [])], cited[0].score)
    if not quoted:  # no statement quotes what the answer cites: there is no reply to look for
        return None
    return _answer(index, question, lang, passages, quoted, Terms.of(searched, lang))


def regions_view_instead(index: Index, question: str, searched: str, lang: Language, passages: list[Passage],
                         text: str, filters: Filters, k: int, calibrated: bool) -> Answer | None:
    """For a question about the region's view whose answer cites other issuers' statements (a
    municipality's, an agency's) and none of the region's: the answer from the region's own text when a
    search limited to it answers; else that answer, labelled by issuer, after a note that the region gives
    no view on it in the indexed documents. None when the answer is fine."""
    cited = _cited(passages, text)
    if not (needs_replies(searched, passages, text) and any(p.is_stance for p in cited)):
        return None
    own = search(index, searched, replace(filters, stance_only=True), k)
    assessment = assess(index, searched, lang, own, calibrated)
    if not assessment.answered:
        return Answer(question, messages.NO_REGION_VIEW[lang] + "\n\n" + text, False, passages, lang=lang)
    for number, passage in enumerate(own, start=1):
        passage.citation = number
    return Answer(question, arrange(assessment.chosen, lang), False, own, lang=lang, score=assessment.score)


def needs_replies(searched: str, passages: list[Passage], text: str) -> bool:
    """Whether `text`, an answer to a question about the statement's view, cites only others' words: for
    a question about the region's view, anything but the region's own text (a municipality's statement
    is not the region's view)."""
    cited = _cited(passages, text)
    own = (lambda p: p.is_regions_stance) if asks_the_region(searched) else (lambda p: p.is_stance)
    return analyse(searched).intent == "stance" and bool(cited) and not any(own(p) for p in cited)


def asks_the_region(question: str) -> bool:
    """Whether a question names the region or one of its bodies as whose view it asks ("Vad anser
    regionen …", "Hur ser regionstyrelsen på …", "the region's view")."""
    return any(actor.organisation == "region" for actor in actors(question))


def _cited(passages: list[Passage], text: str) -> list[Passage]:
    numbers = dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", text))
    return [passages[n - 1] for n in numbers if 0 < n <= len(passages)]


def _answer(index: Index, question: str, lang: Language, ranked: list[Passage], quoted: list[Passage],
            terms: Terms) -> Answer:
    passages = list(ranked)
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    paragraphs = []
    for point, replies in _points(index, quoted, terms):
        if not replies:
            continue
        paragraphs.append(_point_text(point, passages, lang))
        paragraphs.extend(_reply_text(reply, passages, lang) for reply in replies)
    links.attach_quote_sources(index.store.db, passages)
    if not paragraphs:
        for passage in passages:
            passage.weak = True
        return Answer(question, messages.NO_REPLY[lang], True, passages, lang=lang)
    if lang == "en":
        paragraphs.append(messages.NOTE_SWEDISH)
    return Answer(question, "\n\n".join(paragraphs), False, passages, lang=lang)


def _points(index: Index, quoted: list[Passage], terms: Terms) -> list[tuple[_Point, list[Passage]]]:
    """The quotations on topic, one per report point, each with the replies to it newest first."""
    groups: dict[object, tuple[_Point, list[Passage]]] = {}
    for passage in quoted:
        for position, quotation in _on_topic(passage, terms):
            source = links.source_of(index.store.db, passage.chunk_id, position)
            found = _passages(index, [source.chunk_id], passage.score) if source else []
            point = _Point(quotation, passage, found[0] if found else None, source.text if found else None)
            key = point.source.chunk_id if point.source else links.letters(quotation.words)
            replies = groups.setdefault(key, (point, []))[1]
            for other in _also_quoting(index, point):
                reply = reply_to(index, other, point.quotation, terms)
                if reply and all(r.doc_id != reply.doc_id for r in replies):
                    replies.append(reply)
    return [(point, sorted(replies, key=lambda r: r.date or "", reverse=True)) for point, replies in groups.values()]


def _on_topic(passage: Passage, terms: Terms) -> list[tuple[int, links.Quotation]]:
    """The passage's quotations (with their position in it) that hold most of the question's words."""
    quotations = links.split_quotations(passage.text, passage.quoted_page, passage.quoted_page_end)
    scored = [(_coverage(terms, q.words), position, q) for position, q in enumerate(quotations)]
    best = max((score for score, _, _ in scored), default=0.0)
    return [(position, q) for score, position, q in scored if score == best]


def _also_quoting(index: Index, point: _Point) -> list[Passage]:
    """The statement passages that quote the point: the one found, and others that quote the same
    report passage."""
    if point.source is None:
        return [point.quoted]
    others = links.quotations_of_passages(index.store.db, [point.source.chunk_id]).get(point.source.chunk_id, [])
    found = _passages(index, [c for c in others if c != point.quoted.chunk_id], point.quoted.score)
    return [point.quoted, *found]


def reply_to(index: Index, quoted: Passage, quotation: links.Quotation, topic: Terms) -> Passage | None:
    """The statement's own text that replies to a quotation, in its section: the passage after it (past
    other quotations), or the one before it (the same) when that holds more of the question's topic, or
    as much of it and more of the quotation's words. When neither holds any of the topic, the nearest
    own passage within reach that does (a PDF's quotation boxes are not always read in place)."""
    rows = index.store.neighbours(quoted.chunk_id, tuning.REPLY_REACH, tuning.REPLY_REACH)
    at = next(i for i, row in enumerate(rows) if row["chunk_id"] == quoted.chunk_id)
    after = _own(rows[at + 1:], quoted.section)
    before = _own(rows[:at][::-1], quoted.section)
    quotation_terms = Terms.of(quotation.words, "sv")

    def shares(row) -> tuple[float, float]:
        return _coverage(topic, row["text"]), _coverage(quotation_terms, row["text"])

    nearest = [row for pair in zip(after, before) for row in pair] + after[len(before):] + before[len(after):]
    adjacent = [row for row in (after[:1] + before[:1])]
    choice = max(adjacent, key=shares, default=None)  # the one after wins a tie
    if choice is None or shares(choice)[0] == 0:
        choice = next((row for row in nearest if shares(row)[0] > 0), choice)
    return _passages(index, [choice["chunk_id"]], quoted.score)[0] if choice else None


@dataclass(frozen=True)
class Reply:
    """A statement's reply to a quotation: its own passage, the reply's first sentences, and the
    quotation it replies to."""

    passage: Passage
    text: str
    quotation: str


def replies_to_passage(index: Index, report_chunk_id: int, question: str = "", lang: Language = "sv") -> list[Reply]:
    """How the statements reply to what they quote from a report passage: for each quotation found in
    it, the reply the paired answer gives, found on the topic of the `question` that led here when the
    quotation is on it, else on the quotation's own words; newest statement first, in reading order
    within a statement."""
    request = parse(question) if question else None
    topic = Terms.of(request.topic if request else question, lang) if question else None
    replies: list[Reply] = []
    for _, chunk_id, position in links.quotations_in(index.store.db, [report_chunk_id]):
        quoted = _passages(index, [chunk_id], 0.0)[0]
        quotation = links.split_quotations(quoted.text, quoted.quoted_page, quoted.quoted_page_end)[position]
        on_topic = topic is not None and _covers(topic, quotation.words, lang)
        reply = reply_to(index, quoted, quotation, topic if on_topic else Terms.of(quotation.words, "sv"))
        if reply and all(r.passage.chunk_id != reply.chunk_id for r in replies):
            replies.append(Reply(reply, _opening_sentences(reply.text), quotation.words))
    return sorted(replies, key=lambda r: r.passage.date or "", reverse=True)


def _own(rows, section: str) -> list:
    """The statement's own passages among `rows` (nearest first) until the section ends."""
    own = []
    for row in rows:
        if row["section"] != section:
            break
        if row["speaker"] == "author":
            own.append(row)
    return own


def _passages(index: Index, chunk_ids: list[int], score: float) -> list[Passage]:
    rows = index.store.chunk_rows(chunk_ids)
    return [passage_from_row(rows[c], score) for c in dict.fromkeys(chunk_ids) if c in rows]


def _cite(passage: Passage, passages: list[Passage]) -> int:
    """The passage's number in the answer's passages, appended after the ranked ones if not there."""
    for known in passages:
        if known.chunk_id == passage.chunk_id:
            return known.citation
    passage.citation = len(passages) + 1
    passages.append(passage)
    return passage.citation


def _point_text(point: _Point, passages: list[Passage], lang: Language) -> str:
    frames = messages.PAIRED[lang]
    if point.source:
        noun = document_noun(point.source.genre, point.source.kind, lang)
        label = frames["report"].format(noun=noun, badge=badge(point.source, lang))
        return f"{label} {point.source_text} [{_cite(point.source, passages)}]"
    label = frames["quotation"].format(badge=badge(point.quoted, lang, point.quotation))
    return f"{label} {point.quotation.text} [{_cite(point.quoted, passages)}]"


def _reply_text(reply: Passage, passages: list[Passage], lang: Language) -> str:
    who = reply.issuer or document_noun(reply.genre, reply.kind, lang)
    date = f", {reply.date}" if reply.date else ""
    label = messages.PAIRED[lang]["reply"].format(who=who, badge=badge(reply, lang), date=date)
    return f"{label} {_opening_sentences(reply.text)} [{_cite(reply, passages)}]"


def badge(passage: Passage, lang: Language, quotation: links.Quotation | None = None) -> str:
    """"Rapportens text, s. 12", "Citat ur rapporten, s. 12", "Yttrandets text, s. 3"."""
    if quotation is not None:
        passage = replace(passage, quoted_page=quotation.quoted_page, quoted_page_end=quotation.quoted_page_end)
    label = speaker_label(passage, lang)
    if passage.speaker == "author" and on_page(passage, lang):
        label += f", {on_page(passage, lang)}"
    return label


def _opening_sentences(text: str) -> str:
    """The reply's first sentences, whole, up to about tuning.REPLY_WORDS words."""
    chosen: list[str] = []
    for sentence in split_sentences(text):
        if chosen and word_count(" ".join(chosen + [sentence])) > tuning.REPLY_WORDS:
            break
        chosen.append(sentence)
    return " ".join(chosen)


def _covers(terms: Terms, text: str, lang: Language) -> bool:
    return _coverage(terms, text) >= min_coverage(lang)


def _coverage(terms: Terms, text: str) -> float:
    topic = replace(terms, words=terms.topic or terms.words)
    return coverage(topic, PassageTerms.of(text)) if topic.words else 0.0
