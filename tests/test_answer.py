"""The extractive answer on the real seed index: verbatim sentences with valid [n], the region's stance
first, English framing, longer answers to list questions, honest refusals, no half sentences."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from helpers import DEV_QUESTIONS, REFUSAL_QUESTIONS, load_jsonl, run

from yttrande_qa.answers.answer import answer
from yttrande_qa.answers.compose import (
    choose_sentences,
    compose,
    is_complete,
)
from yttrande_qa.answers.meaning import meaning
from yttrande_qa.messages import NOTE_SWEDISH, REFUSAL
from yttrande_qa.models import Filters
from yttrande_qa.retrieval.query import analyse
from yttrande_qa.retrieval.search import search
from yttrande_qa.text import split_sentences

QUESTIONS = [
    ("Vad föreslår förvaltningen om VA?", "sv"),
    ("Vad säger förvaltningen om bostadsbristen?", "sv"),
    ("Vilka åtgärder föreslår förvaltningen för samhällsplaneringen?", "sv"),
    ("What did a municipality say about Norrlandsoperan?", "en"),
    ("Which measures does the administration propose for the new Social Services Act?", "en"),
]


@pytest.mark.parametrize("question,lang", QUESTIONS)
def test_sentences_are_verbatim_whole_and_cited(seed_index, question, lang):
    result = answer(seed_index, question)
    assert not result.refused
    assert [p.citation for p in result.passages] == list(range(1, len(result.passages) + 1))
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", result.text)]
    assert markers and all(1 <= n <= len(result.passages) for n in markers)
    chosen = choose_sentences(question, lang, result.passages, meaning(seed_index, question, result.passages))
    assert 1 <= len(chosen) <= (8 if analyse(question).is_list else 3)
    rest = result.text
    for sentence in chosen:
        assert sentence.text in sentence.passage.text
        assert is_complete(sentence.text) or sentence.item
        assert sentence.text in result.text
        rest = rest.replace(sentence.text, "", 1)
    # nothing but the document's title, the speakers' frames, the chosen sentences and their markers
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", rest)}
    assert cited == {s.passage.citation for s in chosen}
    title_lines = {s.passage.title for s in chosen}
    rest = re.sub(r"\[\d+\]", "", "\n".join(line for line in rest.splitlines() if not any(line.startswith(t) for t in title_lines)))
    assert len(rest.split()) < 12 * (1 + len({s.passage.citation for s in chosen}))


def test_region_stance_comes_before_the_report(seed_index):
    question = "Vad säger förvaltningen om bostadsbristen?"
    quoted = search(seed_index, "Vad säger rapporten om bostadsbristen?", Filters(speakers=["quoted"]), k=2)
    stance = search(seed_index, question, Filters(stance_only=True), k=2)
    passages = [replace(p, citation=n) for n, p in enumerate(quoted + stance, start=1)]  # quotations ranked first
    text = compose(question, "sv", passages)
    title, first_frame = text.splitlines()[:2]
    stance = "Yttrandet från Regionala utvecklingsnämnden (regionens egen text):"  # the statement's issuer, not a guess
    assert title.startswith(passages[0].title) and first_frame.startswith(stance)
    assert "Citat ur rapporten, s. " in text
    assert text.index(stance) < text.index("Citat ur rapporten")
    assert NOTE_SWEDISH not in text


def test_english_question_gets_english_framing_and_a_note(seed_index):
    result = answer(seed_index, "What did a municipality say about Norrlandsoperan?")
    frame = result.text.splitlines()[1]
    assert frame.startswith("The statement by Regionala utvecklingsnämnden (the region's own text):") or frame.startswith("Quoted")
    assert result.text.endswith(NOTE_SWEDISH)
    assert "Yttrandet" not in result.text and "Citat ur" not in result.text


def test_list_question_gets_more_sentences(seed_index):
    listing = "Vilka åtgärder föreslår förvaltningen inom samhällsplanering?"
    focused = "Vad är förvaltningens viktigaste förslag inom samhällsplanering?"
    assert analyse(listing).is_list and not analyse(focused).is_list
    assert analyse("Which measures does the region propose?").is_list
    assert not analyse("What does the report say about roads?").is_list
    passages = search(seed_index, listing, k=5)
    for n, p in enumerate(passages, start=1):
        p.citation = n
    many = choose_sentences(listing, "sv", passages, meaning(seed_index, listing, passages))
    few = choose_sentences(focused, "sv", passages, meaning(seed_index, focused, passages))
    assert 1 <= len(few) <= 3 and len(many) <= 8
    assert len(many) > len(few)


def test_cut_off_sentences_are_never_shown(seed_index):
    question = "Vad föreslår förvaltningen om VA?"
    passages = search(seed_index, question, k=3)
    cut = []
    for n, p in enumerate(passages, start=1):
        sentences = split_sentences(p.text)
        # start in the middle of the first sentence and stop in the middle of the last
        head = sentences[0][len(sentences[0]) // 2 :]
        tail = sentences[-1][: len(sentences[-1]) // 2]
        text = " ".join([head, *sentences[1:-1], tail])
        cut.append(replace(p, text=text, citation=n))
    chosen = choose_sentences(question, "sv", cut)
    assert chosen
    for sentence in chosen:
        assert is_complete(sentence.text)
        assert not sentence.passage.text.startswith(sentence.text) and not sentence.passage.text.endswith(sentence.text)
    assert not is_complete("och därmed kan åtgärdsförslagen inte vara av sådan karaktär.")
    assert not is_complete("Förvaltningen ser nu att det är viktigt att prioritera arbetet")
    assert is_complete("Detta särskilt med rådande bostadsbrist. (sidan 12)")


def test_refusal_text_flags_and_weak_passages(seed_index):
    result = answer(seed_index, "Vad säger yttrandet om skolmaten?")
    assert result.refused and result.text == REFUSAL["sv"]
    assert result.passages and all(p.weak for p in result.passages)
    english = answer(seed_index, "What is the region's position on building a new hospital in Lycksele?")
    assert english.refused and english.text == REFUSAL["en"]


def test_refusals_on_the_calibration_questions(seed_index):
    """Nearly every answerable question is answered and most unanswerable ones are refused. The refusal
    score is fitted on these questions and on the development corpus together; its threshold is where the
    cross-validated error over both is lowest without nearing the cliff above it (0.50-0.51, README).
    Here 49 of 50 answered, 22 of 30 refused (Swedish 15 of 17). The bar for all unanswerables stays 0.7 until
    a measurement separates the English near misses (a new hospital at a place the statement names): one
    that did (the share of the question's terms one passage holds together, branch i9-refusal-together)
    also refused English questions whose words the dictionary does not give in the text's sense."""
    questions = load_jsonl(DEV_QUESTIONS) + load_jsonl(REFUSAL_QUESTIONS)
    outcomes = [(q.get("answerable", True), answer(seed_index, q["q"]).refused, q["lang"]) for q in questions]
    assert sum(not a for a, _, _ in outcomes) >= 17
    answered = [not refused for answerable, refused, _ in outcomes if answerable]
    refused = [refused for answerable, refused, lang in outcomes if not answerable]
    refused_sv = [refused for answerable, refused, lang in outcomes if not answerable and lang == "sv"]
    assert sum(answered) / len(answered) >= 0.95, f"{answered.count(False)} answerable questions refused"
    assert sum(refused) / len(refused) >= 0.7
    assert sum(refused_sv) / len(refused_sv) >= 0.85


def test_a_paraphrase_close_in_meaning_is_answered(seed_index):
    # "bränsle" where the text says "drivmedel": few shared words, but the passage means the same.
    result = answer(seed_index, "Vilken strategi för bussarnas bränsle tas fram under 2024?")
    assert not result.refused and "drivmedel" in result.text.lower()


def test_ask_json_marks_weak_passages(seed_index_dir):
    result = run("ask", "Vilken skattesats föreslår regionen för 2031?", "--json", index_dir=seed_index_dir)
    data = json.loads(result.stdout)
    assert data["refused"] is True and data["passages"]
    assert all(p["weak"] is True for p in data["passages"])
    assert "removed" not in data
