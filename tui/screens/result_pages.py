"""The main screen's results beyond the first page: more rows when the list nears its end,
and snippets for the rows scrolled to. Both are read off the UI thread and dropped when
the search changed meanwhile."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from index import SearchHit, SearchRequest, SearchResults
from tui.screens.screen_job import ScreenJob

if TYPE_CHECKING:
    from tui.screens.main import MainScreen  # noqa: F401  (named in the base class)


def with_snippets_of(results: SearchResults, other: SearchResults) -> tuple[SearchHit, ...]:
    """`results`' hits, each without a snippet taking the one `other` has for it."""
    found = {hit.id: hit for hit in other.hits if hit.snippet}
    return tuple(hit if hit.snippet else found.get(hit.id, hit) for hit in results.hits)


class ResultPages(ScreenJob["MainScreen"]):
    """Pages more rows in and fills snippets, keeping the cursor and what is shown."""

    def more(self, results: SearchResults) -> None:
        """The list wants its next rows (up to the screen's row cap)."""
        request = results.request
        screen = self.screen
        if request == screen.current_request and request.limit < screen.row_cap:
            self.run(partial(self._load_more, request), "more", exclusive=True)

    def _load_more(self, request: SearchRequest) -> None:
        screen = self.screen
        library = screen.library
        if library is None or request != screen.current_request:
            return
        more = library.search(replace(request, limit=screen.row_cap, snippets=0))
        if request == screen.current_request and more.error is None:
            screen.app.call_from_thread(self._show_more, request, more)

    def _show_more(self, request: SearchRequest, more: SearchResults) -> None:
        """The next page: the rows already shown keep their snippets and the cursor stays."""
        screen = self.screen
        current = screen.results
        if request != screen.current_request or current is None or current.request != request:
            return
        screen.current_request = more.request
        screen.results = replace(more, hits=with_snippets_of(more, current))

    def snippets(self, results: SearchResults, ids: tuple[str, ...]) -> None:
        """The rows `ids` came into view without snippets: build theirs."""
        self.run(partial(self._fill_snippets, results, ids), "snippets")

    def _fill_snippets(self, results: SearchResults, ids: tuple[str, ...]) -> None:
        screen = self.screen
        library = screen.library
        if library is None or results.request != screen.current_request:
            return
        filled = library.with_snippets(results, ids)
        screen.app.call_from_thread(self._show_snippets, filled)

    def _show_snippets(self, filled: SearchResults) -> None:
        """Merge snippets into the current results (other rows may have been filled since)."""
        screen = self.screen
        current = screen.results
        if current is None or current.request != filled.request:
            return
        hits = with_snippets_of(current, filled)
        if hits != current.hits:
            screen.results = replace(current, hits=hits)
