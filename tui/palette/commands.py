"""Dateline's own commands, and a concordance of any typed word."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content

from tui.keys import key_for
from tui.palette.base import DatelineProvider, highlight
from tui.safe import flat


def concordance_word(query: str) -> str:
    """What to look up: the typed text without a leading "concordance (for)", or the
    start of that word ("conc blair"), and without quotes."""
    word = flat(query, 80).strip()
    first, _, rest = word.partition(" ")
    folded = first.casefold()
    if rest and len(folded) >= 4 and "concordance".startswith(folded):
        word = rest.strip()
        head, _, tail = word.partition(" ")
        if head.casefold() in {"for", "of"}:
            word = tail  # "concordance for" alone: nothing to look up yet
    elif "concordance".startswith(word.casefold()):
        return ""  # still typing the command's name
    return word.strip().strip("\"“”'").strip()[:60]


class CommandsProvider(DatelineProvider):
    """Dateline's own commands."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        main = self.main
        keymap = self.dateline.config.keymap
        table: list[tuple[str, str, str, str, Callable[[], object]]] = [
            # name, what it does, binding id and default key (named as bound now), action
            ("Update index", "pick up new, changed and removed articles", "update", "r",
             main.action_update_index),
            ("Rebuild index", "rebuild everything in the background", "rebuild", "R",
             main.action_full_rebuild),
            ("Bookmarks", "list, edit, copy and export bookmarks", "bookmarks", "B",
             main.action_bookmarks),
            ("Toggle sort", "relevance or newest first", "sort", "s", main.action_toggle_sort),
            ("Toggle entities sidebar", "show or hide the sidebar", "toggle_sidebar", "E",
             main.action_toggle_sidebar),
            ("Clear filters", "remove every entity filter", "clear_filters", "F",
             main.action_clear_filters),
            ("Save search", "save the search and its filters under a name", "save_search",
             "ctrl+s", main.action_save_search),
            ("Who said what", "every speaker's quotes across the corpus", "who_said_what", "W",
             main.action_speakers),
            ("Related articles", "articles sharing passages with the open one", "related", "o",
             main.action_related),
            ("Explain query", "how the current search was understood", "explain", "X",
             main.action_explain),
            ("Coverage over time", "a chart of when the current search's articles were "
             "published", "timeline", "T", main.action_timeline),
            ("Batch search", "run a list of queries; hits per query, export", "", "",
             main.action_batch),
            ("Tag all results", "add tags to every article the current search matches",
             "tag_results", "ctrl+t", main.action_tag_results),
            ("Help", "every key", "help", "question_mark", self.dateline.action_help),
        ]  # fmt: skip
        return [
            (name, f"{text} ({key_for(keymap, bid, key)})" if bid else text, action)
            for name, text, bid, key, action in table
        ]

    async def search(self, query: str) -> Hits:
        for name, help_text, callback in self._commands():
            score, content = highlight(self, query, name)
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
