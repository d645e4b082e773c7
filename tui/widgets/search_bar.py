"""The search bar: the query, what it found (count, sort), filter chips, and any message.

Typing posts `QueryChanged` on every keystroke; the screen searches in a worker and drops
stale results. A did-you-mean suggestion or a query error appears as one plain sentence.

| Key | Does |
|---|---|
| `enter` | go to the results, cursor on the top hit |
| `up` / `down` | recall older / newer searches (with their filters) |
| `ctrl+l` | clear the query (`escape` leaves the box and keeps it) |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from index import SearchFilter, SearchResults
from tui.safe import flat, input_text
from tui.widgets.filter_chips import FilterChips
from tui.widgets.fixed_input import FixedInput


def count_text(results: SearchResults | None, sort: str, cap: int | None = None) -> Content:
    """`4 results · relevance`, or `searching…` before the first answer.

    `cap` is the most rows the list can page to; more matches than that say so.
    """
    if results is None:
        return Content("searching…").stylize("$text-muted")
    noun = "result" if results.total == 1 else "results"
    shown = f"{results.total:,} {noun}"
    listable = len(results.hits) if cap is None else cap
    if results.total > listable and results.hits:
        shown += f" (first {listable:,})"
    order = "newest first" if sort == "date" else "relevance"
    text = Content(shown).stylize("bold") + Content(f" · {order}").stylize("$text-muted")
    if results.timed_out:
        text += Content(" · cut short").stylize("$text-warning")
    return text


class SearchInput(FixedInput):
    """The query box (typing repaints it; the screen is never laid out again)."""


class SearchBar(Vertical):
    """Query input plus the summary row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "recall(1)", "Older search", show=False, id="search.history_older"),
        Binding("down", "recall(-1)", "Newer search", show=False, id="search.history_newer"),
        Binding("ctrl+l", "clear", "Clear query", show=False, id="search.clear"),
    ]
    """Search history; the screen owns it and answers `HistoryRecall`."""

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        padding: 0 1;
        background: $panel;
        & #search-row { height: 1; }
        & #search-prompt { width: 2; color: $accent; text-style: bold; }
        & #search { width: 1fr; border: none; height: 1; padding: 0; background: $panel; }
        & #search:focus { background: $boost; }
        & #search-count { width: auto; padding-left: 2; }
        & #search-info { height: auto; min-height: 1; }
        & #search-message { width: 1fr; height: auto; padding-left: 1; color: $text-warning; }
    }
    """

    results: reactive[SearchResults | None] = reactive(None, repaint=False)
    """The latest results (owned by the main screen)."""
    filters: reactive[tuple[SearchFilter, ...]] = reactive(())
    """Active filters, shown as chips."""
    sort: reactive[str] = reactive("relevance")
    """relevance or date."""
    notice: reactive[str] = reactive("")
    """A sentence from the screen (e.g. no index yet) shown under the query."""

    @dataclass
    class QueryChanged(Message):
        """The query text changed (every keystroke)."""

        query: str

    @dataclass
    class QuerySubmitted(Message):
        """Enter in the search box: go to the results."""

        query: str

    @dataclass
    class HistoryRecall(Message):
        """Up (older, step 1) or down (newer, step -1) in the search box."""

        step: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.row_cap: int | None = None
        """The most rows the results list pages to (None: as many as the results hold)."""
        self._count_cells = -1
        """Width of the widest count label so far (a wider one needs a layout pass)."""
        self._message_markup: str | None = None
        """The message last shown under the query (unchanged: not repainted)."""
        self._message_wrapped = False
        """The message shown is longer than one line."""

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="search-row"):
            yield Static(Content("/"), id="search-prompt")
            yield SearchInput(
                placeholder='Search titles and text — words, "a phrase", said:Name, -exclude',
                id="search",
                compact=True,
                select_on_focus=False,
            )
            yield Static(id="search-count")
        # Filter chips and messages: a row kept even when empty, so the results list
        # does not jump up and down (and the screen re-arrange) as messages come and go.
        with HorizontalGroup(id="search-info"):
            yield FilterChips().data_bind(SearchBar.filters)
            yield Static(id="search-message")

    @property
    def input(self) -> Input:
        """The query box."""
        return self.query_one("#search", Input)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == "/":
            # "/" is the search key: pressed again in the empty box, it is not a query.
            event.input.value = ""
            return
        self.post_message(self.QueryChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.QuerySubmitted(event.value))

    def action_recall(self, step: int) -> None:
        """Ask the screen for an older or newer search from the history."""
        self.post_message(self.HistoryRecall(step))

    def action_clear(self) -> None:
        """Empty the query box (its own key: escape never deletes)."""
        self.input.value = ""

    def show_recalled(self, query: str) -> None:
        """Put a recalled query in the box with the cursor at its end."""
        query = input_text(query)  # a history written by an older version may hold escapes
        self.input.value = query
        self.input.cursor_position = len(query)

    def watch_results(self) -> None:
        self._update()

    def watch_sort(self) -> None:
        self._update()

    def watch_filters(self) -> None:
        self._update()

    def watch_notice(self) -> None:
        self._update()

    def _update(self) -> None:
        if not self.is_mounted:
            return
        results = self.results
        count = count_text(results, self.sort, self.row_cap)
        # The label only grows (right-aligned in the widest count so far): typing changes
        # the count on nearly every keystroke, and a new width would re-arrange the screen.
        grows = count.cell_length > self._count_cells
        if not grows:
            count = count.pad_left(self._count_cells - count.cell_length)
        self.query_one("#search-count", Static).update(count, layout=grows)
        self._count_cells = count.cell_length
        message = Content("")
        if self.notice:
            message = Content(flat(self.notice))
        elif results is not None and results.error:
            message = Content(flat(results.error))
        elif results is not None and results.suggestion:
            message = Content("Did you mean: ").stylize("$text-muted") + Content(
                flat(results.suggestion, 80)
            ).stylize("bold $text-accent")
        elif (
            results is not None
            and results.total == 0
            and (results.request.query.strip() or results.request.filters)
        ):
            message = Content("Nothing found. Try fewer words or remove a filter.")
        if message.markup != self._message_markup:
            self._message_markup = message.markup
            label = self.query_one("#search-message", Static)
            # The row is always there, so a one-line message (a suggestion while typing)
            # is a repaint; only one that wraps, or ends a wrapped one, needs a layout pass.
            wraps = message.cell_length > label.content_region.width
            label.update(message, layout=wraps or self._message_wrapped)
            self._message_wrapped = wraps
