"""Statements joined to the reports they answer.

- `naming.py`: which indexed report a statement names in its title or opening (number, diarienummer,
  title); `index --responds-to` overrides it (`--responds-to none`: no report).
- `alignment.py`: where each quotation of a statement stands in that report (page, passage, similarity),
  or that it is a possible misquote.
- `tables.py`: both kept in the index database, recomputed in the transaction that indexes or removes
  either document; read by answers (`ask --json` quote_source, paired answers) and `yttrande-qa quotes`.
"""

from .alignment import Alignment, Quotation, ReportText, letters, split_quotations
from .naming import opening_text
from .tables import (
    MATCHED,
    MISQUOTE,
    NO_LINK,
    NO_REPORT,
    SCHEMA,
    VERSION_KEY,
    QuotationCheck,
    attach_quote_sources,
    check_quotations,
    ensure_current,
    hand_links,
    manual_link,
    quotations_in,
    quotations_of_passages,
    quote_sources,
    quote_statuses,
    quoted_in,
    record,
    refresh,
    restore_hand_links,
    source_of,
)

__all__ = [
    "MATCHED", "MISQUOTE", "NO_LINK", "NO_REPORT", "SCHEMA", "VERSION_KEY", "Alignment", "Quotation",
    "QuotationCheck", "ReportText", "attach_quote_sources", "check_quotations", "ensure_current", "hand_links",
    "letters", "manual_link", "opening_text", "quotations_in", "quotations_of_passages", "quote_sources",
    "quote_statuses", "quoted_in", "record", "refresh", "restore_hand_links", "source_of", "split_quotations",
]
