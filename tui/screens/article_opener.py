"""The main screen's article opening: read, lay out and find matches off the UI thread,
then show the article (scrolled to a span when one is given) with its entities.

Only the latest request is shown: opening another article while one is loading drops
the first, however late its worker finishes.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from index import Article, EntityCount, FileState
from tui.safe import flat
from tui.screens.screen_job import ScreenJob
from tui.widgets.article_layout import PreparedArticle, prepare_article
from tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from tui.screens.main import MainScreen  # noqa: F401  (named in the base class)

RESULTS_WIDTH = 36
"""The results pane's width beside an open article (`#results` in app.tcss)."""

Request = tuple[str, tuple[int, int] | None]
"""An article id and the span to scroll to."""


class ArticleOpener(ScreenJob["MainScreen"]):
    """Opens one article at a time; a newer request replaces an older one."""

    request: Request | None = None
    """The article being opened or shown, None once it is closed."""

    def open(self, article_id: str, anchor: tuple[int, int] | None, focus: bool) -> None:
        """Load an article in a worker and show it (scrolled to `anchor` if given)."""
        request = (article_id, anchor)
        self.request = request
        view = self.screen.query_one("#article", ArticleView)
        width, boilerplate = view.layout_settings(self._pane_width())
        terms = self.screen.terms
        load = partial(self._load, request, focus, width, boilerplate, terms)
        self.run(load, "article", exclusive=True)

    def forget(self) -> None:
        """The article was closed: a load still running is not shown."""
        self.request = None

    def _pane_width(self) -> int | None:
        """How wide the article pane will be once shown, while it is hidden (None: as now).

        The worker lays the article out at this width: laying it out again on the UI
        thread when the pane appears would take half a second for a 2 MB article.
        """
        screen = self.screen
        panes = screen.query_one("#panes").size.width
        if screen.has_class("-narrow"):
            return panes if not screen.has_class("-reading") else None
        if not screen.has_class("-no-article"):
            return None
        sidebar = screen.query_one("#entities")
        side = 0 if screen.has_class("-no-sidebar") else sidebar.outer_size.width
        return max(0, panes - RESULTS_WIDTH - side)

    def _load(
        self,
        request: Request,
        focus: bool,
        width: int,
        boilerplate: bool,
        terms: tuple[str, ...],
    ) -> None:
        """Read, lay out and find matches off the UI thread; widgets only on the UI thread."""
        library = self.screen.library
        if library is None or self.request != request:
            return
        article = library.article(request[0])
        if self.request != request:
            return
        state = library.file_state(article) if article is not None else FileState.GONE
        table = library.article_entities(article) if article is not None else ()
        prepared = None
        if article is not None:
            prepared = prepare_article(article, width, boilerplate, state, terms)
        if self.request == request:
            self.screen.app.call_from_thread(
                self._show, request[0], article, state, table, focus, prepared
            )

    def _show(
        self,
        article_id: str,
        article: Article | None,
        state: str,
        table: tuple[EntityCount, ...],
        focus: bool,
        prepared: PreparedArticle | None = None,
    ) -> None:
        screen = self.screen
        if self.request is None or self.request[0] != article_id:
            return
        anchor = self.request[1]
        update = screen.key_label("update", "r")
        if article is None:
            screen.notify(
                f"{flat(article_id)} is not in the index any more · press {update} to update.",
                severity="warning",
                markup=False,
            )
            return
        view = screen.query_one("#article", ArticleView)
        screen.anchor_span = None
        if prepared is not None:
            view.use_prepared(prepared)
        screen.article = article
        screen.open_id = article.id
        screen.file_state = state
        screen.anchor_span = anchor
        screen.show_entities(table, "In this article")
        if state != FileState.OK:
            what = "no longer exists" if state == FileState.GONE else "changed since indexing"
            screen.notify(
                f"Article {what} — press {update} to update.", severity="warning", markup=False
            )
        if focus or anchor is not None:
            screen.add_class("-reading")
            view.focus()
