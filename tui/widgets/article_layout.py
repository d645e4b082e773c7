"""An article laid out in screen lines, pure and off the UI thread.

Text is laid out once per width into `VisualLine`s that point into `Article.text` (no
copies of a 2 MB article), with the lines the view adds itself: the byline, speakers under
the paragraphs they speak in, and notices. The view styles each line as it is drawn.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from index import Article, LineKind, Quote, QuoteKind, article_matches
from tui.safe import clean, flat

_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True, slots=True)
class VisualLine:
    """One screen line: a slice of the article text, or a line the view adds itself."""

    start: int
    """Offset into `Article.text`, or -1 for an added line."""
    end: int
    kind: str
    """A `LineKind` value, or meta / speaker / notice / blank for added lines."""
    block: int = -1
    """Index of the block this line belongs to, -1 for added lines."""
    extra: str = ""
    """Text of an added line (already sanitised)."""


def wrap_offsets(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Word-wrap `text[start:end]` into (start, end) spans at most `width` cells wide."""
    spans: list[tuple[int, int]] = []
    line_start = start
    line_width = 0
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        word = match.group()
        word_width = cell_len(word.rstrip())
        if line_width and line_width + word_width > width:
            spans.append((line_start, word_start))
            line_start, line_width = word_start, 0
        while word_width > width:
            # A "word" longer than the line (URLs, 1 MB without spaces): cut it hard.
            cut = word_start + width
            spans.append((word_start, cut))
            word_start, line_start = cut, cut
            word_width = cell_len(text[word_start:word_end].rstrip())
        line_width += cell_len(text[word_start:word_end])
    if line_start < end or not spans:
        spans.append((line_start, end))
    return spans


def layout(
    article: Article, width: int, show_boilerplate: bool, state: str = "ok"
) -> list[VisualLine]:
    """Lay the article out in lines of at most `width` cells."""
    text = article.text
    lines: list[VisualLine] = []
    blocks = article.blocks
    has_title = any(b.kind is LineKind.TITLE for b in blocks)
    if not has_title:
        for s, e in wrap_offsets(article.title, 0, len(article.title), width):
            lines.append(VisualLine(-1, -1, "title", extra=clean(article.title[s:e]).strip()))
    meta = article.meta
    byline = " · ".join(
        part
        for part in (
            meta.date or "undated",
            meta.source or "",
            ", ".join(meta.authors),
            meta.dateline or "",
        )
        if part
    )
    if state == "gone":
        lines.append(VisualLine(-1, -1, "notice", extra="Article no longer exists on disk."))
        lines.append(VisualLine(-1, -1, "notice", extra="Showing the indexed copy · r updates"))
    elif state == "changed":
        lines.append(VisualLine(-1, -1, "notice", extra="Changed since indexing · r updates"))
    quotes_by_block: dict[int, list[str]] = {}
    for quote in article.quotes:
        if quote.kind == QuoteKind.SCARE:
            continue
        for index, block in enumerate(blocks):
            if block.start <= quote.start < block.end:
                who = quote.speaker or quote.speaker_desc or "unattributed"
                names = quotes_by_block.setdefault(index, [])
                if who not in names:
                    names.append(who)
                break
    hidden = 0
    title_done = not has_title
    for index, block in enumerate(blocks):
        kind = block.kind.value
        if block.kind is LineKind.BOILERPLATE and not show_boilerplate:
            hidden += 1
            continue
        for s, e in wrap_offsets(text, block.start, block.end, width):
            lines.append(VisualLine(s, e, kind, index))
        if block.kind is LineKind.TITLE and not title_done:
            title_done = True
            lines.extend(_meta_lines(byline, width))
        for who in quotes_by_block.get(index, ()):
            lines.append(VisualLine(-1, -1, "speaker", extra=f"❞ {flat(who, 60)}"))
        lines.append(VisualLine(-1, -1, "blank"))
    if not has_title:
        at = _title_end(lines)
        lines[at:at] = [*_meta_lines(byline, width), VisualLine(-1, -1, "blank")]
    if not blocks or not text.strip():
        lines.append(VisualLine(-1, -1, "notice", extra="(empty article)"))
    if hidden:
        noun = "line" if hidden == 1 else "lines"
        lines.append(
            VisualLine(-1, -1, "notice", extra=f"⋯ {hidden} boilerplate {noun} hidden · v shows")
        )
    return lines


def _meta_lines(byline: str, width: int) -> list[VisualLine]:
    """The date · source · authors line, wrapped like the body."""
    text = flat(byline, 600)
    return [
        VisualLine(-1, -1, "meta", extra=text[s:e].strip())
        for s, e in wrap_offsets(text, 0, len(text), width)
    ]


def _title_end(lines: list[VisualLine]) -> int:
    index = 0
    while index < len(lines) and lines[index].kind == "title" and lines[index].start < 0:
        index += 1
    return index


Spans = list[tuple[int, int]]
"""(start, end) offsets of search matches in `Article.text`, in order."""


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article laid out and its matches found off the UI thread, ready to show."""

    article: Article
    width: int
    show_boilerplate: bool
    state: str
    lines: list[VisualLine]
    terms: tuple[str, ...]
    matches: Spans


def prepare_article(
    article: Article, width: int, show_boilerplate: bool, state: str, terms: tuple[str, ...]
) -> PreparedArticle:
    """Lay out `article` and find `terms` in it; pure, so it runs in a worker thread.

    Laying out a 2 MB article takes about half a second, and finding matches in it
    a good part of that: neither may happen on the UI thread.
    """
    lines = layout(article, width, show_boilerplate, state)
    matches = article_matches(article, terms) if terms else []
    return PreparedArticle(article, width, show_boilerplate, state, lines, terms, matches)


def line_pieces(
    text: str,
    line: tuple[int, int],
    quotes: Sequence[Quote],
    quote_index: int,
    found: tuple[Spans, list[int], int],
) -> list[tuple[str, tuple[str, ...]]]:
    """The pieces of one line's text with the style names each wears: quotes (the current
    one apart) and search matches (`found`: matches, their starts, the current index)."""
    start, end = line
    matches, match_starts, match_index = found
    spans: list[tuple[int, int, str]] = []
    for index, quote in enumerate(quotes):
        if quote.kind != QuoteKind.SCARE and quote.start < end and start < quote.end:
            spans.append(
                (quote.start, quote.end, "quote-current" if index == quote_index else "quote")
            )
    first = max(0, bisect.bisect_left(match_starts, start) - 1)
    for index in range(first, len(matches)):
        m_start, m_end = matches[index]
        if m_start >= end:
            break
        if m_end > start:
            spans.append((m_start, m_end, "match-current" if index == match_index else "match"))
    if not spans:
        return [(text[start:end].replace("\t", " "), ())]
    cuts = {start, end}
    for s, e, _ in spans:
        cuts.update(c for c in (s, e) if start < c < end)
    pieces: list[tuple[str, tuple[str, ...]]] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        names = tuple(name for s, e, name in spans if s <= a < e)
        pieces.append((text[a:b].replace("\t", " "), names))
    return pieces
