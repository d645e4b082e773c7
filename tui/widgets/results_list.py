"""The results list: an `OptionList` (virtual, unlike `ListView`) of search hits.

Each row: the title in bold, date · source muted, and one snippet line with the matches
highlighted. Keeps the highlighted article when results refresh, so typing never loses
the user's place.

| Key | Does |
|---|---|
| `j` / `k`, arrows | move |
| `enter` | open the article |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import SearchHit, SearchResults, SnippetPart
from tui.safe import date_label, flat

MAX_ROWS = 1000
"""Never show more rows than this (PERFORMANCE.md); the count says how many matched."""


def hit_prompt(hit: SearchHit, width: int = 200) -> Content:
    """Three lines for one hit; every piece of text is sanitised and never markup."""
    title = Content(flat(hit.title, width)).stylize("bold")
    meta = " · ".join(p for p in (date_label(hit.date), flat(hit.source or "", 60)) if p)
    parts: list[Content] = [title, Content("\n"), Content(meta).stylize("$text-muted")]
    if hit.snippet:
        snippet: list[Content] = []
        for part in _lead_to_match(hit.snippet):
            text = flat(part.text, 400)
            if not text:
                text = " " if part.text[:1].isspace() else ""
            else:
                if part.text[:1].isspace():
                    text = " " + text
                if part.text[-1:].isspace():
                    text += " "
            piece = Content(text)
            snippet.append(piece.stylize("bold $text-warning") if part.is_match else piece)
        parts.append(Content("\n"))
        parts.append(Content("").join(snippet).stylize("$text-secondary"))
    return Content("").join(parts)


def _lead_to_match(parts: tuple[SnippetPart, ...], lead: int = 24) -> list[SnippetPart]:
    """Drop snippet text far before the first match, so one line shows the match."""
    out: list[SnippetPart] = []
    seen_match = False
    for index, part in enumerate(parts):
        if not seen_match and not part.is_match and any(p.is_match for p in parts[index + 1 :]):
            text = part.text.lstrip("…")
            if len(text) > lead:
                cut = text.find(" ", len(text) - lead)
                text = "…" + text[cut if cut >= 0 else len(text) - lead :]
            out.append(SnippetPart(text, False))
            continue
        seen_match = seen_match or part.is_match
        out.append(part)
    return out


def _shown(hits: tuple[SearchHit, ...]) -> list[tuple[object, ...]]:
    """What the rows display, to tell whether new results change anything on screen."""
    return [(h.id, h.title, h.date, h.source, h.snippet) for h in hits]


class ResultsList(OptionList):
    """Search hits; posts `ArticleChosen` when one is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
    ]
    """vi-style movement on top of OptionList's arrows, enter, home/end."""

    DEFAULT_CSS = """
    ResultsList {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus { border: none; }
        & > .option-list--option { padding: 0 1; }
        & > .option-list--separator { color: $panel; }
    }
    """

    results: reactive[SearchResults | None] = reactive(None)
    """The results to show (owned by the main screen)."""
    open_id: reactive[str | None] = reactive(None)
    """The id of the article open in the article pane, marked in the list."""

    @dataclass
    class ArticleChosen(Message):
        """The user opened a hit (enter or click)."""

        hit: SearchHit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: tuple[SearchHit, ...] = ()

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        """The hits currently listed."""
        return self._hits

    def watch_results(self, results: SearchResults | None) -> None:
        hits = results.hits[:MAX_ROWS] if results else ()
        if _shown(hits) == _shown(self._hits):
            self._hits = hits  # same rows (a keystroke that changed nothing): no relayout
            return
        keep = self.highlighted_hit.id if self.highlighted_hit else None
        self._hits = hits
        options: list[Option | None] = []
        for hit in self._hits:
            if options:
                options.append(None)
            options.append(Option(hit_prompt(hit), id=hit.id))
        self.set_options(options)
        if not self._hits:
            return
        ids = [hit.id for hit in self._hits]
        target = keep if keep in ids else ids[0]
        self.highlighted = self.get_option_index(target)

    @property
    def highlighted_hit(self) -> SearchHit | None:
        """The hit under the cursor."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return next((h for h in self._hits if h.id == option.id), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = next((h for h in self._hits if h.id == event.option.id), None)
        if hit is not None:
            self.post_message(self.ArticleChosen(hit))
