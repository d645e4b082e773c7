"""The article pane: a virtualised, line-API view of one article.

Only the visible lines are rendered, so a 2 MB article opens as fast as a short one
(RELIABILITY.md trap 12: `Static`/`TextArea` with megabytes of text froze for seconds).
Text is laid out once per width into `VisualLine`s that point into `Article.text`; styles
for matches and quotes are applied per line as it is drawn. Text is never parsed as markup:
segments are built from the (already sanitised) article text directly.

| Key | Does |
|---|---|
| `j` / `k`, arrows | scroll |
| `space` / `pagedown`, `pageup` | page |
| `g` / `G` | top / bottom |
| `n` / `N` | next / previous match (the pane's bottom edge says "match 2/5") |
| `]` / `[` | next / previous quote |
| `b` | bookmark the quote under the cursor (or the selected paragraph) |
| `y` | copy the quote with its citation |
| `v` | show / hide boilerplate |
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index import Article, NewBookmark, citation
from tui.safe import clean
from tui.widgets.article_highlights import ArticleHighlights
from tui.widgets.article_layout import (
    PreparedArticle,
    Spans,
    VisualLine,
    layout,
    line_pieces,
)
from tui.widgets.quote_cursor import (
    block_at,
    cursor_bookmark,
    cursor_quotes,
    first_story_block,
    gutter_mark,
    next_quote,
    quote_under,
)

TEXT_WIDTH = 80
"""Body text is wrapped at most this wide and centred, for readable line lengths."""
GUTTER = 2
"""Columns left of the text for the quote marker and the cursor bar."""


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; keeps a cursor on quotes and matches."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="article.up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="article.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="article.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="article.bottom"),
        Binding("n", "next_match", "Match", tooltip="Next match", id="next_match"),
        Binding("N", "previous_match", "Prev match", show=False, id="previous_match"),
        Binding(
            "right_square_bracket", "next_quote", "Quote", tooltip="Next quote", id="next_quote"
        ),
        Binding(
            "left_square_bracket", "previous_quote", "Prev quote", show=False, id="previous_quote"
        ),
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("y", "copy", "Copy", id="copy"),
        Binding("v", "toggle_boilerplate", "Boilerplate", show=False, id="toggle_boilerplate"),
    ]
    """Reading keys; every one has an id for `keymap:` in config.yaml."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--byline",
        "article-view--subhead",
        "article-view--caption",
        "article-view--boilerplate",
        "article-view--speaker",
        "article-view--notice",
        "article-view--match",
        "article-view--match-current",
        "article-view--quote",
        "article-view--quote-current",
        "article-view--cursor",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        & > .article-view--title { text-style: bold; color: $text; }
        & > .article-view--meta { color: $text-muted; }
        & > .article-view--byline { color: $text-muted; }
        & > .article-view--subhead { text-style: bold; }
        & > .article-view--caption { color: $text-disabled; text-style: italic; }
        & > .article-view--boilerplate { color: $text-disabled; }
        & > .article-view--speaker { color: $text-secondary; text-style: italic; }
        & > .article-view--notice { color: $text-warning; }
        & > .article-view--match { background: $warning-muted; color: $text; }
        & > .article-view--match-current { background: $warning; color: $background; }
        & > .article-view--quote { color: $text-accent; }
        & > .article-view--quote-current { background: $accent-muted; color: $text; }
        & > .article-view--cursor { color: $accent; }
    }
    """

    article: reactive[Article | None] = reactive(None, layout=False)
    """The article shown, or None for the empty state."""
    terms: reactive[tuple[str, ...]] = reactive((), repaint=False)
    """Search terms to highlight and step through with n/N."""
    file_state: reactive[str] = reactive("ok")
    """ok, changed or gone: whether the file on disk still matches the index."""
    anchor_span: reactive[tuple[int, int] | None] = reactive(None)
    """A span to scroll to and mark (a bookmark's quote) when the article opens."""
    show_boilerplate: reactive[bool] = reactive(False)
    """Whether boilerplate lines (ads, share buttons, copyright) are shown."""
    quote_index: reactive[int] = reactive(-1)
    """The quote under the cursor, -1 for none."""
    match_index: reactive[int] = reactive(-1)
    """The current match for n/N, -1 for none."""

    @dataclass
    class BookmarkRequested(Message):
        """The user asked to bookmark a quote or passage; the screen asks for a note."""

        bookmark: NewBookmark

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[VisualLine] = []
        self._starts: list[int] = []
        self._line_of_start: list[int] = []
        self.highlights = ArticleHighlights(self)
        """The search matches in the article, and which one n/N is on."""
        self._layout_width = 0
        self._passage = -1
        self._pad = 0
        self._dirty = False
        self._prepared: PreparedArticle | None = None
        self._to_first_match = False
        """A newly opened article without an anchor: go to its first match once known."""

    def layout_settings(self, pane_width: int | None = None) -> tuple[int, bool]:
        """(text width, show boilerplate): what a worker needs to call `prepare_article`.

        `pane_width` is the pane's outer width once shown, for a pane hidden now.
        """
        if pane_width is not None:
            border = self.outer_size.width - self.size.width if self.size.width else 2
            return self._text_width(pane_width - border), self.show_boilerplate
        return self._text_width(), self.show_boilerplate

    def use_prepared(self, prepared: PreparedArticle) -> None:
        """Use a layout (and matches) made in a worker; call before setting `article`."""
        self._prepared = prepared
        self.give_matches(prepared.article, prepared.terms, prepared.matches)

    def give_matches(self, article: Article, terms: tuple[str, ...], matches: Spans) -> None:
        """Matches of `terms` in `article` found in a worker; call before setting `terms`."""
        self.highlights.give(article, terms, matches)

    # -- state ---------------------------------------------------------------------------

    def watch_article(self, article: Article | None) -> None:
        self.quote_index = -1
        self.match_index = -1
        self._passage = -1
        self._schedule_relayout()
        self.highlights.use([])  # another article's spans must not show while new ones load
        self.highlights.compute()
        # At once: a deferred scroll to the top would land after the scroll to an anchor.
        self.scroll_to(y=0, animate=False, immediate=True)
        self._to_first_match = article is not None
        # The screen sets the anchor (if any) right after the article: decide after that.
        self.call_after_refresh(self._first_position)

    def _first_position(self) -> None:
        """Where a newly opened article starts: its anchor, else its first match."""
        if self.article is None:
            return
        if self._dirty:
            self._relayout()
        anchor = self.anchor_span
        if anchor is not None:
            self._to_first_match = False
            self._scroll_to_offset(anchor[0])
        elif self._to_first_match and self.highlights.spans:
            self._to_first_match = False
            self.match_index = 0
            self._scroll_to_offset(self.highlights.spans[0][0])

    def watch_terms(self) -> None:
        self.match_index = -1
        self._to_first_match = False  # new terms while reading: stay where the reader is
        self.highlights.compute()
        if self.article is not None:  # the empty pane has nothing to highlight
            self.refresh()

    def watch_file_state(self) -> None:
        self._schedule_relayout()

    def watch_show_boilerplate(self) -> None:
        self._schedule_relayout()

    def _schedule_relayout(self) -> None:
        """Lay out once after the screen has set article, state and anchor together."""
        if not self._dirty:
            self._dirty = True
            self.call_later(self._relayout)

    def watch_anchor_span(self, anchor: tuple[int, int] | None) -> None:
        if anchor is None or self.article is None:
            return
        start, _end = anchor
        for index, quote in enumerate(self.article.quotes):
            if quote.start <= start < quote.end:
                self.quote_index = index
                break
        else:
            self._passage = block_at(self.article, start)
        self._to_first_match = False
        # After the layout (the article may have just been set): see `_first_position`.
        self.call_after_refresh(self._scroll_to_offset, start)

    def watch_quote_index(self) -> None:
        self.refresh()

    def watch_match_index(self) -> None:
        self.highlights.show_position()
        self.refresh()

    def matches_arrived(self) -> None:
        """The worker's matches are in: a newly opened article goes to its first one."""
        if self._to_first_match and self.anchor_span is None and self.highlights.spans:
            self._first_position()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._layout_width:
            self._relayout()

    def _text_width(self, width: int | None = None) -> int:
        # Reserve the scrollbar's columns: it appears only after the layout is known.
        width = self.size.width if width is None else width
        return max(20, min(TEXT_WIDTH, width - GUTTER - 3))

    def _relayout(self) -> None:
        self._dirty = False
        width = self._text_width()
        article = self.article
        prepared = self._prepared
        if (
            not self.size.width
            and article is not None
            and prepared is not None
            and prepared.article is article
        ):
            # Hidden until the screen shows it: the worker laid it out at the width the
            # pane will have (see `layout_settings`), not the 20 columns of no width.
            width = prepared.width
        self._layout_width = width
        if article is None:
            self._lines = []
        else:
            if (
                prepared is not None
                and prepared.article is article
                and (prepared.width, prepared.show_boilerplate, prepared.state)
                == (width, self.show_boilerplate, self.file_state)
            ):
                self._lines = prepared.lines
            else:
                self._lines = layout(article, width, self.show_boilerplate, self.file_state)
        self._line_of_start = [i for i, line in enumerate(self._lines) if line.start >= 0]
        self._starts = [self._lines[i].start for i in self._line_of_start]
        self.virtual_size = Size(width + GUTTER, len(self._lines))
        self.refresh()

    @property
    def visual_lines(self) -> list[VisualLine]:
        """The current layout (for tests and the screen's status)."""
        return self._lines

    def rendered_text(self) -> str:
        """All lines as plain text, as they are drawn (for tests)."""
        article = self.article
        if article is None:
            return ""
        return "\n".join(
            line.extra if line.start < 0 else article.text[line.start : line.end].rstrip()
            for line in self._lines
        )

    # -- geometry ------------------------------------------------------------------------

    def _line_at_offset(self, offset: int) -> int:
        position = bisect.bisect_right(self._starts, offset) - 1
        return self._line_of_start[position] if position >= 0 else 0

    def _scroll_to_offset(self, offset: int) -> None:
        line = self._line_at_offset(offset)
        height = self.scrollable_content_region.height
        if not (self.scroll_y <= line < self.scroll_y + height):
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self.refresh()

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines) or self.article is None:
            if self.article is None and y == 1:
                style = self.get_component_rich_style("article-view--meta")
                hint = "  Open an article: ↵ on a result · / to search"
                return Strip([Segment(hint, style)]).crop_extend(0, width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        line = self._lines[index]
        pad = max(0, (self.size.width - 2 - self._layout_width - GUTTER) // 2)
        self._pad = pad
        base = self.rich_style
        segments = [Segment(" " * pad, base)]
        segments.extend(self._gutter(line, base))
        if line.start < 0:
            style = base
            if line.kind in ("title", "meta", "speaker", "notice"):
                style = base + self.get_component_rich_style(f"article-view--{line.kind}")
            segments.append(Segment(line.extra, style))
        else:
            segments.extend(self._text_segments(line, base))
        strip = Strip(segments)
        return strip.crop_extend(self.scroll_offset.x, self.scroll_offset.x + width, base)

    def _gutter(self, line: VisualLine, base: Style) -> list[Segment]:
        article = self.article
        marker = "  "
        if article is not None and line.start >= 0:
            marker = gutter_mark(article, line, self.quote_index, self._passage)
        return [Segment(marker, base + self.get_component_rich_style("article-view--cursor"))]

    def _text_segments(self, line: VisualLine, base: Style) -> list[Segment]:
        assert self.article is not None
        text = self.article.text
        start, end = line.start, line.end
        while end > start and text[end - 1] in " \t\n":
            end -= 1
        kind_class = f"article-view--{line.kind}"
        if kind_class in self.COMPONENT_CLASSES:
            base = base + self.get_component_rich_style(kind_class)
        pieces = line_pieces(
            text,
            (start, end),
            self.article.quotes,
            self.quote_index,
            self.highlights.found,
        )
        segments: list[Segment] = []
        for piece, names in pieces:
            style = base
            for name in names:
                style = style + self.get_component_rich_style(f"article-view--{name}")
            segments.append(Segment(piece, style))
        return segments

    # -- actions -------------------------------------------------------------------------

    def action_scroll_home(self) -> None:
        """Jump to the top (no animation: long articles would animate for seconds)."""
        self.scroll_to(y=0, animate=False)

    def action_scroll_end(self) -> None:
        """Jump to the bottom."""
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_toggle_boilerplate(self) -> None:
        """Show or hide boilerplate lines."""
        self.show_boilerplate = not self.show_boilerplate

    def action_next_match(self) -> None:
        """Move to the next search match."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Move to the previous search match."""
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        top = self._lines[self.scroll_offset.y] if self._lines else None
        here = top.start if top is not None and top.start >= 0 else 0
        target = self.highlights.step(step, here)
        if target is not None:
            self.match_index = target
            self._scroll_to_offset(self.highlights.spans[target][0])

    def action_next_quote(self) -> None:
        """Put the cursor on the next quote."""
        self._step_quote(1)

    def action_previous_quote(self) -> None:
        """Put the cursor on the previous quote."""
        self._step_quote(-1)

    def _quote_indexes(self) -> list[int]:
        return cursor_quotes(self.article)

    def _step_quote(self, step: int) -> None:
        indexes = self._quote_indexes()
        if not indexes:
            self.notify("This article has no quotes.", markup=False)
            return
        self.quote_index = next_quote(indexes, self.quote_index, step)
        assert self.article is not None
        self._passage = -1
        self._scroll_to_offset(self.article.quotes[self.quote_index].start)

    def current_bookmark(self) -> NewBookmark | None:
        """What `b` would save: the quote under the cursor, else the selected paragraph."""
        article = self.article
        if article is None:
            return None
        block = self._passage
        if block < 0:  # no paragraph chosen: the first one on screen
            block = first_story_block(self._lines[self.scroll_offset.y :])
        return cursor_bookmark(article, self.quote_index, block)

    def action_bookmark(self) -> None:
        """Ask the screen to bookmark the quote under the cursor (or the paragraph)."""
        bookmark = self.current_bookmark()
        if bookmark is None:
            self.notify("Open an article first.", markup=False)
            return
        self.post_message(self.BookmarkRequested(bookmark))

    def action_copy(self) -> None:
        """Copy the quote under the cursor (or the paragraph) with its citation."""
        bookmark = self.current_bookmark()
        if bookmark is None:
            self.notify("Open an article first.", markup=False)
            return
        self.app.copy_to_clipboard(clean(citation(bookmark)))
        self.notify("Copied the quote with its citation.", markup=False)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the quote (or paragraph) under the pointer."""
        index = self.scroll_offset.y + event.y
        if self.article is None or not (0 <= index < len(self._lines)):
            return
        line = self._lines[index]
        if line.start < 0:
            return
        column = event.x + self.scroll_offset.x - self._pad - GUTTER
        offset = min(line.end, line.start + max(0, column))
        quote_index = quote_under(self.article, offset)
        if quote_index >= 0:
            self.quote_index = quote_index
            self._passage = -1
            return
        self.quote_index = -1
        self._passage = line.block
        self.refresh()
