"""Explain (`X`): how the current query was understood — words, stems, expansions, filters.

Stems are never shown raw ("ralli" means nothing to a reader): each is shown as the word
the user typed that it came from, marked "any form".
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from index import SearchResults
from tui.safe import flat
from tui.widgets.filter_chips import FIELD_LABELS

_WORD = re.compile(r"\w[\w'’-]*")


def _typed_word_for(stem: str, typed: list[str]) -> str:
    """The typed word a stem came from (`ralli` → `rallies`), else the stem with an ellipsis."""
    for word in typed:
        if word.casefold().startswith(stem.casefold()):
            return word
    return f"{stem}…"


def explain_content(results: SearchResults) -> Content:
    """The explanation as lines of `label  value`; every untrusted piece goes in as Content."""
    request = results.request
    typed = _WORD.findall(request.query)
    exact = sorted({t[2:] for t in results.terms if t.startswith("w:")})
    stems = sorted({t[2:] for t in results.terms if t.startswith("s:")})
    forms = list(dict.fromkeys(_typed_word_for(s, typed) for s in stems))
    rows: list[tuple[str, Content]] = [
        ("You typed", Content(flat(request.query, 300) or "(nothing: every article)")),
        ("Understood as", Content(flat(results.parsed, 600) or "everything")),
    ]
    if forms:
        rows.append(("Any form of", Content(", ".join(flat(f, 40) for f in forms))))
    if exact:
        rows.append(("Exact words", Content(", ".join(flat(w, 40) for w in exact))))
    if request.as_you_type and typed:
        rows.append(
            (
                "While typing",
                Content(
                    f"the last word ({flat(typed[-1], 40)}) also matches as a "
                    "prefix of longer words"
                ),
            )
        )
    if request.filters:
        for search_filter in request.filters:
            field = FIELD_LABELS.get(search_filter.field, flat(search_filter.field, 20))
            verb = "excluding" if search_filter.exclude else "only"
            rows.append(("Filter", Content(f"{verb} {field}: {flat(search_filter.value, 60)}")))
    else:
        rows.append(("Filters", Content("none")))
    if request.date_from or request.date_to:
        span = f"{request.date_from or '…'} to {request.date_to or '…'}"
        rows.append(("Dates", Content(span)))
    order = "newest first" if request.sort == "date" else "relevance"
    rows.append(("Sorted by", Content(order)))
    noun = "article" if results.total == 1 else "articles"
    rows.append(("Found", Content(f"{results.total:,} {noun} in {results.took_ms:.0f} ms")))
    if results.suggestion:
        rows.append(("Did you mean", Content(flat(results.suggestion, 120))))
    if results.error:
        rows.append(("Problem", Content(flat(results.error, 300)).stylize("$text-warning")))
    if results.timed_out:
        rows.append(("Note", Content("the search was cut short; results may be incomplete")))
    lines = [Content(f"{label:<14}").stylize("bold $text-primary") + value for label, value in rows]
    return Content("\n").join(lines)


class ExplainScreen(ModalScreen[None]):
    """A small modal with the explanation; escape, q or X closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,X", "close", "Close", id="explain.close"),
    ]
    """Close the explanation."""

    def __init__(self, results: SearchResults) -> None:
        super().__init__()
        self.results = results

    def compose(self) -> ComposeResult:
        with Vertical(id="explain-box", classes="modal-box"):
            yield Static(
                Content("How the search was understood  (esc closes)"), classes="modal-title"
            )
            with VerticalScroll(id="explain-scroll"):
                yield Static(explain_content(self.results), id="explain-text")

    def on_mount(self) -> None:
        self.query_one("#explain-scroll").focus()

    def action_close(self) -> None:
        """Back to the search."""
        self.dismiss(None)
