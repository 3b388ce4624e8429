"""Small text helpers shared by chunking, answers and evaluation."""

from __future__ import annotations

import re
import unicodedata

from .models import SECTION_SEPARATOR

# Words that end in a period without ending a sentence (Swedish and English).
ABBREVIATIONS = {
    "t.ex", "bl.a", "m.fl", "m.m", "s", "ca", "dvs", "d.v.s", "resp", "jfr", "kap", "nr", "st",
    "e.g", "i.e", "etc", "p", "pp", "no", "vs", "tex", "mm", "osv", "o.s.v", "fr.o.m", "t.o.m",
    # before a number in the Government's and Riksdag's series: "(dir. 2018:6)", "prop. 2017/18:105"
    "dir", "prop", "bet", "rskr", "skr",
    # and others that seldom end one (not "bil", also a car, nor "mkr" or "o.d.", which often do)
    "s.k", "f.d", "p.g.a", "pga", "enl", "inkl", "exkl", "m.a.o",
}
# A page reference in parentheses: "(sidan 12)", "(s. 12–14)", "(page 3)"; groups: first and last page.
PAGE_WORD = r"(?:sidan|sida|sid\.?|s\.|page|p\.)"
PAGE_RANGE = r"(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?"
PAGE_REFERENCE = rf"\({PAGE_WORD}\s*{PAGE_RANGE}\)"
# A printed page number standing on its own line: "17 (18)", "Sida 17 av 18"; group: the page.
PAGE_NUMBER = r"(?:sida\s+)?(\d{1,4})\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4})"
# A sentence ends after its full stop and any closing quotation mark, or after a page reference that
# follows its full stop ("… bostadsbrist. (sidan 12) Nästa …").
_SENTENCE_END = re.compile(
    rf"(?<=[.!?])(?:[\"”’)]*|(?P<page>\s*{PAGE_REFERENCE}))\s+(?=[\"“”(]?[A-ZÅÄÖ0-9])"
)


def split_sentences(text: str, after_page_references: bool = True) -> list[str]:
    """Sentences of a paragraph, keeping abbreviations such as "t.ex." and "bl.a." inside and a page
    reference with the sentence it follows (without `after_page_references`, with the next sentence
    too: how chunks and their sentence vectors were cut when the index was built)."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        last_word = text[start : match.start()].rsplit(None, 1)[-1].strip(".([\"“").lower()
        if last_word in ABBREVIATIONS or (match.group("page") and not after_page_references):
            continue
        end = match.end("page") if match.group("page") else match.start()
        sentences.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def word_count(text: str) -> int:
    return len(text.split())


def slugify(name: str) -> str:
    """A readable ASCII id: "Yttrande över VA-planen 2024" → "yttrande-over-va-planen-2024"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "dokument"


def compact(text: str) -> str:
    """Text with whitespace, hyphens and soft hyphens removed, case-folded: how gold evidence is matched."""
    return re.sub(r"[\s\-\u00ad‐‑‒–—]+", "", text).casefold()


def embedding_text(section: str, text: str) -> str:
    """What is embedded (and indexed for words) for a chunk: its text under the heading it stands under."""
    heading = section.rsplit(SECTION_SEPARATOR, 1)[-1]
    return f"{heading}\n{text}" if heading else text


JOINING_WORDS = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "men"}  # "vatten- och"


def join_lines(lines: list[str]) -> str:
    """Lines of a paragraph as one text (see `_join`)."""
    text = lines[0]
    for line in lines[1:]:
        text = _join(text, line)
    return text


def _join(left: str, right: str) -> str:
    """Join two lines; a hyphen that ends a line is dropped only where it split a word."""
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if left.endswith(("-", "‐")) and len(left) > 1 and not left[-2].isspace():
        if right.split()[0] in JOINING_WORDS:
            return f"{left} {right}"  # "vatten- och avlopp"
        if left[-2].islower() and right[:1].islower():
            return left[:-1] + right  # "vattenför-" + "sörjningen"
        return left + right  # "VA-" + "samverkan", "1940–50-" + "tal"
    return f"{left} {right}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str, keep_newlines: bool = False) -> str:
    """Text safe to print on a terminal: control characters (an escape sequence in a document, a newline
    in a file name) written as escapes such as \\x1b and \\n."""
    pattern = _CONTROL_BUT_LINES if keep_newlines else _CONTROL
    return pattern.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)
