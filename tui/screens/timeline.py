"""Coverage over time (palette: "Coverage over time"): matching articles per day, week or
month as a bar chart, the peak labelled, undated articles counted apart.

| key | action |
| --- | --- |
| `j`/`k`, arrows, `g`/`G` | move between periods |
| `enter` | show only this period's articles (dismisses with its first and last day) |
| `d` / `w` / `m` | by day, week or month (`a` chooses by the span again) |
| `escape` | back |
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index import Library, SearchRequest, Timeline, TimelineBucket, plural
from tui.safe import flat
from tui.widgets.fit_footer import FitFooter

BAR_WIDTH = 50
"""Columns of the longest bar (the peak)."""


def bar_line(bucket: TimelineBucket, peak: int, is_peak: bool) -> Content:
    """`2025-10-17 ███████ 12` with the peak marked."""
    length = round(BAR_WIDTH * bucket.count / peak) if peak else 0
    if bucket.count and not length:
        length = 1  # a period with any article shows at least a sliver
    return Content.assemble(
        Content(f"{bucket.label:<10} ").stylize("$text-muted"),
        Content("█" * length).stylize("$accent" if is_peak else "$primary"),
        Content(f" {bucket.count:,}" if bucket.count else "").stylize("bold" if is_peak else ""),
        Content("  ← peak" if is_peak else "").stylize("bold $text-warning"),
    )


class TimelineScreen(Screen[tuple[str, str] | None]):
    """A bar chart of when the current search's articles were published."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_screen", "Back", id="timeline.back"),
        Binding("d", "period('day')", "By day", id="timeline.day"),
        Binding("w", "period('week')", "By week", id="timeline.week"),
        Binding("m", "period('month')", "By month", id="timeline.month"),
        Binding("a", "period('')", "Auto", show=False, id="timeline.auto"),
        Binding("j", "bars_down", "Down", show=False, id="timeline.down"),
        Binding("k", "bars_up", "Up", show=False, id="timeline.up"),
        Binding("g", "bars_first", "First", show=False, id="timeline.first"),
        Binding("G", "bars_last", "Last", show=False, id="timeline.last"),
    ]

    DEFAULT_CSS = """
    TimelineScreen #timeline-head { height: auto; padding: 0 1; background: $panel; }
    TimelineScreen #timeline-bars { height: 1fr; border: none; }
    TimelineScreen #timeline-foot { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, library: Library, request: SearchRequest, label: str) -> None:
        super().__init__()
        self.library = library
        self.request = request
        self.label = label
        """How the search is described in the heading (the query as typed)."""
        self.timeline: Timeline | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                Content("Coverage over time · ").stylize("bold"), Content(flat(self.label, 80))
            ),
            id="timeline-head",
        )
        yield OptionList(id="timeline-bars")
        yield Static(Content("Counting…"), id="timeline-foot")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load(None)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _load(self, by: str | None) -> None:
        timeline = self.library.timeline(self.request, by)
        self.app.call_from_thread(self._show, timeline)

    def _show(self, timeline: Timeline) -> None:
        self.timeline = timeline
        bars = self.query_one(OptionList)
        bars.clear_options()
        foot = self.query_one("#timeline-foot", Static)
        if timeline.error:
            foot.update(Content(flat(timeline.error, 300)))
            return
        if not timeline.buckets:
            if not timeline.undated:
                none = "No article matches."
            elif timeline.undated == 1:
                none = "The one matching article has no date: nothing to chart."
            else:
                none = f"None of the {timeline.undated:,} matching articles has a date."
            foot.update(Content(" · ".join([none, *(flat(n, 200) for n in timeline.notices)])))
            return
        peak = timeline.peak
        top = peak.count if peak else 0
        bars.add_options(
            Option(bar_line(bucket, top, bucket is peak), id=str(index))
            for index, bucket in enumerate(timeline.buckets)
        )
        if peak is not None:
            bars.highlighted = timeline.buckets.index(peak)
        parts = [f"{plural(timeline.total, 'article')} by {timeline.by}"]
        if peak is not None:
            parts.append(f"peak {peak.label} ({plural(peak.count, 'article')})")
        parts.append(f"{plural(timeline.undated, 'undated article')} not shown")
        parts.extend(flat(n, 200) for n in timeline.notices)
        foot.update(Content(" · ".join(parts)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a bar: back to the results, limited to that period."""
        event.stop()
        if self.timeline is None or event.option.id is None:
            return
        bucket = self.timeline.buckets[int(event.option.id)]
        self.dismiss((bucket.start, bucket.end))

    def action_period(self, by: str) -> None:
        """Count again by day, week or month (empty: chosen by the span)."""
        self.query_one("#timeline-foot", Static).update(Content("Counting…"))
        self._load(by or None)

    def action_bars_down(self) -> None:
        """Next period."""
        self.query_one(OptionList).action_cursor_down()

    def action_bars_up(self) -> None:
        """Previous period."""
        self.query_one(OptionList).action_cursor_up()

    def action_bars_first(self) -> None:
        """The first period."""
        self.query_one(OptionList).action_first()

    def action_bars_last(self) -> None:
        """The last period."""
        self.query_one(OptionList).action_last()

    def action_dismiss_screen(self) -> None:
        """Back to the reader, results as they were."""
        self.dismiss(None)
