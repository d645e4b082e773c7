"""Command palette providers: articles by title, entities, saved searches, commands.

Hits are built from `Content`, never from `str`: the palette parses a plain string prompt
(and `Matcher.highlight`) as markup, which untrusted titles must never reach.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from index import EntityCount, Library, SavedSearch, SearchHistory, SearchRequest
from tui.safe import date_label, flat, safe_line
from tui.services import Services, services

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


def _highlight(provider: Provider, query: str, text: str) -> tuple[float, Content]:
    """Score and highlight `text` for `query` without ever parsing it as markup."""
    matcher = provider.matcher(query)
    score = matcher.match(text)
    content = Content(text)
    if score:
        _, offsets = matcher.fuzzy_search.match(query, text)
        for offset in offsets:
            content = content.stylize("bold $text-accent", offset, offset + 1)
    return score, content


class _DatelineProvider(Provider):
    """Shared access to the app and its main screen."""

    @property
    def dateline(self) -> Services:
        """The app's services (library, history, …), reached without importing the app."""
        return services(self.app)

    @property
    def main(self) -> MainScreen:
        return self.dateline.main_screen


class ArticlesProvider(_DatelineProvider):
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
            score, content = _highlight(self, query, title)
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


class EntitiesProvider(_DatelineProvider):
    """Filter the results by an entity (keep or exclude)."""

    _table: list[EntityCount] | None = None

    async def startup(self) -> None:
        library = self.dateline.library
        self._table = (
            [] if library is None else await asyncio.to_thread(library.entities, None, None, 500)
        )

    async def search(self, query: str) -> Hits:
        for entity in self._table or []:
            name = flat(entity.name, 80)
            for exclude in (False, True):
                verb = "Exclude" if exclude else "Only"
                text = f"{verb} {entity.type.lower()}: {name}"
                score, content = _highlight(self, query, text)
                if score > 0:
                    yield Hit(
                        score * (0.9 if exclude else 1.0),
                        content,
                        partial(self.main.add_filter, entity.type, entity.name, exclude),
                        text=text,
                        help="Filter the results",
                    )
            text = f"Concordance: {entity.type.lower()}: {name}"
            score, content = _highlight(self, query, text)
            if score > 0:
                yield Hit(
                    score * 0.8,
                    content,
                    partial(self.main.show_concordance, entity.type, entity.name),
                    text=text,
                    help="Every mention in context, and what co-occurs with it",
                )


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


class SavedSearchesProvider(_DatelineProvider):
    """Run (or delete) a saved search; each says how many new articles match."""

    _entries: list[tuple[SavedSearch, int]] | None = None

    async def startup(self) -> None:
        library, history = self.dateline.library, self.dateline.history
        if library is None or history is None:
            self._entries = []
            return
        self._entries = await asyncio.to_thread(
            saved_with_news, library, history, self.dateline.history_lock
        )

    def _help(self, new: int) -> str:
        if not new:
            return "Run this saved search · nothing new since you last opened it"
        return f"Run this saved search · {new} new since you last opened it"

    async def search(self, query: str) -> Hits:
        for item, new in self._entries or []:
            for delete in (False, True):
                verb = "Delete saved search" if delete else "Saved search"
                text = f"{verb}: {flat(item.name, 80)}"
                score, _ = _highlight(self, query, text)
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
        for item, new in self._entries or []:
            yield DiscoveryHit(
                saved_prompt(item, new),
                partial(self.main.run_saved_search, item),
                text=f"Saved search: {flat(item.name, 80)}",
                help=self._help(new),
            )


def concordance_word(query: str) -> str:
    """What to look up: the typed text without a leading "concordance (for)" and quotes."""
    word = flat(query, 80).strip()
    lowered = word.casefold()
    for prefix in ("concordance for ", "concordance of ", "concordance "):
        if lowered.startswith(prefix):
            word = word[len(prefix) :]
            break
    else:
        if "concordance".startswith(lowered):
            return ""  # still typing the command's name
    return word.strip().strip("\"“”'").strip()[:60]


class CommandsProvider(_DatelineProvider):
    """Dateline's own commands."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        main = self.main
        return [
            (
                "Update index",
                "pick up new, changed and removed articles (r)",
                main.action_update_index,
            ),
            ("Rebuild index", "rebuild everything in the background (R)", main.action_full_rebuild),
            ("Bookmarks", "list, edit, copy and export bookmarks (B)", main.action_bookmarks),
            ("Toggle sort", "relevance or newest first (s)", main.action_toggle_sort),
            ("Toggle entities sidebar", "show or hide the sidebar (E)", main.action_toggle_sidebar),
            ("Clear filters", "remove every entity filter (F)", main.action_clear_filters),
            (
                "Save search",
                "save the search and its filters under a name (ctrl+s)",
                main.action_save_search,
            ),
            ("Who said what", "every speaker's quotes across the corpus (W)", main.action_speakers),
            (
                "Related articles",
                "articles sharing passages with the open one (o)",
                main.action_related,
            ),
            ("Explain query", "how the current search was understood (X)", main.action_explain),
            (
                "Coverage over time",
                "a chart of when the current search's articles were published",
                main.action_timeline,
            ),
            ("Batch search", "run a list of queries; hits per query, export", main.action_batch),
            ("Help", "every key (?)", self.dateline.action_help),
        ]

    async def search(self, query: str) -> Hits:
        for name, help_text, callback in self._commands():
            score, content = _highlight(self, query, name)
            if score > 0:
                yield Hit(score, content, callback, text=name, help=help_text)
        word = concordance_word(query)
        if word:
            # Always offered for what is typed: a concordance of any word, not just entities.
            prompt = Content("Concordance for ") + Content(f"“{word}”").stylize("bold")
            yield Hit(
                0.3,
                prompt,
                partial(self.main.show_concordance, None, word),
                text=f"Concordance for “{word}”",
                help="every use of the word across the corpus, in context",
            )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)
