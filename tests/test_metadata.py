"""Document metadata read at indexing, from real files the tests write: title, date, genre and kind,
numbers, diarienummer, issuer; and how answers name a document."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from yttrande_qa.genres import document_noun, issuer_and_noun
from yttrande_qa.ingest.readers import read_pages
from yttrande_qa.ingest.structure import parse_document
from yttrande_qa.models import ParsedDocument
from yttrande_qa.terms import designations

OPENING = "Regionen har tagit del av underlaget och lämnar sina synpunkter nedan."


def parsed(tmp_path: Path, name: str, text: str) -> ParsedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_document(read_pages(path), path.name)


LETTERHEAD_STATEMENT = """Region Västerbotten
Regionala utvecklingsnämnden
YTTRANDE
2024-02-29
Dnr RUN 123-2024
1 (4)

Yttrande över betänkandet Moderna tillståndsprocesser för elnät (SOU 2019:30)

Region Västerbotten har beretts möjlighet att yttra sig över betänkandet. Regionen tillstyrker
förslagen om kortare handläggningstider.

Svar ska ha kommit in senast den 10 juni 2019.
"""


def test_letterhead_is_metadata_not_title_or_text(tmp_path):
    document = parsed(tmp_path, "remissvar.txt", LETTERHEAD_STATEMENT)
    assert document.title == "Yttrande över betänkandet Moderna tillståndsprocesser för elnät (SOU 2019:30)"
    assert (document.kind, document.genre, document.date) == ("statement", "yttrande", "2024-02-29")
    assert document.doc_number is None and document.subject_numbers == ("SOU 2019:30",)
    assert document.diarienummer == "RUN 123-2024"
    assert document.issuer == "Region Västerbotten"
    text = " ".join(block.text for block in document.blocks)
    assert text.startswith("Region Västerbotten har beretts möjlighet") and "Dnr" not in text


def test_title_owned_by_a_body_names_the_issuer(tmp_path):
    document = parsed(tmp_path, "x.txt", "Regionala utvecklingsnämndens yttrande över rapport om vatten\n\n"
                      f"{OPENING}\n")
    assert document.issuer == "Regionala utvecklingsnämnden" and document.kind == "statement"


def test_page_number_before_the_title_is_skipped_in_a_pdf(tmp_path):
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ["1", "Samrådsyttrande över detaljplan för Norra hamnen", "", OPENING]:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "samrad.pdf"
    pdf.output(str(path))
    document = parse_document(read_pages(path), path.name)
    assert document.title == "Samrådsyttrande över detaljplan för Norra hamnen"
    assert document.kind == "statement"


def test_file_name_is_the_title_only_when_the_text_has_none(tmp_path):
    document = parsed(tmp_path, "anteckningar_om_vatten.txt", f"{OPENING}\n\nMer text om vatten.\n")
    assert document.title == "anteckningar om vatten"


def test_section_name_is_not_a_title(tmp_path):
    document = parsed(tmp_path, "utan-titel.txt", f"Sammanfattning\n\n{OPENING}\n")
    assert document.title == "utan titel"


def test_markdown_heading_is_the_title(tmp_path):
    document = parsed(tmp_path, "x.md", f"# Ny kamerabevakningslag\n\n{OPENING}\n")
    assert document.title == "Ny kamerabevakningslag"


def test_word_title_style_is_the_title(tmp_path):
    word = docx.Document()
    word.add_paragraph("Umeå kommun")
    word.add_heading("Remissvar: Regional utvecklingsstrategi 2040", level=0)
    word.add_paragraph(OPENING)
    path = tmp_path / "svar.docx"
    word.save(path)
    document = parse_document(read_pages(path), path.name)
    assert document.title == "Remissvar: Regional utvecklingsstrategi 2040"
    assert (document.kind, document.issuer) == ("statement", "Umeå kommun")


BILL = """Regeringens proposition
1991/92:167
om den svenska hemförsäljnings-
lagens anpassning till EG:s regelverk

Regeringen föreslår riksdagen att anta det förslag som har tagits upp i
bifogade utdrag ur regeringsprotokollet den 9 april 1992.

Propositionens huvudsakliga innehåll

I propositionen behandlas frågan om en anpassning av svensk rätt. Lagrådets yttrande
finns i bilaga 3 och remissinstansernas yttranden i bilaga 2.
"""


def test_a_government_bill_that_mentions_statements_is_a_report(tmp_path):
    document = parsed(tmp_path, "prop.txt", BILL)
    assert document.title == (
        "Regeringens proposition 1991/92:167 om den svenska hemförsäljningslagens anpassning till EG:s regelverk"
    )
    assert (document.kind, document.genre, document.doc_number) == ("report", "proposition", "Prop. 1991/92:167")
    assert (document.date, document.issuer) == ("1992-04-09", "Regeringen")
    assert all(block.speaker == "author" for block in document.blocks)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Datum: 29 februari 2024", "2024-02-29"),
        ("Datum\n2024-02-29", "2024-02-29"),
        ("Umeå den 3 maj 2018", "2018-05-03"),
        ("Beslut vid regeringssammanträde den 25 februari 2016", "2016-02-25"),
        ("Stockholm den 18 april 2013", "2013-04-18"),
        ("29 februari 2024", "2024-02-29"),
    ],
)
def test_the_documents_own_date(tmp_path, header, expected):
    text = f"Yttrande över planprogram för Strand\n{header}\n\n{OPENING} Beslutet fattades 2019-01-15.\n"
    assert parsed(tmp_path, "x.txt", text).date == expected


@pytest.mark.parametrize(
    "mentioned",
    [
        "Uppdraget ska redovisas senast den 10 juni 2019.",
        "Regeringen beslutade den 7 juli 2016 kommittédirektiv om uppdrag att analysera regleringen.",
        "Svar senast 2024-05-01",
        "Lagen ska träda i kraft den 1 januari 2026.",
    ],
)
def test_dates_the_text_mentions_are_not_its_date(tmp_path, mentioned):
    text = f"# Översyn av regelverket för nätkoncessioner\n\n{mentioned}\n\n{OPENING}\n"
    assert parsed(tmp_path, "utan-datum.md", text).date is None


def test_date_from_the_file_name_as_a_last_resort(tmp_path):
    assert parsed(tmp_path, "yttrande-2023-11-21.txt", f"{OPENING}\n").date == "2023-11-21"
    assert parsed(tmp_path, "yttrande-2023-02-30.txt", f"{OPENING}\n").date is None


@pytest.mark.parametrize(
    ("line", "number", "genre"),
    [
        ("SOU 2019:30", "SOU 2019:30", "betänkande"),
        ("Dir. 2018:6", "Dir. 2018:6", "direktiv"),
        ("Prop. 2017/18:105", "Prop. 2017/18:105", "proposition"),
        ("Ds 2019:1", "Ds 2019:1", "promemoria"),
        ("NJA 2014 s. 499", "NJA 2014 s. 499", "dom"),
        ("AFS 2011:19", "AFS 2011:19", "föreskrift"),
        ("NFS 2007:10", "NFS 2007:10", "föreskrift"),
    ],
)
def test_own_document_number_gives_the_genre(tmp_path, line, number, genre):
    document = parsed(tmp_path, "x.txt", f"{line}\n\nModerna tillståndsprocesser för elnät\n\n{OPENING}\n")
    assert (document.doc_number, document.genre) == (number, genre)
    assert document.title == "Moderna tillståndsprocesser för elnät"


@pytest.mark.parametrize(
    ("printed", "asked"),
    [
        ("SOU 2019:30", "Vad föreslår SOU 2019:30 om elnät?"),
        ("Dir. 2018:6", "What does directive 2018:6 ask for?"),
        ("Prop. 2017/18:105", "Vad står i propositionen 2017/18:105?"),
        ("Ds 2019:1", "Vad säger Ds 2019:1?"),
        ("Bet. 2017/18:KU16", "Vad står i betänkande 2017/18:KU16?"),
        ("HSLF-FS 2016:40", "Vad kräver HSLF-FS 2016:40?"),
        ("NJA 2014 s. 499", "Vad kom domstolen fram till i NJA 2014 s 499?"),
        ("AD 2013 nr 63", "Vad säger AD 2013 nr. 63?"),
        ("HFD 2015 ref. 5", "Vad gäller enligt HFD 2015 ref 5?"),
    ],
)
def test_a_number_is_read_the_same_in_a_document_and_in_a_question(tmp_path, printed, asked):
    """One grammar of document numbers (terms.py): the number metadata reads as a document's own is the
    one search finds in a question, and it is stored as the document prints it."""
    document = parsed(tmp_path, "x.txt", f"{printed}\n\nModerna tillståndsprocesser för elnät\n\n{OPENING}\n")
    assert document.doc_number == printed
    [own] = designations(document.doc_number)
    assert designations(asked) == {own} and own.label == printed


def test_a_number_of_a_series_documents_do_not_carry_is_not_a_documents_own(tmp_path):
    document = parsed(tmp_path, "x.txt", f"Ju 2015:02\n\nModerna tillståndsprocesser för elnät\n\n{OPENING}\n")
    assert document.doc_number is None and designations("Ju 2015:02") == designations("(Ju 2015:2)")


def test_number_split_over_two_lines_and_a_cited_number(tmp_path):
    text = ("Kommittédirektiv\n\nDataskyddsförordningen\n\nBeslut vid regeringssammanträde den 25 februari 2016\n\n"
            "Utredaren ska enligt direktivet (dir.\n2016:65) lämna förslag.\n\nDir.\n2016:15\n")
    document = parsed(tmp_path, "x.txt", text)
    assert (document.doc_number, document.kind, document.title) == ("Dir. 2016:15", "report", "Dataskyddsförordningen")


def test_number_the_title_is_about_is_a_subject(tmp_path):
    document = parsed(tmp_path, "x.md", "# Remiss av SOU 2017:39 Ny dataskyddslag\n\nRemissvaren ska ha kommit in "
                      "till Justitiedepartementet senast den 1 september 2017.\n")
    assert (document.doc_number, document.subject_numbers) == (None, ("SOU 2017:39",))
    assert (document.genre, document.kind, document.date) == ("remiss", "other", None)


@pytest.mark.parametrize(
    ("file_name", "number", "kind"),
    [
        ("dir-2018-6-oversyn-av-regelverket.md", "Dir. 2018:6", "report"),
        ("prop-2017-18-105-ny-dataskyddslag.md", "Prop. 2017/18:105", "report"),
        ("SOU 2019_30 Moderna tillståndsprocesser.md", "SOU 2019:30", "report"),
        ("remiss-av-sou-2017-39-ny-dataskyddslag.md", None, "other"),
        ("lagradsremiss-ny-dataskyddslag.md", None, "report"),
        # regeringen.se's page names: the number with its punctuation dropped
        ("sou-201322.md", "SOU 2013:22", "report"),
        ("ds-20181.md", "Ds 2018:1", "report"),
        ("dir.2016106.md", "Dir. 2016:106", "report"),
        ("prop.-20121381.md", "Prop. 2012/13:81", "report"),
        ("prop.-200506118.md", "Prop. 2005/06:118", "report"),
        ("remiss-av-sou-201677-en-gymnasieutbildning.md", None, "other"),
        ("ds-20181231-anteckningar.md", None, "other"),  # a date, not Ds 2018:1231
    ],
)
def test_file_name_gives_number_and_genre_when_the_text_does_not(tmp_path, file_name, number, kind):
    document = parsed(tmp_path, file_name, "# Ny dataskyddslag\n\nEn ny lag föreslås.\n")
    assert (document.doc_number, document.kind) == (number, kind)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Dnr RUN 123-2024", "RUN 123-2024"),
        ("Diarienummer: Fi2025/01857", "Fi2025/01857"),
        ("Vårt dnr: KS 2024/00412", "KS 2024/00412"),
    ],
)
def test_diarienummer(tmp_path, line, expected):
    document = parsed(tmp_path, "x.txt", f"Umeå kommun\n{line}\n\nYttrande över planprogram\n\n{OPENING}\n")
    assert document.diarienummer == expected


def test_the_recipients_reference_is_not_the_documents_diarienummer(tmp_path):
    document = parsed(tmp_path, "x.txt", f"Er beteckning: Fi2025/01857\n\nYttrande över betänkandet\n\n{OPENING}\n")
    assert document.diarienummer is None


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("Länsstyrelsen i Västerbottens län\n\nYttrande över vindkraftsplan", "Länsstyrelsen i Västerbottens län"),
        ("Naturvårdsverkets föreskrifter om inventering av björn", "Naturvårdsverket"),
        ("# Synpunkter\n\nRegion Skåne har beretts möjlighet att yttra sig över förslaget.", "Region Skåne"),
        ("Högsta domstolen\nNJA 2014 s. 499\n\nDiskrimineringsersättning", "Högsta domstolen"),
        ("Miljö- och hälsoskyddsnämndens remissvar om avfallsplan", "Miljö- och hälsoskyddsnämnden"),
    ],
)
def test_issuer(tmp_path, text, issuer):
    assert parsed(tmp_path, "x.md", f"{text}\n\n{OPENING}\n").issuer == issuer


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Samrådsyttrande över detaljplan för Norra hamnen", "statement"),
        ("Granskningsyttrande över översiktsplan för Skellefteå kommun", "statement"),
        ("Svar på remiss av promemorian Ett starkare skydd", "statement"),
        ("Remissvar avseende förslag till regional transportplan", "statement"),
        ("Rapport från beredningen för samverkan", "report"),
        ("Kommittédirektiv om en ny socialtjänstlag", "report"),
        ("Planbeskrivning för detaljplan Strand", "report"),
        ("Promemoria om ändrade regler", "report"),
        ("Lagrådsremiss Ny dataskyddslag", "report"),
        ("Delbetänkande av Produktivitetskommissionen", "report"),
        ("Remiss av betänkandet Moderna tillståndsprocesser", "other"),
        ("Protokollsutdrag Regionstyrelsen", "other"),
        ("Regional utvecklingsstrategi för Västerbotten", "other"),
    ],
)
def test_kind_from_the_title(tmp_path, title, kind):
    assert parsed(tmp_path, "x.md", f"# {title}\n\nI rapporten föreslås fler bostäder.\n").kind == kind


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("Region Jämtland Härjedalen har getts tillfälle att yttra sig över förslaget.", "statement"),
        ("Kommunen lämnar härmed följande synpunkter på förslaget.", "statement"),
        ("I detta betänkande lämnas utredningens förslag.", "report"),
        ("I propositionen föreslår regeringen en ny lag.", "report"),
        ("I detta slutbetänkande lämnas utredningens förslag.", "report"),
        ("Brotten är många.\nI lagrådsremissen föreslår regeringen därför en ny lag.", "report"),
        ("Regeringen har lämnat en lagrådsremiss med två förslag.", "report"),
        ("Propositionens huvudsakliga innehåll\n\nEn ny lag föreslås.", "report"),
        ("Kommunen har många invånare.", "other"),
        # a bill another text names, and the betänkande a statement answers, are not the text itself
        ("Skatten sänks. I propositionen Ett enklare system föreslogs annat.", "other"),
        ("Kommunen tillstyrker. I betänkandet föreslås en ny lag.", "other"),
    ],
)
def test_kind_from_how_the_opening_speaks_of_itself(tmp_path, opening, kind):
    assert parsed(tmp_path, "x.md", f"# Moderna tillståndsprocesser\n\n{opening}\n").kind == kind



@pytest.mark.parametrize(
    ("text", "genre"),
    [
        # an EU directive a title or text names is not a kommittédirektiv
        ("# Genomförande av 2017 års ändringsdirektiv till EU:s vapendirektiv\n\nI promemorian behandlas "
         "Europaparlamentets och rådets direktiv (EU) 2017/853.", "promemoria"),
        ("# Ändringar i EU:s direktiv om administrativt samarbete\n\nI lagrådsremissen lämnas förslag som "
         "genomför rådets direktiv (EU) 2021/514.", "lagrådsremiss"),
        ("# Direktiv 2019/1152 om arbetsvillkor\n\nKommunen har många invånare.", None),
        # a kommittédirektiv by its own marks
        ("Kommittédirektiv\n\nEn ny socialtjänstlag\n\nBeslut vid regeringssammanträde den 1 mars 2018", "direktiv"),
        ("# Tilläggsdirektiv till Utredningen om en ny socialtjänstlag\n\nRegeringen beslutade den 1 mars 2018.",
         "direktiv"),
        # a number printed as the document's own outranks a genre word of its title
        ("Dir. 2011:18\n\nUtredning om nystartszoner\n\nEn särskild utredare ska lämna förslag.", "direktiv"),
        ("SOU 2019:30\n\nYttrande över betänkandet Moderna tillståndsprocesser\n\nI betänkandet föreslås en ny "
         "lag.", "yttrande"),
    ],
)
def test_genre_from_a_documents_own_marks_not_a_directive_it_names(tmp_path, text, genre):
    document = parsed(tmp_path, "x.md", f"{text}\n")
    assert document.genre == genre
    assert document_noun(document.genre, document.kind, "en") != "The terms of reference" or genre == "direktiv"


def test_kind_override_turns_quotation_finding_on(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# Anteckningar\n\n”Kommunerna behöver fler bostäder i inlandet.” (s. 4)\n", encoding="utf-8")
    assert [b.speaker for b in parse_document(read_pages(path), path.name).blocks] == ["author"]
    overridden = parse_document(read_pages(path), path.name, kind="statement")
    assert [b.speaker for b in overridden.blocks] == ["quoted"]


@pytest.mark.parametrize(
    ("genre", "kind", "lang", "noun"),
    [
        ("yttrande", "statement", "sv", "Yttrandet"),
        ("betänkande", "report", "sv", "Betänkandet"),
        ("proposition", "report", "sv", "Propositionen"),
        ("remiss", "other", "sv", "Remissen"),
        (None, "other", "sv", "Dokumentet"),
        (None, "report", "sv", "Rapporten"),
        ("betänkande", "report", "en", "The inquiry report"),
        (None, "other", "en", "The document"),
    ],
)
def test_document_noun(genre, kind, lang, noun):
    assert document_noun(genre, kind, lang) == noun


def test_issuer_and_noun():
    assert issuer_and_noun("yttrande", "statement", "Region Västerbotten") == "Yttrandet från Region Västerbotten"
    assert issuer_and_noun("proposition", "report", None, "en") == "The government bill"
    assert document_noun("yttrande", "statement", genitive=True) == "Yttrandets"
