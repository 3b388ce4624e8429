"""Checks on text that the documents or a language model supply: sentences that address the assistant
(never evidence, never an answer), and whether a generated sentence is supported by the passages it
cites: said there, in the same sense, by the same actor."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import tuning
from ..actors import BODIES, OTHER, Actor, actors, issuer_organisation
from ..models import Passage
from ..retrieval.query import Language, detect_language
from ..terms import is_abbreviation, tokens
from ..text import split_sentences
from .matching import PassageTerms, Terms, coverage
from .polarity import (
    Clause,
    clauses,
    content_stems,
    contradicts,
    mentions,
    prefix_negated,
)

# Text that addresses the assistant rather than the reader: documents are data, so such a sentence is
# never shown as an answer, and a passage holding one is no evidence for a generated sentence.
_ASSISTANT = (r"(?:AI-assistent\w*|\w*assistent(?:en)?|assistant|språkmodell(?:en)?|language model|"
              r"chatt?bot(?:en)?|LLM|GPT[\w-]*|the AI|AI:n|the model|modellen)")
_ADDRESSES_ASSISTANT = re.compile(
    "|".join([
        # "Ignorera tidigare instruktioner", "disregard the rules above"
        r"\b(?:ignorera|ignore|disregard|strunta i|glöm|forget|bortse från|override)\b.{0,40}?"
        r"\b(?:instruktion\w*|instruction\w*|regler(?:na)?|rules|prompt\w*|direktiv\w*|directions?|"
        r"guidelines?|riktlinje\w*)\b",
        # what to answer: "Svara att …", "skriv att …", "tell the user that …"
        r"\b(?:svara|skriv|säg|påstå|uppge|berätta|nämn|answer|say|respond|reply|tell|claim|write)\b"
        r"(?:\s+\w+){0,3}?\s+(?:att|that)\b",
        # the assistant addressed: "Du är en AI-assistent", "if you are a language model", "Assistenten ska …"
        rf"\b(?:du|ni|dig|din|ditt|dina|you|your)\b.{{0,40}}?\b{_ASSISTANT}(?!\w)",
        rf"\b{_ASSISTANT}\b.{{0,40}}?\b(?:du|ni|dig|you|your)\b",
        rf"\b(?:till|to|note to|meddelande till|message to)\s+(?:the\s+)?{_ASSISTANT}(?!\w)",
        rf"\b{_ASSISTANT}\s+(?:ska|skall|bör|måste|should|must|shall|will|needs? to)\b",
        # role markers and chat-template delimiters
        r"(?:^|[\s>])(?:system|assistant|assistent|user|användare)\s*:",
        r"<\|?\s*(?:system|im_start|im_end|endoftext)|\[/?(?:INST|SYS)\]|###\s*(?:instruction|instruktion|system)",
        # new rules for whoever reads on
        r"\b(?:från och med nu|hädanefter|from now on|henceforth|nya instruktioner|new instructions|"
        r"följande instruktion\w*|the following instructions?|system ?prompt|prompt injection)\b",
    ]),
    re.I,
)


def is_instruction(sentence: str) -> bool:
    return bool(_ADDRESSES_ASSISTANT.search(sentence))


def addresses_assistant(text: str) -> bool:
    """Whether a passage holds a sentence that addresses the assistant: then none of its sentences is
    evidence or answer (what it plants may stand in the sentence before or after)."""
    return any(is_instruction(s) for s in split_sentences(text))


Similarity = Callable[[str, list[str]], list[float]]  # a claim, sentences → cosine of each


@dataclass(frozen=True)
class Speaker:
    """Who speaks in a passage: the report (a statement's quotation of it, or its own text), or the
    body that issued the document, by the kind of organisation it is and the actors its name gives."""

    report: bool
    statement: bool  # a statement's own text
    organisation: str | None = None  # "region", "kommun" …: the issuer's, when known
    issuer: tuple[Actor, ...] = ()

    @classmethod
    def of(cls, passage: Passage) -> Speaker:
        if passage.speaker == "quoted":
            return cls(report=True, statement=False)
        organisation = issuer_organisation(passage.issuer)
        if organisation is None and passage.kind == "statement":
            organisation = "region"  # a statement is the region's unless it names another issuer
        return cls(passage.kind == "report", passage.kind == "statement", organisation, actors(passage.issuer or ""))

    def names(self, actor: Actor) -> int:
        """How `actor` names this speaker: 2 as itself ("rapporten", "yttrandet", "vi", its
        organisation: "regionen", "kommunen"), 1 as one of its bodies ("Kommunstyrelsen" for the
        municipality, "förvaltningen" or "nämnden" for the region alone: a bare body is the region's
        own), 0 not at all."""
        if actor.has("report") or actor.has("author"):
            return 2 if (self.report if actor.has("report") else self.statement) else 0
        own = self.organisation not in (None, OTHER) and actor.organisation == self.organisation
        if own and actor.has(self.organisation):
            return 2
        if (own or (actor.organisation is None and self.organisation == "region")) and actor.has(*BODIES):
            return 1
        return int(any(actor.has(*a.classes) and actor.organisation == a.organisation for a in self.issuer))


@dataclass(frozen=True)
class Statement:
    """A sentence of a cited passage, read clause by clause, with who speaks in its passage."""

    text: str
    clauses: tuple[Clause, ...]
    whole: Clause
    named: tuple[Actor, ...]  # the actors it names or refers to
    holders: tuple[Actor, ...]  # those whose view it gives ("Kommunerna anser …")
    speaker: Speaker
    terms: PassageTerms


def statements(passage: Passage) -> list[Statement]:
    """A passage's sentences as evidence; none when it addresses the assistant."""
    if addresses_assistant(passage.text):
        return []
    speaker = Speaker.of(passage)
    evidence = []
    for sentence in split_sentences(passage.text):
        parts = tuple(clauses(sentence))
        holders = tuple(c.holder for c in parts if c.holder)
        evidence.append(Statement(sentence, parts, Clause.of(sentence), mentions(sentence), holders, speaker,
                                  PassageTerms.of(sentence)))
    return evidence


def supports(claim: str, lang: Language, evidence: list[Statement], similarity: Similarity | None = None) -> bool:
    """Whether a generated sentence is supported by the sentences of the passages it cites.

    Its words: every number and name must occur in them (an invented figure, year or name fails); a
    Swedish sentence must share at least half of its content stems with them. Its meaning: with
    `similarity` (the embedding model the threshold was calibrated on) it must be close to one of the
    sentences; without, the one that shares most words stands in, and an English sentence, which
    cannot be compared word by word with Swedish text, needs at least two content words or anchors in
    common (names, numbers, glossary words). What it asserts: each of its clauses as a clause of the
    passages says it (same_assertion).
    """
    if not evidence or not _shares_terms(claim, lang, " ".join(e.text for e in evidence), similarity is None):
        return False
    aligned = _aligned(claim, lang, evidence, similarity)
    return aligned is not None and same_assertion(claim, lang, aligned, evidence)


def _shares_terms(claim: str, lang: Language, evidence: str, count_english: bool) -> bool:
    terms = Terms.of(claim, lang)
    passage = PassageTerms.of(evidence)
    if not all(terms.holds_name(passage, n) for n in terms.names):  # an English name also in Swedish form
        return False
    if not all(passage.has_anchor(a) for a in _abbreviations(claim)):
        return False
    if lang == "en":
        if not count_english:  # closeness in meaning decides instead
            return True
        shared = sum(passage.has_anchor(a) for a in terms.anchors) + sum(
            any(passage.has_stem(s) for s in forms) for forms in terms.words
        )
        return shared >= tuning.MIN_SHARED_EN
    return bool(terms.stems) and coverage(terms, passage) >= tuning.MIN_SUPPORT


def _abbreviations(text: str) -> set[str]:
    return {p.lower() for w in tokens(text) for p in w.split("-") if is_abbreviation(p)}


def _aligned(claim: str, lang: Language, evidence: list[Statement], similarity: Similarity | None) -> Statement | None:
    """The sentence the claim paraphrases: the closest in meaning (None when none is close enough), or
    without an embedding model the one that shares most of its words."""
    if similarity is not None:
        scores = similarity(claim, [e.text for e in evidence])
        best = int(np.argmax(scores))
        return evidence[best] if scores[best] >= tuning.MIN_CLOSENESS[lang] else None
    terms = Terms.of(claim, lang)
    return max(evidence, key=lambda e: coverage(terms, e.terms))


def same_assertion(claim: str, lang: Language, aligned: Statement, evidence: list[Statement]) -> bool:
    """Whether each clause of the claim is asserted by a clause of the evidence: one of those that share
    most of its content words must have its negation, not turn its direction round (more/less,
    start/stop, for/against …) nor put another actor in place of its own, and that clause's sentence
    must state every direction the claim's clause gives as a verb and name every actor it names (the
    region's own text may call its speaker "regionen" or "yttrandet", a quotation "rapporten"). A clause
    that shares no content word (a frame: "Rapporten anger att …") is read against the sentence the
    claim paraphrases."""
    units = [(clause, e) for e in evidence for clause in e.clauses]
    return all(_clause_asserted(part, lang, units, aligned) for part in clauses(claim))


def _clause_asserted(part: Clause, lang: Language, units: list[tuple[Clause, Statement]], aligned: Statement) -> bool:
    wanted = content_stems(part.text, lang)
    shared = [_shared(wanted, clause.stems) for clause, _ in units]
    best = max(shared, default=0)
    matched = [unit for unit, n in zip(units, shared) if n == best] if best else []
    related = [e for (_, e), n in zip(units, shared) if n] or [aligned]
    if not _stated(part, lang, related, [e for _, e in matched] or [aligned]):
        return False
    if not matched:
        if part.negated and not any(c.negated for c in aligned.clauses):
            return False
        # "X håller med Y om": whoever stands beside the speaker is the sentence's
        return len(part.actors) < 2 or not _substituted(part, aligned.whole, aligned)
    if any(contradicts(part, clause) for clause, _ in matched):
        return False
    return any(part.negated == clause.negated and not _substituted(part, clause, e) for clause, e in matched)


def _stated(part: Clause, lang: Language, related: list[Statement], matched: list[Statement]) -> bool:
    """The sentences that share words with the clause give every direction it states as a verb and
    negate none of its words by a prefix ("otillräcklig"); those it matches best name every actor it
    names, and the one whose view it gives as its passage's speaker or as holding a view there."""
    directions = frozenset().union(*(e.whole.directions for e in related))
    if not part.strong <= directions:
        return False
    if lang == "sv" and any(prefix_negated(part.text, e.text, lang) for e in related):
        return False
    return all(any(_named(actor, e, holds=actor is part.holder) for e in matched) for actor in part.actors)


def _shared(wanted: frozenset[str], stems: frozenset[str]) -> int:
    """How many of the wanted stems the other text has: twice for the word itself, once as a part of a
    compound ("arbete" is in "distansarbete", but a clause that says "arbete" is the one meant)."""
    prepared = PassageTerms(stems, frozenset())
    return sum(2 if s in stems else prepared.has_stem(s) for s in wanted)


def _same_actor(a: Actor, b: Actor, source: Statement) -> bool:
    """One actor, or two names of the passage's speaker one of which names it itself ("regionen" and
    "förvaltningen" on the region's own text; "nämnden" and "förvaltningen" stay two)."""
    if a.same(b):
        return True
    named = (source.speaker.names(a), source.speaker.names(b))
    return min(named) > 0 and max(named) == 2


def _substituted(part: Clause, source_clause: Clause, source: Statement) -> bool:
    """The claim's clause names an actor the source clause does not, and leaves out one it names: each
    actor is paired with one of the other side, the same class first, then the speaker's other names."""
    new, dropped = list(part.actors), list(source_clause.actors)
    for same in (Actor.same, lambda a, b: _same_actor(a, b, source)):
        for actor in list(new):
            match = next((b for b in dropped if same(actor, b)), None)
            if match is not None:
                new.remove(actor)
                dropped.remove(match)
    return bool(new and dropped)


def _named(actor: Actor, e: Statement, holds: bool = False) -> bool:
    """An actor the sentence names, or its passage's own speaker. One whose view the claim gives must be
    the speaker, or one whose view the sentence gives: "Regionen anser att …" is not supported by a
    report's sentence that only mentions the region, nor by a municipality's statement."""
    if e.speaker.names(actor):
        return True
    return any(_same_actor(actor, b, e) for b in (e.holders if holds else e.named))


class Verifier:
    """Checks each generated sentence against the passages it cites: its [n] markers must name
    passages, it must be in the question's language, and `supports` must hold. With an `embed`
    function (the index's model, when the closeness threshold was calibrated for it), sentence
    vectors come from the index where stored and are computed otherwise."""

    MARKER = re.compile(r"\[(\d+)\]")

    def __init__(self, lang: Language, passages: list[Passage], stored: dict[str, np.ndarray] | None = None,
                 embed: Callable[[list[str]], np.ndarray] | None = None):
        self.lang = lang
        self.evidence = {p.citation: statements(p) for p in passages}
        self._vectors = dict(stored or {})
        self._embed = embed

    def __call__(self, sentence: str) -> bool:
        cited = {int(n) for n in self.MARKER.findall(sentence)}
        if not cited or not cited <= set(self.evidence):
            return False
        claim = self.MARKER.sub("", sentence).strip()
        if len(claim.split()) >= tuning.MIN_WORDS_FOR_LANGUAGE and detect_language(claim) != self.lang:
            return False
        similarity = self._similarity if self._embed else None
        return supports(claim, self.lang, [e for n in sorted(cited) for e in self.evidence[n]], similarity)

    def _similarity(self, claim: str, sentences: list[str]) -> list[float]:
        missing = [s for s in dict.fromkeys([claim, *sentences]) if s not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._embed(missing)))
        return [float(self._vectors[claim] @ self._vectors[s]) for s in sentences]
