"""Who said what (`W`): speakers (names merged across articles) and their quotes in date
order, the same remark worded differently grouped together.

Filter by speaker with the list on the left and by words with the box at the top (a
group stays whole when any of its wordings matches). `enter` opens the quote at its
source; `b` bookmarks it. Dismisses with `(article_id, start, end)` or None.
"""

from __future__ import annotations

import gc
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index import QuoteRecord, RemarkGroup, bookmark_for, plural
from tui.messages import BookmarkWanted
from tui.paint_hold import FilterPaintHold
from tui.safe import count_row, flat
from tui.screens.remark_filter import ALL, MORE, UNNAMED, RemarkFilter, speaker_rows
from tui.screens.remark_stream import stream_remarks
from tui.services import Services, services
from tui.widgets.fit_footer import FitFooter
from tui.widgets.fixed_input import FixedInput
from tui.widgets.quote_list import QuoteList, quote_prompt
from tui.widgets.speaker_list import SpeakerList

NARROW_WIDTH = 100
"""Below this many columns the speaker list gives width to the quotes."""
SHOWN_GROUPS = 15
"""Remarks listed at first; more are added as the cursor nears the end of the list (the
list measures every option it holds, so a short list keeps each filter key fast)."""
LOADING = "loading…"
HEAD_STEP = 8
"""The head's count is padded to a multiple of this many cells (see `_render_head`)."""


class SpeakersScreen(Screen[tuple[str, int, int] | None]):
    """Every speaker's quotes across the corpus, streamed in: the first page shows at once
    and the head says "loading…" until every quote is in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="speakers.back"),
        Binding("slash", "focus_filter", "Filter", id="speakers.filter"),
        Binding("enter", "open", "Open at source", id="speakers.open"),
        Binding("b", "bookmark", "Bookmark", id="speakers.bookmark"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="speakers.switch"),
    ]
    """Who-said-what keys; every one has an id for `keymap:` in config.yaml."""

    speaker: var[str | None] = var(None)
    """The chosen speaker: a name, `UNNAMED`, or None for everyone."""
    filter_text: var[str] = var("")
    """Words every shown group must contain (in one of its wordings)."""
    loading: var[bool] = var(True)
    """True until every quote has been read."""

    def __init__(self, speaker: str | None = None) -> None:
        super().__init__()
        self._initial = speaker
        self._shown: dict[str, QuoteRecord] = {}
        self._remarks = RemarkFilter()
        """Every remark group read so far, found by words and counted by speaker."""
        self._prompts: dict[tuple[int, int], Content] = {}
        self._prompt_width = 0
        """The quote list's row width the cached prompts were wrapped to."""
        self._speakers: list[str | None] = []
        self._speaker_rows: tuple[tuple[str | None, int], ...] = ()
        self._total = 0
        self._visible_now: list[int] = []
        self._head = Content("")
        self._listed = 0
        self._quotes_state: tuple[object, ...] = ()
        self._filter_paint = FilterPaintHold(self, "speakers-filter")
        """A key in the filter box is painted with the lists it filters (one frame)."""

    @property
    def dateline(self) -> Services:
        """The app's services (library, history, …), reached without importing the app."""
        return services(self.app)

    @property
    def groups(self) -> tuple[tuple[QuoteRecord, ...], ...] | None:
        """Every remark group read so far (None before the first page)."""
        if self.loading and not self._remarks.groups:
            return None
        return tuple(tuple(g.records) for g in self._remarks.groups)

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="speakers-head", classes="screen-head"):
            yield Static(Content("Who said what"), classes="head-title")
            yield Static(Content(" │ "), classes="head-sep")
            yield Static(Content(LOADING).stylize("$text-muted"), id="speakers-count")
            yield Static(Content(" │ "), classes="head-sep")
            yield FixedInput(
                placeholder="/ filter quotes by words (speaker, quote, title, source)",
                id="speakers-filter",
                compact=True,
            )
        with Horizontal(id="speakers-body"):
            yield SpeakerList(id="speaker-list")
            yield QuoteList(
                Option(Content("Loading quotes…").stylize("$text-muted"), disabled=True),
                id="quote-list",
            )
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#speaker-list").border_title = "Speakers"
        self.query_one("#quote-list").border_title = "Quotes, date order"
        self.query_one(SpeakerList).focus()
        # Narrow from the first layout on: a class set only when the first resize arrives
        # could leave the lists laid out at the wide widths.
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self._load()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    @on(SpeakerList.Resized, "SpeakerList")
    def _speakers_resized(self, event: SpeakerList.Resized) -> None:
        event.stop()
        self._render_speakers(True)

    @on(QuoteList.Resized, "QuoteList")
    def _quotes_resized(self, event: QuoteList.Resized) -> None:
        """Quotes are wrapped to the list's width: redraw them at the new one."""
        event.stop()
        width = self.query_one(QuoteList).row_width()
        if width != self._prompt_width:
            self._prompt_width = width
            self._prompts.clear()
            self._quotes_state = ()
            self._refresh_quotes()

    @work(thread=True, exclusive=True, group="speakers", exit_on_error=False)
    def _load(self) -> None:
        library = self.dateline.library
        if library is None:
            self.app.call_from_thread(self._page, [], True)
            return

        def show(new: list[RemarkGroup], done: bool, changed: list[int]) -> None:
            self.app.call_from_thread(self._page, new, done, changed)

        def failed(message: str) -> None:
            self.app.call_from_thread(self.notify, flat(message), markup=False)

        stream_remarks(library, show, failed)

    def _page(self, new: list[RemarkGroup], done: bool, changed: list[int] | None = None) -> None:
        """A page of quotes arrived: add its groups and show what the filter keeps."""
        grown = self._remarks.add(new, changed or ())
        for key in [k for k in self._prompts if k[0] in grown]:
            del self._prompts[key]  # the group has a new wording: its rows are drawn anew
        if done:
            self.loading = False
            if self.dateline.heap.active:
                # The table lives as long as the screen and holds no cycles (freed by
                # reference counting): keep the paced full collections from walking it.
                gc.freeze()
        self._refresh(rescan=bool(grown))

    def watch_speaker(self) -> None:
        self._refresh_quotes()

    def watch_filter_text(self) -> None:
        self._refresh()

    # -- filtering ---------------------------------------------------------------------

    def _matching(self, rescan: bool = False) -> list[int]:
        """Indexes of the groups whose text holds every filter word (any speaker)."""
        return self._remarks.matching(self.filter_text, rescan)

    def _refresh(self, rescan: bool = False) -> None:
        if not self.is_mounted:
            return
        matched = self._matching(rescan)
        counts = self._remarks.quotes_by_speaker(matched)
        self._total = sum(counts.values())
        chosen = self.speaker if self.speaker not in (None, UNNAMED) else self._initial
        rows = speaker_rows(counts, chosen)
        self._render_head(len(counts) - (None in counts))
        if tuple(rows) != self._speaker_rows:
            self._speaker_rows = tuple(rows)
            self._render_speakers()
        self._refresh_quotes(matched)

    def _render_head(self, speakers: int) -> None:
        label = f"{plural(speakers, 'speaker')} · {plural(self._total, 'quote')}"
        if self.filter_text.strip():
            label += " matching"
        head = Content(label).stylize("$text-muted")
        if self.loading:
            head = Content.assemble(head, " · ", Content(LOADING).stylize("$warning"))
        # Padded to a multiple of HEAD_STEP cells: the head is laid out again (which costs
        # more than the paint) only when the count's text crosses a step, not on every key.
        head = head.pad_right(-head.cell_length % HEAD_STEP)
        if head != self._head:
            layout = head.cell_length != self._head.cell_length
            self._head = head
            self.query_one("#speakers-count", Static).update(head, layout=layout)

    def _render_speakers(self, resized: bool = False) -> None:
        if not self.is_mounted or (resized and not self._speaker_rows):
            return
        speaker_list = self.query_one(SpeakerList)
        width = speaker_list.row_width()
        options: list[Option] = []
        self._speakers = []
        for name, count in self._speaker_rows:
            if name == ALL:
                options.append(Option(count_row("Everyone", count, width), id=ALL))
            elif name == UNNAMED:
                options.append(
                    Option(count_row("Unattributed", count, width, muted=True), id=UNNAMED)
                )
            elif name == MORE:
                label = f"+{count} more: type a name"
                options.append(
                    Option(Content(label[:width]).stylize("$text-muted"), id=MORE, disabled=True)
                )
            else:
                options.append(
                    Option(count_row(flat(name, 60), count, width), id=f"s{len(self._speakers)}")
                )
                self._speakers.append(name)
        wanted = self.speaker
        if wanted is None and self._initial in self._speakers:
            wanted, self._initial = self._initial, None
        speaker_list.set_options(options)
        target = ALL
        if wanted == UNNAMED and any(o.id == UNNAMED for o in options):
            target = UNNAMED
        elif wanted in self._speakers:
            target = f"s{self._speakers.index(wanted)}"
        speaker_list.highlighted = speaker_list.get_option_index(target)
        if self.speaker != wanted:
            self.speaker = wanted

    @on(OptionList.OptionHighlighted, "#speaker-list")
    def _speaker_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != event.option_list.highlighted:
            return  # a stale event from before the list was refilled
        option_id = event.option.id or ALL
        if option_id == MORE:
            return
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

    def key_arriving(self, event: events.Key) -> None:
        """A key is about to reach the focused widget (see `SeesKeysFirst`)."""
        self._filter_paint.key_arriving(event)

    @on(Input.Changed, "#speakers-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        self._filter_paint.release()

    @on(Input.Submitted, "#speakers-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(QuoteList).focus()

    def _visible(self, matched: list[int] | None = None) -> list[int]:
        """Indexes of the groups shown: matching the filter, of the chosen speaker."""
        if matched is None:
            matched = self._matching()
        if self.speaker is None:
            return matched
        return self._remarks.said_by(matched, None if self.speaker == UNNAMED else self.speaker)

    def visible_groups(self) -> list[tuple[QuoteRecord, ...]]:
        """The groups (restricted to the chosen speaker) that match the filter words."""
        return [tuple(self._remarks.groups[i].records) for i in self._visible()]

    def _refresh_quotes(self, matched: list[int] | None = None) -> None:
        if not self.is_mounted or (self.loading and not self._remarks.groups):
            return
        quote_list = self.query_one(QuoteList)
        visible = self._visible(matched)
        listed = tuple(
            (i, len(self._remarks.groups[i].records))
            for i in visible[: max(self._listed, SHOWN_GROUPS)]
        )
        state = (listed, len(visible), self.loading)
        if state == self._quotes_state:
            self._visible_now = visible
            return  # the same quotes (a longer word that still matches them): no repaint
        self._quotes_state = state
        keep = self.current
        self._shown = {}
        self._visible_now = visible
        self._listed = 0
        options = self._quote_options(SHOWN_GROUPS)
        if not options:
            if self.loading:
                message = "Loading quotes…"
            else:
                message = (
                    "No quotes match." if self._remarks.groups else "No quotes found in the index."
                )
            options.append(Option(Content(message).stylize("$text-muted"), disabled=True))
        quote_list.set_options(options)
        target = next((i for i, r in self._shown.items() if r == keep), None)
        if target is None and self._shown:
            target = next(iter(self._shown))
        if target is not None:
            quote_list.highlighted = quote_list.get_option_index(target)

    def _quote_options(self, count: int) -> list[Option | None]:
        """Options for the next `count` visible groups, and a last "more" row if any are
        left (the caller removes the previous "more" row)."""
        options: list[Option | None] = []
        visible = self._visible_now
        for index in visible[self._listed : self._listed + count]:
            group = self._remarks.groups[index]
            records = list(group.records)
            if self._shown:
                options.append(None)
            grouped = len(records) > 1
            if grouped:
                options.append(
                    Option(
                        Content(f"≈ the same remark, worded {len(records)} ways").stylize(
                            "italic $text-accent"
                        ),
                        disabled=True,
                    )
                )
            for position, record in enumerate(records):
                option_id = f"q{index}.{position}"
                self._shown[option_id] = record
                prompt = self._prompts.get((index, position))
                if prompt is None:
                    prompt = quote_prompt(record, grouped, self._prompt_width)
                    self._prompts[(index, position)] = prompt
                options.append(Option(prompt, id=option_id))
        self._listed = min(len(visible), self._listed + count)
        more = len(visible) - self._listed
        if more > 0:
            options.append(None)
            options.append(
                Option(
                    Content(f"… {more} more remarks (move down for more, or type words)").stylize(
                        "$text-muted"
                    ),
                    id=MORE,
                    disabled=True,
                )
            )
        return options

    @on(OptionList.OptionHighlighted, "#quote-list")
    def _quote_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        quote_list = self.query_one(QuoteList)
        if (
            self._listed >= len(self._visible_now)
            or quote_list.option_count - (event.option_index) > 8
        ):
            return
        quote_list.remove_option(MORE)
        quote_list.add_options(self._quote_options(SHOWN_GROUPS))

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
        self.post_message(BookmarkWanted(new))

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
