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
FRAMES = {  # what introduces each group of sentences, by who is speaking
    "sv": {
        "stance": "Yttrandet (regionens egen text):",
        "quoted": "{label}, som yttrandet kommenterar:",
        "other": "{label}:",
    },
    "en": {
        "stance": "The statement (the region's own text):",
        "quoted": "{label}, which the statement comments on:",
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

# --- references (answers/citations.py) -----------------------------------------------------------
SPEAKER_LABELS = {  # (document kind, speaker) → label
    "sv": {
        ("statement", "author"): "Yttrandets text",
        ("statement", "quoted"): "Citat ur rapporten",
        ("report", "author"): "Rapportens text",
        ("report", "quoted"): "Citat i rapporten",
        ("other", "author"): "Dokumentets text",
        ("other", "quoted"): "Citat i dokumentet",
    },
    "en": {
        ("statement", "author"): "The statement's own text",
        ("statement", "quoted"): "Quoted from the report",
        ("report", "author"): "The report's own text",
        ("report", "quoted"): "Quoted in the report",
        ("other", "author"): "The document's own text",
        ("other", "quoted"): "Quoted in the document",
    },
}
PAGE = {"sv": "s.", "en": "p."}
WEAK = {"sv": "svagt relaterad", "en": "weakly related"}
OCR_NOTE = {"sv": "inläst med OCR", "en": "read by OCR"}  # a passage from a scanned page

# --- the chat (web.py) ----------------------------------------------------------------------------
ANSWER_VIEW = {  # around an answer, in the question's language
    "sv": {
        "sources": "Källor: passagerna i sin helhet",
        "references": "Källor",
        "none": "Inga passager hittades med de valda avgränsningarna.",
        "searched": "Sökte efter",
        "weak": "Svagt relaterad",
        "context": "Visa omgivande text",
        "source": "Källa",
        "question": "Fråga",
        "answer": "Svar",
    },
    "en": {
        "sources": "Sources: the passages in full",
        "references": "Sources",
        "none": "No passages were found with the selected filters.",
        "searched": "Searched for",
        "weak": "Weakly related",
        "context": "Show surrounding text",
        "source": "Source",
        "question": "Question",
        "answer": "Answer",
    },
}
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
EXAMPLES = [
    "Vad anser förvaltningen om bostadsbyggandet i länet?",
    "Vilka åtgärder föreslås för kompetensförsörjningen?",
    "Vad säger kommunerna om kollektivtrafiken?",
    "What does the region propose on broadband?",
]
KIND_CHOICES = [("Yttranden", "statement"), ("Rapporter", "report"), ("Övriga dokument", "other")]
CHAT = {  # the chat's controls
    "conversation": "Samtal",
    "conversation_placeholder": "Svaren visas här, med källorna under varje svar.",
    "question": "Din fråga",
    "question_placeholder": "Till exempel: Vad föreslår förvaltningen om VA?",
    "ask": "Fråga",
    "examples": "**Exempelfrågor**",
    "memo": "Senaste svaret med källor som text (för en promemoria)",
    "filters": "## Avgränsa sökningen",
    "stance_only": "Visa bara regionens ståndpunkt",
    "stance_only_info": "Bara yttrandenas egen text: inga citat ur rapporter och inga rapporter.",
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
