"""The main screen's way into the research screens: batch search, the timeline, related
articles, who said what, concordance and explain, and what each hands back (an article
to open at a span, a query to run, a period to search)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index import SearchRequest
from tui.screens.concordance import ConcordanceScreen
from tui.screens.explain import ExplainScreen
from tui.screens.related import RelatedScreen
from tui.screens.screen_job import ScreenJob
from tui.screens.speakers import SpeakersScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from tui.screens.main import MainScreen  # noqa: F401  (named in the base class)

DATE_RANGE = re.compile(r"\s*\bdate:\[[^\]]*\]")
"""A date range in the query box, replaced when a period is picked on the timeline."""
STILL_OPENING = "The index is still opening; try again in a moment."


class ResearchScreens(ScreenJob["MainScreen"]):
    """Opens each research screen over the main one and acts on what it returns."""

    def batch(self) -> None:
        """Run a list of queries at once; opening a row searches for it here."""
        library = self.screen.library
        if library is None:
            self.screen.notify(STILL_OPENING, markup=False)
            return
        from tui.screens.batch import BatchScreen  # its text area costs ~0.2 s to import

        self.screen.app.push_screen(BatchScreen(library), self.show_query)

    def timeline(self) -> None:
        """A chart of when the current search's articles were published."""
        screen = self.screen
        library = screen.library
        if library is None:
            screen.notify(STILL_OPENING, markup=False)
            return
        request = SearchRequest(screen.query_text, screen.filters)
        label = screen.query_text.strip() or "every article"
        screen.app.push_screen(TimelineScreen(library, request, label), self.show_period)

    def related(self) -> None:
        """Articles sharing passages with the open one, side by side."""
        screen = self.screen
        if screen.article is None:
            key = screen.key_label("related", "o")
            screen.notify(
                f"Open an article first (↵ on a result); {key} then lists related ones.",
                markup=False,
            )
            return
        screen.app.push_screen(RelatedScreen(screen.article), self.jump)

    def speakers(self) -> None:
        """Who said what: every speaker's quotes across the corpus."""
        self.screen.app.push_screen(SpeakersScreen(), self.jump)

    def concordance(self, entity_type: str | None, name: str) -> None:
        """Keyword in context for an entity (or a word when `entity_type` is None)."""
        if name.strip():
            self.screen.app.push_screen(ConcordanceScreen(entity_type, name.strip()), self.jump)

    def explain(self) -> None:
        """Show how the current query was understood."""
        results = self.screen.results
        if results is None:
            self.screen.notify("No search has run yet.", markup=False)
            return
        self.screen.app.push_screen(ExplainScreen(results))

    # -- what the screens hand back ------------------------------------------------------

    def jump(self, target: tuple[str, int, int] | None) -> None:
        """Open what a research screen chose, at the span it gave."""
        screen = self.screen
        screen.refresh_bookmark_count()
        if target is not None:
            article_id, start, end = target
            screen.open_article(article_id, (start, end) if end > start else None, focus=True)

    def show_query(self, query: str | None) -> None:
        """Search for `query` (a batch row) and put the cursor on its results."""
        if query is not None:
            screen = self.screen
            screen.query_one(SearchBar).show_recalled(query)
            screen.query_text = query
            screen.query_one("#results", ResultsList).focus()

    def show_period(self, period: tuple[str, str] | None) -> None:
        """Limit the search to a period picked on the timeline (a visible date range)."""
        if period is None:
            return
        start, end = period
        query = DATE_RANGE.sub("", self.screen.query_text).strip()
        self.show_query(f"{query} date:[{start} TO {end}]".strip())
