"""The text users read, in Swedish and English: answers' frames and notes, references, and the chat.

Answers follow the question's language; the chat's own interface is Swedish. The command's output for
operators (cli.py) and the prompt to a language model (answers/llm.py) are in English and stay there.
"""

# --- answers (answers/answer.py, answers/compose.py) ---------------------------------------------
REFUSAL = {
    "sv": "Jag hittar inget i de indexerade dokumenten som besvarar frågan.",
    "en": "I cannot find anything in the indexed documents that answers the question.",
}
NO_TOPIC = {  # a question that names nothing to look for ("x", "???")
    "sv": "Frågan säger inte vad jag ska söka efter. Fråga till exempel: Vad anser regionen om kollektivtrafiken?",
    "en": "The question does not say what to look for. Ask, for example: What does the region think about public "
          "transport?",
}
REMOVED_NOTE = {  # (one sentence, several)
    "sv": ("(1 genererad mening togs bort eftersom de citerade styckena inte stöder den.)",
           "({n} genererade meningar togs bort eftersom de citerade styckena inte stöder dem.)"),
    "en": ("(1 generated sentence was removed because the cited passages do not support it.)",
           "({n} generated sentences were removed because the cited passages do not support them.)"),
}
FALLBACK_NOTE = {
    "sv": "(Språkmodellen gav inget verifierat svar; svaret är hämtat direkt ur dokumenten.)",
    "en": "(The language model gave no verified answer; the answer is taken directly from the documents.)",
}
CUT_NOTE = {  # a reply cut short at the deadline or the size cap (llm.Outcome.cut)
    "sv": {"deadline": "(Språkmodellen hann inte svara färdigt; här är de meningar som hann kontrolleras.)",
           "length": "(Språkmodellens svar var för långt och avbröts; här är de meningar som hann kontrolleras.)"},
    "en": {"deadline": "(The language model did not finish in time; these are the sentences checked by then.)",
           "length": "(The language model's reply was too long and was cut; these are the sentences checked by then.)"},
}
# The one note that an English answer's sentences are Swedish (the chat adds none of its own).
NOTE_SWEDISH = "(The sentences are quoted in the original Swedish.)"
FRAMES = {  # what introduces each group of sentences, by who is speaking; {document}: "Yttrandet från X"
    "sv": {
        "stance": "{document} (regionens egen text):",  # a statement by a region or one of its bodies
        "issuer": "{document} (egen text, inte regionens):",  # by a municipality, an agency …
        "quoted": "{label}, som {statement} kommenterar:",
        "other": "{label}:",
    },
    "en": {
        "stance": "{document} (the region's own text):",
        "issuer": "{document} (its own text, not the region's):",
        "quoted": "{label}, which {statement} comments on:",
        "other": "{label}:",
    },
}
PAIRED = {  # a paired answer (answers/paired.py): the report's point, then each statement's reply
    "sv": {
        "report": "{noun} ({badge}):",
        "quotation": "{badge}:",
        "reply": "{who} svarar ({badge}{date}):",
    },
    "en": {
        "report": "{noun} ({badge}):",
        "quotation": "{badge}:",
        "reply": "{who} replies ({badge}{date}):",
    },
}
NO_REPLY = {  # a question about the region's view where the statements only give the report's words
    "sv": "Yttrandena återger vad rapporten säger om detta, men jag hittar inget svar från regionen på det.",
    "en": "The statements quote what the report says about this, but I cannot find a reply from the region.",
}
NO_REGION_VIEW = {  # a question about the region's view that only other issuers' statements answer
    "sv": "Regionen har inte lämnat någon ståndpunkt om detta i de indexerade dokumenten. Andra har yttrat sig:",
    "en": "The region has not given a view on this in the indexed documents. Others have:",
}

# --- references (answers/citations.py) -----------------------------------------------------------
SPEAKER_LABELS = {  # {document}/{Document}: the document's noun by its genre ("betänkandet", "Betänkandets")
    "sv": {
        "author": "{Document} text",
        "quoted": "Citat i {document}",
        "statement_quoted": "Citat ur rapporten",  # what a statement quotes: the report it responds to
        "issuer": "{issuer} text",  # the own text of a statement not the region's: "Kommunstyrelsens text"
    },
    "en": {
        "author": "{Document} own text",
        "quoted": "Quoted in {document}",
        "statement_quoted": "Quoted from the report",
        "issuer": "{issuer} own text",
    },
}
PAGE = {"sv": "s.", "en": "p."}
WEAK = {"sv": "svagt relaterad", "en": "weakly related"}
OCR_NOTE = {"sv": "inläst med OCR", "en": "read by OCR"}  # a passage from a scanned page

# --- the chat (web.py, views.py, panel.py, examples.py) ------------------------------------------
ANSWER_VIEW = {  # around an answer, in the question's language
    "sv": {
        "references": "Källor",
        "others": "{n} fler träffar som svaret inte bygger på",
        "nearest": "De {n} närmaste träffarna (de besvarar inte frågan)",
        "show_source": "Visa källa",
        "none": "Inga passager hittades med de valda avgränsningarna.",
        "searched": "Sökte efter",
        "question": "Fråga",
        "answer": "Svar",
    },
    "en": {
        "references": "Sources",
        "others": "{n} more passages the answer does not draw on",
        "nearest": "The {n} nearest passages (they do not answer the question)",
        "show_source": "Show source",
        "none": "No passages were found with the selected filters.",
        "searched": "Searched for",
        "question": "Question",
        "answer": "Answer",
    },
}
PANEL = {  # the source panel beside the chat
    "heading": "Källa",
    "hint": "Klicka på en hänvisning, till exempel [1], så visas stycket här, på sin sida i dokumentet.",
    "gone": "Stycket finns inte längre i indexet: dokumentet har lästs in på nytt eller tagits bort. "
            "Ställ frågan igen.",
    "page_alt": "Sidan {page} i dokumentet, med stycket markerat",
    "open_pdf": "Öppna PDF-filen på sidan {page}",
    "file_missing": "PDF-filen finns inte längre där den lästes in ({path}). Stycket visas som det lästes in.",
    "file_changed": "PDF-filen har ändrats sedan den lästes in ({path}). Stycket visas som det lästes in; "
                    "läs in filen på nytt för att se sidan.",
    "not_found": "Stycket hittades inte på någon sida i PDF-filen. Det visas som det lästes in.",
    "scanned": "Sidan är inskannad: stycket visas som det lästes med OCR och kan innehålla feltolkningar.",
}
QUOTE_SOURCE = {  # beside a statement's quotation: where the report says it (links/), in the question's language
    "sv": {
        "show": "Visa i rapporten",  # then the page: " (s. 12)"
        "misquote": "Inget liknande stycke hittades i rapporten (möjligt felcitat)",
    },
    "en": {
        "show": "Show in the report",
        "misquote": "No close passage was found in the report (possible misquote)",
    },
}
REPLIES = {  # under a report passage in the source panel: the statements that reply to it, newest first
    "sv": {
        "label": "Svar på stycket",  # the section, for screen readers
        "region": "Regionens svar",  # a statement issued by a region or one of its bodies
        "other": "Svar från {issuer}",  # by a municipality, another authority …
        "show": "Visa i yttrandet",
        "about": "svar på",  # the quotation a reply answers, in the statement's words
    },
    "en": {
        "label": "Replies to this passage",
        "region": "The region's reply",
        "other": "Reply from {issuer}",
        "show": "Show in the statement",
        "about": "in reply to",
    },
}
DOCUMENTS = {  # the document list
    "tab": "Dokument",
    "caption": "{n} indexerade dokument, nyaste först. Välj ett för att ställa frågor bara om det.",
    "columns": ["Titel", "Typ", "Utfärdare", "Datum", "Sidor", "Kopplingar", "Fråga"],
    "choose": "Fråga om dokumentet",
    "chosen": "Frågorna gäller nu bara dokumentet ”{title}”. Ta bort det under Avgränsa sökningen för att söka "
              "i alla dokument.",
    "responds_to": "Svarar på",
    "answered_by": "Besvaras av",
    "empty": "Inga dokument är indexerade ännu.",
}
KIND_NAMES = {"statement": "Yttrande", "report": "Rapport", "other": "Övrigt"}
TITLE = "Frågor om yttranden"
INTRO = (
    "Ställ en fråga om regionens yttranden och de rapporter de svarar på, på svenska eller engelska. "
    "Svaret bygger bara på dokumentens egen text, och varje källa visar vem som talar: "
    "**Yttrandets text** är regionens ståndpunkt, **Citat ur rapporten** är vad rapporten säger."
)
FOOTER = (
    "Svaren är hämtade ur de indexerade dokumenten och visar alltid sina källor. Kontrollera källan "
    "innan du använder ett svar i ett ärende. Betygsätter du ett svar sparas frågan, svaret och källorna."
)
EXAMPLE_QUESTION = {  # made from a section heading of the newest document, by its kind
    "statement": "Vad säger yttrandet om {topic}?",
    "report": "Vad säger rapporten om {topic}?",
    "other": "Vad säger dokumentet om {topic}?",
}
KIND_CHOICES = [("Yttranden", "statement"), ("Rapporter", "report"), ("Övriga dokument", "other")]
CHAT = {  # the chat's controls
    "tab": "Fråga",
    "conversation": "Samtal",
    "conversation_placeholder": "Svaren visas här. Klicka på en hänvisning som [1] för att se stycket i "
                                "dokumentet.",
    "question": "Din fråga",
    "question_placeholder": "Till exempel: Vad föreslår förvaltningen om VA?",
    "ask": "Fråga",
    "examples": "**Exempelfrågor** ur de indexerade dokumenten",
    "memo": "Senaste svaret med källor som text (för en promemoria)",
    "filters": "Avgränsa sökningen",
    "stance_only": "Visa bara regionens ståndpunkt",
    "stance_only_info": "Bara regionens yttranden, deras egen text: inga citat ur rapporter, inga rapporter och "
                        "inga yttranden från kommuner eller myndigheter.",
    "documents": "Dokument",
    "documents_info": "Tomt betyder alla dokument.",
    "kinds": "Dokumenttyp",
    "kinds_info": "Tomt betyder alla typer.",
    "new_conversation": "Ny konversation",
    "login": "Logga in för att ställa frågor om yttrandena.",
}
EMPTY_QUESTION = "Skriv en fråga först."
UNKNOWN_DOCUMENT = "Dokumentet finns inte i indexet: {doc_ids}"
FEEDBACK_SAVED = "Tack! Ditt omdöme är sparat."
NO_UPLOAD = "Chatten tar inte emot filer: dokument läggs till från kommandoraden (yttrande-qa index)."
LOGIN_THROTTLED = "För många misslyckade inloggningar. Försök igen om {seconds} sekunder."
FEEDBACK_ALREADY = "Du har redan betygsatt det här svaret."
FEEDBACK_TOO_OFTEN = "För många omdömen på kort tid. Försök igen om en stund."
FEEDBACK_NO_ANSWER = "Det finns inget svar att betygsätta där."
# Gradio's own words, by its translation keys, where its Swedish translation has none.
GRADIO_SV = {
    "chatbot.copy_message": "Kopiera meddelandet",
    "chatbot.copied_message": "Meddelandet kopierat",
    "chatbot.complete": "Klart",
    "common.copy": "Kopiera",
    "common.copied": "Kopierat",
    "common.download_all": "Ladda ner alla",
    "common.progress": "Förlopp",
    "common.run": "Kör",
    "textbox.copy": "Kopiera",
    "textbox.copied": "Kopierat",
}
# Gradio's words that it writes without translation keys (labels, titles, toast titles), replaced by the
# chat's script wherever they appear as a whole label; "…'s message: …" labels become the speaker alone.
GRADIO_FIXED_WORDS = {
    "Copy conversation": "Kopiera samtalet",
    "Copied conversation": "Samtalet kopierat",
    "chatbot conversation": "Samtal",
    "Scroll down": "Rulla ned",
    "More tabs": "Fler flikar",
    "Loading response": "Svaret hämtas",
    "Feedback": "Omdöme",
    "Close": "Stäng",
    "Info": "Information",
    "Warning": "Varning",
    "Error": "Fel",
    "Success": "Klart",
    "Copy": "Kopiera",
    "Copied": "Kopierat",
    "Like": "Gilla",
    "Dislike": "Ogilla",
    "Clear": "Rensa",
    "Loading": "Laddar",
}
GRADIO_MESSAGE_LABELS = {"user": "Ställd fråga", "bot": "Svar", "assistant": "Svar"}
