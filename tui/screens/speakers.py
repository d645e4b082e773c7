"""Who said what (`W`): speakers (names merged across articles) and their quotes in date
order, the same remark worded differently grouped together.

Filter by speaker with the list on the left and by words with the box at the top (a
group stays whole when any of its wordings matches). `enter` opens the quote at its
source; `b` bookmarks it. Dismisses with `(article_id, start, end)` or None.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index import QuoteRecord, bookmark_for
from tui.safe import count_row, date_label, flat
from tui.widgets.lean_footer import LeanFooter

if TYPE_CHECKING:
    from tui.app import DatelineApp

ALL = "*all"
"""Option id of the "every speaker" row."""
UNNAMED = "*unnamed"
"""Option id of the "unattributed" row."""
NARROW_WIDTH = 100
"""Below this many columns the speaker list gives width to the quotes."""
SPEAKER_WIDTH = 28
"""Cells of a speaker row (name and count)."""


def quote_prompt(record: QuoteRecord, grouped: bool) -> Content:
    """`“quote”` then `— speaker · source · date · title`; a bar marks grouped wordings."""
    bar = Content("┃ ").stylize("$accent") if grouped else Content("  ")
    quote = Content(f"“{flat(record.quote.text, 400)}”")
    who = record.quote.speaker or record.quote.speaker_desc or "unattributed"
    meta = " · ".join(
        p
        for p in (
            f"— {flat(who, 50)}",
            flat(record.source or "", 30),
            date_label(record.date),
            flat(record.title, 40),
        )
        if p
    )
    return Content("").join([bar, quote, Content("\n"), bar, Content(meta).stylize("$text-muted")])


def _matches(record: QuoteRecord, words: list[str]) -> bool:
    haystack = " ".join(
        (record.quote.text, record.quote.speaker or "", record.title, record.source or "")
    ).casefold()
    return all(word in haystack for word in words)


class SpeakerList(OptionList):
    """Speakers with how many quotes each has."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="speakers.list_down"),
        Binding("k", "cursor_up", "Up", show=False, id="speakers.list_up"),
    ]
    """vi-style movement."""


class QuoteList(OptionList):
    """Quotes of the chosen speaker(s), grouped remarks together."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="speakers.quote_down"),
        Binding("k", "cursor_up", "Up", show=False, id="speakers.quote_up"),
    ]
    """vi-style movement."""


class SpeakersScreen(Screen[tuple[str, int, int] | None]):
    """Every speaker's quotes across the corpus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="speakers.back"),
        Binding("slash", "focus_filter", "Filter", id="speakers.filter"),
        Binding("enter", "open", "Open at source", id="speakers.open"),
        Binding("b", "bookmark", "Bookmark", id="speakers.bookmark"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="speakers.switch"),
    ]
    """Who-said-what keys; every one has an id for `keymap:` in config.yaml."""

    groups: var[tuple[tuple[QuoteRecord, ...], ...] | None] = var(None)
    """Every remark group (None while loading)."""
    speaker: var[str | None] = var(None)
    """The chosen speaker: a name, `UNNAMED`, or None for everyone."""
    filter_text: var[str] = var("")
    """Words every shown group must contain (in one of its wordings)."""

    def __init__(self, speaker: str | None = None) -> None:
        super().__init__()
        self._initial = speaker
        self._shown: dict[str, QuoteRecord] = {}

    @property
    def dateline(self) -> DatelineApp:
        """The app, typed."""
        from tui.app import DatelineApp

        assert isinstance(self.app, DatelineApp)
        return self.app

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="speakers-head", classes="screen-head"):
            yield Static(Content("Who said what"), classes="head-title")
            yield Static(id="speakers-count", classes="head-count")
            yield Input(
                placeholder="/ filter quotes by words (speaker, quote, title, source)",
                id="speakers-filter",
                compact=True,
            )
        with Horizontal(id="speakers-body"):
            yield SpeakerList(id="speaker-list")
            yield QuoteList(id="quote-list")
        yield LeanFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#speaker-list").border_title = "Speakers"
        self.query_one("#quote-list").border_title = "Quotes, date order"
        self.query_one(SpeakerList).focus()
        self._load()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    @work(thread=True, exclusive=True, group="speakers", exit_on_error=False)
    def _load(self) -> None:
        library = self.dateline.library
        if library is None:
            return
        try:
            groups = tuple(tuple(group) for group in library.remarks())
        except Exception as error:  # a damaged index must not take the screen down
            self.app.call_from_thread(
                self.notify, flat(f"Could not list quotes: {error}"), markup=False
            )
            groups = ()
        self.app.call_from_thread(self._loaded, groups)

    def _loaded(self, groups: tuple[tuple[QuoteRecord, ...], ...]) -> None:
        self.groups = groups
        counts: Counter[str] = Counter()
        unnamed = 0
        for group in groups:
            for record in group:
                if record.quote.speaker:
                    counts[record.quote.speaker] += 1
                else:
                    unnamed += 1
        total = sum(counts.values()) + unnamed
        options: list[Option] = [Option(count_row("Everyone", total, SPEAKER_WIDTH), id=ALL)]
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        self._speakers = [name for name, _ in ranked]
        for index, (name, count) in enumerate(ranked):
            options.append(Option(count_row(flat(name, 40), count, SPEAKER_WIDTH), id=f"s{index}"))
        if unnamed:
            options.append(
                Option(count_row("Unattributed", unnamed, SPEAKER_WIDTH, muted=True), id=UNNAMED)
            )
        speaker_list = self.query_one(SpeakerList)
        speaker_list.set_options(options)
        self.query_one("#speakers-count", Static).update(
            Content(f" · {len(counts)} speakers · {total} quotes · ").stylize("$text-muted")
        )
        target = ALL
        if self._initial in self._speakers:
            target = f"s{self._speakers.index(self._initial)}"
        speaker_list.highlighted = speaker_list.get_option_index(target)
        self._refresh_quotes()

    @on(OptionList.OptionHighlighted, "#speaker-list")
    def _speaker_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option_id = event.option.id or ALL
        if option_id == ALL:
            self.speaker = None
        elif option_id == UNNAMED:
            self.speaker = UNNAMED
        else:
            self.speaker = self._speakers[int(option_id[1:])]

    @on(OptionList.OptionSelected, "#speaker-list")
    def _speaker_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(QuoteList).focus()

    @on(OptionList.OptionSelected, "#quote-list")
    def _quote_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    @on(Input.Changed, "#speakers-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value

    @on(Input.Submitted, "#speakers-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(QuoteList).focus()

    def watch_speaker(self) -> None:
        self._refresh_quotes()

    def watch_filter_text(self) -> None:
        self._refresh_quotes()

    def visible_groups(self) -> list[tuple[QuoteRecord, ...]]:
        """The groups (restricted to the chosen speaker) that match the filter words."""
        words = self.filter_text.casefold().split()
        shown: list[tuple[QuoteRecord, ...]] = []
        for group in self.groups or ():
            if self.speaker == UNNAMED:
                kept = tuple(r for r in group if not r.quote.speaker)
            elif self.speaker is not None:
                kept = tuple(r for r in group if r.quote.speaker == self.speaker)
            else:
                kept = group
            if kept and (not words or any(_matches(r, words) for r in kept)):
                shown.append(kept)
        return shown

    def _refresh_quotes(self) -> None:
        if not self.is_mounted or self.groups is None:
            return
        quote_list = self.query_one(QuoteList)
        keep = self.current
        options: list[Option | None] = []
        self._shown = {}
        for number, group in enumerate(self.visible_groups()):
            if options:
                options.append(None)
            grouped = len(group) > 1
            if grouped:
                options.append(
                    Option(
                        Content(f"≈ the same remark, worded {len(group)} ways").stylize(
                            "italic $text-accent"
                        ),
                        disabled=True,
                    )
                )
            for position, record in enumerate(group):
                option_id = f"q{number}.{position}"
                self._shown[option_id] = record
                options.append(Option(quote_prompt(record, grouped), id=option_id))
        if not options:
            message = "No quotes match." if self.groups else "No quotes found in the index."
            options.append(Option(Content(message).stylize("$text-muted"), disabled=True))
        quote_list.set_options(options)
        target = next((i for i, r in self._shown.items() if r == keep), None)
        if target is None and self._shown:
            target = next(iter(self._shown))
        if target is not None:
            quote_list.highlighted = quote_list.get_option_index(target)

    @property
    def shown_records(self) -> list[QuoteRecord]:
        """The quotes listed now, in order."""
        return list(self._shown.values())

    @property
    def current(self) -> QuoteRecord | None:
        """The highlighted quote."""
        quote_list = self.query_one(QuoteList)
        if quote_list.highlighted is None:
            return None
        option = quote_list.get_option_at_index(quote_list.highlighted)
        return self._shown.get(option.id or "")

    def action_open(self) -> None:
        """Open the highlighted quote at its source (or move from speakers to quotes)."""
        if self.query_one(SpeakerList).has_focus:
            self.query_one(QuoteList).focus()
            return
        record = self.current
        if record is None:
            return
        self.dismiss((record.article_id, record.quote.start, record.quote.end))

    def action_bookmark(self) -> None:
        """Bookmark the highlighted quote (asks for a note and tags)."""
        record = self.current
        if record is None:
            self.notify("No quote selected.", markup=False)
            return
        self._bookmark(record)

    @work(thread=True, exclusive=True, group="speakers-bookmark", exit_on_error=False)
    def _bookmark(self, record: QuoteRecord) -> None:
        library = self.dateline.library
        if library is None:
            return
        article = library.article(record.article_id)
        if article is None:
            self.app.call_from_thread(
                self.notify, "The article is not in the index any more.", markup=False
            )
            return
        quote = record.quote
        new = bookmark_for(article, quote.start, quote.end, kind="quote")
        self.app.call_from_thread(self.dateline.main_screen.ask_bookmark, new)

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#speakers-filter", Input).focus()

    def action_switch_pane(self) -> None:
        """Move between speakers and quotes."""
        if self.query_one(SpeakerList).has_focus:
            self.query_one(QuoteList).focus()
        else:
            self.query_one(SpeakerList).focus()

    def action_back(self) -> None:
        """Clear the filter, or go back to the reader."""
        box = self.query_one("#speakers-filter", Input)
        if box.has_focus and box.value:
            box.value = ""
            return
        if box.has_focus:
            self.query_one(QuoteList).focus()
            return
        self.dismiss(None)
