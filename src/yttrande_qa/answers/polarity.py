"""What a sentence asserts beyond its words, for checking a generated sentence against the sentence of
the passage it paraphrases: whether it is negated, which way it points (more or less, start or stop,
for or against), and who acts in it.

Rules of general Swedish and English administrative language, compared clause by clause. An English
sentence is compared with Swedish text through the same classes: "not" and "inte" both negate, "reduce"
and "minska" both point down, "the municipalities" and "kommunerna" are one actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import bilingual
from ..actors import Actor, actor_patterns, actors, actors_at
from ..models import Language
from ..terms import stem_words, stop_words, tokens, words

# Clauses are cut at punctuation and at conjunctions ("Förvaltningen anser att …", "…, men …", "… and
# …"); a part without a content word of its own ("kommunerna" in "kommunerna och regionen behöver …")
# stays with the next.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]–—]|\b(?:att|som|eftersom|men|medan|utan|vilket|därför|och|samt|eller|that|which|because|"
    r"but|while|whereas|although|and|or)\b",
    re.I,
)

# Words that negate their clause: negations, and common adjectives negated by a prefix, so that
# "otillräcklig" and "insufficient" read as "inte tillräcklig" ("icke-"/"non-" starting a compound are
# part of a word, not a negation of the clause).
_NEGATED_ADJECTIVES = (
    r"o(?:viktig|nödig|klar|sannolik|tillräcklig|möjlig|acceptabel|hållbar|rimlig|lämplig|realistisk|"
    r"tydlig|säker|effektiv|användbar|önskvärd|nöjd)\w*|ineffektiv\w*|irrelevant\w*|"
    r"un(?:important|necessary|clear|likely|able|acceptable|sustainable|reasonable|suitable|realistic|"
    r"certain|desirable|satisfied|satisfactory)|in(?:sufficient|adequate|effective|efficient|appropriate)|"
    r"im(?:possible|practical)|irrelevant"
)
_NEGATION = re.compile(
    r"\b(?:inte|ej|icke|aldrig|ingen|inget|inga|ingenting|ingalunda|varken|knappast|"
    r"not|no|never|none|nothing|neither|nor|nobody|hardly|cannot|\w+n['’]t|" + _NEGATED_ADJECTIVES + r")\b(?![-‐])",
    re.I,
)
_NEGATING_PREFIX = {"sv": ("o", "icke"), "en": ("un", "in", "im", "ir", "il", "dis", "non")}
_MIN_PREFIXED_BASE = 5

# Directions: an axis and a sign. Strong words (verbs, their participles and nouns) are claims of their
# own: a sentence that makes one needs the same direction in its source. Weak words (comparatives,
# "stöd" as a noun) only must not contradict it.
AXES = ("amount", "size", "existence", "approval", "ease", "pace")


def _sv1(*stems: str) -> str:
    """First-conjugation verbs ("ök": öka, ökar, ökade, ökat, ökas, ökad, ökning …)."""
    return "|".join(rf"{s}(?:a|ar|ade|at|as|ades|ats|ad|ande|andet|ning|ningen|ningar|ningarna)" for s in stems)


def _sv2(*stems: str) -> str:
    """Second-conjugation verbs ("höj": höja, höjer, höjde, höjt, höjs, höjd, höjning …)."""
    return "|".join(rf"{s}(?:a|er|de|te|des|tes|t|ts|s|d|da|ta|ning|ningen|ningar|ande)" for s in stems)


def _en(*verbs: str) -> str:
    """English verbs in all forms: "increase" → increase, increases, increased, increasing."""
    forms = []
    for verb in verbs:
        if verb.endswith("e"):
            forms += [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
        else:
            forms += [verb, verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s"), verb + "ed", verb + "ing"]
    return "|".join(forms)


_STRONG = {
    ("amount", +1): [
        _sv1("ök", "utök", "förbättr", "utvidg", "expander", "förläng"),
        _sv2("höj", "stärk", "förstärk"),
        r"\w*(?:ökning|höjning|förstärkning|förbättring|utbyggnad)(?:en|ar|arna|ens)?",
        r"växa|växer|växte|vuxit|växande|tillväxt(?:en)?|bygg(?:a|er|s|des) ut|utbyggd[a]?",
        _en("increase", "raise", "expand", "extend", "strengthen", "grow", "boost", "improve", "enhance",
            "reinforce"),
        r"grew|grown|growth|expansion|improvements?",
    ],
    ("amount", -1): [
        _sv1("minsk", "begräns", "reducer", "försvag", "försämr", "förkort", "halver"),
        _sv2("sänk", "krymp"),
        r"\w*(?:minskning|sänkning|begränsning|försämring|nedskärning)(?:en|ar|arna|ens)?",
        r"dra(?:r|git)? (?:ner|ned)|drog (?:ner|ned)|skär(?:a|er)? (?:ner|ned)|skar (?:ner|ned)",
        _en("decrease", "reduce", "limit", "restrict", "weaken", "shrink", "worsen", "deteriorate", "curb",
            "halve", "decline"),
        r"cuts?|cutting|shrank|shrunk|reductions?|lowers|lowered|lowering",
    ],
    ("existence", +1): [
        _sv1("inrätt", "etabler", "start", "påbörj", "bevar", "instift", "grund"),
        r"inled(?:a|er|s|de|des)|inlett|inletts",
        r"(?:åter)?inför(?:a|as|s|de|des|t|ts|ande|andet)|behåll(?:a|er|s|it)|behöll|"
        r"bibehåll(?:a|er|s|it)|bibehöll|fortsätt(?:a|er|s|ning)|fortsatte|fortsatt[a]?",
        _en("introduce", "establish", "launch", "start", "begin", "continue", "maintain", "retain", "keep"),
        r"began|begun|kept|introduction|establishment|continuation",
    ],
    ("existence", -1): [
        _sv1("avveckl", "avskaff", "avslut", "slop", "stopp", "paus", "skrot"),
        r"avbryt(?:a|er|s)|avbröt|avbrutit|upphör(?:a|de|t)?|stäng(?:a|er|s|de|t|ning)|"
        r"lägg(?:a|er|s|as)? (?:ner|ned)|lades? (?:ner|ned)|nedläggning(?:en|ar)?|ta(?:r|s)? bort|togs? bort|"
        r"tagit bort|avbrut(?:en|et|na)|riv(?:a|er|s|as)|rev|rivit|rivning(?:en|ar)?",
        _en("abolish", "discontinue", "terminate", "cease", "remove", "suspend", "phase out"),
        r"stops?|stopped|stopping|scrap(?:s|ped|ping)?|ends|ended|(?:will|to|would|should|must|may|can) (?:end|close)|"
        r"abolition|termination|closure|phase-out|demolish(?:es|ed|ing)?|tear(?:s|ing)? down|tore down",
    ],
    ("approval", +1): [
        r"stödj(?:a|er|s)|stöder|stödde|stött|tillstyrk(?:a|er|s|te|t)|instämm(?:a|er)|instämde|instämt|"
        r"välkomn(?:a|ar|ade|at|as)|bifall(?:a|er|it)?|biföll|godta(?:r|s|git)?|godtog|"
        r"godkänn(?:a|er|s)|godkände|godkänt|ställ(?:a|er|de)? sig bakom|ser positivt|"
        r"ställ(?:a|er|de)? sig positiv[a]?|är positiv[a]? till|hål(?:la|ler|ls) med|höll med|delar (?:\w+ )?"
        r"(?:uppfattning|åsikt|syn|bedömning)\w*",
        _en("endorse", "approve", "welcome", "favour", "favor", "accept", "agree"),
        r"supports|supported|supporting",
    ],
    ("approval", -1): [
        r"avstyrk(?:a|er|s|te|t)|motsätt(?:a|er)|motsatte|avslå(?:r|s)?|avslog|avslagit|avslag|"
        r"avvis(?:a|ar|ade|at|as)|invänd(?:a|er)|invände|kritiser(?:a|ar|ade|at|as)|"
        r"ifrågasätt(?:a|er|s)|ifrågasatte|ser negativt|ställ(?:a|er|de)? sig (?:negativ|kritisk|tveksam)[a]?|"
        r"är negativ[a]? till|är emot|tar avstånd|tog avstånd|motarbet(?:a|ar|ade|at|as)",
        _en("oppose", "reject", "refuse", "disagree", "criticise", "criticize", "dismiss", "counteract"),
        r"objects?|objected|advises? against|works? against",
    ],
    ("ease", +1): [
        _sv1("underlätt", "förenkl", "gynn", "effektiviser"),
        r"främj(?:a|ar|ade|at|as|ande)|möjliggör(?:a|s|ande)?|möjliggjorde|möjliggjort",
        _en("facilitate", "ease", "simplify", "enable", "promote", "streamline"),
    ],
    ("ease", -1): [
        _sv1("försvår", "missgynn", "motverk", "komplicer"),
        r"(?:för)?hindr(?:a|ar|ade|at|as)",
        _en("hinder", "impede", "obstruct", "prevent", "complicate", "hamper"),
    ],
    ("pace", +1): [
        r"påskynd(?:a|ar|ade|at|as)|skynda(?:r|s)? på|snabba(?:r|s)? upp|_accelerer\w*|"
        r"speed(?:s|ed|ing)? up|sped up|accelerat(?:e|es|ed|ing)|hasten(?:s|ed|ing)?",
    ],
    ("pace", -1): [
        _sv1("fördröj", "försen", "brom"),
        r"sakta(?:r|s)? (?:ner|ned)|slow(?:s|ed|ing)? down|delay(?:s|ed|ing)?",
    ],
}
_WEAK = {
    ("amount", +1): [r"fler|mer|mera|högre|bättre|starkare|more|higher|greater|better|stronger"],
    ("amount", -1): [r"färre|mindre|lägre|sämre|svagare|fewer|less|lower|worse|weaker"],
    ("size", +1): [r"större|larger|bigger"],
    ("size", -1): [r"mindre|smaller"],
    ("existence", +1): [r"bygg(?:a|er|s|de|t|da)|build(?:s|ing)?|built"],
    ("approval", +1): [r"stöd|positiv[at]?|support|positive"],
    ("approval", -1): [r"negativ[at]?|kritisk[a]?|negative|critical|against"],
}


@cache
def _pattern(table: tuple) -> dict[tuple[str, int], re.Pattern]:
    return {key: re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.I) for key, parts in table}


def _strong() -> dict[tuple[str, int], re.Pattern]:
    return _pattern(tuple((k, tuple(v)) for k, v in _STRONG.items()))


def _weak() -> dict[tuple[str, int], re.Pattern]:
    return _pattern(tuple((k, tuple(v)) for k, v in _WEAK.items()))


# Adjectives that mention an actor ("kommunala", "mellankommunal"): enough for a sentence to name it.
_ACTOR_ADJECTIVES = {"kommun": r"\w*kommunal(?:a|t)?", "region": r"\w*regional(?:a|t)?"}


# Words by which a clause gives someone's view: they think, propose, want, support, say or report it
# ("Regionen anser att …", "anser regionen", "Kommunerna signalerar …", "The region believes …"); and
# "enligt rapporten", "according to the report".
_STANCE = re.compile(
    r"(?<![\w-])(?:"
    r"ans(?:er|åg|ett|es)|men(?:ar|ade|at)|tyck(?:er|te|t)|bedöm(?:er|de|t|s|ning\w*)|tro(?:r|dde|tt)|"
    r"vill|ville|velat|önsk(?:ar|ade|at)|föreslå(?:r|s)?|föreslog|föreslagit|förord(?:ar|ade|at)|"
    r"rekommender(?:ar|ade|at)|förespråk(?:ar|ade|at)|instämm(?:er|a)|instämde|instämt|"
    r"tillstyrk(?:er|te|t)|avstyrk(?:er|te|t)|välkomn(?:ar|ade|at)|stödjer|stöder|stödde|"
    r"motsätt(?:er)?|motsatte|ställ(?:er|de)? sig|ser (?:positivt|negativt|gärna|med oro)|"
    r"del(?:ar|ade) (?:\w+ )?(?:uppfattning|åsikt|syn|bild|bedömning|oro)\w*|hål(?:ler|lit) med|höll med|"
    r"betona(?:r|de|t)|understryk(?:er)?|underströk|framhåll(?:er)?|framhöll|påpeka(?:r|de|t)|"
    r"poängter(?:ar|ade|at)|konstater(?:ar|ade|at)|ifrågasätt(?:er)?|ifrågasatte|kritiser(?:ar|ade|at)|"
    r"efterfråga(?:r|de|t)|kräv(?:er|de|t)|upplev(?:er|de|t)|signaler(?:ar|ade|at)|uttryck(?:er|te|t)|"
    r"påtala(?:r|de|t)|lyft(?:er|e|t) fram|säg(?:er)|sade|sa|skriv(?:er)|skrev|anför(?:de|t)?|hävda(?:r|de|t)|"
    r"beskriv(?:er)|beskrev|anger|angav|"
    r"believes?|believed|thinks?|thought|considers?|considered|argues?|argued|holds|proposes?|proposed|"
    r"recommends?|recommended|suggests?|suggested|wants?|wanted|wish(?:es|ed)|supports?|supported|"
    r"welcomes?|welcomed|agrees?|agreed|endorses?|endorsed|opposes?|opposed|rejects?|rejected|"
    r"stress(?:es|ed)|emphasi[sz](?:es|ed)|underlines?|underlined|points? out|pointed out|notes|noted|"
    r"says|said|writes|wrote|describes|described|calls? for|called for|"
    r"is of the opinion|takes? the view|shares? the view"
    r")(?![\w-])",
    re.I,
)
_ACCORDING = re.compile(r"(?<![\w-])(?:enligt|according to|in the view of)\s+(?:the\s+)?", re.I)


@dataclass(frozen=True)
class Clause:
    text: str
    negated: bool  # an odd number of negations
    directions: frozenset[tuple[str, int]]  # strong and weak
    strong: frozenset[tuple[str, int]]
    actors: tuple[Actor, ...]  # each actor named, in the order of the text
    stems: frozenset[str]  # its content words as Swedish stems (content_stems)
    holder: Actor | None = None  # whose view it gives (one of `actors`)

    @classmethod
    def of(cls, text: str) -> Clause:
        strong = frozenset(key for key, pattern in _strong().items() if pattern.search(text))
        weak = frozenset(key for key, pattern in _weak().items() if pattern.search(text))
        negated = len(_NEGATION.findall(text)) % 2 == 1
        found = actors_at(text)
        return cls(text, negated, strong | weak, strong, tuple(a for _, _, a in found), content_stems(text, "sv"),
                   _holder(text, found))


def _holder(text: str, found: list[tuple[int, int, Actor]]) -> Actor | None:
    """Whose view a clause gives: the actor just before its word of view ("Regionen anser"), or right
    after it ("anser regionen"); the actor after "enligt" ("enligt rapporten")."""
    for match in _ACCORDING.finditer(text):
        after = next((a for start, _, a in found if start == match.end()), None)
        if after:
            return after
    for match in _STANCE.finditer(text):
        before = [a for _, end, a in found if end <= match.start()]
        after = next((a for start, _, a in found if start >= match.end() and not text[match.end():start].strip()), None)
        if before or after:
            return before[-1] if before else after
    return None


def clauses(sentence: str) -> list[Clause]:
    """The clauses of a sentence; a part without a content word of its own ("Det är inte så", "I
    yttrandet står") is read with the part after it."""
    parts, pending = [], ""
    for part in (p.strip() for p in _CLAUSE_BREAK.split(sentence)):
        pending = f"{pending} {part}".strip()
        if content_stems(pending, "sv"):
            parts.append(pending)
            pending = ""
    if pending:
        parts = parts[:-1] + [f"{parts[-1]} {pending}"] if parts else [pending]
    return [Clause.of(p) for p in parts]


@cache
def _function_words() -> frozenset[str]:
    return stop_words("sv") | stop_words("en")


def content_stems(text: str, lang: Language) -> frozenset[str]:
    """The stems of a text's content words, leaving out actors and negations (an English word also
    as the stems of its Swedish translations, bilingual.swedish_stems)."""
    for pattern, _ in actor_patterns():
        text = pattern.sub(" ", text)
    text = _NEGATION.sub(" ", text)
    kept = [w for w in words(text) if w.lower() not in _function_words() and not w.isdigit() and len(w) >= 3]
    stems = set(stem_words(kept, lang))
    if lang == "en":
        stems.update(*bilingual.swedish_stems(kept))
    return frozenset(stems)


def mentions(text: str) -> tuple[Actor, ...]:
    """The actors a text names, and those its adjectives refer to."""
    adjectives = tuple(
        Actor(frozenset([c]), c) for c, p in _ACTOR_ADJECTIVES.items()
        for _ in re.finditer(rf"(?<![\w-])(?:{p})(?![\w-])", text, re.I)
    )
    return actors(text) + adjectives



def contradicts(claim: Clause, source: Clause) -> bool:
    """A direction of the claim whose opposite, and not itself, is in the source clause."""
    return any((axis, -sign) in source.directions and (axis, sign) not in source.directions
               for axis, sign in claim.directions)


def prefix_negated(claim: str, source: str, lang: Language) -> bool:
    """A word negated by a prefix in one text whose base word stands in the other: "otillräcklig" for
    "tillräcklig", "unsustainable" for "sustainable" (compared as stems)."""
    claim_stems = set(stem_words(tokens(claim), lang))
    source_stems = set(stem_words(tokens(source), lang))
    return _negated_base(claim_stems, source_stems, lang) or _negated_base(source_stems, claim_stems, lang)


def _negated_base(stems: set[str], other: set[str], lang: Language) -> bool:
    return any(
        stem.startswith(prefix) and len(stem) - len(prefix) >= _MIN_PREFIXED_BASE and stem[len(prefix):] in other
        for stem in stems - other
        for prefix in _NEGATING_PREFIX[lang]
    )
