"""A statement and the report it answers in the chat, in a real headless browser (Debian's chromium
driven by Playwright) at 1280 and 390 px: a quotation's "Visa i rapporten (s. N)" opens the report's
page with the quoted passage highlighted in the source panel, the panel shows each statement's reply,
newest first, under whose it is ("Svar från Kommunstyrelsen", "Regionens svar"), with links that open
the replies, and a misquote says so; a municipality's text has a badge naming its issuer, in another
style than the region's own text. Real PDFs
(link_fixtures.py); screenshots are kept in test-artifacts/."""

from __future__ import annotations

import pytest
from helpers import require, running_chat
from link_fixtures import (
    ENERGY_LAST,
    ENERGY_MIDDLE,
    MUNICIPAL_REPLY,
    REPORT_WATER,
    WATER_REPLY,
    build_energy_files,
    build_files,
    build_linked_index,
)
from test_browser import AXE, SIZES, WCAG_AA, open_chat, screenshot

from yttrande_qa import render
from yttrande_qa.ingest.indexer import index_files
from yttrande_qa.store.index import Index

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def linked_chat(tmp_path_factory):
    """The chat over the report, the region's and the municipality's statements and an unrelated report,
    and the energy report and the statement that quotes one of its passages twice; with the report's
    water passage, the region's reply to it and the energy passage by chunk id."""
    folder = tmp_path_factory.mktemp("browser-links")
    build_linked_index(build_files(folder), folder / "index")
    index = Index(folder / "index")
    index_files(index, build_energy_files(folder))
    chunks = {text: index.store.db.execute("SELECT doc_id, chunk_id FROM chunks WHERE text LIKE ?",
                                           ("%" + text[:50] + "%",)).fetchall()
              for text in (REPORT_WATER, WATER_REPLY, MUNICIPAL_REPLY, ENERGY_MIDDLE)}
    index.close()
    with running_chat(folder / "index") as url:
        yield url, {text: {doc: chunk for doc, chunk in rows} for text, rows in chunks.items()}


def ask(page, question: str):
    answers = page.locator(".answer")
    before = answers.count()
    page.get_by_label("Din fråga").fill(question)
    page.get_by_role("button", name="Fråga", exact=True).click()
    answers.nth(before).locator("p").first.wait_for(timeout=60_000)
    return answers.nth(before)


def panel_showing(page, doc_id: str, chunk_id: int):
    panel = page.locator(f'.source-panel[data-doc="{doc_id}"][data-chunk="{chunk_id}"]')
    panel.wait_for(timeout=20_000)
    return panel


@pytest.mark.parametrize("size", SIZES)
def test_a_quotation_opens_the_report_passage_and_its_replies(browser, linked_chat, size):
    url, chunks = linked_chat
    page = open_chat(browser, url, size)
    answer = ask(page, "Vad säger rapporten om vatten och avlopp?")
    link = answer.locator("ul.refs a.quote-source").first
    assert link.inner_text() == "Visa i rapporten (s. 2)"
    link.scroll_into_view_if_needed()
    link.click()
    panel = panel_showing(page, "rapport", chunks[REPORT_WATER]["rapport"])
    page.wait_for_function("() => { const i = document.querySelector('.source-panel .page-frame img');"
                           " return i && i.complete && i.naturalWidth > 0; }", timeout=20_000)
    assert "Rapportens text" in panel.locator(".panel-head").inner_text()
    frame = panel.locator(".page-frame img").bounding_box()
    marks = panel.locator(".highlight")
    assert frame["width"] >= 300 and marks.count() >= 2  # the quoted passage's two lines on page 2
    for box in (marks.nth(i).bounding_box() for i in range(marks.count())):
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"] + 0.5
    screenshot(page, f"chat-{size}-quotation-in-report")
    replies = panel.locator("section.replies")
    # each statement's reply under whose it is, newest first
    assert [h.inner_text() for h in replies.get_by_role("heading").all()] == ["Svar från Kommunstyrelsen",
                                                                              "Regionens svar"]
    text = replies.inner_text()
    assert text.index("Kommunstyrelsen, 2024-05-02") < text.index(MUNICIPAL_REPLY) \
        < text.index("Regionstyrelsen, 2024-03-15") < text.index(WATER_REPLY)
    replies.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    screenshot(page, f"chat-{size}-report-replies")
    replies.locator("li.reply").nth(1).get_by_role("link", name="Visa i yttrandet (s. 1)").click()
    reply = panel_showing(page, "yttrande", chunks[WATER_REPLY]["yttrande"])
    assert "Yttrandets text" in reply.locator(".panel-head").inner_text()
    assert WATER_REPLY in reply.inner_text()
    screenshot(page, f"chat-{size}-reply-in-statement")
    page.close()


def test_a_quotation_marks_only_the_lines_it_quotes(browser, linked_chat, tmp_path_factory):
    """The energy report's passage holds three paragraphs; the statement quotes the last: its link marks
    that paragraph's lines on the page, not the whole passage."""
    url, chunks = linked_chat
    page = open_chat(browser, url)
    link = ask(page, "Vad säger rapporten om energiplaner?").locator("ul.refs a.quote-source").first
    assert link.inner_text() == "Visa i rapporten (s. 2)"
    link.click()
    panel = panel_showing(page, "energirapport", chunks[ENERGY_MIDDLE]["energirapport"])
    page.wait_for_function("() => { const i = document.querySelector('.source-panel .page-frame img');"
                           " return i && i.complete && i.naturalWidth > 0; }", timeout=20_000)
    report = next(tmp_path_factory.getbasetemp().glob("browser-links*/energirapport.pdf"))
    quoted = render.locate(str(report), "", None, 2, ENERGY_LAST).boxes
    whole = render.locate(str(report), "", None, 2, f"{ENERGY_MIDDLE} {ENERGY_LAST}").boxes
    tops = panel.locator(".highlight").evaluate_all("marks => marks.map(m => m.style.top)")
    assert tops == [f"{box.top:.2%}" for box in quoted] and len(whole) > len(quoted)
    screenshot(page, "chat-desktop-quotation-lines-only")
    page.close()


def test_a_misquote_says_that_the_report_holds_nothing_close(browser, linked_chat):
    page = open_chat(browser, linked_chat[0])
    answer = ask(page, "Vad säger rapporten om kollektivtrafiken i inlandet?")
    note = answer.locator(".quote-missing").first
    assert note.inner_text() == "Inget liknande stycke hittades i rapporten (möjligt felcitat)"
    screenshot(page, "chat-desktop-misquote")
    page.close()


def test_accessibility_with_the_replies_in_the_panel(browser, linked_chat):
    require(AXE.exists(), f"{AXE} is missing: run `npm install` at the repository root")
    url, chunks = linked_chat
    page = open_chat(browser, url)
    ask(page, "Vad säger rapporten om vatten och avlopp?").locator("ul.refs a.quote-source").first.click()
    panel_showing(page, "rapport", chunks[REPORT_WATER]["rapport"]).locator("section.replies").wait_for()
    page.wait_for_timeout(500)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
    page.close()


def test_a_municipalitys_text_has_a_badge_naming_its_issuer(browser, linked_chat):
    """The municipality's reply under the report passage, its passage in the panel and in an answer's
    references: "Kommunstyrelsens text" in the issuer's style, never the region's green "Yttrandets text";
    WCAG 2.1 AA with both badges on the page."""
    require(AXE.exists(), f"{AXE} is missing: run `npm install` at the repository root")
    url, chunks = linked_chat
    page = open_chat(browser, url)
    ask(page, "Vad säger rapporten om vatten och avlopp?").locator("ul.refs a.quote-source").first.click()
    replies = panel_showing(page, "rapport", chunks[REPORT_WATER]["rapport"]).locator("li.reply")
    municipal, region = replies.nth(0).locator(".badge").first, replies.nth(1).locator(".badge").first
    assert (municipal.inner_text(), municipal.get_attribute("class")) == ("Kommunstyrelsens text", "badge issuer")
    assert (region.inner_text(), region.get_attribute("class")) == ("Yttrandets text", "badge stance")
    colours = [b.evaluate("b => getComputedStyle(b).backgroundColor + getComputedStyle(b).color")
               for b in (municipal, region)]
    assert colours[0] != colours[1]
    replies.nth(0).get_by_role("link", name="Visa i yttrandet (s. 1)").click()
    panel = panel_showing(page, "kommun", chunks[MUNICIPAL_REPLY]["kommun"])
    assert panel.locator(".panel-head .badge").first.inner_text() == "Kommunstyrelsens text"
    assert panel.locator(".badge.stance").count() == 0
    answer = ask(page, "Vad anser kommunstyrelsen om att byta de äldsta ledningarna?")
    badge = answer.locator("ul.refs li.ref", has_text="Kommunstyrelsens text").first.locator(".badge.issuer")
    assert badge.inner_text() == "Kommunstyrelsens text"
    screenshot(page, "chat-desktop-municipality-badge")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
    page.close()
