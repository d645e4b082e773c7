"""The main screen's search session: each keystroke's search runs in a worker, results a
newer keystroke made stale are dropped, and the keystroke is painted with its results.

It also keeps ↵ honest: a row chosen (or ↵ ↵ typed) before the current query's results
are shown opens the top hit of that query once they are, never a row of an older query.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Input

from index import Article, SearchRequest, SearchResults, article_matches
from tui.paint_hold import PaintHold, edits_text
from tui.screens.screen_job import ScreenJob
from tui.widgets.article_view import ArticleView
from tui.widgets.results_list import ResultsList

if TYPE_CHECKING:
    from textual import events
    from textual.timer import Timer

    from tui.screens.main import MainScreen
    from tui.widgets.article_layout import Spans

FIRST_PAGE = 50
"""Rows a keystroke's search lists; the list asks for the rest (up to `search.limit`)
when its last row comes into view."""
COLLECT_AFTER_S = 0.03
"""Pause after a keystroke's results are shown before its garbage is collected."""


class SearchSession(ScreenJob["MainScreen"]):
    """Runs the screen's searches and shows their results, one frame per keystroke."""

    def __init__(self, screen: MainScreen) -> None:
        super().__init__(screen)
        self.request: SearchRequest | None = None
        """The request the results on screen answer (or will, once it returns)."""
        self._heap_settled = False
        """Whether the heap was settled (see `HeapPacer.settle`) since the index opened."""
        self._collect_timer: Timer | None = None
        self._paint_hold = PaintHold(screen)
        """Held while a keystroke's paint waits for its results (one frame, not two)."""
        self._open_when_shown = False
        """Enter reached the list before the current query's results: open its top hit
        (the row under the cursor) once they are shown, not a row of an older query."""
        self._submitted = False
        """↵ was pressed in the search box and neither the focus nor the query moved since."""
        self.requested_at = 0.0
        """`time.monotonic()` when the current request was made (its keystroke)."""

    # -- one frame per keystroke ---------------------------------------------------------

    def key_arriving(self, event: events.Key) -> None:
        """A key is about to reach the focused widget.

        A key typed into the search box would be painted at once and its results a
        moment later; Textual paces frames, so the second paint then waits one to two
        frames (17-33 ms) after the first. Holding the paint until the results are in
        (at most `HOLD_PAINT_S`) shows the character and its results in one frame.
        """
        screen = self.screen
        self._stop_collect_timer()  # typing again: no collection in its way
        if screen.library is None or not screen.is_current or not edits_text(event):
            return
        if isinstance(screen.focused, Input) and screen.focused.id == "search":
            self._paint_hold.hold()

    def release_paint(self) -> None:
        """Let the screen paint (the results are in, or the hold timed out)."""
        self._paint_hold.release()

    # -- ↵ in the search box and on the list ---------------------------------------------

    def index_opened(self) -> None:
        """A (new) index: settle the heap again after its first results."""
        self._heap_settled = False

    def query_typed(self) -> None:
        """The query moved: a ↵ typed before it no longer counts for ↵ ↵."""
        self._submitted = False

    def focus_moved(self) -> None:
        """The focus left the search box: ↵ belongs to what has it now."""
        self._submitted = False

    def submitted(self) -> None:
        """↵ in the search box: the list takes the keys; ↵ ↵ in one burst opens the top hit."""
        listing = self.screen.query_one("#results", ResultsList)
        if self._submitted:
            # ↵ ↵ in one burst: the second reached the box before the list took the focus.
            self._submitted = False
            self._open_top(listing)
            return
        self._submitted = True
        self.screen.record_search()
        listing.select_top()
        listing.focus()

    def _open_top(self, listing: ResultsList) -> None:
        """Open the top hit of the current query (once its results are shown)."""
        listing.select_top()
        listing.focus()
        if self.pending:
            self._open_when_shown = True
        elif listing.highlighted_hit is not None:
            self.screen.open_article(listing.highlighted_hit.id, focus=True)

    def chosen(self, article_id: str) -> None:
        """A row was chosen: open it, or the new top hit if the list is of an older query."""
        self.screen.record_search()
        if self.pending:
            self._open_when_shown = True  # the row chosen belongs to an older query
            return
        self.screen.open_article(article_id, focus=True)

    @property
    def pending(self) -> bool:
        """True while the results shown are not yet those of the current query."""
        current = self.screen.results
        return self.request is not None and (current is None or current.request != self.request)

    # -- searching -----------------------------------------------------------------------

    def search(self) -> None:
        """Start a search for the current query, filters and sort; stale ones are dropped."""
        screen = self.screen
        if screen.library is None or not screen.is_mounted:
            return
        request = SearchRequest(
            query=screen.query_text,
            filters=screen.filters,
            sort=screen.sort,
            limit=min(FIRST_PAGE, screen.row_cap),
            as_you_type=True,
            # Snippets for the first screenful only; the list asks for more as it scrolls.
            snippets=screen.query_one("#results", ResultsList).visible_rows,
        )
        self.request = request
        self.requested_at = time.monotonic()
        self.start(request, screen.article)

    def start(self, request: SearchRequest, article: Article | None) -> None:
        """Run `request` in a worker; a newer search cancels this one."""
        self.run(partial(self._search, request, article), "search", exclusive=True)

    def _search(self, request: SearchRequest, article: Article | None) -> None:
        library = self.screen.library
        if library is None or request != self.request:
            return
        results = library.search(request)
        if request != self.request:
            return
        matches: Spans | None = None
        if article is not None and results.terms and results.terms != self.screen.terms:
            # Highlights for the open article, found here rather than on the UI thread.
            matches = article_matches(article, results.terms)
        if request == self.request:
            self.screen.app.call_from_thread(self._show, request, results, article, matches)

    def _show(
        self,
        request: SearchRequest,
        results: SearchResults,
        article: Article | None,
        matches: Spans | None,
    ) -> None:
        if request != self.request:
            return
        screen = self.screen
        if article is not None and matches is not None:
            screen.query_one("#article", ArticleView).give_matches(article, results.terms, matches)
        screen.results = results
        screen.terms = results.terms
        if self._open_when_shown:
            self._open_when_shown = False
            hit = screen.query_one("#results", ResultsList).highlighted_hit
            if hit is not None:
                screen.open_article(hit.id, focus=True)
        if screen.article is None:
            screen.result_entities.schedule(request, self.requested_at)
        heap = screen.dateline.heap
        if not self._heap_settled:
            self._heap_settled = True
            screen.call_after_refresh(heap.settle)
        self.release_paint()  # the results are set: paint them with the keystroke
        # Collect this keystroke's garbage in the pause before the next one.
        self._stop_collect_timer()
        self._collect_timer = screen.set_timer(COLLECT_AFTER_S, heap.collect)

    def _stop_collect_timer(self) -> None:
        if self._collect_timer is not None:
            self._collect_timer.stop()
            self._collect_timer = None
