"""What a document says about itself: title, date, genre and kind, document number, diarienummer and
issuing body, read from the front of its first page the way Swedish administrative documents are set.

* The **front** is a letterhead (the body's name, a genre label such as "Yttrande" or "Regeringens
  proposition", a date, "Dnr …", a page number such as "1 (16)", contact lines), then the title (the
  first heading-like line and its lower-case continuations), then the text.
* The **title** is never a letterhead line, a page number or a section name such as "Sammanfattning";
  a title that continues a genre label ("Regeringens proposition 1991/92:167 / om …") keeps the label.
  A heading the file marks (Markdown, Word, a PDF's larger or bold font) is taken as it is, unless it is a
  letterhead line or a section name. Without any, the file name is used.
* The **genre** is the first genre word in the letterhead labels or the title, in its indefinite form
  ("Yttrande över betänkandet …" is a yttrande); else the series of the document's own number ("SOU" is a
  betänkande); else how the text's opening speaks of itself ("I detta betänkande", "har beretts
  möjlighet att yttra sig"); else a genre word in the file name. The kind follows from the genre.
* The **number** is the document's own designation (SOU 2019:30, Dir. 2018:6, Prop. 2017/18:105,
  Ds 2019:1, NJA 2014 s. 499, AFS 2011:19 …) where the front names it; a number the title names as what
  the document is about ("Remiss av SOU 2017:39", "Yttrande över Ds 2019:1") is a subject number.
  The file name is searched last ("dir-2018-6.md"). Numbers are read with `terms.named_designations`,
  as search reads them in questions; here only the series documents carry as their own count.
* The **date** is the document's own: a "Datum" field, a bare date in the letterhead or running header,
  a decision line ("Beslut vid regeringssammanträde den 25 februari 2016", "Stockholm den 18 april
  2013"), never a deadline ("senast den …") or a date the text mentions; else one in the file name.
* The **issuer** is the body that owns the title ("Regionala utvecklingsnämndens yttrande"), else the
  body in the letterhead, else the body the text opens with ("Region X har beretts möjlighet …"), else
  the government for a directive, a bill or a lagrådsremiss.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from ..genres import find_genre, kind_of
from ..models import Kind
from ..terms import DIARIENUMMER_VALUE, Designation, Named, named_designations
from ..text import PAGE_NUMBER, PAGE_REFERENCE, join_lines

# Bump when the reading of documents changes (metadata, kinds, quotations, paragraphs, chunks): `index`
# reads a document stored by an earlier version again even when its file is unchanged.
# 2: a PDF page's bare number dropped, paragraphs run on over page breaks, small chunks joined.
# 3: each chunk's PDF page index kept beside its printed page number (the source panel's page).
# 4: sentences run on after "dir.", "prop.", "bet.", "s.k.", "enl." and other abbreviations (text.ABBREVIATIONS).
# 5: a line that a list starting in lower case completes ("Utredaren ska" / "* kartlägga …") is no heading.
# 6: each chunk's page label kept ("iii" in roman-numbered front matter, which has no page number).
# 7: a text file's running header (a short line with a document number on every page) dropped.
# 8: "direktiv" inside another document's title is no kommittédirektiv; a number printed as the document's own
#    outranks a genre word of its title; regeringen.se's file names ("sou-201322", "prop.-20121381") give
#    numbers; more self-descriptions ("I lagrådsremissen föreslår …"); a lead-in ending "… att" is no heading.
#    PDF text: ligature glyphs ("ﬁ", "ﬂ", "ﬀ") read as their letters; a running header drawn after the page's
#    body read at its top (layout.in_page_order); headings from a larger or bold font, a large heading that
#    wraps joined into one line; the title is the first heading that is no letterhead or section name; a list
#    bullet drawn as a shape read as "• "; a list starting in lower case continues its lead-in across a wide gap.
METADATA_VERSION = 8
FRONT_ITEMS = 15  # how far into the first page the letterhead and title may reach
MAX_TITLE_LINES = 4
MAX_TITLE_CHARS = 250
MIN_TITLE_LETTERS = 3  # "I" and "II" number the parts of a text; they are not its title
MAX_SKIPPED_LINES = 1  # lines of text before the title that are not letterhead (a scanning notice)
SHORT_LINE = 60  # a line this short may be a letterhead line, a date line or a number line
FIELD_TITLE_WORDS = 12  # a "Rubrik:" field longer than this is a summary, not a title
NUMBER_LINE_WORDS = 2  # a line that prints the document's number has at most this many other words
OPENING_LINES = 8  # the lines after the title that tell how a text speaks of itself

MONTHS = {
    name: number
    for number, names in enumerate(
        [("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"), ("maj",),
         ("juni", "jun"), ("juli", "jul"), ("augusti", "aug"), ("september", "sep", "sept"),
         ("oktober", "okt"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"(?<!\d)(?P<iso>(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}}))(?!\d)"
    rf"|(?<!\d)(?P<sd>\d{{1,2}})(?::[ae])?\s+(?P<sm>{_MONTH})\.?\s+(?P<sy>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# A date that is not the document's own: a deadline, a start, a date something takes effect.
DEADLINE = re.compile(
    r"\b(?:senast|sista\s+d\w*|tidigast|kommit\s+in|inkomm\w*|fr\.?\s?o\.?\s?m\.?|från\s+och\s+med|"
    r"träd\w*\s+i\s+kraft|ikraftträd\w*|gäller\s+från|svar\w*\s+till|redovisas)\b",
    re.IGNORECASE,
)
# A line that dates the decision or signature: "Beslut vid regeringssammanträde den …", "Meddelad i
# Stockholm den …", "Stockholm den …", "Ändringar införda t.o.m. …"; and the formula of a bill, "…
# utdrag ur regeringsprotokollet den …", wherever its line starts. A sentence that tells of an earlier
# decision ("Regeringen beslutade den 7 juli 2016 …") dates that decision, not the document.
DECISION_LINE = re.compile(
    r"^\W*(?:beslut\w*|sammanträde\w*|meddela[dt]\w*|utfärda[dt]\w*|fastställ\w*|antag\w*|justera[dt]\w*)"
    r"\b[^.;]{0,50}?\bden\s+$"
    r"|^\W*(?-i:[A-ZÅÄÖ][a-zåäö]+)\s+den\s+$"
    r"|\binförda\s+t\.?\s?o\.?\s?m\.?\s+$",
    re.IGNORECASE,
)
DECISION_FORMULA = re.compile(r"\b(?:\w*protokollet|\w*sammanträde[t]?)\s+den\s+$", re.IGNORECASE)
DECISION_LINE_CHARS = 80
DATE_FIELD = re.compile(r"^\s*(?:\w*datum|datum\s+för\s+\w+|dag\s+för\s+beslut|beslutad)\s*:?\s*", re.IGNORECASE)

# The genre each series of document numbers stands for (terms.py reads the numbers); a series of regulations
# ends in "FS" ("AFS", "HSLF-FS"). A number of any other series ("Ju 2015:02", a committee's) is not a
# document's own.
SERIES_GENRES = {
    "sou": "betänkande", "ds": "promemoria", "dir": "direktiv", "prop": "proposition", "bet": "betänkande",
    "skr": "rapport", "nja": "dom", "ad": "dom", "hfd": "dom", "rå": "dom", "rh": "dom", "möd": "dom",
    "mig": "dom",
}
# The same numbers as file names write them: "sou-2019-30", "prop-2017-18-105", "dir_2018_6"; or, as
# regeringen.se names its pages, with the punctuation dropped: "sou-201322", "prop.-20121381" (Prop.
# 2012/13:81), "dir.2016106".
FILE_NUMBER = re.compile(
    r"(?<![a-z])(?P<series>sou|ds|dir|prop|skr|[a-z]{1,6}fs|nja|ad)[ ._-]+(?P<y>\d{4})"
    r"(?:(?:[ ._-]+(?P<yy>\d{2}))?(?:[ ._-]+(?:s|nr))?[ ._-]+(?P<n>\d{1,4})|(?P<glued>\d{1,5}))(?!\d)",
    re.IGNORECASE,
)
SESSION_SERIES = ("prop", "skr")  # numbered by riksmöte: "2017/18"
MAX_GLUED_SERIAL = 3
# A number the text names as what it is about: "Remiss av SOU 2017:39", "yttrande över Ds 2019:1".
REFERRING = re.compile(
    r"\b(?:av|över|om|till|på|enligt|se|jfr|från|angående|ang\.|gällande|avseende|beträffande|i)\s+"
    r"(?:\w+\s+){0,1}\(?$",
    re.IGNORECASE,
)
DIARIENUMMER = re.compile(
    r"(?P<label>(?<![\w])(?:vårt\s+|ert\s+|er\s+|vår\s+)?(?:dnr|diarienr|diarienummer|dnr\.|ärendenr|ärendenummer|"
    r"beteckning|diarie-?\s?nr)|(?<=[a-zåäö])diarienummer)\s*[:.]?\s*"
    rf"(?P<value>{DIARIENUMMER_VALUE})",
    re.IGNORECASE,
)
_NAME = r"[A-ZÅÄÖ][\wåäöé-]+"
ORGANISATION = re.compile(
    rf"(?<![\w-])(?:"
    rf"Region\s+{_NAME}(?:\s+län)?"
    rf"|{_NAME}\s+(?:kommun|stad|kommuns|stads)(?![\w-])"
    rf"|Länsstyrelsen\s+(?:i\s+)?{_NAME}(?:\s+län)?"
    r"|[Rr]egeringen|Regeringskansliet|Riksdagen|Lagrådet|Sametinget|Sveriges\s+Kommuner\s+och\s+Regioner"
    r"|[A-ZÅÄÖ][\wåäö]*departementet"
    rf"|Högsta\s+(?:förvaltnings)?domstolen|Arbetsdomstolen|Migrationsöverdomstolen|{_NAME}\s+tingsrätt"
    rf"|Hovrätten\s+(?:för|över)\s+{_NAME}(?:\s+{_NAME})?|(?:Kammarrätten|Förvaltningsrätten)\s+i\s+{_NAME}"
    r"|Mark-\s+och\s+miljödomstolen"
    r"|(?:[A-ZÅÄÖ][a-zåäö]+a\s+)?(?:[A-ZÅÄÖ][\wåäö]*-\s+och\s+)?[\wåäö]*"
    r"(?:nämnden|styrelsen|fullmäktige|beredningen|förvaltningen)"
    r"|[A-ZÅÄÖ][\wåäö]*(?:verket|myndigheten|inspektionen|ämbetet|rådet|institutet|kommissionen|utredningen)"
    r")(?:s(?![\wåäö]))?"
)
# Lines that only label a page: a body's contact details, reference fields, an ISSN.
CONTACT = re.compile(
    r"^(?:dnr|diarie|vår\s|ert?\s|handläggare|datum|telefon|tel\b|e-?post|postadress|besöksadress|"
    r"org\.?\s?nr|organisationsnummer|issn|isbn|till\b|mottagare|sändlista|kopia|enhet|avdelning|www\.|http)"
    r"|@|\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ]",
    re.IGNORECASE,
)
FIELD_LABEL = re.compile(r"^[A-ZÅÄÖ][\wåäö ]{1,30}:$")
TITLE_FIELD = re.compile(r"^(?:rubrik|ärende|ämne)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
# Section names that open a text without a title.
SECTION_NAMES = re.compile(
    r"^(?:sammanfattning|inledning|bakgrund|innehåll|innehållsförteckning|förord|ärendet|"
    r"förslag\s+till\s+beslut|beslutsförslag|yttrande|synpunkter|referat)$",
    re.IGNORECASE,
)
PAGE_REFERENCE_END = re.compile(rf"\s*{PAGE_REFERENCE}$", re.IGNORECASE)
NOT_TITLE_END = re.compile(r"[.:;,–]$")
NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s")
PAGE_LINE = re.compile(rf"^(?:{PAGE_NUMBER}|sida\s+\d{{1,4}}|\d{{1,4}})$", re.IGNORECASE)
# How the opening of a text speaks of itself.
OPENING_STATEMENT = re.compile(
    r"\b(?:beretts|getts|fått|erbjudits|erbjuds|givits)\s+(?:möjlighet|tillfälle)\s+att\s+"
    r"(?:yttra\s+sig|lämna\s+(?:synpunkter|yttrande)|svara|inkomma)"
    r"|\blämnar\s+(?:härmed\s+)?följande\s+(?:yttrande|synpunkter|remissvar)"
    r"|\bhar\s+(?:fått|tagit\s+emot)\b.{0,120}?\b(?:på|för)\s+(?:remiss|samråd|yttrande)\b",
    re.IGNORECASE,
)
_SELF_NOUNS = {
    "betänkande": "betänkande", "betänkandet": "betänkande", "promemoria": "promemoria",
    "promemorian": "promemoria", "rapport": "rapport", "rapporten": "rapport",
    "proposition": "proposition", "propositionen": "proposition", "utredning": "utredning",
    "lagrådsremiss": "lagrådsremiss", "lagrådsremissen": "lagrådsremiss", "direktiv": "direktiv",
    "yttrande": "yttrande", "yttrandet": "yttrande", "remissvar": "yttrande", "remissvaret": "yttrande",
}
# "I detta (slut)betänkande", a text that opens "I promemorian …"; a bill's or a lagrådsremiss's first
# sentences ("… I lagrådsremissen föreslår regeringen …", "Regeringen har lämnat en lagrådsremiss med …";
# not "I propositionen Ett enklare system …", which names another)
# and the heading they open with ("Propositionens huvudsakliga innehåll"). A statement mentions the
# betänkande or promemoria it answers in its opening, so those count only as its first words.
OPENING_SELF = re.compile(
    r"\b(?:denna|detta|den\s+här|det\s+här|föreliggande)\s+(?:del|slut)?(?P<a>"
    + "|".join(noun for noun in _SELF_NOUNS if not noun.endswith(("et", "en", "n")) or noun == "proposition")
    + r")\b|^I\s+(?P<b>propositionen|betänkandet|promemorian|lagrådsremissen)\b"
    r"|(?:^|[.!?]\s+)I\s+(?P<c>propositionen|lagrådsremissen)\s+(?:föreslå|lämna|behandla|redovisa)\w*"
    r"|\b(?P<d>propositionens|lagrådsremissens|betänkandets|promemorians)\s+huvudsakliga\s+innehåll"
    r"|\bregeringen\s+(?:har\s+)?(?:i\s+dag\s+)?(?:lämnat|beslutat\s+om|överlämnat)\s+(?:en\s+)?"
    r"(?P<e>lagrådsremiss|proposition)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Metadata:
    title: str
    date: str | None  # ISO
    kind: Kind
    genre: str | None = None
    doc_number: str | None = None
    subject_numbers: tuple[str, ...] = ()  # what the title says the document is about
    diarienummer: str | None = None
    issuer: str | None = None
    front_length: int = 0  # how many of the first lines are letterhead and title, not text


def describe(lines: list[str], headings: list[bool], labels: list[str], file_name: str) -> Metadata:
    """Metadata from the first lines of the first page (`headings` marks Markdown/Word headings), the
    label lines found elsewhere (running headers) and the file name."""
    front = _Front(lines[:FRONT_ITEMS], headings[:FRONT_ITEMS])
    title, front_length = front.title()
    text = lines[front_length:]
    while text and SECTION_NAMES.match(text[0].strip()):  # "Synpunkter" heads the text, it does not open it
        text = text[1:]
    opening = " ".join(text[:OPENING_LINES])
    letterhead = lines[: front.title_start] if title else []
    own, subjects, printed = document_numbers(title or "", letterhead + labels, lines[:FRONT_ITEMS], file_name)
    genre = _genre(letterhead, title or "", labels, (own, printed), opening, file_name)
    return Metadata(
        title=_clean_title(title, own) if title else _title_from_file_name(file_name),
        date=document_date(lines[:FRONT_ITEMS], labels, file_name),
        kind=kind_of(genre),
        genre=genre,
        doc_number=own,
        subject_numbers=subjects,
        diarienummer=diarienummer(lines[:FRONT_ITEMS] + labels),
        issuer=issuer(title or "", letterhead + labels, opening, genre),
        front_length=front_length,
    )


# --- title -----------------------------------------------------------------------------------------


class _Front:
    """The letterhead and the title at the start of the first page."""

    def __init__(self, lines: list[str], headings: list[bool]):
        self.lines, self.headings = lines, headings
        self.title_start = 0

    def title(self) -> tuple[str | None, int]:
        """The title and how many lines the letterhead and the title take."""
        # the first heading that is not a letterhead line or a section's name (a PDF's heading is read from
        # its font: its letterhead may be bold, its "Sammanfattning" large)
        start = next((i for i, (line, heading) in enumerate(zip(self.lines, self.headings))
                      if heading and not is_letterhead(line) and not SECTION_NAMES.match(line.strip())), None)
        if start is not None:
            if all(is_letterhead(line) for line in self.lines[:start]):
                self.title_start = start
                end = start + 1
                while end < min(len(self.lines), start + MAX_TITLE_LINES) and self.headings[end] \
                        and _starts_lower(self.lines[end]):  # a heading wrapped onto lines that start elsewhere
                    end += 1
                return join_lines([line.strip() for line in self.lines[start:end]]), end
        skipped, labels = 0, []
        for index, line in enumerate(self.lines):
            if is_letterhead(line) or (index and FIELD_LABEL.match(self.lines[index - 1])):
                labels = labels + [line] if _is_genre_label(line) or labels else []
                continue
            formal = _starts_lower(line) and labels  # "Regeringens proposition 1991/92:167" + "om …"
            if formal or _heading_like(line):
                title, end = self._with_continuations(index, labels if formal else [])
                if not re.search(r"[.!?][\"”’)]*$", PAGE_REFERENCE_END.sub("", title)):
                    self.title_start = index - len(labels) if formal else index
                    return title, end
            skipped += 1
            if skipped > MAX_SKIPPED_LINES:
                break
        return self._field_title()

    def _with_continuations(self, index: int, before: list[str]) -> tuple[str, int]:
        parts = [*before, self.lines[index]]
        end = index + 1
        while end < len(self.lines) and len(parts) < MAX_TITLE_LINES + len(before):
            following, last = self.lines[end], parts[-1]
            if not (_starts_lower(following) or last.endswith(("-", "‐"))) or _ends_sentence(last):
                break
            parts.append(following)
            end += 1
        return join_lines([part.strip() for part in parts]), end

    def _field_title(self) -> tuple[str | None, int]:
        """A form's "Rubrik:" field, after the body and number that head it (court rulings, registers)."""
        for index, line in enumerate(self.lines):
            match = TITLE_FIELD.match(line)
            if match:
                value = match.group("value") or (self.lines[index + 1] if index + 1 < len(self.lines) else "")
                heads = [text for text in self.lines[:index] if ORGANISATION.fullmatch(text) or _own_kind_numbers(text)]
                if value and len(value.split()) <= FIELD_TITLE_WORDS:
                    return " ".join([*heads[:2], value.rstrip(".")]), 0
                return (" ".join(heads[:2]) or None), 0
        return None, 0


def is_letterhead(line: str) -> bool:
    """A line that labels the page rather than titles or says anything: the body's name, a genre
    label, a date, a document number, a page number, reference and contact fields."""
    text = line.strip()
    if PAGE_LINE.match(text) or CONTACT.search(text) or FIELD_LABEL.match(text) or len(text) > SHORT_LINE:
        return bool(PAGE_LINE.match(text) or CONTACT.search(text) or FIELD_LABEL.match(text))
    rest = DATE.sub(" ", text)
    rest = _without_numbers(rest)
    rest = ORGANISATION.sub(" ", rest)
    rest = DIARIENUMMER.sub(" ", rest)
    if _is_genre_label(text):
        return True
    rest = re.sub(r"\b(?:dir|prop|nr|s)\.?(?=\s|$)|\b[A-ZÅÄÖ]{2,6}\s*\d{4}:\d+|\d{4}/\d{2}(?::\d+)?|\d{4}:\d+"
                  r"|[()\s,.:;–-]", " ", rest, flags=re.IGNORECASE)
    return not rest.strip()


def _is_genre_label(line: str) -> bool:
    """"Yttrande", "YTTRANDE", "Regeringens proposition", "Kommittédirektiv", "Region X Remissvar"."""
    text = line.strip()
    found = find_genre(text)
    if not found:
        return False
    rest = text[: found[1]] + " " + _GENRE_TAIL.sub("", text[found[1] :], count=1)
    rest = ORGANISATION.sub(" ", rest)
    rest = _without_numbers(DATE.sub(" ", rest))
    return not re.sub(r"[\s\d/:().,–-]+", "", rest)


_GENRE_TAIL = re.compile(r"^\w+(?:\s+på\s+(?:en\s+)?remiss)?", re.IGNORECASE)


def _heading_like(line: str) -> bool:
    text = line.strip()
    return bool(
        text[:1].isupper()
        and sum(char.isalpha() for char in text) >= MIN_TITLE_LETTERS
        and len(text) <= MAX_TITLE_CHARS
        and not NOT_TITLE_END.search(text)
        and not NUMBERED.match(text)
        and not SECTION_NAMES.match(text)
        and not DATE.search(text)
        and not re.search(r"[.!?][\"”’)]*\s", text)  # a sentence, not a heading
    )


def _clean_title(title: str, own_number: str | None) -> str:
    """Without a glued-on "Diarienummer: …", a trailing own number or a closing semicolon."""
    title = re.sub(r"\s*(?:diarienummer|dnr)\s*:?\s*\S+\s*$", "", title, flags=re.IGNORECASE)
    numbers = _own_kind_numbers(title)
    for named in numbers[-1:]:
        glued = named.start > 0 and title[named.start - 1].isalpha()  # "… tiggeriSOU 2025:83"
        if glued and named.designation.label == own_number and not title[named.end:].strip(" )"):
            title = title[: named.start]
    first = numbers[0] if numbers and numbers[0].start == 0 else None
    if own_number and first and first.designation.label == own_number:
        stripped = title[first.end:].strip()
        title = stripped if stripped[:1].isupper() else title
    return title.strip(" ;,")


def _title_from_file_name(file_name: str) -> str:
    return re.sub(r"[-_]+", " ", Path(file_name).stem).strip()


# --- numbers ---------------------------------------------------------------------------------------


def document_numbers(title: str, letterhead: list[str], first_lines: list[str], file_name: str
                     ) -> tuple[str | None, tuple[str, ...], bool]:
    """The document's own number, the numbers its title names as its subject, and whether the own
    number is printed in the text (not only in the file name)."""
    title_genre = (find_genre(title) or (None, 0))[0]
    own: str | None = None
    subjects: list[str] = []
    sources = [title, *letterhead, *(line for line in _short_line_pairs(first_lines) if _number_line(line))]
    for text in sources:
        for named in _own_kind_numbers(text):
            number = named.designation.label
            if _refers(text, named, title_genre):
                subjects.append(number)
            elif own is None:
                own = number
    printed = own is not None
    if own is None:
        own, file_subjects = _file_name_numbers(file_name)
        subjects += file_subjects
    return own, tuple(dict.fromkeys(s for s in subjects if s != own)), printed


def _refers(text: str, named: Named, title_genre: str | None) -> bool:
    """Whether a number names another document: after "av", "över", "till" …, or in a title whose own
    genre is not the number's ("Remiss SOU 2023:82 …" is a remiss, the SOU is its subject)."""
    if REFERRING.search(text[max(0, named.start - 30) : named.start]):
        return True
    genre = find_genre(text[: named.start])
    number_genre = _series_genre(named.designation)
    return genre is not None and genre[0] != number_genre and (genre[0] == title_genre or title_genre is None)


def _number_line(line: str) -> bool:
    """A line that prints a number rather than cites one: "Dir. 2016:15", "Kommunsektorn SOU 2025:96"."""
    text = line.strip(" *_")
    rest = _without_numbers(text)
    cites = re.match(r"(?:i|av|enligt|se|jfr|från|till|om|över)\s", text, re.IGNORECASE)
    return not (_starts_lower(text) or cites) and len(re.findall(r"[^\W\d_]{2,}", rest)) <= NUMBER_LINE_WORDS


def _short_line_pairs(lines: list[str]) -> list[str]:
    """Short lines, and each joined with the next ("Dir." + "2016:15"): where a page prints its number."""
    short = []
    for index, line in enumerate(lines):
        if len(line) <= SHORT_LINE:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            short.append(f"{line} {following}" if len(following) <= SHORT_LINE else line)
    return short


def _own_kind_numbers(text: str) -> list[Named]:
    """The numbers a text names of the series that documents carry as their own (SOU, Dir., Prop., AFS …)."""
    return [named for named in named_designations(text) if _series_genre(named.designation)]


def _series_genre(designation: Designation) -> str | None:
    series = designation.series or ""
    return SERIES_GENRES.get(series) or ("föreskrift" if series.endswith("fs") else None)


def _without_numbers(text: str) -> str:
    for named in reversed(_own_kind_numbers(text)):
        text = f"{text[: named.start]} {text[named.end :]}"
    return text


def _file_name_numbers(file_name: str) -> tuple[str | None, list[str]]:
    stem = Path(file_name).stem
    own, subjects = None, []
    for match in FILE_NUMBER.finditer(stem):
        designation = _file_designation(match)
        if designation is None:
            continue
        number = designation.label
        words = re.sub(r"[-_.]+", " ", stem[: match.start()])
        if find_genre(words, folded=True) or REFERRING.search(words + " "):
            subjects.append(number)
        elif own is None:
            own = number
    return own, subjects


def _file_designation(match: re.Match) -> Designation | None:
    """"sou-2019-30" → SOU 2019:30, "prop-2017-18-105" → Prop. 2017/18:105, "nja-2014-s-499" → NJA 2014 s. 499;
    None for digits run together that are no such number (more than three after the year and session:
    "20181231" is a date)."""
    series, year = match.group("series").lower(), match.group("y")
    session, serial = match.group("yy"), match.group("n") or match.group("glued")
    next_year = f"{(int(year) + 1) % 100:02d}"
    if match.group("glued") and series in SESSION_SERIES and serial.startswith(next_year) and len(serial) > 2:
        session, serial = next_year, serial[2:]  # "20121381": 2012/13:81
    if match.group("glued") and len(serial) > MAX_GLUED_SERIAL:
        return None
    if series in ("nja", "ad"):
        return Designation(series, f"{year} {'s' if series == 'nja' else 'nr'} {int(serial)}")
    return Designation(series, f"{year}{'/' + session if session else ''}:{int(serial)}")


def diarienummer(lines: list[str]) -> str | None:
    """The document's own diarienummer ("Dnr RUN 123-2024", "Diarienummer: Fi2025/01857"); a number
    given as the recipient's ("Er beteckning") is not the document's."""
    for text in _short_line_pairs(lines) + lines:
        for match in DIARIENUMMER.finditer(text):
            if not re.match(r"(?:ert?|er)\s", match.group("label"), re.IGNORECASE):
                return match.group("value").strip()
    return None


# --- genre -----------------------------------------------------------------------------------------


def _genre(letterhead: list[str], title: str, labels: list[str], own: tuple[str | None, bool], opening: str,
           file_name: str) -> str | None:
    """See the module's notes. A number the document prints as its own says what it is before a genre
    word of its title ("Utredning om …" over Dir. 2011:18), except a statement's: a statement's own text
    never carries a series number."""
    own_number, printed = own
    parsed = _own_kind_numbers(own_number or "")
    numbered = _series_genre(parsed[0].designation) if parsed else None
    titled = _genre_word(title)
    if titled and numbered and printed and kind_of(titled) != "statement":
        titled = numbered
    named = [*(_genre_word(text) for text in letterhead), titled, *(_genre_word(text) for text in labels)]
    found = next((genre for genre in named if genre), None)
    if found or own_number:
        return found or numbered
    if OPENING_STATEMENT.search(opening):
        return "yttrande"
    self_reference = OPENING_SELF.search(opening)
    if self_reference:
        noun = next(word for word in self_reference.groups() if word).lower()
        return _SELF_NOUNS.get(noun) or _SELF_NOUNS[noun[:-1]]  # "propositionens": propositionen
    found = find_genre(re.sub(r"[-_.]+", " ", Path(file_name).stem), folded=True)
    return found[0] if found else None


def _genre_word(text: str) -> str | None:
    found = find_genre(text)
    return found[0] if found else None


# --- date ------------------------------------------------------------------------------------------


def document_date(first_lines: list[str], labels: list[str], file_name: str) -> str | None:
    """The document's own date (see the module's notes), ISO."""
    for finder in (_field_date, _label_date, _decision_date, _letterhead_date):
        date = finder(first_lines, labels)
        if date:
            return date
    return next(iter(_dates(Path(file_name).name)), None)


def _field_date(lines: list[str], labels: list[str]) -> str | None:
    for index, line in enumerate(lines + labels):
        match = DATE_FIELD.match(line)
        if match and len(line) <= SHORT_LINE:
            following = (lines + labels)[index + 1] if index + 1 < len(lines + labels) else ""
            rest = line[match.end():] or (following if DATE.fullmatch(following.strip()) else "")
            dates = _dates(rest)
            if dates:
                return dates[0]
    return None


def _label_date(lines: list[str], labels: list[str]) -> str | None:
    for label in labels:
        dates = _dates(label)
        if dates and not DEADLINE.search(label):
            return dates[0]
    return None


def _decision_date(lines: list[str], labels: list[str]) -> str | None:
    for line in lines:
        for match in DATE.finditer(line):
            before = line[: match.start()]
            decision = len(line) <= DECISION_LINE_CHARS and DECISION_LINE.search(before)
            if (decision or DECISION_FORMULA.search(before)) and _valid(match):
                return _valid(match)
    return None


def _letterhead_date(lines: list[str], labels: list[str]) -> str | None:
    """A date in a letterhead line, alone or after a place ("Umeå 2024-02-29")."""
    for line in lines:
        dates = _dates(line)
        rest = DATE.sub(" ", line).split()
        if dates and not DEADLINE.search(line) and (is_letterhead(line) or len(rest) <= 1):
            return dates[0]
    return None


def _dates(text: str) -> list[str]:
    return [date for date in map(_valid, DATE.finditer(text)) if date]


def _valid(match: re.Match) -> str | None:
    if match.group("iso"):
        year, month, day = match.group("y"), match.group("m"), match.group("d")
    else:
        year, month, day = match.group("sy"), MONTHS[match.group("sm").lower()], match.group("sd")
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# --- issuer ----------------------------------------------------------------------------------------


def issuer(title: str, letterhead: list[str], opening: str, genre: str | None) -> str | None:
    """The body that issues the document (see the module's notes)."""
    found = find_genre(title)
    if found:
        owner = list(ORGANISATION.finditer(title[: found[1]]))
        if owner:
            return _base_form(owner[-1].group())
    for line in letterhead:
        match = ORGANISATION.search(line)
        if match:
            return _base_form(match.group())
    match = ORGANISATION.match(opening.strip())  # the subject of the first sentence
    if match:
        return _base_form(match.group())
    return "Regeringen" if genre in ("direktiv", "proposition", "lagrådsremiss") else None


def _base_form(name: str) -> str:
    """"Regionala utvecklingsnämndens" → "Regionala utvecklingsnämnden", "regeringen" → "Regeringen"."""
    name = " ".join(name.split())
    if name.endswith("s") and not name.endswith(("ss", " län")) and (
        name[:-1].endswith(("en", "et", "n", "t", "e", "ge")) or name.startswith(("Region ", "Länsstyrelsen"))
        or name.endswith(("kommuns", "stads"))
    ):
        name = name[:-1]
    return name[:1].upper() + name[1:]


# --- text helpers ----------------------------------------------------------------------------------


def _starts_lower(text: str) -> bool:
    return text.strip()[:1].islower()


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?;][\"”’)]*$", PAGE_REFERENCE_END.sub("", text.strip())))
