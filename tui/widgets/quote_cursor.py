"""Where the article pane's cursor is: the quote (or paragraph) it is on, the next quote
]/[ go to, the mark in the gutter, and what `b` and `y` would take. Pure functions over
an article and its laid-out lines, so the pane keeps only its keys and drawing."""

from __future__ import annotations

from collections.abc import Sequence

from index import Article, NewBookmark, QuoteKind, bookmark_for
from tui.widgets.article_layout import VisualLine


def cursor_quotes(article: Article | None) -> list[int]:
    """Indexes of the quotes the cursor can be on (scare quotes are not quotes)."""
    if article is None:
        return []
    return [i for i, q in enumerate(article.quotes) if q.kind != QuoteKind.SCARE]


def next_quote(indexes: list[int], current: int, step: int) -> int:
    """The quote ] (1) or [ (-1) goes to from `current`, wrapping around."""
    if current not in indexes:
        return indexes[0 if step > 0 else len(indexes) - 1]
    return indexes[(indexes.index(current) + step) % len(indexes)]


def quote_under(article: Article, offset: int) -> int:
    """The quote the cursor can be on that holds text offset `offset`, -1 for none."""
    for index, quote in enumerate(article.quotes):
        if quote.kind != QuoteKind.SCARE and quote.start <= offset < quote.end:
            return index
    return -1


def block_at(article: Article | None, offset: int) -> int:
    """The block (paragraph) holding text offset `offset`, -1 for none."""
    if article is None:
        return -1
    for index, block in enumerate(article.blocks):
        if block.start <= offset < block.end:
            return index
    return -1


def first_story_block(lines: Sequence[VisualLine]) -> int:
    """The block of the first story paragraph among `lines`, -1 for none."""
    for line in lines:
        if line.block >= 0 and line.kind in ("body", "subhead"):
            return line.block
    return -1


def quote_span(article: Article | None, quote_index: int) -> tuple[int, int] | None:
    """(start, end) of quote `quote_index`, None when there is no such quote."""
    if article is None or not (0 <= quote_index < len(article.quotes)):
        return None
    quote = article.quotes[quote_index]
    return quote.start, quote.end


def gutter_mark(article: Article, line: VisualLine, quote_index: int, passage: int) -> str:
    """The two columns left of a text line: the cursor's quote, its paragraph, or a quote."""
    current = quote_span(article, quote_index)
    if current and current[0] < line.end and line.start < current[1]:
        return "▌ "
    if line.block == passage and passage >= 0:
        return "▎ "
    if any(
        q.start < line.end and line.start < q.end and q.kind != QuoteKind.SCARE
        for q in article.quotes
    ):
        return "❝ "
    return "  "


def cursor_bookmark(article: Article, quote_index: int, block_index: int) -> NewBookmark | None:
    """The quote under the cursor as a bookmark, else paragraph `block_index` (-1: none)."""
    span = quote_span(article, quote_index)
    if span is not None:
        return bookmark_for(article, span[0], span[1], kind="quote")
    if block_index < 0:
        return None
    block = article.blocks[block_index]
    return bookmark_for(article, block.start, block.end, kind="passage")
