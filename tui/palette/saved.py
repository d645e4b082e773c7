"""Saved searches, with how many articles are new since last opened."""

from __future__ import annotations

import threading
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content

from index import Library, SavedSearch, SearchHistory
from tui.palette.base import DatelineProvider, Preloaded, highlight
from tui.safe import flat, safe_line


def saved_with_news(
    library: Library, history: SearchHistory, lock: threading.Lock
) -> list[tuple[SavedSearch, int]]:
    """Each saved search with how many articles it matches now that it did not last time."""
    with lock:
        saved = history.saved()
    out: list[tuple[SavedSearch, int]] = []
    for item in saved:
        try:
            new = len(library.match_all(item.request)[0] - item.seen)
        except Exception:
            new = 0
        out.append((item, new))
    return out


def saved_prompt(item: SavedSearch, new: int, verb: str = "Saved search") -> Content:
    """`Saved search: name · the query · 3 new` (all of it safe from markup)."""
    parts = [Content(f"{verb}: "), safe_line(item.name, "bold", 80)]
    summary = flat(item.request.query, 60)
    if item.request.filters:
        summary += f" +{len(item.request.filters)} filter" + (
            "s" if len(item.request.filters) > 1 else ""
        )
    if summary.strip():
        parts.append(Content(f" · {summary.strip()}").stylize("$text-muted"))
    if new:
        parts.append(Content(f" · {new} new").stylize("bold $text-success"))
    return Content("").join(parts)


class SavedSearchesProvider(DatelineProvider):
    """Run (or delete) a saved search; each says how many new articles match."""

    _entries: Preloaded[list[tuple[SavedSearch, int]]] | None = None

    async def startup(self) -> None:
        library, history = self.dateline.library, self.dateline.history
        if library is not None and history is not None:
            self._entries = Preloaded(
                partial(saved_with_news, library, history, self.dateline.history_lock)
            )

    async def _saved(self) -> list[tuple[SavedSearch, int]]:
        return await self._entries.get() if self._entries is not None else []

    def _help(self, new: int) -> str:
        if not new:
            return "Run this saved search · nothing new since you last opened it"
        return f"Run this saved search · {new} new since you last opened it"

    async def search(self, query: str) -> Hits:
        for item, new in await self._saved():
            for delete in (False, True):
                verb = "Delete saved search" if delete else "Saved search"
                text = f"{verb}: {flat(item.name, 80)}"
                score, _ = highlight(self, query, text)
                if score <= 0:
                    continue
                callback = (
                    partial(self.main.delete_saved_search, item.name)
                    if delete
                    else partial(self.main.run_saved_search, item)
                )
                yield Hit(
                    score * (0.7 if delete else 1.1),
                    saved_prompt(item, 0 if delete else new, verb),
                    callback,
                    text=text,
                    help="Forget this saved search" if delete else self._help(new),
                )

    async def discover(self) -> Hits:
        for item, new in await self._saved():
            yield DiscoveryHit(
                saved_prompt(item, new),
                partial(self.main.run_saved_search, item),
                text=f"Saved search: {flat(item.name, 80)}",
                help=self._help(new),
            )
