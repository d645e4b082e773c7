"""Which pane of the main screen has the keys: `esc` leaves one level (overlay, search
box, article) and never deletes; tab and shift+tab cycle the panes that are shown; the
sidebar is a column, or an overlay on a narrow terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets import Input

from tui.screens.screen_job import ScreenJob
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_sidebar import EntityList
from tui.widgets.results_list import ResultsList

if TYPE_CHECKING:
    from tui.screens.main import MainScreen  # noqa: F401  (named in the base class)


class PaneFocus(ScreenJob["MainScreen"]):
    """Moves the keys between the search box, the results, the article and the sidebar."""

    def back(self) -> None:
        """Leave one level: overlay, search box, article. Never deletes anything.

        The query and the filters stay; `ctrl+l` in the search box clears the query,
        `F` clears the filters (`u` undoes it).
        """
        screen = self.screen
        focused = screen.focused
        listing = screen.query_one("#results", ResultsList)
        if screen.has_class("-sidebar"):
            screen.remove_class("-sidebar")
            listing.focus()
        elif isinstance(focused, Input) and focused.id == "search":
            if screen.has_class("-narrow") and screen.has_class("-reading"):
                screen.query_one("#article", ArticleView).focus()
            else:
                listing.focus()
        elif isinstance(focused, ArticleView) or screen.has_class("-reading"):
            # Closed, not just hidden, on a narrow screen too: a hidden article kept the
            # sidebar on "In this article" while the list was all there was to see.
            screen.remove_class("-reading")
            screen.close_article()
            listing.focus()
        elif focused is not listing:
            listing.focus()  # the sidebar or a chip: back to the list
        elif screen.article is not None:
            screen.close_article()

    def _panes(self) -> list[Widget]:
        screen = self.screen
        panes: list[Widget] = [screen.query_one("#search", Input)]
        narrow = screen.has_class("-narrow")
        if not (narrow and screen.has_class("-reading")):
            panes.append(screen.query_one("#results", ResultsList))
        if screen.article is not None:
            panes.append(screen.query_one("#article", ArticleView))
        if (not narrow and not screen.has_class("-no-sidebar")) or screen.has_class("-sidebar"):
            panes.append(screen.query_one(EntityList))
        return panes

    def cycle(self, step: int) -> None:
        """Focus the next (1) or previous (-1) pane that is shown."""
        screen = self.screen
        panes = self._panes()
        focused = screen.focused
        current = next(
            (
                i
                for i, p in enumerate(panes)
                if focused is not None and (focused is p or p in focused.ancestors)
            ),
            -1,
        )
        target = panes[(current + step) % len(panes)]
        if isinstance(target, ArticleView) and screen.has_class("-narrow"):
            screen.add_class("-reading")
        target.focus()

    def toggle_sidebar(self) -> None:
        """Show or hide the entity sidebar (an overlay on narrow terminals)."""
        screen = self.screen
        if screen.has_class("-narrow"):
            screen.toggle_class("-sidebar")
            if screen.has_class("-sidebar"):
                screen.query_one(EntityList).focus()
            else:
                screen.query_one("#results", ResultsList).focus()
        else:
            screen.toggle_class("-no-sidebar")
