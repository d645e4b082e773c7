"""Active filters as removable chips: click one (or focus it and press delete) to drop it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from index import SearchFilter
from tui.safe import flat

FIELD_LABELS = {
    "person": "person",
    "org": "org",
    "place": "place",
    "money": "money",
    "percent": "percent",
    "date_entity": "date",
    "initiative": "initiative",
    "said": "said",
    "source": "source",
    "author": "author",
    "entity": "entity",
}


def chip_label(search_filter: SearchFilter) -> Content:
    """`⟨person: Koo Yun-cheol ✕⟩`, or `⟨not person: …⟩` for an exclusion."""
    field = FIELD_LABELS.get(search_filter.field, flat(search_filter.field, 20))
    prefix = "not " if search_filter.exclude else ""
    return Content(f"{prefix}{field}: {flat(search_filter.value, 40)} ✕")


class Chip(Static, can_focus=True):
    """One filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace,enter", "remove", "Remove filter", id="chip.remove"),
    ]
    """Remove the focused chip."""

    DEFAULT_CSS = """
    Chip {
        width: auto;
        height: 1;
        padding: 0 1;
        margin-right: 1;
        background: $primary-muted;
        color: $text;
        &.-exclude { background: $error-muted; }
        &:focus { background: $primary; text-style: bold; }
        &:hover { background: $primary; }
    }
    """

    def __init__(self, search_filter: SearchFilter) -> None:
        super().__init__(
            chip_label(search_filter), classes="-exclude" if search_filter.exclude else ""
        )
        self.search_filter = search_filter

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_remove()

    def action_remove(self) -> None:
        """Ask the screen to drop this filter."""
        self.post_message(FilterChips.Removed(self.search_filter))


class FilterChips(HorizontalGroup):
    """The row of chips; posts `Removed` when one is dropped."""

    DEFAULT_CSS = """
    FilterChips { height: 1; width: auto; }
    """

    filters: reactive[tuple[SearchFilter, ...]] = reactive((), recompose=True)
    """The active filters (owned by the main screen)."""

    @dataclass
    class Removed(Message):
        """A filter chip was removed."""

        filter: SearchFilter

    def compose(self) -> ComposeResult:
        for search_filter in self.filters:
            yield Chip(search_filter)
