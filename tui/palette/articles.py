"""Open an article by its title."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.markup import escape

from index import SearchRequest
from tui.palette.base import DatelineProvider, highlight
from tui.safe import date_label, flat


class ArticlesProvider(DatelineProvider):
    """Open an article by its title."""

    async def search(self, query: str) -> Hits:
        library = self.dateline.library
        if library is None:
            return
        results = await asyncio.to_thread(
            library.search, SearchRequest(query, as_you_type=True, limit=30, snippets=0)
        )
        for hit in results.hits:
            title = flat(hit.title, 100)
            score, content = highlight(self, query, title)
            yield Hit(
                max(score, 0.5),
                content,
                partial(self.main.open_article, hit.id, None, True),
                text=title,
                # help is parsed as markup by the palette: keep untrusted text out of it
                help=f"Open this article · {escape(date_label(hit.date))}",
            )

    async def discover(self) -> Hits:
        library = self.dateline.library
        if library is None:
            return
        results = await asyncio.to_thread(
            library.search, SearchRequest("", sort="date", limit=10, snippets=0)
        )
        for hit in results.hits:
            title = flat(hit.title, 100)
            yield DiscoveryHit(
                Content(title),
                partial(self.main.open_article, hit.id, None, True),
                text=title,
                help="Open this article",
            )
