"""Related articles (`o`): the articles sharing most phrases with the open one, and the
passages they share, side by side (left: this article, right: the other).

Found at passage level (five-word phrases), not whole-document similarity, so a rewrite
of the same wire story shows up even when the two texts look different overall.
Dismisses with `(article_id, start, end)` to open the other article at the first shared
passage, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index import Article, RelatedArticle, context_around
from tui.safe import date_label, flat, safe_line
from tui.services import Services, services
from tui.widgets.fit_footer import FitFooter

LIMIT = 10
"""How many related articles to list."""
CONTEXT_CHARS = 90
"""Characters of each article's own text shown before and after a shared passage."""


def passage_side(text: str | None, start: int, end: int, shared: str) -> Content:
    """The shared words highlighted inside the article's own words around them.

    Two rewrites of one story share the passage and differ around it: the context shows
    how each article frames it. Without the text (article gone) only the passage shows.
    """
    if text is None or not (0 <= start < end <= len(text)):
        return Content(flat(shared, 2000)).stylize("bold")
    before, after = context_around(text, start, end, CONTEXT_CHARS)
    # A space only where the text has one: "it can." must not read "it can ."
    gap_before = " " if text[start - 1 : start].isspace() else ""
    gap_after = " " if text[end : end + 1].isspace() else ""
    return Content.assemble(
        Content(f"…{flat(before, 400)}{gap_before}" if before else "").stylize("$text-muted"),
        Content(flat(text[start:end], 2000)).stylize("bold $text-accent"),
        Content(f"{gap_after}{flat(after, 400)}…" if after else "").stylize("$text-muted"),
    )


def related_prompt(item: RelatedArticle, passages_found: bool = True) -> Content:
    """Title, then source · date · how much is shared (the passages once found)."""
    title = safe_line(item.title, "bold", 200)
    noun = "passage" if len(item.passages) == 1 else "passages"
    meta = " · ".join(
        p
        for p in (
            flat(item.source or "", 40),
            date_label(item.date),
            f"{item.shared_phrases} shared {'phrase' if item.shared_phrases == 1 else 'phrases'}",
            f"{len(item.passages)} {noun}" if passages_found else "",
        )
        if p
    )
    return Content("").join([title, Content("\n"), Content(meta).stylize("$text-muted")])


class RelatedList(OptionList):
    """The related articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="related.down"),
        Binding("k", "cursor_up", "Up", show=False, id="related.up"),
        Binding("g", "first", "First", show=False, id="related.first"),
        Binding("G", "last", "Last", show=False, id="related.last"),
    ]
    """vi-style movement."""


class RelatedScreen(Screen[tuple[str, int, int] | None]):
    """Related articles for one article, with the passages they share."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="related.back"),
        Binding("enter", "open", "Open other", id="related.open"),
        Binding("tab", "switch_pane", "Passages", id="related.switch"),
    ]
    """Related-articles keys; every one has an id for `keymap:` in config.yaml."""

    related: var[tuple[RelatedArticle, ...] | None] = var(None)
    """The related articles (None while loading)."""
    passages_found: var[bool] = var(False)
    """Whether the related articles' shared passages are worked out (listed first without)."""

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self._texts: dict[str, str] = {}
        """The related articles' texts, for the context around shared passages."""

    @property
    def dateline(self) -> Services:
        """The app's services (library, history, …), reached without importing the app."""
        return services(self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="related-head", classes="screen-head"):
            yield Static(Content("Related to "), classes="head-title")
            yield Static(safe_line(self.article.title, "bold", 200), id="related-title")
        with Vertical(id="related-body"):
            yield RelatedList(id="related-list")
            yield Static(id="related-empty", classes="empty-note")
            with VerticalScroll(id="passages", can_focus=True):
                yield Static(id="passages-head")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#related-list").border_title = "Most related (shared phrases)"
        self.query_one("#passages").border_title = "Shared passages"
        self.query_one("#related-empty").display = False
        self.query_one(RelatedList).focus()
        self._load(self.article.id)

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def _load(self, article_id: str) -> None:
        library = self.dateline.library
        if library is None:
            return
        try:
            # The list first (titles and counts); the shared passages take longer.
            ranked = library.related_ranked(article_id, LIMIT)
            if ranked and article_id == self.article.id:
                self.app.call_from_thread(self._show, tuple(ranked), False)
            found = tuple(library.shared_passages(article_id, ranked))
            for item in found:
                other = library.article(item.id)
                if other is not None:
                    self._texts[item.id] = other.text
        except Exception as error:  # a damaged index must not take the screen down
            self.app.call_from_thread(
                self.notify, flat(f"Could not find related articles: {error}"), markup=False
            )
            found = ()
        if article_id == self.article.id:
            self.app.call_from_thread(self._show, found, True)

    def _show(self, found: tuple[RelatedArticle, ...], complete: bool) -> None:
        option_list = self.query_one(RelatedList)
        keep = option_list.highlighted if self.related else None
        self.related = found
        self.passages_found = complete
        option_list.set_options(
            [Option(related_prompt(item, complete), id=str(i)) for i, item in enumerate(found)]
        )
        empty = self.query_one("#related-empty", Static)
        empty.display = not found
        empty.update(
            Content("No other article shares a passage with this one.") if not found else Content()
        )
        if found:
            option_list.highlighted = keep if keep is not None and keep < len(found) else 0
        self._show_passages()

    @property
    def current(self) -> RelatedArticle | None:
        """The highlighted related article."""
        option_list = self.query_one(RelatedList)
        if not self.related or option_list.highlighted is None:
            return None
        return self.related[option_list.highlighted]

    @on(OptionList.OptionHighlighted, "#related-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_passages()

    @on(OptionList.OptionSelected, "#related-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def _show_passages(self) -> None:
        item = self.current
        pane = self.query_one("#passages", VerticalScroll)
        for row in pane.query(".passage-row"):
            row.remove()
        head = self.query_one("#passages-head", Static)
        if item is None:
            head.update(Content())
            return
        if not self.passages_found:
            head.update(Content("Finding the shared passages…").stylize("$text-muted"))
            return
        # A corpus without sources (BBC) names the other article by its title.
        other = flat(item.source or "", 30) or flat(item.title, 40) or "the other article"
        head.update(
            Content.assemble(
                Content(f"{len(item.passages)} shared · ").stylize("$text-muted"),
                Content("left: this article · right: ").stylize("$text-muted"),
                Content(other).stylize("$text-muted"),
                Content(" · ↵ opens it").stylize("$text-muted"),
            )
        )
        rows: list[Horizontal] = []
        for number, passage in enumerate(item.passages, 1):
            label = Content(f"{number}. {passage.words} words").stylize("$text-accent")
            left = passage_side(self.article.text, passage.start, passage.end, passage.text)
            right = passage_side(
                self._texts.get(item.id),
                passage.other_start,
                passage.other_end,
                passage.other_text,
            )
            rows.append(
                Horizontal(
                    Static(label + Content("\n") + left, classes="passage-left"),
                    Static(Content("\n") + right, classes="passage-right"),
                    classes="passage-row",
                )
            )
        if rows:
            pane.mount_all(rows)
        pane.scroll_home(animate=False)

    def action_open(self) -> None:
        """Open the highlighted article (at the first shared passage)."""
        item = self.current
        if item is None:
            return
        if item.passages:
            first = item.passages[0]
            self.dismiss((item.id, first.other_start, first.other_end))
        else:
            self.dismiss((item.id, 0, 0))

    def action_switch_pane(self) -> None:
        """Move between the list and the passages."""
        if self.query_one(RelatedList).has_focus:
            self.query_one("#passages").focus()
        else:
            self.query_one(RelatedList).focus()

    def action_back(self) -> None:
        """Back to the article."""
        self.dismiss(None)
