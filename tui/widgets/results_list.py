"""The results list: search hits drawn line by line, only the rows on screen.

Each row: the title in bold, date · source muted, and one snippet line with the matches
highlighted, then a rule. Every row has the same height, so the list knows where each
row is without measuring any of them: new results on a keystroke cost a handful of
rendered lines and no layout pass of the screen. Rows on screen without a snippet, and
the rest of the results once the last row shows, are asked of the screen by message
(`SnippetsWanted`, `MoreWanted`). A new query puts the cursor on the top hit, unless the
user moved it to an article the new results still list (refining a query keeps that
place); the same search again (more rows, the index reopened) keeps the cursor where it is.

| Key | Does |
|---|---|
| `j` / `k`, arrows | move |
| `g` / `G`, `home` / `end` | first / last |
| `pageup` / `pagedown` | a screenful |
| `enter` | open the article |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from index import SearchHit, SearchRequest, SearchResults
from tui.widgets.result_rows import Piece, row_pieces

MAX_ROWS = 1000
"""Never list more rows than this (PERFORMANCE.md); the count says how many matched."""
ROW_LINES = 3
"""Title, date · source, snippet."""
ROW_HEIGHT = ROW_LINES + 1
"""A row and the rule under it."""
TYPICAL_ROWS = 10
"""Rows on screen in a 40-line terminal."""


def _search_key(request: SearchRequest) -> tuple[object, ...]:
    """What makes two requests the same search (more rows or snippets are not a new one)."""
    return (request.query, request.filters, request.sort, request.exact)


def _shown(hits: tuple[SearchHit, ...]) -> list[tuple[object, ...]]:
    """What the rows display, to tell whether new results change anything on screen."""
    return [(h.id, h.title, h.date, h.source, h.snippet, h.duplicates) for h in hits]


class ResultsList(ScrollView, can_focus=True):
    """Search hits; posts `ArticleChosen` when one is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g,home", "first", "First", show=False, id="results.first"),
        Binding("G,end", "last", "Last", show=False, id="results.last"),
        Binding("pageup", "page_up", "Page up", show=False, id="results.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="results.page_down"),
        Binding("enter", "select", "Open", show=False, id="results.open"),
    ]
    """Arrows and vi-style movement, paging, enter to open."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results-list--row",
        "results-list--title",
        "results-list--meta",
        "results-list--snippet",
        "results-list--match",
        "results-list--highlighted",
        "results-list--hover",
        "results-list--open-mark",
        "results-list--separator",
    }
    """Rows and their three lines, matches, the cursor row, the row under the mouse, the
    open article's mark, rules."""

    DEFAULT_CSS = """
    ResultsList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;
        background: $surface;
        color: $foreground;
        &:focus { background-tint: $foreground 5%; }
        & > .results-list--title { text-style: bold; }
        & > .results-list--meta { color: $text-muted; }
        & > .results-list--snippet { color: $text-secondary; }
        & > .results-list--match { color: $text-warning; text-style: bold; }
        & > .results-list--separator { color: $panel; }
        & > .results-list--open-mark { color: $accent; text-style: bold; }
        & > .results-list--hover { background: $block-hover-background; }
        & > .results-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .results-list--highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    results: reactive[SearchResults | None] = reactive(None, repaint=False)
    """The results to show (owned by the main screen)."""
    open_id: reactive[str | None] = reactive(None, repaint=False)
    """The id of the article open in the article pane, marked in the list."""
    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """Index of the row under the cursor (None when the list is empty)."""

    @dataclass
    class ArticleChosen(Message):
        """The user opened a hit (enter or click)."""

        hit: SearchHit

    @dataclass
    class MoreWanted(Message):
        """The rows on screen reach the last listed hit and more matched."""

        results: SearchResults

    @dataclass
    class SnippetsWanted(Message):
        """Rows on screen have no snippet yet (searches fill only the first screenful)."""

        results: SearchResults
        ids: tuple[str, ...]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: tuple[SearchHit, ...] = ()
        self._rows: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(256)
        """Rendered rows by (hit, style, width, open): scrolling back costs nothing."""
        self._hover: int | None = None
        self._wanted: list[str] = []
        """Ids of rows drawn without a snippet, not yet asked for."""
        self._asked: set[str] = set()
        """Ids whose snippets were asked for, for the current request."""
        self._more_asked: SearchResults | None = None
        """The results for which more rows were asked (once per results)."""
        self._chosen: str | None = None
        """The article the user last moved the cursor to (None: the cursor follows the top
        hit). A query with no hits in between (typing through "okapi z" to "okapi zebra")
        must not lose the user's place."""

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        """The hits currently listed."""
        return self._hits

    @property
    def row_count(self) -> int:
        """How many hits are listed."""
        return len(self._hits)

    @property
    def highlighted_hit(self) -> SearchHit | None:
        """The hit under the cursor."""
        if self.highlighted is None or not self._hits:
            return None
        return self._hits[self.highlighted]

    @property
    def visible_rows(self) -> int:
        """How many rows fit on screen at once (a typical screenful before the first layout)."""
        height = self.scrollable_content_region.height
        return max(1, -(-height // ROW_HEIGHT)) if height else TYPICAL_ROWS

    def row_text(self, index: int) -> list[str]:
        """The plain text of row `index`'s three lines, as drawn (before cutting to width)."""
        return ["".join(text for text, _ in line) for line in row_pieces(self._hits[index])]

    # -- state ---------------------------------------------------------------------------

    def watch_results(self, old: SearchResults | None, results: SearchResults | None) -> None:
        hits = results.hits[:MAX_ROWS] if results else ()
        if old is None or results is None or old.request != results.request:
            self._asked.clear()
        else:
            # The same search run again (the index reopened, say): rows whose snippet it
            # no longer carries are asked for again when drawn.
            had = {hit.id for hit in self._hits if hit.snippet}
            self._asked.difference_update(
                hit.id for hit in hits if hit.id in had and not hit.snippet
            )
        if _shown(hits) == _shown(self._hits):
            self._hits = hits  # same rows (a keystroke that changed nothing): nothing to draw
            return
        if [h.id for h in hits] == [h.id for h in self._hits]:
            self._hits = hits  # same rows, new snippets: the cursor and scroll stay
            self.refresh()
            return
        same_search = (
            old is not None
            and results is not None
            and _search_key(old.request) == _search_key(results.request)
        )
        if same_search and self.highlighted_hit is not None:
            keep: str | None = self.highlighted_hit.id
        else:
            keep = self._chosen  # a new query: the user's choice, else the top hit
        self._hits = hits
        self._hover = None
        self._update_virtual_size()
        if not hits:
            self.set_reactive(ResultsList.highlighted, None)
        else:
            ids = [hit.id for hit in hits]
            index = ids.index(keep) if keep in ids else 0
            self.set_reactive(ResultsList.highlighted, index)
            if self._chosen is not None and ids[index] != self._chosen:
                self._chosen = None  # the user's choice is gone from the results
            if index == 0:
                self.scroll_to(y=0, animate=False, immediate=True)
            else:
                self._scroll_to_row(index)
        self.refresh()

    def watch_open_id(self) -> None:
        self.refresh()

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self._hits:
            return None
        return max(0, min(highlighted, len(self._hits) - 1))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None:
                self.refresh(self._row_region(index))
        if new is not None:
            self._scroll_to_row(new)

    def select_top(self) -> None:
        """Put the cursor on the top hit and let it follow the top of new results."""
        self._chosen = None
        if self._hits:
            self.highlighted = 0
            self.scroll_to(y=0, animate=False, immediate=True)

    def _move_to(self, index: int) -> None:
        """A cursor move by the user: new results keep this article under the cursor."""
        if not self._hits:
            return
        self.highlighted = index
        hit = self.highlighted_hit
        self._chosen = hit.id if hit is not None else None

    def _update_virtual_size(self) -> None:
        """Tell the scrollbars how tall the list is, without a layout pass of the screen.

        The list's own size is fixed by CSS (`height: 1fr`), so only the scrollbars depend
        on its length; assigning `virtual_size` would re-arrange every widget on screen.
        The scrollbar is always shown (`overflow-y: scroll`): one that came and went with
        the number of results would re-arrange the screen as well, and narrow the rows.
        """
        rows = len(self._hits)
        size = Size(self.scrollable_content_region.width, max(0, rows * ROW_HEIGHT - 1))
        if size != self.virtual_size:
            self.set_reactive(ResultsList.virtual_size, size)
            self._scroll_update(size)

    def _row_region(self, index: int) -> Region:
        """Where row `index` is, in the list's content (not the screen)."""
        y = index * ROW_HEIGHT - round(self.scroll_offset.y)
        return Region(0, y, self.size.width, ROW_LINES)

    def _scroll_to_row(self, index: int) -> None:
        width = self.scrollable_content_region.width
        self.scroll_to_region(
            Region(0, index * ROW_HEIGHT, width, ROW_LINES),
            animate=False,
            force=True,
            immediate=True,
        )

    def on_resize(self) -> None:
        self._rows.clear()
        self._update_virtual_size()

    def notify_style_update(self) -> None:
        self._rows.clear()
        super().notify_style_update()

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_offset.y) + y
        row, offset = divmod(line, ROW_HEIGHT)
        if row >= len(self._hits) - 1:
            self._want_more()
        if row >= len(self._hits) or line < 0:
            return Strip.blank(width, self.get_visual_style("results-list--row").rich_style)
        if offset == ROW_LINES:
            if row == len(self._hits) - 1:  # no rule under the last row
                return Strip.blank(width, self.get_visual_style("results-list--row").rich_style)
            rule = self.get_visual_style("results-list--separator").rich_style
            return Strip([Segment("─" * width, rule)], width)
        return self._row_strips(row, width)[offset]

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        """The three lines of row `index`, drawn once per look and cached."""
        hit = self._hits[index]
        if index == self.highlighted:
            base = self.get_visual_style("results-list--row", "results-list--highlighted")
        elif index == self._hover:
            base = self.get_visual_style("results-list--row", "results-list--hover")
        else:
            base = self.get_visual_style("results-list--row")
        is_open = hit.id == self.open_id
        if not hit.snippet and hit.id not in self._asked:
            if not self._wanted:
                self.call_later(self._ask_for_snippets)
            self._wanted.append(hit.id)
        key = (hit, base, width, is_open)
        strips = self._rows.get(key)
        if strips is None:
            if is_open:
                mark = self.get_visual_style("results-list--open-mark", partial=True)
                gutter = Segment("▌", (base + mark).rich_style)
            else:
                gutter = Segment(" ", base.rich_style)
            strips = [self._line_strip(line, width, base, gutter) for line in row_pieces(hit)]
            self._rows[key] = strips
        return strips

    def _line_strip(
        self, pieces: tuple[Piece, ...], width: int, base: Style, gutter: Segment
    ) -> Strip:
        """One line: a gutter cell, the pieces cut with an ellipsis, padding to `width`."""
        room = width - 2
        if room <= 0:
            return Strip.blank(width, base.rich_style)
        lengths = [cell_len(text) for text, _ in pieces]
        fits = sum(lengths) <= room
        left = room if fits else max(0, room - 1)  # keep a cell for the ellipsis
        segments = [gutter]
        for (text, role), cells in zip(pieces, lengths, strict=True):
            style = (base + self.get_visual_style(role, partial=True)).rich_style
            if cells <= left:
                segments.append(Segment(text, style))
                left -= cells
                continue
            segments.append(Segment(set_cell_size(text, left) + "…", style))
            left = 0
            break
        used = room - left
        segments.append(Segment(" " * (width - 1 - used), base.rich_style))
        return Strip(segments, width)

    def _want_more(self) -> None:
        """Ask once per results for the next page when the last row comes into view."""
        results = self.results
        if (
            results is not None
            and self._more_asked is not results
            and results.total > len(self._hits)
            and len(self._hits) < MAX_ROWS
        ):
            self._more_asked = results
            self.post_message(self.MoreWanted(results))

    def _ask_for_snippets(self) -> None:
        wanted = tuple(dict.fromkeys(i for i in self._wanted if i not in self._asked))
        self._wanted.clear()
        if wanted and self.results is not None:
            self._asked.update(wanted)
            self.post_message(self.SnippetsWanted(self.results, wanted))

    # -- keys and mouse ------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Move to the next hit."""
        self._move_to(0 if self.highlighted is None else self.highlighted + 1)

    def action_cursor_up(self) -> None:
        """Move to the previous hit."""
        self._move_to(0 if self.highlighted is None else self.highlighted - 1)

    def action_first(self) -> None:
        """Move to the first hit."""
        self._move_to(0)

    def action_last(self) -> None:
        """Move to the last hit."""
        self._move_to(len(self._hits) - 1)

    def action_page_down(self) -> None:
        """Move down one screenful."""
        self._move_to((self.highlighted or 0) + max(1, self.visible_rows - 1))

    def action_page_up(self) -> None:
        """Move up one screenful."""
        self._move_to((self.highlighted or 0) - max(1, self.visible_rows - 1))

    def action_select(self) -> None:
        """Open the hit under the cursor."""
        hit = self.highlighted_hit
        if hit is not None:
            self.post_message(self.ArticleChosen(hit))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse (None on a rule or below the last row)."""
        content = event.get_content_offset(self)
        if content is None:  # on the border or the scrollbar
            return None
        row, offset = divmod(round(self.scroll_offset.y) + content.y, ROW_HEIGHT)
        return row if offset < ROW_LINES and 0 <= row < len(self._hits) else None

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is not None:
            self._move_to(row)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_at(event)
        if row != self._hover:
            for index in (self._hover, row):
                if index is not None:
                    self.refresh(self._row_region(index))
            self._hover = row

    def on_leave(self) -> None:
        if self._hover is not None:
            self.refresh(self._row_region(self._hover))
            self._hover = None
