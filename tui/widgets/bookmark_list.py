"""The bookmarks, newest first, listed a page at a time.

An option list measures every option it holds, and drawing one bookmark's prompt costs
~40 µs: ten thousand bookmarks listed at once took 1.4 s to show and most of a second for
each filter key. The list holds the first page and a "more" row; the next page is added
as the cursor nears the end, and `G` lists the rest on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import Bookmark
from tui.safe import date_label, flat

PAGE = 40
"""Bookmarks listed at first, and added each time the cursor nears the end."""
NEAR_END = 6
"""Options from the end at which the next page is added."""
MORE = "more"
"""Id of the last row when more bookmarks match than are listed."""
STATUS_LABELS = {"moved": "moved (re-anchored)", "orphaned": "not found in the article"}
"""Said only when something happened to the quote: a bookmark that is fine says nothing."""


def _haystack(b: Bookmark) -> tuple[str, tuple[str, ...]]:
    """What a filter word is looked for in, and the tags a `#word` is."""
    text = " ".join([b.quote, b.speaker or "", b.speaker_desc or "", b.title, b.note, *b.tags])
    return text.casefold(), tuple(t.casefold() for t in b.tags)


def _matches(haystack: tuple[str, tuple[str, ...]], words: list[str]) -> bool:
    text, tags = haystack
    for word in words:
        if word.startswith("#"):
            tag = word.lstrip("#")
            if tag and not any(t.startswith(tag) for t in tags):
                return False
        elif word not in text:
            return False
    return True


def bookmark_matches(b: Bookmark, text: str) -> bool:
    """Whether a bookmark matches every word of a filter; `#word` matches a tag.

    `lee lede` finds a bookmark with both words anywhere (not the phrase "lee lede");
    `#apec` finds the bookmarks tagged apec (or a tag starting with it).
    """
    return _matches(_haystack(b), text.casefold().split())


class BookmarkFilter:
    """The filter over many bookmarks, kept fast for each key typed.

    Each bookmark's text is folded once; a filter that extends the previous one (a key
    typed at the end) looks only among what the previous one kept.
    """

    def __init__(self, bookmarks: Sequence[Bookmark]) -> None:
        self.bookmarks = tuple(bookmarks)
        self._haystacks = [_haystack(b) for b in self.bookmarks]
        self._last: tuple[str, list[int]] = ("", list(range(len(self.bookmarks))))

    def matching(self, text: str) -> tuple[Bookmark, ...]:
        """The bookmarks matching every word of `text`, in their order."""
        folded = text.casefold()
        last_text, last_kept = self._last
        pool = last_kept if folded.startswith(last_text) else range(len(self.bookmarks))
        words = folded.split()
        kept = [i for i in pool if _matches(self._haystacks[i], words)]
        self._last = (folded, kept)
        return tuple(self.bookmarks[i] for i in kept)


def bookmark_prompt(b: Bookmark) -> Content:
    """Quote, then who · where · when (· what happened to it), then note and tags."""
    who = b.speaker or b.speaker_desc
    lead = f"— {flat(who, 50)}" if who else ("passage" if b.kind == "passage" else "unattributed")
    quote = Content(f"“{flat(b.quote, 240)}”").stylize("bold")
    meta_parts = [lead, flat(b.title, 36), date_label(b.date)]
    meta = Content("    " + " · ".join(meta_parts)).stylize("$text-muted")
    lines = [quote, Content("\n"), meta]
    if b.status != "ok":
        status = STATUS_LABELS.get(b.status, flat(b.status, 30))
        lines += [Content(" · "), Content(status).stylize("$text-warning")]
    extra = []
    if b.note:
        extra.append(f"note: {flat(b.note, 120)}")
    if b.tags:
        extra.append(" ".join(f"#{flat(t, 30)}" for t in b.tags))
    if extra:
        lines += [Content("\n"), Content("    " + "  ".join(extra)).stylize("$text-secondary")]
    return Content("").join(lines)


class BookmarkList(OptionList):
    """The bookmarks that match the filter, newest first, a page at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="bookmarks.down"),
        Binding("k", "cursor_up", "Up", show=False, id="bookmarks.up"),
        Binding("g", "first", "First", show=False, id="bookmarks.first"),
        Binding("G", "last", "Last", show=False, id="bookmarks.last"),
    ]
    """vi-style movement."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bookmarks: Sequence[Bookmark] = ()
        self._by_id: dict[str, Bookmark] = {}
        self._listed = 0

    @property
    def listed(self) -> int:
        """How many of the matching bookmarks are in the list now."""
        return self._listed

    @property
    def current(self) -> Bookmark | None:
        """The highlighted bookmark."""
        if self.highlighted is None:
            return None
        return self._by_id.get(self.get_option_at_index(self.highlighted).id or "")

    def show(self, bookmarks: Sequence[Bookmark], keep: int | None = None) -> None:
        """List the first page of `bookmarks`, with the cursor on `keep` if it matches (the
        pages up to it are listed) or else where it was."""
        old_index = self.highlighted or 0
        self._bookmarks = bookmarks
        self._by_id = {}
        self._listed = 0
        wanted = PAGE
        if keep is not None:
            position = next((i for i, b in enumerate(bookmarks) if b.id == keep), None)
            if position is not None:
                wanted = max(PAGE, position + 1)
        self.set_options(self._next_options(wanted))
        if not bookmarks:
            return
        if keep is not None and str(keep) in self._by_id:
            self.highlighted = self.get_option_index(str(keep))
            return
        index = min(old_index, self.option_count - 1)
        while index > 0 and self.get_option_at_index(index).disabled:
            index -= 1
        self.highlighted = index

    def _next_options(self, count: int) -> list[Option | None]:
        """Options for the next `count` bookmarks, and a last "more" row if any are left
        (the caller removes the previous "more" row)."""
        options: list[Option | None] = []
        for b in self._bookmarks[self._listed : self._listed + count]:
            if self._by_id:
                options.append(None)
            self._by_id[str(b.id)] = b
            options.append(Option(bookmark_prompt(b), id=str(b.id)))
        self._listed = min(len(self._bookmarks), self._listed + count)
        more = len(self._bookmarks) - self._listed
        if more > 0:
            label = f"… {more} more (move down for more, G for the oldest, / to filter)"
            options += [None, Option(Content(label).stylize("$text-muted"), id=MORE, disabled=True)]
        return options

    def _list_more(self, count: int) -> None:
        if self._listed >= len(self._bookmarks):
            return
        self.remove_option(MORE)
        self.add_options(self._next_options(count))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.option_count - event.option_index <= NEAR_END:
            self._list_more(PAGE)

    def action_last(self) -> None:
        """The oldest bookmark: list every one left first."""
        self._list_more(len(self._bookmarks))
        super().action_last()
