"""The web chat in a real headless browser (Debian's chromium driven by Playwright): asking, examples,
the stance switch, feedback, document text that looks like HTML, and WCAG 2.1 AA by axe-core."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from helpers import IMG_LITERAL, ROOT, SCRIPT_LITERAL, running_chat, write_documents
from helpers import ask_in_browser as ask

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # `npm install` at the repository root
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require(condition: bool, reason: str) -> None:
    """Skip on a developer machine without the tool; in CI (.ci/run installs it) fail instead."""
    if not condition:
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)(reason)


@pytest.fixture(scope="module")
def chat_url(seed_index_dir, tmp_path_factory):
    from yttrande_qa.ingest.indexer import index_files
    from yttrande_qa.store.index import Index

    folder = tmp_path_factory.mktemp("browser") / "index"
    shutil.copytree(seed_index_dir, folder)
    index = Index(folder)
    index_files(index, list(write_documents(folder.parent / "docs").values()))
    index.close()
    with running_chat(folder) as url:
        yield url, folder


@pytest.fixture(scope="module")
def browser():
    require(shutil.which("chromium") is not None, "chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, chat_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(chat_url[0])
    page.get_by_label("Din fråga").wait_for()
    yield page
    page.close()


def test_ask_and_read_answer_with_speaker_and_page(page):
    answer, seconds = ask(page, "Vad föreslår förvaltningen om skoterlederna i fjällen?")
    text = answer.inner_text()
    assert "[1]" in text
    assert answer.locator(".badge.stance").first.inner_text() == "Yttrandets text"
    assert "s. 1" in text and "rapport om fjällturism och skoterleder" in text
    assert page.evaluate("document.documentElement.lang") == "sv"
    answer.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "chat.png", full_page=True)
    page.locator("details.sources > summary").last.click()  # the full passages, the question's terms marked
    sources = page.locator("details.sources").last
    assert sources.locator("mark").count() > 0
    assert "Citat ur rapporten, s. 4" in sources.inner_text()  # the report quoted on its page 4
    print(f"\nquestion → rendered answer: {seconds:.2f} s (median of several: benchmarks/bench_web.py)")


def test_example_question_is_asked_on_click(page):
    example = page.get_by_role("button", name="Vilka åtgärder föreslås för kompetensförsörjningen?")
    example.click()
    page.locator(".answer .ref").first.wait_for(timeout=60_000)
    assert "Vilka åtgärder föreslås för kompetensförsörjningen?" in page.locator(".message-wrap").inner_text()


def test_stance_switch_leaves_no_quotation(page):
    question = "Vad säger kommunerna om kompetensförsörjningen?"
    answer, _ = ask(page, question)
    assert answer.locator(".badge.quoted").count() > 0  # without the switch the report is quoted
    page.get_by_role("button", name="Ny konversation").click()
    page.get_by_label("Visa bara regionens ståndpunkt").check()
    answer, _ = ask(page, question)
    page.locator("details.sources > summary").last.click()
    chat = page.locator(".message-wrap")
    assert chat.locator(".badge.stance").count() > 0
    assert chat.locator(".badge.quoted, .badge.own").count() == 0
    assert "Citat ur rapporten" not in chat.inner_text()


def test_document_text_that_looks_like_html_is_shown_and_never_run(page):
    ask(page, "Vad föreslår förvaltningen om granskningen av webbtjänsten och testtexten?")
    page.locator("details.sources > summary").last.click()
    page.wait_for_timeout(500)  # an injected onerror would have fired by now
    shown = page.locator(".message-wrap").inner_text()
    assert SCRIPT_LITERAL in shown and IMG_LITERAL in shown
    assert page.evaluate("window.__xss") is None


def test_accessibility_wcag_21_aa(page):
    require(AXE.exists(), f"{AXE} is missing: run `npm install` at the repository root")
    ask(page, "Vad säger rapporten om skoterlederna?")
    page.locator("details.sources > summary").last.click()
    page.wait_for_timeout(500)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert violations == []
    page.keyboard.press("Tab")  # everything is reachable by keyboard: focus lands on a control
    assert page.evaluate("document.activeElement && document.activeElement.tagName") != "BODY"


def test_feedback_is_stored_and_survives_reindexing(page, chat_url):
    """Last in the module: it rebuilds the index."""
    from helpers import SEED

    from yttrande_qa.ingest.indexer import rebuild
    from yttrande_qa.store.index import Index

    question = "Vad föreslår förvaltningen om busstrafiken till fjällen?"
    ask(page, question)
    page.get_by_role("button", name="Like").last.click()
    page.get_by_text("Ditt omdöme är sparat").wait_for(timeout=10_000)
    index = Index(chat_url[1])
    try:
        [row] = [r for r in index.store.feedback() if r["question"] == question]
        assert row["rating"] == 1 and "[1]" in row["answer"]
        assert any("busstrafiken" in p["text"] for p in json.loads(row["passages_json"]))
        rebuild(chat_url[1], None, [SEED])
        assert [r["question"] for r in index.store.feedback()] == [question]
    finally:
        index.close()
