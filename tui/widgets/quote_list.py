"""Who said what's quote list: quotes in date order, a bar marking grouped wordings."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.content import Content

from index import QuoteKind, QuoteRecord
from tui.safe import date_label, flat
from tui.widgets.sized_option_list import SizedOptionList


def quote_prompt(record: QuoteRecord, grouped: bool, width: int = 0) -> Content:
    """`“quote”` then `— speaker · partial · source · date · title`; a bar marks grouped
    wordings down every line, so the quote is wrapped here to `width` (when known) and
    the source line cut to one line."""
    bar = Content("┃ ").stylize("$accent") if grouped else Content("  ")
    quote = f"“{flat(record.quote.text, 280)}”"
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
    inside = width - bar.cell_length
    if inside < 12:
        return Content("").join(
            [bar, Content(quote), Content("\n"), bar, Content(meta).stylize("$text-muted")]
        )
    parts: list[Content] = []
    for line in textwrap.wrap(quote, inside) or [quote]:
        parts.extend([bar, Content(line), Content("\n")])
    if cell_len(meta) > inside:
        meta = meta[: inside - 1].rstrip() + "…"
    parts.extend([bar, Content(meta).stylize("$text-muted")])
    return Content("").join(parts)


class QuoteList(SizedOptionList):
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
