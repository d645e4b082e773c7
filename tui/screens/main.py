"""The main screen: search bar, results, article, entities. It owns the reader's state.

State lives here as typed reactives and flows down to the widgets with `data_bind`; the
widgets report back with messages. All index work runs in thread workers that drop
results which are no longer wanted (a newer keystroke, another article).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input

from index import (
    Article,
    EntityCount,
    FileState,
    IndexStatus,
    Library,
    NewBookmark,
    Phase,
    RebuildProgress,
    SavedSearch,
    SearchFilter,
    SearchHistory,
    SearchRequest,
    SearchResults,
    SortOrder,
)
from tui.keys import key_for
from tui.messages import IndexOpened, RebuildFinished, RebuildProgressed, RebuildStarted
from tui.screens.article_opener import ArticleOpener
from tui.screens.article_tagger import ArticleTagger
from tui.screens.confirm import ConfirmScreen
from tui.screens.entity_filters import EntityFilters
from tui.screens.entity_fixes import request_fix
from tui.screens.pane_focus import PaneFocus
from tui.screens.quote_bookmarks import QuoteBookmarks
from tui.screens.research_screens import ResearchScreens
from tui.screens.result_entities import ResultEntities
from tui.screens.result_pages import ResultPages
from tui.screens.search_memory import SearchMemory
from tui.screens.search_session import SearchSession
from tui.services import Services, services
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_sidebar import EntityList, EntitySidebar
from tui.widgets.filter_chips import FilterChips
from tui.widgets.fit_footer import FitFooter
from tui.widgets.results_list import MAX_ROWS, ResultsList
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_line import StatusLine

NARROW_WIDTH = 100
"""Below this many columns the sidebar becomes an overlay and articles open full width."""


class MainScreen(Screen[None]):
    """Search, read, filter by entity, bookmark quotes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search"),
        Binding("escape", "back", "Back", id="back"),
        Binding("tab", "next_pane", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, id="previous_pane"),
        Binding("B", "bookmarks", "Bookmarks", id="bookmarks"),
        Binding("r", "update_index", "Update", id="update"),
        Binding("R", "full_rebuild", "Rebuild", show=False, id="rebuild"),
        Binding("s", "toggle_sort", "Sort", show=False, id="sort"),
        Binding("E", "toggle_sidebar", "Entities", show=False, id="toggle_sidebar"),
        Binding("F", "clear_filters", "Clear filters", show=False, id="clear_filters"),
        Binding("u", "undo_filters", "Undo filter removal", show=False, id="undo_filters"),
        Binding("o", "related", "Related", id="related"),
        Binding("W", "speakers", "Speakers", tooltip="Who said what", id="who_said_what"),
        Binding("X", "explain", "Explain", show=False, id="explain"),
        Binding("asterisk", "toggle_star", "Star", show=False, id="star"),
        Binding("t", "edit_tags", "Tags", show=False, id="tags"),
        Binding("ctrl+t", "tag_results", "Tag all results", show=False, id="tag_results"),
        Binding("T", "timeline", "Timeline", show=False, id="timeline"),
        Binding("ctrl+s", "save_search", "Save search", show=False, id="save_search"),
    ]
    """Screen-wide keys; every one has an id for `keymap:` in config.yaml."""

    query_text: var[str] = var("")
    """What is typed in the search bar."""
    filters: var[tuple[SearchFilter, ...]] = var(())
    """Entity filters, in the order they were added."""
    sort: var[str] = var(SortOrder.RELEVANCE)
    """relevance or date (newest first)."""
    results: var[SearchResults | None] = var(None)
    """The latest results for (query, filters, sort)."""
    terms: var[tuple[str, ...]] = var(())
    """Words to highlight in the open article."""
    article: var[Article | None] = var(None)
    """The open article."""
    open_id: var[str | None] = var(None)
    """Id of the open article."""
    file_state: var[str] = var(FileState.OK)
    """Whether the open article's file still matches the index."""
    anchor_span: var[tuple[int, int] | None] = var(None)
    """Span to scroll to in the open article (from a bookmark)."""
    entities: var[tuple[EntityCount, ...]] = var(())
    """Entities shown in the sidebar."""
    entity_heading: var[str] = var("")
    """What the sidebar lists."""
    status: var[IndexStatus | None] = var(None)
    """The index status."""
    progress: var[RebuildProgress | None] = var(None)
    """Progress of a running rebuild."""
    bookmark_count: var[int] = var(0)
    """Saved bookmarks, for the status line."""
    notice: var[str] = var("")
    """A sentence for the search bar (no index yet, …)."""

    def __init__(self) -> None:
        super().__init__()
        self.session = SearchSession(self)
        """Runs the searches and shows their results, one frame per keystroke."""
        self.memory = SearchMemory(self)
        """Search history and saved searches."""
        self.tagger = ArticleTagger(self)
        """Stars and tags."""
        self.opener = ArticleOpener(self)
        """Opens articles: read and laid out off the UI thread."""
        self.entity_filters = EntityFilters(self)
        """Keeps or excludes entities' articles; undoes removals."""
        self.pages = ResultPages(self)
        """More rows and their snippets, as the list scrolls."""
        self.result_entities = ResultEntities(self)
        """The results' entities for the sidebar, once typing pauses."""
        self.panes = PaneFocus(self)
        """Which pane has the keys: back, next and previous, the sidebar overlay."""
        self.research = ResearchScreens(self)
        """Batch, timeline, related, who said what, concordance, explain."""
        self.bookmarks = QuoteBookmarks(self)
        """Saves quotes as bookmarks and lists them."""

    @property
    def dateline(self) -> Services:
        """The app's services (library, history, …), reached without importing the app."""
        return services(self.app)

    @property
    def library(self) -> Library | None:
        """The library once opened (None during the first paint)."""
        return self.dateline.library

    @property
    def history(self) -> SearchHistory | None:
        """Search history and saved searches (None if they could not be opened)."""
        return self.dateline.history

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status-line").data_bind(
            MainScreen.status, MainScreen.progress, bookmarks=MainScreen.bookmark_count
        )
        yield SearchBar(id="search-bar").data_bind(
            MainScreen.results, MainScreen.filters, MainScreen.sort, MainScreen.notice
        )
        with Horizontal(id="panes"):
            yield ResultsList(id="results").data_bind(MainScreen.results, MainScreen.open_id)
            yield ArticleView(id="article").data_bind(
                MainScreen.article, MainScreen.terms, MainScreen.file_state, MainScreen.anchor_span
            )
            yield EntitySidebar(id="entities").data_bind(
                MainScreen.entities, heading=MainScreen.entity_heading
            )
        yield FitFooter()

    def on_mount(self) -> None:
        self.add_class("-no-article")
        # Narrow from the first layout on (not only once the first resize arrives).
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self.sort = self.dateline.config.search.sort
        self.query_one(SearchBar).row_cap = self.row_cap
        self.query_one("#results", ResultsList).border_title = "Results"
        self.query_one("#article", ArticleView).border_title = "Article"
        self.query_one("#entities", EntitySidebar).border_title = "Entities"
        # Not the search box: single-key commands (`?`, `q`) work from the first key.
        self.query_one("#results", ResultsList).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def key_arriving(self, event: events.Key) -> None:
        """Called by the app before a key reaches the focused widget (see
        `SearchSession.key_arriving`: a keystroke is painted with its results)."""
        self.session.key_arriving(event)

    # -- index life cycle ----------------------------------------------------------------

    def on_index_opened(self, message: IndexOpened) -> None:
        self.session.index_opened()
        self.status = message.status
        self.notice = "" if message.status.ready else (message.status.message or "")
        self.refresh_bookmark_count()
        self.session.search()
        self.memory.load_recent()
        if self.open_id is not None:
            self.open_article(self.open_id)

    def on_rebuild_started(self, message: RebuildStarted) -> None:
        self.progress = RebuildProgress(0, 0, Phase.STARTING)

    def on_rebuild_progressed(self, message: RebuildProgressed) -> None:
        if self.progress is not None:
            self.progress = message.progress

    def on_rebuild_finished(self, message: RebuildFinished) -> None:
        self.progress = None

    def refresh_bookmark_count(self) -> None:
        """Count the saved bookmarks again, for the status line."""
        self.bookmarks.refresh_count()

    # -- searching -----------------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.memory.typed(message.query)
        self.session.query_typed()
        self.query_text = message.query

    @on(SearchBar.QuerySubmitted)
    def _query_submitted(self) -> None:
        self.session.submitted()

    @property
    def results_pending(self) -> bool:
        """True while the results shown are not yet those of the current query."""
        return self.session.pending

    def watch_query_text(self) -> None:
        self.session.search()
        self.memory.schedule_record()

    def watch_filters(self) -> None:
        self.session.search()
        self.memory.schedule_record()

    def watch_sort(self) -> None:
        self.session.search()

    @property
    def row_cap(self) -> int:
        """The most rows the results list pages to."""
        return max(1, min(self.dateline.config.search.limit, MAX_ROWS))

    @property
    def current_request(self) -> SearchRequest | None:
        """The request the results on screen answer (or will, once it returns)."""
        return self.session.request

    @current_request.setter
    def current_request(self, request: SearchRequest | None) -> None:
        self.session.request = request

    @on(ResultsList.MoreWanted)
    def _more_wanted(self, message: ResultsList.MoreWanted) -> None:
        self.pages.more(message.results)

    @on(ResultsList.SnippetsWanted)
    def _snippets_wanted(self, message: ResultsList.SnippetsWanted) -> None:
        self.pages.snippets(message.results, message.ids)

    @property
    def entities_pending(self) -> bool:
        """True while the sidebar waits for results to settle before counting entities."""
        return self.result_entities.pending

    def show_entities(self, table: tuple[EntityCount, ...], heading: str) -> None:
        """Fill the sidebar (an article's entities, or the results')."""
        self.entities = table
        self.entity_heading = heading

    # -- articles ------------------------------------------------------------------------

    @on(ResultsList.ArticleChosen)
    def _article_chosen(self, message: ResultsList.ArticleChosen) -> None:
        self.session.chosen(message.hit.id)

    def open_article(
        self, article_id: str, anchor: tuple[int, int] | None = None, focus: bool = False
    ) -> None:
        """Load an article in a worker and show it (scrolled to `anchor` if given)."""
        self.opener.open(article_id, anchor, focus)

    def watch_article(self) -> None:
        # No article open: the results take the article pane's room (titles are not cut).
        self.set_class(self.article is None, "-no-article")
        self.refresh_bindings()

    def close_article(self) -> None:
        """Back to the results: the sidebar shows the results' entities again."""
        self.article = None
        self.open_id = None
        self.opener.forget()
        self.remove_class("-reading")
        self.result_entities.cancel()
        if self.session.request is not None:
            self.result_entities.load(self.session.request)

    # -- entities and filters ------------------------------------------------------------

    @on(EntitySidebar.FilterRequested)
    def _filter_requested(self, message: EntitySidebar.FilterRequested) -> None:
        self.add_filter(message.type, message.name, message.exclude)

    def add_filter(self, entity_type: str, name: str, exclude: bool = False) -> None:
        """Keep (or exclude) articles mentioning an entity; replaces an opposite filter."""
        self.entity_filters.add(entity_type, name, exclude)

    @on(FilterChips.Removed)
    def _filter_removed(self, message: FilterChips.Removed) -> None:
        self.remove_filters(tuple(f for f in self.filters if f != message.filter))
        # Not the search box: a key pressed next is a command, not the start of a query.
        self.query_one("#results", ResultsList).focus()

    def remove_filters(self, kept: tuple[SearchFilter, ...]) -> None:
        """Keep only `kept` of the filters; `u` brings the removed ones back."""
        self.entity_filters.keep_only(kept)

    def action_clear_filters(self) -> None:
        """Remove every entity filter (`u` undoes it)."""
        self.entity_filters.clear()

    def action_undo_filters(self) -> None:
        """Bring back the filters as they were before the last removal."""
        self.entity_filters.undo()

    # -- bookmarks -----------------------------------------------------------------------

    @on(ArticleView.BookmarkRequested)
    def _bookmark_requested(self, message: ArticleView.BookmarkRequested) -> None:
        self.ask_bookmark(message.bookmark)

    def ask_bookmark(self, new: NewBookmark) -> None:
        """Ask for a note and tags, then save the bookmark."""
        self.bookmarks.ask(new)

    def action_bookmarks(self) -> None:
        """Open the bookmarks screen."""
        self.bookmarks.show_all()

    # -- history and saved searches ------------------------------------------------------

    def record_search(self) -> None:
        """Put the current query and filters into the history now."""
        self.memory.record()

    @on(SearchBar.HistoryRecall)
    def _history_recall(self, message: SearchBar.HistoryRecall) -> None:
        self.memory.recall(message.step)

    def action_save_search(self) -> None:
        """Ask for a name and save the current search (query and filters)."""
        self.memory.save()

    def run_saved_search(self, saved: SavedSearch) -> None:
        """Run a saved search and remember which articles it matched now."""
        self.memory.run_saved(saved)

    def delete_saved_search(self, name: str) -> None:
        """Forget a saved search."""
        self.memory.delete_saved(name)

    def action_batch(self) -> None:
        """Run a list of queries at once; opening a row searches for it here."""
        self.research.batch()

    def action_timeline(self) -> None:
        """A chart of when the current search's articles were published."""
        self.research.timeline()

    def action_toggle_star(self) -> None:
        """Star the open (or selected) article, or take its star off."""
        self.tagger.toggle_star()

    def action_edit_tags(self) -> None:
        """Edit the tags of the open (or selected) article."""
        self.tagger.edit()

    def action_tag_results(self) -> None:
        """Tag every article the current search matches, not only the one selected."""
        self.tagger.tag_results()

    def key_label(self, binding_id: str, default: str) -> str:
        """The key bound to `binding_id` now, for hints (keys can be remapped)."""
        return key_for(self.dateline.config.keymap, binding_id, default)

    # -- research screens ----------------------------------------------------------------

    def action_related(self) -> None:
        """Articles sharing passages with the open one, side by side."""
        self.research.related()

    def action_speakers(self) -> None:
        """Who said what: every speaker's quotes across the corpus."""
        self.research.speakers()

    @on(EntitySidebar.FixRequested)
    def _fix_requested(self, message: EntitySidebar.FixRequested) -> None:
        request_fix(self, message.kind, message.entities)

    @on(EntitySidebar.ConcordanceRequested)
    def _concordance_requested(self, message: EntitySidebar.ConcordanceRequested) -> None:
        self.research.concordance(message.type, message.name)

    def show_concordance(self, entity_type: str | None, name: str) -> None:
        """Keyword in context for an entity (or a word when `entity_type` is None)."""
        self.research.concordance(entity_type, name)

    def action_explain(self) -> None:
        """Show how the current query was understood."""
        self.research.explain()

    # -- other actions -------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """Put the cursor in the search bar."""
        self.remove_class("-sidebar")
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Leave one level (overlay, search box, article); never deletes anything."""
        self.panes.back()

    def action_next_pane(self) -> None:
        """Focus the next pane (search, results, article, entities)."""
        self.panes.cycle(1)

    def action_previous_pane(self) -> None:
        """Focus the previous pane."""
        self.panes.cycle(-1)

    def action_toggle_sort(self) -> None:
        """Switch between relevance and newest first."""
        self.sort = SortOrder.DATE if self.sort == SortOrder.RELEVANCE else SortOrder.RELEVANCE

    def action_toggle_sidebar(self) -> None:
        """Show or hide the entity sidebar (an overlay on narrow terminals)."""
        self.panes.toggle_sidebar()

    def action_update_index(self) -> None:
        """Pick up added, changed and removed articles in the background."""
        self.dateline.start_rebuild(full=False)

    def action_full_rebuild(self) -> None:
        """Rebuild the whole index in the background, after asking; search keeps working."""

        def answer(yes: bool | None) -> None:
            if yes:
                self.dateline.start_rebuild(full=True)

        articles = self.status.articles if self.status is not None else 0
        self.app.push_screen(
            ConfirmScreen(
                "Rebuild the whole index?",
                f"Reads all {articles:,} articles again in the background; search keeps "
                f"working meanwhile. {self.key_label('update', 'r')} only picks up what changed.",
            ),
            answer,
        )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id != "search":
            self.session.focus_moved()  # the list (or anything) took the keys: ↵ is its own
        if isinstance(event.widget, EntityList) and self.has_class("-narrow"):
            self.add_class("-sidebar")


__all__ = ["MainScreen"]
