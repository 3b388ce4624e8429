"""The web chat in a real headless browser (Debian's chromium driven by Playwright) at 1280 and 390 px:
the answer in view, nothing over the conversation, the cited page in the source panel, the document list,
Swedish whatever the browser's language, document text and questions that look like HTML, and WCAG 2.1 AA
by axe-core. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
from helpers import (
    IMG_LITERAL,
    ROOT,
    SCRIPT_LITERAL,
    build_statement_pdf,
    require,
    running_chat,
    write_documents,
)
from helpers import ask_in_browser as ask

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # `npm install` at the repository root
ARTIFACTS = ROOT / "test-artifacts"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
PDF_QUESTION = "Vad vill regionala utvecklingsförvaltningen fortsätta att stödja?"
# Gradio's own English words (its English translation and the labels it writes untranslated).
GRADIO_ENGLISH = {
    "Clear", "Like", "Dislike", "Copy", "Copied", "Copy message", "Copied message", "Copy conversation",
    "Copied conversation", "chatbot conversation", "Scroll down", "Loading response", "Close", "Info",
    "Warning", "Error", "Success", "Submit", "Retry", "Undo", "Edit", "Cancel", "Loading", "Settings",
    "More tabs", "Feedback", "Remove", "Download", "Share", "Empty", "Dropdown", "Checkbox",
}


@pytest.fixture(scope="module")
def chat_url(seed_index_dir, tmp_path_factory):
    """The chat over the seed, two text statements and a statement PDF made by fpdf2."""
    from yttrande_qa.ingest.indexer import index_files
    from yttrande_qa.store.index import Index

    folder = tmp_path_factory.mktemp("browser") / "index"
    shutil.copytree(seed_index_dir, folder)
    index = Index(folder)
    files = list(write_documents(folder.parent / "docs").values())
    outcomes = index_files(index, [*files, build_statement_pdf(folder.parent / "docs" / "yttrande-vatten.pdf")])
    index.close()
    with running_chat(folder) as url:
        yield url, folder, outcomes[-1].doc_id


def open_chat(browser, url: str, size: str = "desktop", locale: str = "sv-SE"):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
    page.goto(url)
    page.get_by_label("Din fråga").wait_for()
    return page


@pytest.fixture
def page(browser, chat_url):
    page = open_chat(browser, chat_url[0])
    yield page
    page.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] and box["x"] >= 0


# Text of the conversation that something else covers: at points of each text block's visible part (within
# the boxes that clip it and the window), the element on top must be that block or inside it; and no label
# of Gradio's may overlap a text block.
COVERED_TEXT = """() => {
  function visiblePart(element) {
    let [left, top, right, bottom] = [0, 0, innerWidth, innerHeight];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (e !== element && style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const r = e.getBoundingClientRect();
      [left, top, right, bottom] = [Math.max(left, r.left), Math.max(top, r.top), Math.min(right, r.right), Math.min(bottom, r.bottom)];
    }
    return [left + 2, top + 2, right - 2, bottom - 2];
  }
  const problems = [];
  const labels = [...document.querySelectorAll('[data-testid="block-label"], .block-label, label')]
    .map(e => [e, e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0);
  for (const text of document.querySelectorAll('#chat .message-content p, #chat .message-content li, #chat .message-content summary')) {
    const [left, top, right, bottom] = visiblePart(text);
    if (right <= left || bottom <= top || !text.checkVisibility({contentVisibilityAuto: true})) continue;
    for (const [x, y] of [[left, top], [right, top], [(left + right) / 2, (top + bottom) / 2], [left, bottom], [right, bottom]]) {
      const onTop = document.elementFromPoint(x, y);
      if (onTop && !text.contains(onTop) && !onTop.contains(text)) problems.push(`${onTop.outerHTML.slice(0, 80)} over ${text.textContent.slice(0, 40)}`);
    }
    for (const [label, box] of labels) {
      if (box.left < right && box.right > left && box.top < bottom && box.bottom > top) problems.push(`label ${label.textContent} over ${text.textContent.slice(0, 40)}`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("size", SIZES)
def test_the_answer_is_read_from_its_first_line_with_the_question_field_in_view(browser, chat_url, size):
    page = open_chat(browser, chat_url[0], size)
    question = page.get_by_label("Din fråga")
    assert in_viewport(page, question)  # without scrolling, on a phone too
    assert not page.get_by_label("Visa bara regionens ståndpunkt").is_visible()  # the filters are folded
    screenshot(page, f"chat-{size}-empty")
    ask(page, "Vad föreslår förvaltningen om VA?")
    answer, _ = ask(page, "Vad föreslår förvaltningen om skoterlederna i fjällen?")  # a second turn
    page.wait_for_timeout(500)  # the chat's script scrolls on the next frame
    assert in_viewport(page, answer.locator("p").first)
    assert in_viewport(page, question)
    assert page.evaluate(COVERED_TEXT) == []
    width = SIZES[size][0]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no horizontal scroll
    screenshot(page, f"chat-{size}-answer")
    page.close()


def test_an_answer_cites_with_speaker_badges_and_a_short_document_label(page):
    answer, seconds = ask(page, "Vad föreslår förvaltningen om skoterlederna i fjällen?")
    text = answer.inner_text()
    assert re.search(r"\[\d\]", text)
    assert answer.locator(".badge.stance").first.inner_text() == "Yttrandets text"
    assert "s. 1" in text and "Yttrande över rapport om fjällturism och skoterleder, 2025-03-10" in text
    assert answer.locator(".ref-doc").first.get_attribute("title").endswith("om fjällturism och skoterleder")
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.locator("mark:empty").count() == 0
    print(f"\nquestion → rendered answer: {seconds:.2f} s (median of several: benchmarks/bench_web.py)")


def choose_document(page, doc_id: str) -> None:
    """The document list's button for `doc_id`: the chat then searches only it."""
    page.get_by_role("tab", name="Dokument").click()
    page.locator(f'button.choose-document[data-doc="{doc_id}"]').click()
    page.get_by_role("tab", name="Fråga", selected=True).wait_for()
    page.locator("#filters").get_by_text("Regionala utvecklingsnämndens yttrande över rapport om vatten").wait_for()


@pytest.mark.parametrize("size", SIZES)
def test_a_citation_opens_the_pdf_page_with_the_passage_highlighted(browser, chat_url, size):
    url, _, pdf_id = chat_url
    page = open_chat(browser, url, size)
    choose_document(page, pdf_id)
    answer, _ = ask(page, PDF_QUESTION)
    citation = answer.locator("a.cite").first
    citation.scroll_into_view_if_needed()
    start = time.perf_counter()
    citation.click()
    image = page.locator(".source-panel .page-frame img")
    page.wait_for_function("() => { const i = document.querySelector('.source-panel .page-frame img');"
                           " return i && i.complete && i.naturalWidth > 0; }", timeout=20_000)
    seconds = time.perf_counter() - start
    image.scroll_into_view_if_needed()
    frame = image.bounding_box()
    assert frame["width"] >= 300
    marks = page.locator(".source-panel .highlight")
    assert marks.count() >= 1
    for box in (marks.nth(i).bounding_box() for i in range(marks.count())):
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"] + 0.5
    panel = page.locator(".source-panel")
    assert "Yttrandets text" in panel.inner_text() and "Öppna PDF-filen på sidan 1" in panel.inner_text()
    assert panel.get_by_role("link", name="Öppna PDF-filen på sidan 1").get_attribute("href") == f"files/{pdf_id}#page=1"
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    screenshot(page, f"chat-{size}-panel")
    print(f"\nclick on a citation → page image: {seconds:.2f} s (median of several: benchmarks/bench_web.py)")
    page.close()


def test_a_text_documents_passage_is_shown_among_its_neighbours(page):
    answer, _ = ask(page, "Vad föreslår förvaltningen om skoterlederna i fjällen?")
    answer.locator("a.cite").first.click()
    current = page.locator(".source-panel .passage.current")
    current.wait_for()
    assert "skoterlederna" in current.inner_text()
    assert page.locator(".source-panel .neighbour").count() >= 1
    assert page.locator(".source-panel .page-frame").count() == 0


def test_example_questions_are_made_from_the_documents_and_answered(page):
    examples = page.locator("#examples button")
    examples.first.wait_for()  # shown once the page has loaded them
    labels = [b.inner_text() for b in examples.all()]
    assert labels and all(label.startswith("Vad säger yttrandet om ") for label in labels)
    examples.first.click()
    answer = page.locator(".answer").first
    answer.locator("p").first.wait_for(timeout=60_000)
    assert labels[0] in page.locator("#chat").inner_text()
    assert "Jag hittar inget" not in answer.inner_text()


def test_stance_switch_leaves_no_quotation(page):
    question = "Vad säger kommunerna om kompetensförsörjningen?"
    answer, _ = ask(page, question)
    assert answer.locator(".badge.quoted").count() > 0  # without the switch the report is quoted
    page.get_by_role("button", name="Ny konversation").click()
    page.get_by_text("Avgränsa sökningen").click()
    page.get_by_label("Visa bara regionens ståndpunkt").check()
    answer, _ = ask(page, question)
    chat = page.locator("#chat")
    assert chat.locator(".badge.stance").count() > 0
    assert chat.locator(".badge.quoted, .badge.own").count() == 0
    assert "Citat ur rapporten" not in chat.inner_text()


def test_document_text_that_looks_like_html_is_shown_and_never_run(page):
    answer, _ = ask(page, "Vad föreslår förvaltningen om granskningen av webbtjänsten och testtexten?")
    answer.locator("a.cite").first.click()
    page.locator(".source-panel .passage").first.wait_for()
    page.wait_for_timeout(500)  # an injected onerror would have fired by now
    shown = page.locator(".source-panel").inner_text()
    assert SCRIPT_LITERAL in shown and IMG_LITERAL in shown
    assert page.evaluate("window.__xss") is None


def test_a_question_is_shown_exactly_as_typed(page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    question = 'Vad gäller för <img src="/probe.png" onerror="window.__xss=3"> och **VA**?'
    ask(page, question)
    page.wait_for_timeout(500)
    assert page.locator("#chat [data-testid='user']").last.inner_text().strip() == question
    assert page.evaluate("window.__xss") is None and not any("probe" in url for url in requested)


@pytest.mark.parametrize("locale", ["en-US", "de-DE"])
def test_all_words_are_swedish_whatever_the_browsers_language(browser, chat_url, locale):
    page = open_chat(browser, chat_url[0], locale=locale)
    ask(page, "Vad föreslår förvaltningen om VA?")
    page.get_by_role("button", name="Gilla").last.click()  # Gradio's own button, and its toast
    page.get_by_text("Ditt omdöme är sparat").wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    words = page.evaluate("""() => {
      const found = [];
      for (const e of document.querySelectorAll('[aria-label], [title], [placeholder]'))
        for (const name of ['aria-label', 'title', 'placeholder'])
          if (e.getAttribute(name)) found.push([e.getAttribute(name), e.outerHTML.slice(0, 120)]);
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        if (n.textContent.trim()) found.push([n.textContent.trim(), n.parentElement.outerHTML.slice(0, 120)]);
      return found;
    }""")
    english = [(w, where) for w, where in words if w in GRADIO_ENGLISH or re.match(r"^\w+'s message", w)]
    assert english == []
    assert page.locator(".toast-title").first.inner_text().strip() == "Information"
    assert page.evaluate("document.documentElement.lang") == "sv"
    page.close()


@pytest.mark.parametrize("size", SIZES)
def test_accessibility_wcag_21_aa(browser, chat_url, size):
    require(AXE.exists(), f"{AXE} is missing: run `npm install` at the repository root")
    url, _, pdf_id = chat_url
    page = open_chat(browser, url, size)
    choose_document(page, pdf_id)
    answer, _ = ask(page, PDF_QUESTION)
    answer.locator("a.cite").first.click()
    page.locator(".source-panel .page-frame img").wait_for()
    page.locator("details.more-refs > summary").last.click()
    page.wait_for_timeout(500)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert violations == []
    page.get_by_role("tab", name="Dokument").click()
    page.locator("table.documents").wait_for()
    page.wait_for_timeout(500)  # the tab has faded in (axe measures colours as they are drawn)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    violations = [(v["id"], v["help"], [(n["target"], n["failureSummary"]) for n in v["nodes"][:3]])
                  for v in result["violations"]]
    assert violations == []
    page.keyboard.press("Tab")  # everything is reachable by keyboard: focus lands on a control
    assert page.evaluate("document.activeElement && document.activeElement.tagName") != "BODY"
    page.close()


def test_feedback_is_stored_and_survives_reindexing(page, chat_url):
    """Last in the module: it rebuilds the index."""
    from helpers import SEED

    from yttrande_qa.ingest.indexer import rebuild
    from yttrande_qa.store.index import Index

    question = "Vad föreslår förvaltningen om busstrafiken till fjällen?"
    ask(page, question)
    page.get_by_role("button", name="Gilla").last.click()
    page.get_by_text("Ditt omdöme är sparat").wait_for(timeout=10_000)
    index = Index(chat_url[1])
    try:
        [row] = [r for r in index.store.feedback() if r["question"] == question]
        assert row["rating"] == 1 and "[1]" in row["answer"]
        assert any("busstrafiken" in p["text"] for p in json.loads(row["passages_json"]))
        before = [r["question"] for r in index.store.feedback()]
        rebuild(chat_url[1], None, [SEED])
        assert [r["question"] for r in index.store.feedback()] == before
    finally:
        index.close()
