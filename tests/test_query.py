"""Query understanding: language, what the question asks for, abbreviations, follow-ups."""

from __future__ import annotations

import pytest

from yttrande_qa.retrieval.query import (
    GLOSSARY,
    analyse,
    content_words,
    expand_abbreviations,
    rewrite_followup,
)
from yttrande_qa.store.abbreviations import find_abbreviations


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Vad föreslår förvaltningen om VA?", "sv"),
        ("Vilka kommuner deltar i projektet?", "sv"),
        ("What does the administration propose on VA?", "en"),
        ("Which years does the regional digitalisation strategy cover?", "en"),
        ("Why is Norway mentioned in connection with Västerbotten?", "en"),
        ("Which municipality outside the county takes part in Digitala Västerbotten i samverkan?", "en"),
    ],
)
def test_language_of_the_question(question, language):
    assert analyse(question).language == language


def test_english_content_words_are_not_stop_words():
    words = content_words("How much research funding may the new system give, and what amount is that?")
    assert words == ["research", "funding", "new", "system", "give", "amount"]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Vad föreslår förvaltningen om VA?", "stance"),
        ("Vad anser regionen om bostäder?", "stance"),
        ("What is the administration's position on wind power?", "stance"),
        ("Does the administration agree that the roads are poor?", "stance"),
        ("Vad säger rapporten om detaljplaner?", "report"),
        ("Vad tycker kommunerna om samverkan med universiteten?", "report"),
        ("What did a municipality say about Norrlandsoperan?", "report"),
        ("According to the report, what is unclear about Region Västerbotten's role?", "report"),
        ("Vilka kommuner ingår i nätverket?", None),
        ("When is the new Social Services Act expected to enter into force?", None),
        # a stance is what someone thinks or proposes; whose stance is said by the subject
        ("Vilken plan har regionen för kollektivtrafiken?", None),
        ("Which plans does the municipality have for the harbour?", None),
        ("Vad föreslår utredningen om åldersgränsen?", "report"),
        ("What does the government propose in the bill?", "report"),
        ("Tillstyrker nämnden förslaget om en ny myndighet?", "stance"),
        ("Ställer sig kommunstyrelsen bakom betänkandets förslag?", "stance"),
        ("Hur ser regionen positivt på samverkan?", "stance"),
    ],
)
def test_whether_the_question_asks_for_the_regions_stance_or_the_report(question, intent):
    assert analyse(question).intent == intent


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("När ska uppdraget redovisas?", "date"),
        ("Senast vilket datum ska remissvaren ha kommit in?", "date"),
        ("On what exact date was the report submitted?", "date"),
        ("What was the last day to respond?", "date"),
        ("Hur många kommuner deltar?", "number"),
        ("Hur mycket kostar reformen?", "number"),
        ("How many ships received support?", "number"),
        ("Vad ska nämnden göra när det gäller kriminalitet?", None),  # "när det gäller" is "regarding"
        ("Vad ska lagen heta, och när ska den träda i kraft?", "date"),  # "när" opens a clause
        ("Vilka kommuner deltar?", None),
        # a date asked for by a noun, "when" opening a clause, and "när" inside one (a condition)
        ("What are the interim and final reporting dates of the commission?", "date"),
        ("Enligt direktivet, när ska uppdraget redovisas?", "date"),
        ("Vad ska utredaren överväga när det förekommit fel hos en arbetsgivare?", None),
        ("What must the agency do when a decision is not executed?", None),
        # a span of time or a frequency
        ("How often should unexecuted decisions be reported?", "period"),
        ("How quickly should a medical assessment be given?", "period"),
        ("Inom hur många dagar ska patienten få besked?", "period"),
        ("Hur ofta ska inventeringen göras?", "period"),
        ("Hur länge gäller tillståndet?", "period"),
        # a sanction
        ("Vilken påföljd föreslås för tiggeri?", "penalty"),
        ("What penalty range does the committee propose for aggravated cases?", "penalty"),
    ],
)
def test_what_kind_of_fact_the_question_asks_for(question, fact):
    assert analyse(question).asks == fact


@pytest.mark.parametrize(
    ("question", "listing"),
    [
        ("Vilka uppgifter har utredaren?", True),
        ("Name some of the acts that the bill proposes to amend.", True),
        ("Nämn några remissinstanser som avstyrkte förslaget.", True),
        ("For which kinds of actors should the directive make camera surveillance easier?", True),
        ("Ge exempel på åtgärder mot tiggeri.", True),
        ("What is the name of the inquiry?", False),
        ("Vilket datum ska uppdraget redovisas?", False),
    ],
)
def test_whether_the_question_asks_for_a_list(question, listing):
    assert analyse(question).is_list == listing


def test_a_bill_is_not_a_proposal():
    """"propositionen" (the bill, a document) names where to look; "proposes" asks for proposals."""
    assert not analyse("Vad krävs enligt propositionen för att arbetstillstånd ska beviljas?").asks_proposals
    assert analyse("What does the bill propose about work permits?").asks_proposals


def test_abbreviations_are_learned_from_a_definition_in_the_text():
    text = (
        "Arbetet utgår från den regionala utvecklingsstrategin (RUS). Inom ramen för "
        "länets gemensamma kompetensplattform (LGKP) samverkar kommunerna, liksom inom "
        "sakernas Internet (Internet of Things, IOT)."
    )
    found = find_abbreviations(text)
    assert found["RUS"] == "regionala utvecklingsstrategin"
    assert found["LGKP"] == "länets gemensamma kompetensplattform"
    assert found["IOT"] == "Internet of Things"
    assert "LGKP" not in GLOSSARY


def test_parentheses_that_define_nothing_are_not_abbreviations():
    text = "Projektet startar i februari (se bilaga). Anslaget (10 mnkr) beslutas av nämnden (RUN)."
    assert find_abbreviations(text) == {}


def test_question_abbreviations_expand_from_documents_and_the_glossary():
    learned = {"LGKP": "länets gemensamma kompetensplattform"}
    assert expand_abbreviations("Vad gör LGKP och SKR?", learned) == {
        "LGKP": "länets gemensamma kompetensplattform",
        "SKR": "Sveriges Kommuner och Regioner",
    }
    assert expand_abbreviations("Vad gör LGKP?", {}) == {}


VA_QUESTION = [
    {"role": "user", "content": "Vad föreslår förvaltningen om VA?"},
    {"role": "assistant", "content": "Fortsatt facilitering av nätverket VA-samverkan [1]."},
]


@pytest.mark.parametrize(
    ("followup", "history", "rewritten"),
    [
        ("och om energi?", VA_QUESTION, "Vad föreslår förvaltningen om energi?"),
        ("Och gällande bredband?", VA_QUESTION, "Vad föreslår förvaltningen om bredband?"),
        (
            "what about housing?",
            [{"role": "user", "content": "What does the administration propose about water?"}],
            "What does the administration propose about housing?",
        ),
        ("Vem ansvarar för det?", VA_QUESTION, "Vem ansvarar för det (VA)?"),
    ],
)
def test_followups_become_self_contained(followup, history, rewritten):
    assert rewrite_followup(followup, history) == rewritten


def test_a_self_contained_question_is_left_alone():
    question = "Vilka kommuner deltar i Digitala Västerbotten i samverkan?"
    assert rewrite_followup(question, VA_QUESTION) == question
    assert rewrite_followup("och om energi?", None) == "och om energi?"


def test_followups_of_followups_keep_the_first_question():
    history = VA_QUESTION + [
        {"role": "user", "content": "och om energi?"},
        {"role": "assistant", "content": "Handlingsplaner mot energiagendan [1]."},
    ]
    assert rewrite_followup("och om bredband?", history) == "Vad föreslår förvaltningen om bredband?"
