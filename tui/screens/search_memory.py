"""The main screen's memory of searches: the history up/down walks, and saved searches.

A plain class, not a widget: it holds the walk's state and runs its reads and writes as
the screen's workers, so the screen only forwards keys and messages to it. History is a
convenience: a failure to read or write it never interrupts reading.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from index import SavedSearch, SearchFilter, SearchRequest
from tui.safe import flat
from tui.screens.save_search import SaveSearchForm
from tui.screens.screen_job import ScreenJob
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.screens.main import MainScreen

RECORD_AFTER = 1.5
"""Seconds of pause after the last keystroke before a search goes into the history."""
HISTORY_RECALL = 200
"""How many past searches up/down can reach."""


class SearchMemory(ScreenJob["MainScreen"]):
    """Records searches once typing pauses, walks them with up/down, saves named ones."""

    def __init__(self, screen: MainScreen) -> None:
        super().__init__(screen)
        self._record_timer: Timer | None = None
        self._last_recorded: SearchRequest | None = None
        self.recent: tuple[SearchRequest, ...] = ()
        """Past searches, newest first (refreshed after each record)."""
        self._browse: list[SearchRequest] | None = None
        """The history being walked with up/down (None when not walking)."""
        self._position = -1
        self._draft: tuple[str, tuple[SearchFilter, ...]] = ("", ())
        self._recalled: str | None = None

    # -- history -------------------------------------------------------------------------

    def schedule_record(self) -> None:
        """Record the search once the user pauses (not on every keystroke)."""
        if self._record_timer is not None:
            self._record_timer.stop()
        self._record_timer = self.screen.set_timer(RECORD_AFTER, self.record)

    def record(self) -> None:
        """Put the current query and filters into the history now."""
        if self._record_timer is not None:
            self._record_timer.stop()
            self._record_timer = None
        screen = self.screen
        request = SearchRequest(screen.query_text, screen.filters)
        if not request.query.strip() and not request.filters:
            return
        if request == self._last_recorded or screen.history is None:
            return
        self._last_recorded = request
        self.run(partial(self._record, request), "history")

    def _record(self, request: SearchRequest) -> None:
        history = self.screen.history
        if history is None:
            return
        try:
            with self.screen.dateline.history_lock:
                history.record(request)
        except Exception:  # history is a convenience; never interrupt reading for it
            return
        self._read_recent()

    def load_recent(self) -> None:
        """Read the past searches up/down walks (once the index is open)."""
        if not self.recent:
            self.run(partial(self._read_recent), "history-read")

    def _read_recent(self) -> None:
        history = self.screen.history
        if history is None:
            return
        try:
            with self.screen.dateline.history_lock:
                recent = tuple(history.recent(HISTORY_RECALL))
        except Exception:
            return
        self.screen.app.call_from_thread(setattr, self, "recent", recent)

    def typed(self, query: str) -> None:
        """The query changed: typing (not a recalled search) ends the walk."""
        if query != self._recalled:
            self._browse = None
            self._recalled = None

    def recall(self, step: int) -> None:
        """Show the next older (step 1) or newer (step -1) search; the draft comes last."""
        screen = self.screen
        if self._browse is None:
            current = (screen.query_text, screen.filters)
            self._browse = [r for r in self.recent if (r.query, r.filters) != current]
            self._draft = current
            self._position = -1
        position = self._position + step
        if position < -1 or position >= len(self._browse):
            screen.app.bell()
            return
        self._position = position
        if position == -1:
            query, filters = self._draft
        else:
            query, filters = self._browse[position].query, self._browse[position].filters
        self._recalled = query
        screen.query_one(SearchBar).show_recalled(query)
        screen.query_text = query
        screen.filters = filters

    # -- saved searches ------------------------------------------------------------------

    def save(self) -> None:
        """Ask for a name and save the current search (query and filters)."""
        screen = self.screen
        request = SearchRequest(screen.query_text, screen.filters)
        if not request.query.strip() and not request.filters:
            key = screen.key_label("save_search", "ctrl+s")
            screen.notify(
                f"Type a search or add a filter first; {key} then saves it.", markup=False
            )
            return
        history = screen.history
        if history is None:
            screen.notify("Search history is not available.", severity="warning", markup=False)
            return
        try:
            with screen.dateline.history_lock:
                existing = tuple(s.name for s in history.saved())
        except Exception:
            existing = ()

        def chosen(name: str | None) -> None:
            if name is not None:
                self.record()
                self.run(partial(self._save, name, request), "history-save")

        screen.app.push_screen(SaveSearchForm(request, existing), chosen)

    def _save(self, name: str, request: SearchRequest) -> None:
        screen = self.screen
        library, history = screen.library, screen.history
        if library is None or history is None:
            return
        try:
            matched, complete = library.match_all(request)
            with screen.dateline.history_lock:
                history.save(name, request, matched)
        except Exception as error:
            self.say(flat(f"Could not save the search: {error}"), "error")
            return
        noun = "article matches" if len(matched) == 1 else "articles match"
        count = f"{len(matched)}" if complete else f"at least {len(matched)}"
        palette = screen.key_label("command_palette", "ctrl+p")
        self.say(f"Saved “{flat(name, 60)}” ({count} {noun}) · {palette} lists saved searches.")

    def run_saved(self, saved: SavedSearch) -> None:
        """Run a saved search and remember which articles it matched now."""
        screen = self.screen
        query = saved.request.query
        screen.query_one(SearchBar).show_recalled(query)
        screen.query_text = query
        screen.filters = saved.request.filters
        self.record()
        if screen.article is not None:
            screen.close_article()
        screen.query_one("#results", ResultsList).focus()
        self.run(partial(self._mark_opened, saved.name, saved.request), "history-save")

    def _mark_opened(self, name: str, request: SearchRequest) -> None:
        library, history = self.screen.library, self.screen.history
        if library is None or history is None:
            return
        try:
            matched, complete = library.match_all(request)
            if not complete:
                return  # cut short or capped: marking only part as seen would lose news
            with self.screen.dateline.history_lock:
                history.mark_opened(name, matched)
        except Exception:
            return

    def delete_saved(self, name: str) -> None:
        """Forget a saved search."""
        screen = self.screen
        history = screen.history
        if history is None:
            return
        try:
            with screen.dateline.history_lock:
                history.delete(name)
        except Exception as error:
            screen.notify(flat(str(error)), severity="error", markup=False)
            return
        screen.notify(f"Deleted the saved search “{flat(name, 60)}”.", markup=False)
