"""Query understanding: the question's language, what it asks for, its abbreviations, and follow-ups
made self-contained."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .. import tuning
from ..models import Language
from ..terms import common_words, is_abbreviation, stop_words, words

Intent = Literal["stance", "report"]
Fact = Literal["date", "number", "period", "penalty"]

# National public-sector terms that documents use without defining them.
GLOSSARY = {
    "VA": "vatten och avlopp",
    "SKR": "Sveriges Kommuner och Regioner",
    "SALAR": "Sveriges Kommuner och Regioner",
    "PTS": "Post- och telestyrelsen",
    "EU": "Europeiska unionen",
    "SOU": "Statens offentliga utredningar",
    "AI": "artificiell intelligens",
    "MSB": "Myndigheten för samhällsskydd och beredskap",
    "SCB": "Statistiska centralbyrån",
    "ESF": "Europeiska socialfonden",
    "ERUF": "Europeiska regionala utvecklingsfonden",
}

# Who a question asks about. A stance question asks what someone thinks, proposes or considers; only a
# statement's own text is a stance, so the question asks for it when the subject is the statement's
# author (or no one), and for the other documents' text when the subject is a report, an inquiry or others.
_STANCE_VERBS = (
    r"anser|ansåg|tycker|tyckte|föreslår|föreslog|föreslås|förslag\w*|åtgärdsförslag\w*|"
    r"ställer sig|ställde sig|ser (?:\w+ )?(?:positivt|negativt|gärna|fram emot)|tillstyrker|tillstyrkte|"
    r"avstyrker|avstyrkte|välkomnar|instämmer|motsätter sig|invänder|förordar|bedömer|bedömning\w*|"
    r"håller med|delar (?:\w+ )?(?:bedömning\w*|uppfattning\w*|syn\w*)|ståndpunkt\w*|inställning\w*|"
    r"ställning\w*|hållning\w*|synpunkt\w*|"
    r"propos(?!ition)\w*|suggest\w*|recommend\w*|position\w*|stance|views?|think\w*|opinion\w*|agree\w*|"
    r"disagree\w*|oppose\w*|object\w* to|welcome\w*|favou?r\w*"
)
# The author of a statement, or the statement itself.
_OWN_WORDS = (
    r"förvaltning\w*|region|regionen|regionens|nämnd\w*|styrelse\w*|yttrande\w*|remissvar\w*|"
    r"remissinstans\w*|administration\w*|statement\w*|board|council|consultation response\w*"
)
_SAYING = (
    r"säger|sa|sade|skriver|beskriver|menar|upplever|uppger|framhåller|lyfter|prioriterar|"
    r"efterfrågar|tycker|anser|vill|önskar|behöver|måste|ser|"
    r"say\w*|said|write\w*|wrote|describe\w*|mention\w*|report\w*|think\w*|prioriti[sz]\w*|"
    r"ask\w*|want\w*|need\w*|must|experience\w*|complain\w*"
)
# Documents a statement responds to, and others whose words it reports.
_OTHER_DOCUMENTS = (
    r"rapporten|rapportens|utredningen|utredningens|betänkandet|promemorian|direktivet|propositionen|"
    r"remissen|the report|the inquiry|the memorandum|the directive|the bill|the proposal"
)
_OTHERS = (
    rf"{_OTHER_DOCUMENTS}|utredaren|beredningen|kommittén|kommunerna|en kommun|flera kommuner|vissa kommuner|"
    r"andra kommuner|regeringen|departementet|myndigheten|the committee|the government|the ministry|"
    r"the agency|(?:a|some|several|many|other) municipalit(?:y|ies)|the municipalities"
)
_ACCORDING = re.compile(rf"\b(?:enligt|according to) ({_OTHERS})\b|\b(?:i|in) ({_OTHER_DOCUMENTS})\b", re.I)
_REPORT_SUBJECT = re.compile(
    rf"\b({_OTHERS})\b(?:\W+\w+){{0,2}}?\W+({_SAYING}|{_STANCE_VERBS})\b", re.I
)
_REPORT_OBJECT = re.compile(rf"\b({_SAYING}|{_STANCE_VERBS}) (?:\w+ ){{0,1}}({_OTHERS})\b", re.I)
# How the statement's author meets what others say: its response is its stance ("Hur tar förvaltningen
# emot önskemålet …", "Hur ser regionen på …", "How does the board respond to …").
_RESPONDING = r"bemöter|besvarar|svarar|tar emot|ser på|ställer sig|hanterar|respond\w*|react\w*|handle\w*"
_OWN_SUBJECT = re.compile(
    rf"\b({_OWN_WORDS})\b(?:\W+\w+){{0,2}}?\W+({_SAYING}|{_STANCE_VERBS}|{_RESPONDING})\b"
    rf"|\b({_SAYING}|{_STANCE_VERBS}|{_RESPONDING}) (?:\w+ )?({_OWN_WORDS})\b"
    rf"|\b(?:tar|ser|ställer) (?:\w+ )?({_OWN_WORDS}) (?:\w+ )?(?:emot|på|sig)\b",  # a verb split in a question
    re.I,
)
_STANCE = re.compile(rf"\b({_STANCE_VERBS})\b", re.I)
# A question that asks for several things: "Vilka …", "Nämn några …", "Ge exempel på …", "Name some of …",
# "What kinds of …".
_LIST = re.compile(
    r"^(?:nämn|name)\b|\b(vilka|lista|list|åtgärder|åtgärdsförslag|measures|actions|steps|proposals|några av|"
    r"exempel på|vilken typ av|some of|examples? of|(?:what|which) (?:kinds?|types?|sorts?) of)\b"
    r"|\b(?:which|what)\s+(?!does\b|was\b|has\b|is\b)\w{3,}(?<![su]s)s\b",
    re.I,
)
# "propos…" but not "proposition" (a government bill: the document, not a proposal it asks for).
_PROPOSALS = re.compile(r"\b(föresl\w*|förslag\w*|åtgärd\w*|propos(?!ition)\w*|measure\w*|action\w*)\b", re.I)
# What kind of fact a question asks for: a date (or deadline) or a number (amount, count, share).
# "När"/"when" asks for a time where it opens the question or a clause of it ("Enligt direktivet, när …");
# inside a clause it says on what condition ("Vad ska utredaren överväga när det förekommit fel …").
_ASKS_DATE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:och|men|and|but|since|until|by|from|sedan|till|senast)\s+)(?:när|when)\b"
    r"(?! det gäller| det kommer till)|\b(vilket (?:\w+ )?datum|vilken (?:\w+ )?(?:dag|månad|tidpunkt)|vilket år|"
    r"senast|sista (?:dag\w*|datum)|tidsfrist\w*|deadline\w*|(?:what|which) (?:\w+ )?(?:date|day|month|year)|"
    r"last day|final day|due|datum\w*|dates?)\b",
    re.I,
)
# A date to the day: "Vilket datum …", "On what exact date …" (a month and year do not answer it).
ASKS_DAY = re.compile(r"\b(datum\w*|dates?|vilken dag|which day|what day|exact\w*|exakt\w*)\b", re.I)
# A question for the year: "Vilket år …", "In which year …" (a year alone answers it; "När …" wants more).
ASKS_YEAR = re.compile(r"\b(vilket (?:\w+ )?år(?:tal)?|vilka år|(?:what|which) (?:\w+ )?years?)\b", re.I)
# A span of time or a frequency: "Hur ofta …", "Inom vilken tid …", "How quickly …" (answered by "var
# sjätte månad", "inom sju dagar", "årligen").
_ASKS_PERIOD = re.compile(
    r"\b(hur ofta|hur snabbt|hur fort|hur länge|hur lång tid|inom (?:vilken|hur lång) tid|inom hur många|"
    r"med vilk(?:en|et) (?:intervall|frekvens|mellanrum)|"
    r"how often|how frequently|how quickly|how soon|how fast|how long|within (?:what|which|how much) time|"
    r"within how (?:long|many)|at what intervals?)\b",
    re.I,
)
# A sanction: "Vilken påföljd …", "Vilket straff …", "What penalty …" (answered by "fängelse i högst två år",
# "böter", "vite", "sanktionsavgift").
_ASKS_PENALTY = re.compile(r"\b(påföljd\w*|straff|straffet|straffskal\w*|sanktion\w*|penalt\w*|punishment\w*|sanction\w*)\b", re.I)
_ASKS_NUMBER = re.compile(
    r"\b(hur många|hur mycket|hur stor\w*|hur lång\w*|hur hög\w*|hur gammal|hur gamla|"
    r"vilket belopp|belopp\w*|antal\w*|andel\w*|procent\w*|kostnad\w*|how many|how much|how large|"
    r"how big|how old|how high|what amount|which amount|what percentage|what share|what proportion|"
    r"amount|number of|percentage|proportion|cost)\b",
    re.I,
)
# An amount of money: the answer is a sum with its currency ("120 miljoner kronor"), not any number.
ASKS_MONEY = re.compile(
    r"\b(kosta\w*|kostnad\w*|pengar|belopp\w*|kronor|budget\w*|avgift\w*|pris|priset|bidrag\w*|anslag\w*|"
    r"cost\w*|money|price\w*|fees?|grants?)\b",
    re.I,
)
# Who: a person or a body (a municipality, an authority, an organisation), named in the answer.
_ASKS_ACTOR = re.compile(
    r"\b(?:vem|vems|who|whom)\b|\b(?:vilken|vilket|vilka|which|what)\s+(?:\w+\s+)?"
    r"(?:kommun\w*|region\w*|myndighet\w*|organisation\w*|aktör\w*|företag\w*|land|länder|parti\w*|"
    r"departement\w*|nämnd\w*|län|person\w*|"
    r"municipalit\w*|regions?|agenc\w*|authorit\w*|organi[sz]ation\w*|actors?|compan\w*|countr\w*|"
    r"part(?:y|ies)|ministr\w*|bod(?:y|ies)|count(?:y|ies)|persons?|people)\b",
    re.I,
)

QUESTION_WORDS = {
    "sv": {"vad", "vem", "vilka", "vilken", "vilket", "hur", "när", "var", "varför", "finns", "säger",
           "föreslår", "föreslås", "anser", "tycker", "vill", "enligt", "sägs", "nämns", "beskrivs", "gör",
           "ståndpunkt", "inställning", "bedömer"},
    "en": {"what", "who", "which", "how", "when", "where", "why", "does", "do", "did", "say", "says",
           "said", "propose", "proposes", "proposed", "suggest", "suggests", "think", "thinks",
           "according", "is", "are", "mentioned", "stance", "position", "view", "opinion", "agree",
           "want", "wants", "many", "much"},
}

_CONNECTIVE = re.compile(
    r"^(?:och|men|samt|också|även|and|but|also|what about|how about|hur är det med|vad gäller|"
    r"gäller det|och vad gäller|och hur är det med)\b[\s,]*",
    re.I,
)
_TOPIC_PREPOSITION = re.compile(
    r"\b(om|kring|gällande|angående|beträffande|about|on|regarding|concerning)\s+", re.I
)
_REFERENCE = re.compile(r"\b(det|den|dem|dessa|detta|de|it|this|that|they|them|these|those)\b", re.I)


@dataclass(frozen=True)
class QueryInfo:
    """What a question is about and what it asks for."""

    text: str
    language: Language
    intent: Intent | None  # "stance": the region's position or proposal; "report": what others said
    is_list: bool = False  # asks for several things: "Vilka åtgärder …", "Which measures …"
    asks_proposals: bool = False  # asks for proposals or measures
    asks: Fact | None = None  # a date ("När …", "deadline"), a number ("Hur många …") or a period ("Hur ofta …")
    asks_actor: bool = False  # asks who: "Vem …", "Vilken kommun …", "Which agency …"


def detect_language(text: str) -> Language:
    """sv or en, from common words (and å/ä/ö); Swedish when in doubt."""
    tokens = [w.lower() for w in words(text)]
    sv = sum(t in common_words("sv") or t in QUESTION_WORDS["sv"] for t in tokens)
    en = sum(t in common_words("en") or t in QUESTION_WORDS["en"] for t in tokens)
    if re.search(r"[åäö]", text, re.I):
        sv += 2
    return "en" if en > sv else "sv"


def detect_intent(text: str) -> Intent | None:
    """Whether the question asks for the statement's own position or proposal ("stance"), or for what a
    report, an inquiry or others said ("report"); None when it does not say."""
    if _ACCORDING.search(text):
        return "report"
    if _OWN_SUBJECT.search(text):
        return "stance"
    if _REPORT_SUBJECT.search(text) or _REPORT_OBJECT.search(text):
        return "report"
    if _STANCE.search(text):
        return "stance"
    return None


def detect_fact(text: str) -> Fact | None:
    """Whether the question asks for a span of time or a frequency, a date or a number."""
    if _ASKS_PERIOD.search(text):
        return "period"
    if _ASKS_DATE.search(text):
        return "date"
    if _ASKS_NUMBER.search(text):
        return "number"
    if _ASKS_PENALTY.search(text):
        return "penalty"
    return None


def analyse(text: str) -> QueryInfo:
    return QueryInfo(
        text, detect_language(text), detect_intent(text), bool(_LIST.search(text)),
        bool(_PROPOSALS.search(text)), detect_fact(text), bool(_ASKS_ACTOR.search(text)),
    )


def content_words(text: str) -> list[str]:
    """The words of a question that carry its topic: no function, question or intent words."""
    stops = _non_topic_words()
    return [w for w in words(text) if w.lower() not in stops or is_abbreviation(w)]


@cache
def _non_topic_words() -> frozenset[str]:
    """Built once: content_words runs for every sentence an answer weighs."""
    return stop_words("sv") | stop_words("en") | QUESTION_WORDS["sv"] | QUESTION_WORDS["en"]


def has_topic(text: str) -> bool:
    """Whether a question names anything to look for: "x", "???" and "Vad är det?" do not."""
    return any(len(word) > 1 or word.isdigit() for word in content_words(text))


# --- abbreviations ------------------------------------------------------------------------------
def expand_abbreviations(text: str, known: dict[str, str]) -> dict[str, str]:
    """The short forms in `text` with their expansions, from `known` (learned) and the glossary."""
    table = {**{k.upper(): v for k, v in GLOSSARY.items()}, **known}
    return {w: table[w.upper()] for w in words(text) if is_abbreviation(w) and w.upper() in table}


# --- follow-ups ---------------------------------------------------------------------------------
def rewrite_followup(question: str, history: list[dict] | None) -> str:
    """The question as a self-contained search query, given the conversation so far (OpenAI-style
    messages). "och om energi?" after "Vad föreslår förvaltningen om VA?" becomes "Vad föreslår
    förvaltningen om energi?"; a self-contained question is returned unchanged."""
    previous = None
    for message in history or []:
        if message.get("role") == "user" and isinstance(message.get("content"), str):
            previous = _rewrite(message["content"].strip(), previous)
    return _rewrite(question.strip(), previous)


def _rewrite(question: str, previous: str | None) -> str:
    if not previous or not _is_followup(question):
        return question
    topic = _CONNECTIVE.sub("", question).strip(" ?.!")
    topic_words = words(topic)
    if topic_words and topic_words[0].lower() in {"om", "kring", "gällande", "about", "on", "regarding"}:
        topic = topic[len(topic_words[0]):].strip()
    if _REFERENCE.search(question) and not _CONNECTIVE.match(question):
        # "Vem ansvarar för det?": keep the question, name what "det" refers to.
        return f"{question.rstrip(' ?')} ({_topic(previous)})?"
    head = _question_head(previous)
    return f"{head} {topic}?" if head else f"{previous.rstrip(' ?')} {topic}?"


def _is_followup(question: str) -> bool:
    n = len(words(question))
    if _CONNECTIVE.match(question):
        return n <= tuning.FOLLOWUP_MAX_WORDS + 2
    return n <= tuning.FOLLOWUP_MAX_WORDS and (
        bool(_REFERENCE.search(question)) or not any(w.lower() in QUESTION_WORDS[detect_language(question)] for w in words(question))
    )


def _question_head(previous: str) -> str | None:
    """The previous question up to and including its last topic preposition: "Vad föreslår
    förvaltningen om"."""
    match = _TOPIC_PREPOSITION.search(previous)
    return previous[: match.end()].strip() if match else None


def _topic(previous: str) -> str:
    match = _TOPIC_PREPOSITION.search(previous)
    tail = previous[match.end():] if match else previous
    return " ".join(content_words(tail)) or previous.rstrip(" ?")
