"""The chat's callbacks called directly on the real seed index, as Gradio calls them for a browser."""

from __future__ import annotations

import html
import json
import re

import gradio as gr
import pytest
from helpers import write_documents

from yttrande_qa import messages, panel
from yttrande_qa.answers.answer import answer
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.store.index import Index
from yttrande_qa.web import (
    MESSAGES_PER_TURN,
    TOP_K,
    choose_document,
    documents_view,
    example_buttons,
    known_documents,
    new_conversation,
    rate,
    refreshed_documents,
    respond,
    show_passage,
)

VA = "Vad föreslår förvaltningen om VA?"
QUOTED = "Vad säger kommunerna om kompetensförsörjningen?"
LINK = re.compile(r'href="#passage/([^/"]+)/(\d+)"')


@pytest.fixture
def index(seed_index_copy) -> Index:
    return Index(seed_index_copy)


def ask(index: Index, question: str, turns: list | None = None, stance_only=False, doc_ids=None):
    """Every update `respond` makes, and its last one."""
    updates = list(respond(index, question, [], turns or [], stance_only, doc_ids, []))
    return updates, updates[-1]


def visible(markup: str) -> str:
    """What a browser shows for this markup: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def cited_and_folded(markup: str) -> tuple[str, str]:
    """An answer's markup before the folded passages, and the folded part."""
    shown, _, folded = markup.partition('<details class="more-refs">')
    return shown, folded


def test_a_question_is_shown_at_once_then_answered_with_references_and_memo(index):
    updates, (box, chat, turns, memo) = ask(index, f"  {VA}  ")
    first_box, first_chat, first_turns, _ = updates[0]
    assert first_box == "" and [visible(m.content) for m in first_chat] == [VA] and first_turns == []
    assert box == "" and len(chat) == MESSAGES_PER_TURN == 2
    assert [m.role for m in chat] == ["user", "assistant"]
    assert '<div class="answer" lang="sv">' in chat[1].content and '<a class="cite" href="#passage/' in chat[1].content
    [turn] = turns
    assert turn["question"] == VA and re.search(r"\[\d\]", turn["answer"]) and json.loads(turn["passages"])
    assert memo.startswith(f"Fråga: {VA}\n") and "\n[1] Yttrandets text · " in memo


def test_a_question_is_shown_exactly_as_typed(index):
    question = 'Vad gäller för <img src=x onerror="alert(1)"> och **VA** [länk](javascript:x)?'
    _, (_, chat, _, _) = ask(index, question)
    shown = chat[0].content
    assert "<" not in shown and "*" not in shown and "[" not in shown and visible(shown) == question


def test_references_list_the_cited_passages_and_fold_the_others(index):
    _, (_, chat, turns, _) = ask(index, QUOTED)
    shown, folded = cited_and_folded(chat[1].content)
    cited = {int(n) for n in re.findall(r"\[(\d)\]", turns[0]["answer"])}
    passages = json.loads(turns[0]["passages"])
    references = re.findall(r'<li class="ref">.*?</li>', shown)
    assert len(references) == len(cited) < len(passages)
    for number in cited:  # each cited passage once among the references, with its speaker badge
        passage = passages[number - 1]
        assert sum(f'/{passage["chunk_id"]}" ' in r for r in references) == 1
    assert f"{len(passages) - len(cited)} fler träffar" in visible(folded)
    assert all(f'/{p["chunk_id"]}"' in chat[1].content for p in passages)


def test_a_quotation_has_one_page_number_and_no_inline_page_reference(index):
    _, (_, chat, turns, _) = ask(index, QUOTED)
    answer_text, references = chat[1].content.split('<p class="refs-label">', 1)
    assert "(sidan" in turns[0]["answer"] and "(sidan" not in answer_text  # the badge gives the page
    quoted = [r for r in re.findall(r'<li class="ref">.*?</li>', references) if 'badge quoted' in r]
    assert quoted
    for reference in quoted:
        assert len(re.findall(r"\bs\. \d+", visible(reference))) == 1


def test_a_refusal_lists_no_references_and_folds_the_nearest_with_the_reason(index):
    _, (_, chat, turns, _) = ask(index, "Vad anser regionen om rymdfärder till Mars?")
    shown, folded = cited_and_folded(chat[1].content)
    assert messages.REFUSAL["sv"] in visible(shown)
    assert 'class="ref"' not in shown and "Källor" not in visible(shown)
    assert "besvarar inte frågan" in visible(folded)
    assert folded.count('class="ref"') == len(json.loads(turns[0]["passages"]))


def test_references_name_the_document_by_a_short_label_and_date(index):
    _, (_, chat, _, _) = ask(index, VA)
    [title] = {d.title for d in index.store.documents()}
    [label] = set(re.findall(r'<p class="ref-doc" title="[^"]*">(.*?)</p>', chat[1].content))
    assert len(title) > 100 and len(label) < 80 and label.endswith(", 2024-02-29")
    assert label.startswith("Yttrande över") and label.split("…")[0].lower() in title.lower()


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
    _, (_, _, [unfiltered], _) = ask(index, QUOTED)
    assert {p["speaker"] for p in json.loads(unfiltered["passages"])} == {"author", "quoted"}
    _, (_, _, [turn], _) = ask(index, QUOTED, stance_only=True)
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
    assert rate(index, False, MESSAGES_PER_TURN + 1, turns)  # the second turn's answer
    saved = [(row["rating"], row["question"], row["answer"]) for row in index.store.feedback()]
    assert saved == [(1, turns[0]["question"], turns[0]["answer"]), (-1, turns[1]["question"], turns[1]["answer"])]


def test_a_new_conversation_empties_chat_turns_memo_and_panel():
    assert new_conversation() == ([], [], "", panel.placeholder())


def test_a_cited_passage_opens_in_the_panel_once_among_its_neighbours(index):
    _, (_, chat, turns, _) = ask(index, VA)
    doc_id, chunk_id = LINK.search(chat[1].content).groups()
    shown = show_passage(index, doc_id, int(chunk_id), turns)
    passage = next(p for p in json.loads(turns[0]["passages"]) if p["chunk_id"] == int(chunk_id))
    assert "Yttrandets text" in visible(shown) and passage["section"] in visible(shown)
    assert visible(shown).count(passage["text"][:80]) == 1  # the passage once, not repeated as its context
    assert shown.count('class="neighbour"') >= 1 and "<mark>" in shown  # neighbours; the question's terms
    assert not re.search(r"<mark>\s*</mark>", shown)


def test_a_passage_no_longer_indexed_says_so(index):
    _, (_, chat, turns, _) = ask(index, VA)
    doc_id, chunk_id = LINK.search(chat[1].content).groups()
    with index.store.transaction() as db:
        index.store.delete_document(db, doc_id)
    assert messages.PANEL["gone"] in html.unescape(show_passage(index, doc_id, int(chunk_id), turns))
    assert messages.PANEL["gone"] in html.unescape(show_passage(index, "annat-dokument", int(chunk_id), turns))


def test_the_document_list_shows_each_document_and_choosing_one_filters_the_chat(index, tmp_path):
    files = write_documents(tmp_path / "docs")
    [outcome] = index_files(index, [files["mountain"]], responds_to=None)
    [seed] = [d for d in index.store.documents() if d.doc_id != outcome.doc_id]
    with index.store.transaction() as db:  # the new statement answers the seed (as `index --responds-to` links)
        db.execute("UPDATE documents SET responds_to = ? WHERE doc_id = ?", (seed.doc_id, outcome.doc_id))
    table = documents_view(index)
    rows = re.findall(r"<tr>(.*?)</tr>", table)[1:]
    assert len(rows) == 2 and "fjällturism" in rows[0]  # newest first
    assert "2025-03-10" in rows[0] and "Yttrande" in rows[0] and "<td>2</td>" in rows[0]  # printed pages 1–2
    assert "Svarar på: Yttrande över rapport från beredningen" in html.unescape(rows[0])
    assert "Besvaras av: Yttrande över rapport om fjällturism och skoterleder, 2025-03-10" in html.unescape(rows[1])
    with pytest.warns(UserWarning):  # gr.Info outside a running app
        dropdown, filters, tabs = choose_document(index, outcome.doc_id)
    assert dropdown.value == [outcome.doc_id] and filters.open is True and tabs.selected == "chat"
    _, (_, _, [turn], _) = ask(index, VA, doc_ids=dropdown.value)
    assert {p["doc_id"] for p in json.loads(turn["passages"])} == {outcome.doc_id}


def test_example_questions_come_from_the_newest_statement_and_are_all_answered(index, tmp_path):
    questions = [b.value for b in example_buttons(index) if b.visible]
    assert len(questions) >= 3
    for question in questions:
        assert not answer(index, question, k=TOP_K).refused, question
    [outcome] = index_files(index, [write_documents(tmp_path / "docs")["mountain"]])
    newer = [b.value for b in example_buttons(index) if b.visible]  # a newer statement: its own headings
    assert newer and newer != questions
    assert all(not answer(index, q, k=TOP_K).refused for q in newer)
    assert any("skoterleder" in q or "kollektivtrafik" in q for q in newer)


def test_a_rating_is_saved_once_cut_to_the_size_cap_and_an_unknown_answer_is_an_error(index):
    from yttrande_qa import tuning

    big = {"question": "Fråga " * 10_000, "answer": "Svar " * 10_000, "passages": "[" + "0," * 50_000 + "0]"}
    turns = [big]
    assert rate(index, True, 1, turns) and not rate(index, False, 1, turns)  # the same answer again
    [row] = index.store.feedback()
    assert max(len(row["question"]), len(row["answer"]), len(row["passages_json"])) == tuning.FEEDBACK_MAX_CHARS
    with pytest.raises(gr.Error, match=messages.FEEDBACK_NO_ANSWER):
        rate(index, True, MESSAGES_PER_TURN, turns)
