"""The web chat running on a free localhost port, and documents written for the web tests."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# A statement with printed page numbers ("1 (2)"), a quotation of the report and the region's own text.
MOUNTAIN_STATEMENT = """\
 Regionala utvecklingsnämndens yttrande över rapport om fjällturism och skoterleder

 1 (2)

 Yttrande
 2025-03-10

1. Skoterleder och besöksnäring

Rapporten beskriver att kommunerna i fjällen behöver fler skoterleder för att
besöksnäringen ska kunna växa under vintern och att lederna saknar gemensam skyltning. (sidan 4)

Regionala utvecklingsförvaltningen föreslår att skoterlederna i fjällkommunerna samordnas
i en gemensam ledplan för hela länet. Förvaltningen anser att ledplanen ska tas fram
tillsammans med samebyarna och markägarna.

 2 (2)

 Yttrande
 2025-03-10

2. Kollektivtrafik till fjällen

Förvaltningen föreslår att busstrafiken till fjälldestinationerna förstärks under
vintersäsongen, med fler avgångar från Umeå och Skellefteå under helgerna.
"""

# Text that would run as script if it were ever inserted into the page as HTML.
SCRIPT_LITERAL = "<script>window.__xss = 1</script>"
IMG_LITERAL = '<img src=x onerror="window.__xss = 2">'
XSS_STATEMENT = f"""\
 Yttrande över granskning av kommunens webbtjänster

 Yttrande
 2025-04-02

Granskning av webbtjänsten

Förvaltningen föreslår att granskningen av webbtjänsten fortsätter. Testtexten
{SCRIPT_LITERAL} och bilden {IMG_LITERAL} ska visas som vanlig text i webbtjänsten.
"""


def write_documents(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "mountain": folder / "yttrande-fjallturism-2025-03-10.txt",
        "xss": folder / "yttrande-webbgranskning-2025-04-02.txt",
    }
    files["mountain"].write_text(MOUNTAIN_STATEMENT, encoding="utf-8")
    files["xss"].write_text(XSS_STATEMENT, encoding="utf-8")
    return files


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_chat(index_dir: Path) -> Iterator[str]:
    """The chat over `index_dir` on http://127.0.0.1:<free port>/, closed afterwards."""
    from yttrande_qa.store.index import Index
    from yttrande_qa.web import serve

    index = Index(index_dir)
    demo = serve(index, "127.0.0.1", free_port(), block=False)
    try:
        yield demo.local_url
    finally:
        demo.close()
        index.close()


def ask_in_browser(page, question: str, timeout_ms: int = 60_000):
    """Ask as a user does; returns the new answer once it is on the screen, and the seconds it took."""
    answers = page.locator(".answer")
    before = answers.count()
    page.get_by_label("Din fråga").fill(question)
    start = time.perf_counter()
    page.get_by_role("button", name="Fråga", exact=True).click()
    answers.nth(before).locator("p").first.wait_for(timeout=timeout_ms)
    return answers.nth(before), time.perf_counter() - start
