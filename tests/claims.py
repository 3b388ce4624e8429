"""Generated sentences a language model might write about a passage, faithful or not, made systematically
from the passage's own sentences: the same sentence framed, shortened or reworded (faithful), and the
same sentence negated, turned round, given another actor or cited for another passage (unfaithful).
Used by tests/test_verify.py and benchmarks/bench_verify.py; English ones come from the translations in
tests/data/seed_translations.jsonl and the Swedish paraphrases in tests/data/seed_paraphrases.jsonl
(written for this project: what a model summarising the sentence might write).

The word lists here are the test's own samples of Swedish and English; the verifier's rules are general
ones in yttrande_qa.answers.polarity."""

from __future__ import annotations

import re
from dataclasses import dataclass

FAITHFUL = ("verbatim", "framed", "shortened", "reworded", "merged", "paraphrase", "english")
UNFAITHFUL = ("negated", "unnegated", "inverted", "actor", "other passage", "english negated",
              "english inverted", "english actor")


@dataclass(frozen=True)
class Claim:
    kind: str
    text: str  # without its [n]
    source: str  # the sentence it was made from

    @property
    def faithful(self) -> bool:
        return self.kind in FAITHFUL


# --- faithful ------------------------------------------------------------------------------------
SYNONYMS = {
    "föreslår": "förordar", "anser": "menar", "viktigt": "angeläget", "viktig": "angelägen",
    "arbetar": "jobbar", "arbeta": "jobba", "bidrar": "medverkar", "insatser": "åtgärder",
    "utmaningar": "svårigheter", "möjligheten": "chansen", "tydlig": "klar", "tydligt": "klart",
    "också": "även", "exempelvis": "till exempel", "samarbete": "samverkan", "målsättning": "mål",
    "svårt": "besvärligt", "stor": "betydande", "stora": "betydande",
    "genomföra": "utföra", "ta fram": "utarbeta", "aktiviteter": "verksamheter",
    "tillsammans med": "i samarbete med", "kommer att": "ska", "i dag": "idag",
}
_FILLERS = re.compile(r"\b(bland annat|även|också|exempelvis|till exempel|tyvärr|därför|därmed|dessutom|helt enkelt)\s+", re.I)
_PAGE = re.compile(r"\s*\((?:sidan|s\.)\s*[\d–-]+\)\s*$")


def faithful_claims(sentence: str, region_speaks: bool) -> list[Claim]:
    body = _PAGE.sub("", sentence).rstrip(".").strip()
    claims = [Claim("verbatim", body + ".", sentence)]
    frame = "I yttrandet står att" if region_speaks else "Rapporten anger att"
    claims.append(Claim("framed", f"{frame} {_lower_first(body)}.", sentence))
    head = re.split(r",\s+|;\s*", body)[0]
    if head != body and len(head.split()) >= 6:
        claims.append(Claim("shortened", head + ".", sentence))
    reworded = _FILLERS.sub("", body)
    for word, synonym in SYNONYMS.items():
        reworded = re.sub(rf"\b{word}\b", synonym, reworded)
    if reworded != body:
        claims.append(Claim("reworded", reworded[:1].upper() + reworded[1:] + ".", sentence))
    return claims


def merged_claim(first: str, second: str) -> Claim | None:
    """Two neighbouring sentences of a passage told as one, as a summary does: the first's main clause
    "och" the second's."""
    heads = [re.split(r",\s+|;\s*", _PAGE.sub("", s).rstrip(".").strip())[0] for s in (first, second)]
    if any(len(h.split()) < 4 for h in heads):
        return None
    return Claim("merged", f"{heads[0]} och {_lower_first(heads[1])}.", first + " " + second)


def _lower_first(text: str) -> str:
    first = text.split()[0]
    is_name = first[1:].lower() != first[1:] or (len(text.split()) > 1 and text.split()[1][:1].isupper())
    return text if is_name else text[:1].lower() + text[1:]


# --- unfaithful: negation ------------------------------------------------------------------------
FINITE = ("ska", "skall", "bör", "kan", "måste", "vill", "får", "behöver", "har", "är", "blir", "kommer",
          "finns", "föreslår", "anser", "menar", "bedömer", "ser", "krävs", "behövs", "delar", "arbetar",
          "bidrar", "driver", "startar", "pågår", "deltar", "saknar", "upplever", "beskriver")
NEGATORS = ("inte", "ej", "aldrig", "inte längre", "knappast")
_NEGATION = re.compile(r"\s+\b(inte|ej|aldrig|icke)\b", re.I)


def negated_claims(sentence: str) -> list[Claim]:
    body = _PAGE.sub("", sentence).rstrip(".").strip()
    claims = []
    if _NEGATION.search(body):
        claims.append(Claim("unnegated", _NEGATION.sub("", body, count=1) + ".", sentence))
    words = body.split()
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in FINITE:
            negator = NEGATORS[len(body) % len(NEGATORS)]
            claims.append(Claim("negated", " ".join(words[: i + 1] + [negator] + words[i + 1 :]) + ".", sentence))
            break
    return claims


# --- unfaithful: direction turned round ----------------------------------------------------------
OPPOSITES = [
    ("ökar", "minskar"), ("ökad", "minskad"), ("ökat", "minskat"), ("ökade", "minskade"), ("öka", "minska"),
    ("höja", "sänka"), ("stärka", "försvaga"), ("stärker", "försvagar"), ("stärkta", "försvagade"),
    ("förbättra", "försämra"), ("förbättrad", "försämrad"), ("fler", "färre"), ("mer", "mindre"),
    ("större", "mindre"), ("högre", "lägre"), ("utöka", "begränsa"), ("underlätta", "försvåra"),
    ("underlättar", "försvårar"), ("främja", "motverka"), ("möjliggöra", "förhindra"), ("utveckla", "avveckla"),
    ("fortsatt", "avbruten"), ("fortsätta", "avsluta"), ("fortsätter", "upphör med"), ("startar", "avslutas"),
    ("starta", "läggas ned"), ("positiva", "negativa"), ("positivt", "negativt"), ("stödja", "motarbeta"),
    ("håller med", "motsätter sig"), ("delar", "avvisar"), ("tillstyrker", "avstyrker"), ("bygga", "riva"),
    ("förenkla", "komplicera"), ("förtydligas", "försvåras"), ("effektivisera", "försvåra"),
]
ENGLISH_OPPOSITES = [
    ("increases", "reduces"), ("increased", "reduced"), ("increase", "reduce"), ("more", "fewer"),
    ("improve", "worsen"), ("improvements", "cuts"), ("strengthen", "weaken"), ("support", "oppose"),
    ("agrees", "disagrees"), ("shares", "rejects"), ("start", "end"), ("starts", "ends"),
    ("continued", "discontinued"), ("streamline", "complicate"), ("speed up", "slow down"),
    ("important", "unimportant"), ("better", "worse"), ("raised", "lowered"),
]


def inverted_claims(sentence: str, pairs=OPPOSITES, kind: str = "inverted") -> list[Claim]:
    body = _PAGE.sub("", sentence).rstrip(".").strip()
    claims = []
    for a, b in pairs:
        for old, new in ((a, b), (b, a)):
            pattern = re.compile(rf"(?<![\w-]){old}(?![\w-])", re.I)
            if pattern.search(body):
                claims.append(Claim(kind, _capitalise(pattern.sub(new, body, count=1)) + ".", sentence))
    return claims


# --- unfaithful: another actor -------------------------------------------------------------------
# Each actor with replacements of another kind (never the region for one of the region's own bodies:
# in the region's own text those name the same speaker).
ACTORS = {
    "kommunerna": ("staten", "länsstyrelsen", "regionen"), "kommunernas": ("statens", "regionens"),
    "kommuner": ("myndigheter", "regioner"), "kommunen": ("staten", "regionen"),
    "regionala utvecklingsförvaltningen": ("kommunerna", "länsstyrelsen"),
    "förvaltningen": ("kommunerna", "staten"), "region västerbotten": ("kommunerna", "länsstyrelsen"),
    "regionen": ("kommunerna", "staten"), "länsstyrelsen": ("kommunerna", "regionen"),
    "staten": ("kommunerna", "regionen"), "regeringen": ("kommunerna", "regionen"),
    "företag": ("kommuner", "myndigheter"), "näringslivet": ("kommunerna", "staten"),
}
ENGLISH_ACTORS = {
    "municipalities": ("the state", "the county administrative board"),
    "municipality": ("government", "county administrative board"),
    "regional development administration": ("municipalities", "county administrative board"),
    "administration": ("municipalities", "government"), "region västerbotten": ("the municipalities", "the state"),
    "county administrative board": ("municipalities", "region"),
}


def actor_claims(sentence: str, region_speaks: bool, actors=ACTORS, kind: str = "actor") -> list[Claim]:
    body = _PAGE.sub("", sentence).rstrip(".").strip()
    for actor, replacements in actors.items():  # the first (longest listed) actor the sentence names
        pattern = re.compile(rf"(?<![\w-]){actor}(?![\w-])", re.I)
        if pattern.search(body):
            return [Claim(kind, _capitalise(pattern.sub(r, body, count=1)) + ".", sentence)
                    for r in replacements if not pattern.search(r)]
    return []


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def unfaithful_claims(sentence: str, region_speaks: bool) -> list[Claim]:
    return negated_claims(sentence) + inverted_claims(sentence) + actor_claims(sentence, region_speaks)


def english_claims(translation: str, sentence: str) -> list[Claim]:
    claims = [Claim("english", translation, sentence)]
    body = translation.rstrip(".")
    negated = re.sub(r"\b(is|are|will|should|must|can|has|have|was|were)\b", r"\1 not", body, count=1)
    if negated != body:
        claims.append(Claim("english negated", negated + ".", sentence))
    claims += [Claim(c.kind, c.text, sentence) for c in inverted_claims(translation, ENGLISH_OPPOSITES, "english inverted")]
    claims += [Claim(c.kind, c.text, sentence) for c in actor_claims(translation, True, ENGLISH_ACTORS, "english actor")]
    return claims
