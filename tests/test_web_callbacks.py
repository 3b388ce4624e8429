"""The chat's callbacks called directly on the real seed index, as Gradio calls them for a browser."""

from __future__ import annotations

import json
import re

import gradio as gr
import pytest

from yttrande_qa import messages
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.store.index import Index
from yttrande_qa.web import (
    MESSAGES_PER_TURN,
    known_documents,
    new_conversation,
    rate,
    refreshed_documents,
    respond,
)

VA = "Vad föreslår förvaltningen om VA?"


@pytest.fixture
def index(seed_index_copy) -> Index:
    return Index(seed_index_copy)


def ask(index: Index, question: str, turns: list | None = None, stance_only=False, doc_ids=None):
    """Every update `respond` makes, and its last one."""
    updates = list(respond(index, question, [], turns or [], stance_only, doc_ids, []))
    return updates, updates[-1]


def test_a_question_is_shown_at_once_then_answered_with_sources_and_memo(index):
    updates, (box, chat, turns, memo) = ask(index, f"  {VA}  ")
    first_box, first_chat, first_turns, _ = updates[0]
    assert first_box == "" and [m.content for m in first_chat] == [VA] and first_turns == []
    assert box == "" and len(chat) == MESSAGES_PER_TURN
    assert [m.role for m in chat] == ["user", "assistant", "assistant"]
    assert '<span class="cite">[' in chat[1].content and "<mark>" in chat[2].content
    [turn] = turns
    assert turn["question"] == VA and re.search(r"\[\d\]", turn["answer"]) and json.loads(turn["passages"])
    assert memo.startswith(f"Fråga: {VA}\n") and "\n[1] Yttrandets text · " in memo


def test_an_empty_question_changes_nothing(index):
    with pytest.warns(UserWarning, match=messages.EMPTY_QUESTION):
        updates, _ = ask(index, "   ")
    [(box, chat, turns, memo)] = updates
    assert isinstance(box, type(gr.skip())) and chat == [] and turns == [] and isinstance(memo, type(gr.skip()))


def test_a_follow_up_is_searched_with_the_previous_question(index):
    _, (_, _, turns, _) = ask(index, VA)
    _, (_, chat, turns, memo) = ask(index, "och om bredband?", turns)
    assert len(turns) == 2
    assert "Sökte efter: Vad föreslår förvaltningen om bredband?" in memo
    assert "bredband" in chat[1].content.lower()


def test_stance_only_returns_only_the_statements_own_text(index):
    question = "Vad säger kommunerna om kompetensförsörjningen?"
    _, (_, _, [unfiltered], _) = ask(index, question)
    assert {p["speaker"] for p in json.loads(unfiltered["passages"])} == {"author", "quoted"}
    _, (_, _, [turn], _) = ask(index, question, stance_only=True)
    passages = json.loads(turn["passages"])
    assert passages and all(p["speaker"] == "author" and p["kind"] == "statement" for p in passages)


def test_documents_are_checked_against_the_index_as_it_is_now(index, tmp_path):
    with pytest.raises(gr.Error, match="finns inte i indexet: inget-sådant"):
        ask(index, VA, doc_ids=["inget-sådant"])
    note = tmp_path / "bredband.txt"
    note.write_text("Bredband i glesbygd\n\nKommunen bygger ut bredband till alla byar före 2027.\n", encoding="utf-8")
    [outcome] = index_files(index, [note])
    assert known_documents(index, [outcome.doc_id]) == [outcome.doc_id]
    assert (outcome.doc_id in {value for _, value in refreshed_documents(index).choices})
    _, (_, _, [turn], _) = ask(index, "Vad gäller för bredband?", doc_ids=[outcome.doc_id])
    assert {p["doc_id"] for p in json.loads(turn["passages"])} == {outcome.doc_id}


def test_a_rating_saves_the_turn_it_was_given_on(index):
    _, (_, _, turns, _) = ask(index, VA)
    _, (_, _, turns, _) = ask(index, "Vad säger kommunerna om kollektivtrafiken?", turns)
    assert not rate(index, None, 1, turns)  # a rating taken back
    assert not rate(index, True, None, turns)
    assert rate(index, True, 1, turns)  # the first turn's answer
    assert rate(index, False, MESSAGES_PER_TURN + 2, turns)  # the second turn's sources
    saved = [(row["rating"], row["question"], row["answer"]) for row in index.store.feedback()]
    assert saved == [(1, turns[0]["question"], turns[0]["answer"]), (-1, turns[1]["question"], turns[1]["answer"])]


def test_a_new_conversation_empties_chat_turns_and_memo():
    assert new_conversation() == ([], [], "")


def test_a_rating_is_saved_once_cut_to_the_size_cap_and_an_unknown_answer_is_an_error(index):
    from yttrande_qa import tuning

    big = {"question": "Fråga " * 10_000, "answer": "Svar " * 10_000, "passages": "[" + "0," * 50_000 + "0]"}
    turns = [big]
    assert rate(index, True, 1, turns) and not rate(index, False, 2, turns)  # the same answer again
    [row] = index.store.feedback()
    assert max(len(row["question"]), len(row["answer"]), len(row["passages_json"])) == tuning.FEEDBACK_MAX_CHARS
    with pytest.raises(gr.Error, match=messages.FEEDBACK_NO_ANSWER):
        rate(index, True, MESSAGES_PER_TURN, turns)
