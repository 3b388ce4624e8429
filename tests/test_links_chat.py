"""Statements and reports joined in the chat: a quotation's reference opens the report passage it quotes
(or says that the report holds nothing close to it), a report passage in the source panel shows each
statement's reply ("Regionens svar"), and with a language model configured a paired answer still gives
the report's point and each reply with its own badge, and a question about the region's view is never
answered with the report's words alone. Real PDFs (link_fixtures.py), a real index, a scripted
OpenAI-compatible server on localhost (helpers.ScriptedModel)."""

from __future__ import annotations

import re

import pytest
from helpers import ScriptedModel, first_sentence
from link_fixtures import (
    ENERGY_FIRST,
    ENERGY_LAST,
    ENERGY_MIDDLE,
    HOUSING_REPLY,
    MISQUOTE,
    MUNICIPAL_REPLY,
    REPORT_HOUSING,
    REPORT_TRANSPORT,
    REPORT_WATER,
    WATER_REPLY,
    build_energy_files,
    build_files,
    build_linked_index,
)

from yttrande_qa import render
from yttrande_qa.answers.answer import answer, answer_stream
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.models import Filters
from yttrande_qa.panel import render_panel
from yttrande_qa.store.index import Index
from yttrande_qa.views import render_answer


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("links-chat")
    index = Index(build_linked_index(build_files(folder), folder / "index"))
    yield index
    index.close()


@pytest.fixture
def model():
    server = ScriptedModel()
    yield server
    server.close()


def report_chunk(index: Index, text: str) -> int:
    [chunk_id] = [c for c, t in index.store.db.execute("SELECT chunk_id, text FROM chunks WHERE doc_id = 'rapport'")
                  if text[:50] in t]
    return chunk_id


def own_chunk(index: Index, doc_id: str, text: str) -> int:
    [chunk_id] = [c for c, t in index.store.db.execute("SELECT chunk_id, text FROM chunks WHERE doc_id = ?", (doc_id,))
                  if text[:50] in t]
    return chunk_id


@pytest.fixture(scope="module")
def energy(tmp_path_factory):
    """A report passage of three paragraphs and a statement that quotes its first and its last."""
    folder = tmp_path_factory.mktemp("energy")
    index = Index(folder / "index")
    assert [o.status for o in index_files(index, build_energy_files(folder))] == ["added"] * 2
    yield index
    index.close()


def test_a_quotations_reference_opens_the_report_passage_it_quotes(linked):
    quotations = Filters(kinds=["statement"], speakers=["quoted"])
    result = answer(linked, "Vad säger rapporten om bostäder och detaljplaner?", filters=quotations, k=8)
    html = render_answer(result)
    water, housing = report_chunk(linked, REPORT_WATER), report_chunk(linked, REPORT_HOUSING)
    # the statement says "(sidan 4)": the link goes to page 3, where the report says it
    quoting = {text: own_chunk(linked, "yttrande", text) for text in (REPORT_HOUSING, REPORT_WATER[:40])}
    assert (f'<a class="quote-source" href="#passage/rapport/{housing}/{quoting[REPORT_HOUSING]}">'
            "Visa i rapporten (s. 3)</a>") in html
    assert f'href="#passage/rapport/{water}/{quoting[REPORT_WATER[:40]]}">Visa i rapporten (s. 2)</a>' in html
    assert '<span class="quote-missing">Inget liknande stycke hittades i rapporten (möjligt felcitat)</span>' in html
    misquoted = next(p for p in result.passages if p.text == MISQUOTE)
    assert misquoted.quote_source is None and misquoted.quote_status == "misquote"


def test_english_references_say_it_in_english(linked):
    html = render_answer(answer(linked, "What does the report say about water and sewage?"))
    assert "Show in the report (p. 2)</a>" in html and "Visa i rapporten" not in html


def test_the_panel_shows_the_quotations_place_and_the_report_passage_each_reply(linked):
    quoted = own_chunk(linked, "yttrande", "Kommunerna behöver ta fram fler detaljplaner")
    shown = render_panel(linked, "yttrande", quoted)
    assert f'href="#passage/rapport/{report_chunk(linked, REPORT_HOUSING)}/{quoted}">Visa i rapporten (s. 3)</a>' in shown
    shown = render_panel(linked, "rapport", report_chunk(linked, REPORT_WATER))
    assert 'data-doc="rapport"' in shown and '<section class="replies" aria-label="Svar på stycket">' in shown
    replies = shown[shown.index('<section class="replies"'):]
    # newest first, each under whose reply it is: the municipality's (2024-05-02), then the region's (2024-03-15)
    order = ["<h3>Svar från Kommunstyrelsen</h3>", "Kommunstyrelsen, 2024-05-02", MUNICIPAL_REPLY,
             "<h3>Regionens svar</h3>", "Regionstyrelsen, 2024-03-15", WATER_REPLY]
    assert [replies.index(t) for t in order] == sorted(replies.index(t) for t in order)
    assert replies.count("<h3>") == 2
    for doc_id, reply in (("kommun", MUNICIPAL_REPLY), ("yttrande", WATER_REPLY)):
        assert f'href="#passage/{doc_id}/{own_chunk(linked, doc_id, reply)}">Visa i yttrandet (s. 1)</a>' in replies
    assert 'class="replies"' not in render_panel(linked, "rapport", report_chunk(linked, "Kapitel 1 beskriver"))
    english = render_panel(linked, "rapport", report_chunk(linked, REPORT_WATER), lang="en")
    assert english.index("<h3>Reply from Kommunstyrelsen</h3>") < english.index(MUNICIPAL_REPLY) \
        < english.index("<h3>The region&#39;s reply</h3>") < english.index(WATER_REPLY)
    assert "Show in the statement (p. 1)</a>" in english and "Regionens svar" not in english


def test_a_paired_answer_with_a_language_model_keeps_the_point_and_each_reply_apart(linked, model):
    # a model that would give the report's words as the region's position
    model.script = lambda p: " ".join(f"Regionen anser att {first_sentence(t)[0].lower()}{first_sentence(t)[1:-1]} "
                                      f"[{n}]." for n, t in p.items())
    for question, point, reply, label in [
        ("Vad svarar regionen på rapportens beskrivning av vatten och avlopp?", REPORT_WATER, WATER_REPLY,
         "Rapporten (Rapportens text, s. 2):"),
        ("How does the region respond to the report's proposal on housing and detailed plans?", REPORT_HOUSING,
         HOUSING_REPLY, "The report (The report's own text, p. 3):"),
    ]:
        result = answer(linked, question, llm=model.config())
        assert label in result.text and result.text.index(point) < result.text.index(reply), result.text
        assert "Regionen anser att" not in result.text
        cited = {m.group(1): result.passages[int(m.group(2)) - 1]
                 for m in re.finditer(r"(\S+) \[(\d+)\]", result.text)}
        assert any(p.kind == "report" for p in cited.values()) and any(p.is_stance for p in cited.values())
    assert model.requests == []  # paired answers are built from the documents' sentences


def test_a_view_question_the_model_answers_with_the_reports_words_gets_the_replies(linked, model):
    model.script = lambda p: " ".join(f"{first_sentence(t)[:-1]} [{n}]." for n, t in p.items()
                                      if t.startswith(REPORT_WATER[:30]))
    answers = list(answer_stream(linked, "Vad anser regionen om ledningsnätet för vatten och avlopp?",
                                 llm=model.config()))
    assert model.requests, "the model was asked"
    for result in answers:  # never shown with the report's words alone, not even while streaming
        cited = [result.passages[int(n) - 1] for n in re.findall(r"\[(\d+)\]", result.text)]
        assert any(p.is_stance for p in cited), result.text
    final = answers[-1].text
    assert final.index(REPORT_WATER) < final.index(MUNICIPAL_REPLY) < final.index(WATER_REPLY)


def highlighted(shown: str) -> list[str]:
    """The tops of the lines the panel marks on the page image."""
    return re.findall(r'class="highlight" style="[^"]*top:([\d.]+%)', shown)


def test_a_quotations_link_marks_only_the_lines_it_quotes(energy):
    rows = list(energy.store.db.execute("SELECT chunk_id, doc_id, text FROM chunks"))
    [report] = [c for c, doc, t in rows if doc == "energirapport" and ENERGY_MIDDLE in t]
    quoting = {text: next(c for c, doc, t in rows if doc == "energiyttrande" and t.startswith(text))
               for text in (ENERGY_FIRST, ENERGY_LAST)}
    document = energy.store.document("energirapport")

    def lines_of(text: str) -> list[str]:
        return [f"{box.top:.2%}" for box in render.locate(document.path, document.content_hash, None, 2, text).boxes]

    whole = highlighted(render_panel(energy, "energirapport", report))
    assert whole == lines_of(" ".join([ENERGY_FIRST, ENERGY_MIDDLE, ENERGY_LAST])) and len(whole) >= 3
    for text, chunk in quoting.items():
        quoted = render_panel(energy, "energirapport", report, quoting=chunk)  # as #passage/DOC/CHUNK/QUOTING
        assert highlighted(quoted) == lines_of(text) and len(highlighted(quoted)) < len(whole), text
        statement = render_panel(energy, "energiyttrande", chunk)
        assert f'href="#passage/energirapport/{report}/{chunk}">Visa i rapporten (s. 2)</a>' in statement
    # the link of another passage (not a quotation of this report) marks the whole passage
    assert highlighted(render_panel(energy, "energirapport", report, quoting=report)) == whole


# --- who is speaking, in a language model's sentences -------------------------------------------
def cited_passage(passages: dict[int, str], text: str) -> int | None:
    return next((n for n, t in passages.items() if text[:40] in t), None)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_municipalitys_or_the_reports_words_are_never_given_as_the_regions_view(linked, model, lang):
    """A model that gives the municipality's reply, and the report's text where it mentions the region,
    as the region's view: those sentences are removed; the same words said by their own speakers stay."""
    wrong = {
        "sv": ["Regionen anser att kommunstyrelsen instämmer och har redan avsatt medel för att byta de äldsta "
               "ledningarna [{municipal}].",
               "Förvaltningen har redan avsatt medel för att byta de äldsta ledningarna under de kommande fem åren "
               "[{municipal}].",
               "Regionen anser att kollektivtrafiken i inlandet behöver fler turer och bättre anslutningar till de "
               "regionala linjerna [{report}]."],
        "en": ["The region believes that the municipal executive board agrees and has already set aside funds to "
               "replace the oldest water pipes over the next five years [{municipal}].",
               "The region agrees and has already set aside funds to replace the oldest water pipes over the next "
               "five years [{municipal}]."],
    }[lang]
    right = {
        "sv": ["Kommunstyrelsen instämmer och har redan avsatt medel för att byta de äldsta ledningarna under de "
               "kommande fem åren [{municipal}].",
               "Regionstyrelsen vill samordna kommunernas arbete med förnyelsen genom ett regionalt nätverk för "
               "vattenförsörjning [{region}]."],
        "en": ["The municipal executive board agrees and has already set aside funds to replace the oldest water "
               "pipes over the next five years [{municipal}].",
               "The regional executive board wants to coordinate the municipalities' work on renewal through a "
               "regional network for water supply [{region}]."],
    }[lang]
    written: list[str] = []

    def script(p: dict[int, str]) -> str:
        numbers = {"municipal": cited_passage(p, MUNICIPAL_REPLY), "region": cited_passage(p, WATER_REPLY),
                   "report": cited_passage(p, REPORT_TRANSPORT)}
        written[:] = [s.format(**numbers) for s in wrong + right]
        assert "[None]" not in " ".join(written), f"a passage the model is to cite was not sent: {written}"
        return " ".join(written)

    model.script = script
    question = {"sv": "Vad anser regionen om vatten och avlopp och om kollektivtrafiken i inlandet?",
                "en": "What does the region think about renewing the water and sewage pipes?"}[lang]
    result = answer(linked, question, llm=model.config(), k=8)
    assert written, "the model was asked"
    assert 'issuer="Kommunstyrelsen"' in model.requests[0]["body"]["messages"][-1]["content"]
    kept = result.text.split("\n\n")[0]
    assert result.removed == len(wrong), result.text
    assert not any(sentence in kept for sentence in written[: len(wrong)])
    assert all(sentence in kept for sentence in written[len(wrong):]), result.text
