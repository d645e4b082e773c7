"""Who said what's quote list: quotes in date order, a bar marking grouped wordings."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList

from index import QuoteKind, QuoteRecord
from tui.safe import date_label, flat


def quote_prompt(record: QuoteRecord, grouped: bool) -> Content:
    """`“quote”` then `— speaker · partial · source · date · title`; a bar marks grouped
    wordings."""
    bar = Content("┃ ").stylize("$accent") if grouped else Content("  ")
    quote = Content(f"“{flat(record.quote.text, 280)}”")
    who = record.quote.speaker or record.quote.speaker_desc or "unattributed"
    meta = " · ".join(
        p
        for p in (
            f"— {flat(who, 50)}",
            "partial quote" if record.quote.kind == QuoteKind.PARTIAL else "",
            flat(record.source or "", 30),
            date_label(record.date),
            flat(record.title, 40),
        )
        if p
    )
    return Content("").join([bar, quote, Content("\n"), bar, Content(meta).stylize("$text-muted")])


class QuoteList(OptionList):
    """Quotes of the chosen speaker(s), grouped remarks together."""

    DEFAULT_CSS = """
    QuoteList {
        height: 1fr;
    }
    """
    """A fixed height: an auto one measures every option at every layout."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="speakers.quote_down"),
        Binding("k", "cursor_up", "Up", show=False, id="speakers.quote_up"),
    ]
    """vi-style movement."""
