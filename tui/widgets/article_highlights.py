"""The article pane's search matches: found off the UI thread (or handed over by a worker
that already found them), stepped through with n/N and counted on the pane's bottom edge.

A plain class the pane owns, not a widget: it keeps the matches of the article and terms
the pane shows, and drops matches found for an article or terms shown no longer.
"""

from __future__ import annotations

import bisect
from functools import partial
from typing import TYPE_CHECKING

from index import Article, article_matches

if TYPE_CHECKING:
    from tui.widgets.article_layout import Spans
    from tui.widgets.article_view import ArticleView


class ArticleHighlights:
    """The matches of `view`'s terms in its article, and which one n/N is on."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.spans: Spans = []
        """(start, end) of every match, in order."""
        self.starts: list[int] = []
        """Each match's start, for bisecting."""
        self._given: tuple[Article, tuple[str, ...], Spans] | None = None
        """Matches found elsewhere (a worker) for an (article, terms) pair."""

    def give(self, article: Article, terms: tuple[str, ...], matches: Spans) -> None:
        """Matches of `terms` in `article` found in a worker, for `compute` to use."""
        self._given = (article, terms, matches)

    @property
    def found(self) -> tuple[Spans, list[int], int]:
        """(matches, their starts, the current one): what a drawn line needs."""
        return self.spans, self.starts, self.view.match_index

    def compute(self) -> None:
        """Use matches a worker found, else find them in a worker: never on the UI thread.

        Until they arrive the previous highlights stay (no flicker while typing).
        """
        view = self.view
        article, terms = view.article, view.terms
        if article is None or not terms:
            self.use([])
            return
        given = self._given
        if given is not None and given[0] is article and given[1] == terms:
            self.use(given[2])
            return
        view.run_worker(
            partial(self._find, article, terms),
            thread=True,
            group="article-matches",
            exclusive=True,
            exit_on_error=False,
        )

    def _find(self, article: Article, terms: tuple[str, ...]) -> None:
        view = self.view
        matches = article_matches(article, terms)
        if article is view.article and terms == view.terms:
            view.app.call_from_thread(self._found, article, terms, matches)

    def _found(self, article: Article, terms: tuple[str, ...], matches: Spans) -> None:
        view = self.view
        if article is view.article and terms == view.terms:
            self._given = (article, terms, matches)
            self.use(matches)
            view.matches_arrived()

    def use(self, matches: Spans) -> None:
        """Show `matches` (and their count on the pane's edge)."""
        self.spans = matches
        self.starts = [s for s, _ in matches]
        self.show_position()

    def show_position(self) -> None:
        """`match 2/5` on the pane's bottom edge (`5 matches` before n is pressed)."""
        view = self.view
        count = len(self.spans)
        if view.article is None or not count:
            text = ""
        elif 0 <= view.match_index < count:
            text = f"match {view.match_index + 1}/{count}"
        else:
            text = f"{count} match" if count == 1 else f"{count} matches"
        view.border_subtitle = text

    def step(self, step: int, here: int) -> int | None:
        """The match n (1) or N (-1) goes to, wrapping (and saying so); from text offset
        `here` when no match is current yet. None when there are no matches."""
        view = self.view
        if not self.spans:
            view.notify("No matches of the search in this article.", markup=False)
            return None
        count = len(self.spans)
        if view.match_index < 0:
            index = bisect.bisect_left(self.starts, here)
            target = index if step > 0 else index - 1
        else:
            target = view.match_index + step
        if target >= count:
            view.notify("Back to the first match (wrapped from the end).", markup=False)
        elif target < 0:
            view.notify("Back to the last match (wrapped from the start).", markup=False)
        return target % count
