"""Concordance (`c` on an entity, or the palette's "Concordance for …"): every mention of an
entity or word across the corpus as keyword-in-context lines, and the entities that
co-occur with it, with counts.

`enter` on a line opens the article at that mention (dismisses with
`(article_id, start, end)`); `enter` on a co-occurring entity shows its concordance here.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from index import EntityCount, MentionInContext, SearchRequest
from tui.kwic import kwic_text, plural
from tui.safe import date_label, flat
from tui.screens.remark_stream import FIRST_PAINT_S
from tui.services import Services, services
from tui.widgets.fit_footer import FitFooter

SIDE_WIDTH = 34
"""Width of the co-occurring entities pane."""
CONTEXT_WIDTH = 160
"""Characters of context asked for either side (enough for a 300-column pane)."""
KIND = {
    "PERSON": "person",
    "ORG": "org",
    "PLACE": "place",
    "MONEY": "money",
    "PERCENT": "%",
    "DATE": "date",
    "INITIATIVE": "initiative",
}
"""Short singular labels for entity types."""


def kwic_line(mention: MentionInContext, side: int) -> Content:
    """`…words before MATCH words after…` with the match in a fixed column.

    The padding is no-break spaces: an option list drops leading plain spaces, which
    would undo the alignment.
    """
    left, match, right = kwic_text(
        flat(mention.before, 400), flat(mention.match, 80), flat(mention.after, 400), side
    )
    padding = len(left) - len(left.lstrip(" "))
    return Content.assemble(
        "\u00a0" * padding,
        Content(left[padding:]).stylize("$text-muted"),
        Content(match).stylize("bold $text-warning"),
        Content(right),
    )


def article_heading(mention: MentionInContext) -> Content:
    """`title · date` above an article's lines."""
    return Content.assemble(
        Content(flat(mention.title, 100)).stylize("bold $text-primary"),
        Content(f" · {date_label(mention.date)}").stylize("$text-muted"),
    )


class KwicList(OptionList):
    """Keyword-in-context lines, grouped under their article's title."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="concordance.down"),
        Binding("k", "cursor_up", "Up", show=False, id="concordance.up"),
        Binding("g", "first", "First", show=False, id="concordance.first"),
        Binding("G", "last", "Last", show=False, id="concordance.last"),
    ]
    """vi-style movement."""


class CooccurList(OptionList):
    """Entities found in the same articles, most shared first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="concordance.cooccur_down"),
        Binding("k", "cursor_up", "Up", show=False, id="concordance.cooccur_up"),
        Binding("g", "first", "First", show=False, id="concordance.cooccur_first"),
        Binding("G", "last", "Last", show=False, id="concordance.cooccur_last"),
    ]
    """vi-style movement."""


class ConcordanceScreen(Screen[tuple[str, int, int] | None]):
    """Keyword in context for an entity (type and name) or a plain word (type None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="concordance.back"),
        Binding("tab", "switch_pane", "Switch pane", id="concordance.switch"),
        Binding("backspace", "previous", "Previous term", show=False, id="concordance.previous"),
    ]
    """Concordance keys; `enter` opens a line or follows a co-occurring entity."""

    mentions: var[tuple[MentionInContext, ...] | None] = var(None)
    """Every mention (None while loading)."""
    cooccurring: var[tuple[EntityCount, ...]] = var(())
    """Entities in the same articles."""

    def __init__(self, entity_type: str | None, name: str) -> None:
        super().__init__()
        self.entity_type = entity_type
        self.term = name
        self._trail: list[tuple[str | None, str]] = []
        self._lines: dict[str, MentionInContext] = {}
        self._read: list[MentionInContext] = []
        """The lines read so far (all of them once `mentions` is set)."""
        self._side = 0
        """Characters of context each side of the keyword, set by the first page."""

    @property
    def dateline(self) -> Services:
        """The app's services (library, history, …), reached without importing the app."""
        return services(self.app)

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="concordance-head", classes="screen-head"):
            yield Static(Content("Concordance"), classes="head-title")
            yield Static(id="concordance-what")
        with Horizontal(id="concordance-body"):
            yield KwicList(id="kwic-list")
            yield CooccurList(id="cooccur-list")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#kwic-list").border_title = "In context"
        self.query_one("#cooccur-list").border_title = "Co-occurring (articles)"
        self.query_one(KwicList).focus()
        self.show(self.entity_type, self.term, remember=False)

    def show(self, entity_type: str | None, name: str, remember: bool = True) -> None:
        """Switch to another entity or word (backspace comes back)."""
        if remember:
            self._trail.append((self.entity_type, self.term))
        self.entity_type = entity_type
        self.term = name
        self.mentions = None
        self._read = []
        self._render_head()
        self._render_lines()
        self._load(entity_type, name)

    def _what(self) -> str:
        if self.entity_type is None:
            return f"word: {flat(self.term, 60)}"
        label = KIND.get(self.entity_type, flat(self.entity_type, 20).lower())
        return f"{label}: {flat(self.term, 60)}"

    def _render_head(self) -> None:
        text = Content(f" · {self._what()}").stylize("bold")
        if self.mentions is None:
            text += Content(" · loading…").stylize("$text-muted")
        else:
            articles = len({m.article_id for m in self.mentions})
            mentions = len(self.mentions)
            what = f"{plural(mentions, 'mention')} in {plural(articles, 'article')}"
            text += Content(f" · {what}").stylize("$text-muted")
        self.query_one("#concordance-what", Static).update(text)

    @work(thread=True, exclusive=True, group="concordance", exit_on_error=False)
    def _load(self, entity_type: str | None, name: str) -> None:
        """Read the lines a page at a time (the first page paints at once), and the
        co-occurring entities once the first page is up."""
        library = self.dateline.library
        if library is None:
            return
        worker = get_current_worker()
        wanted = (entity_type, name)
        table: tuple[EntityCount, ...] = ()
        try:
            if entity_type is None:
                lines = list(library.word_in_context(name, width=CONTEXT_WIDTH))
                self.app.call_from_thread(self._page, wanted, lines, True)
                table = tuple(library.entities(query=SearchRequest(name, limit=1000), limit=40))
            else:
                first = True
                for page in library.mention_pages(entity_type, name, width=CONTEXT_WIDTH):
                    if worker.is_cancelled or wanted != (self.entity_type, self.term):
                        return
                    self.app.call_from_thread(self._page, wanted, page, first)
                    if first:
                        time.sleep(FIRST_PAINT_S)  # let the first page paint before reading on
                        table = tuple(library.cooccurring(entity_type, name, 40))
                        self.app.call_from_thread(self._cooccurring, wanted, table)
                    first = False
                if first:  # not one mention
                    self.app.call_from_thread(self._page, wanted, [], True)
        except Exception as error:  # a damaged index must not take the screen down
            self.app.call_from_thread(
                self.notify, flat(f"Concordance failed: {error}"), markup=False
            )
        if wanted == (self.entity_type, self.term):
            self.app.call_from_thread(self._loaded, wanted, table)

    def _page(
        self, wanted: tuple[str | None, str], page: list[MentionInContext], first: bool
    ) -> None:
        """A page of lines arrived: list it under what is already shown."""
        if wanted != (self.entity_type, self.term):
            return
        if first:
            self._read = []
            self._side = 0
        self._read += page
        kwic = self.query_one(KwicList)
        if first:
            self._render_lines()
        else:
            kwic.add_options(self._line_options(page, len(self._read) - len(page)))

    def _cooccurring(self, wanted: tuple[str | None, str], table: tuple[EntityCount, ...]) -> None:
        if wanted != (self.entity_type, self.term):
            return
        self.cooccurring = table
        cooccur = self.query_one(CooccurList)
        options: list[Option] = []
        for index, entity in enumerate(table):
            options.append(Option(_entity_row(entity), id=f"e{index}"))
        if not options:
            options.append(Option(Content("None found.").stylize("$text-muted"), disabled=True))
        cooccur.set_options(options)
        if table:
            cooccur.highlighted = 0

    def _loaded(self, wanted: tuple[str | None, str], table: tuple[EntityCount, ...]) -> None:
        """Every line is read: say how many, and show the co-occurring entities."""
        if wanted != (self.entity_type, self.term):
            return
        self.mentions = tuple(self._read)
        self._render_head()
        if table != self.cooccurring or not self.query_one(CooccurList).option_count:
            self._cooccurring(wanted, table)
        if not self._read:
            self._render_lines()

    def _line_options(self, page: list[MentionInContext], offset: int) -> list[Option | None]:
        """Options for these lines (numbered from `offset`), each article under a heading."""
        if not self._side:
            kwic = self.query_one(KwicList)
            width = kwic.scrollable_content_region.width or (self.size.width - SIDE_WIDTH - 4)
            # The option's own padding (1 a side) and the keyword's spaces come off the
            # width; the first page's longest match sets it for the lines that follow.
            longest = max((len(flat(m.match, 80)) for m in page), default=8)
            self._side = max(12, (width - 4 - longest) // 2)
        options: list[Option | None] = []
        previous = self._read[offset - 1].article_id if offset else None
        for index, mention in enumerate(page, start=offset):
            if mention.article_id != previous:
                if index:
                    options.append(None)
                options.append(Option(article_heading(mention), disabled=True))
                previous = mention.article_id
            option_id = f"m{index}"
            self._lines[option_id] = mention
            options.append(Option(kwic_line(mention, self._side), id=option_id))
        return options

    def _render_lines(self) -> None:
        """Every line read so far, drawn again (first page, or a new width)."""
        kwic = self.query_one(KwicList)
        self._lines = {}
        self._side = 0
        options = self._line_options(self._read, 0)
        if not options:
            message = "Loading…" if self.mentions is None else "No mentions found."
            options.append(Option(Content(message).stylize("$text-muted"), disabled=True))
        kwic.set_options(options)
        if self._lines:
            kwic.highlighted = kwic.get_option_index(next(iter(self._lines)))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._render_lines)

    @property
    def listed(self) -> int:
        """How many lines are listed now (all of them once `mentions` is set)."""
        return len(self._lines)

    @property
    def current_line(self) -> MentionInContext | None:
        """The highlighted keyword-in-context line."""
        kwic = self.query_one(KwicList)
        if kwic.highlighted is None:
            return None
        return self._lines.get(kwic.get_option_at_index(kwic.highlighted).id or "")

    @on(OptionList.OptionSelected, "#kwic-list")
    def _line_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        mention = self._lines.get(event.option.id or "")
        if mention is not None:
            self.dismiss((mention.article_id, mention.start, mention.end))

    @on(OptionList.OptionSelected, "#cooccur-list")
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("e"):
            entity = self.cooccurring[int(option_id[1:])]
            self.show(entity.type, entity.name)
            self.query_one(KwicList).focus()

    def action_switch_pane(self) -> None:
        """Move between the lines and the co-occurring entities."""
        if self.query_one(KwicList).has_focus:
            self.query_one(CooccurList).focus()
        else:
            self.query_one(KwicList).focus()

    def action_previous(self) -> None:
        """Back to the previous entity or word."""
        if self._trail:
            entity_type, name = self._trail.pop()
            self.show(entity_type, name, remember=False)

    def action_back(self) -> None:
        """Back to the reader."""
        self.dismiss(None)


def _entity_row(entity: EntityCount) -> Content:
    """`name (type) ..... 3` — articles shared."""
    width = SIDE_WIDTH - 6
    kind = KIND.get(entity.type, flat(entity.type, 10).lower())
    label = flat(entity.name, 60)
    room = width - len(kind) - 1 - len(str(entity.articles)) - 1
    if len(label) > room:
        label = label[: max(1, room - 1)] + "…"
    gap = max(1, width - len(label) - len(kind) - 1 - len(str(entity.articles)))
    return Content.assemble(
        Content(label),
        Content(f" {kind}").stylize("$text-muted"),
        " " * gap,
        Content(str(entity.articles)).stylize("$text-muted"),
    )
