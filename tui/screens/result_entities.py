"""The sidebar's entities of the current results: counted once the results stop changing
(not on every keystroke), off the UI thread, and only shown while no article is open."""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from index import SearchRequest
from tui.screens.screen_job import ScreenJob

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.screens.main import MainScreen

ENTITIES_AFTER = 0.15
"""Seconds from the last keystroke before the sidebar counts its results' entities:
longer than the gap between keys of someone typing a word, so typing stays fast. (At
0.1 s, typing at 10 keys a second, the count started as the next key was pressed and
slowed it: at 100,000 articles a count takes ~0.1 s.)"""


class ResultEntities(ScreenJob["MainScreen"]):
    """Counts the results' entities for the sidebar, debounced."""

    def __init__(self, screen: MainScreen) -> None:
        super().__init__(screen)
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        """True while the sidebar waits for results to settle before counting."""
        return self._timer is not None

    def schedule(self, request: SearchRequest, requested_at: float) -> None:
        """Count `request`'s entities once `ENTITIES_AFTER` has passed since it was made
        (`time.monotonic()` at its keystroke) with no newer one: the wait is for typing
        to stop, so the search's own time counts towards it."""
        self.cancel()
        waited = time.monotonic() - requested_at
        delay = max(0.001, ENTITIES_AFTER - waited)  # (a Textual timer cannot be 0 s)
        self._timer = self.screen.set_timer(delay, partial(self._due, request))

    def cancel(self) -> None:
        """Forget a count that is waiting."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _due(self, request: SearchRequest) -> None:
        self._timer = None
        if request == self.screen.current_request and self.screen.article is None:
            self.load(request)

    def load(self, request: SearchRequest) -> None:
        """Count now (the results are settled, or an article was closed)."""
        self.run(partial(self._count, request), "entities", exclusive=True)

    def _count(self, request: SearchRequest) -> None:
        screen = self.screen
        library = screen.library
        if library is None:
            return
        query = replace(request, as_you_type=True, snippets=0)
        table = tuple(library.entities(query=query, limit=80))
        if request == screen.current_request and screen.article is None:
            screen.app.call_from_thread(screen.show_entities, table, "Top in these results")
