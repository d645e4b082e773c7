"""The top line: which library, how many articles, when indexed, and rebuild progress."""

from __future__ import annotations

import os
import time

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static

from index import IndexStatus, RebuildProgress
from tui.safe import flat

AGE_REFRESH_S = 30.0
"""How often the status line redraws, so "indexed N min ago" stays true."""


def describe_age(built_at: float | None, now: float | None = None) -> str:
    """`indexed 2 min ago`; a function so snapshot tests can pin it."""
    if built_at is None:
        return "not indexed yet"
    seconds = max(0, int((now if now is not None else time.time()) - built_at))
    if seconds < 60:
        return "indexed just now"
    if seconds < 3600:
        return f"indexed {seconds // 60} min ago"
    if seconds < 86400:
        return f"indexed {seconds // 3600} h ago"
    return "indexed " + time.strftime("%Y-%m-%d", time.localtime(built_at))


def library_name(status: IndexStatus) -> str:
    """The article folders by their base names: `seeds`, `seeds + wires`."""
    names = [os.path.basename(r.rstrip("/")) or r for r in status.roots]
    return flat(" + ".join(names[:3]) + (" …" if len(names) > 3 else ""), 60)


class StatusLine(HorizontalGroup):
    """App name, library summary, a progress bar while rebuilding, hints on the right."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $primary-muted;
        & #status-name { width: auto; text-style: bold; color: $text; padding: 0 1; }
        & #status-text { width: 1fr; color: $text; }
        & ProgressBar { width: auto; display: none; padding: 0 1; }
        & ProgressBar Bar { width: 20; }
        &.-rebuilding ProgressBar { display: block; }
        & #status-hints { width: auto; color: $text-muted; padding: 0 1; }
    }
    """

    status: reactive[IndexStatus | None] = reactive(None)
    """The index status (owned by the app, handed down by the main screen)."""
    progress: reactive[RebuildProgress | None] = reactive(None)
    """Progress of a running rebuild, None when none runs."""
    bookmarks: reactive[int] = reactive(0)
    """How many bookmarks are saved."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Dateline"), id="status-name")
        yield Static(Content("opening the index…"), id="status-text")
        yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="status-progress")
        yield Static(Content("? help · ctrl+p commands"), id="status-hints")

    def on_mount(self) -> None:
        # "indexed 4 min ago" must age while the app stays open.
        self.set_interval(AGE_REFRESH_S, self._update)

    def watch_status(self) -> None:
        self._update()

    def watch_progress(self) -> None:
        self._update()

    def watch_bookmarks(self) -> None:
        self._update()

    def _update(self) -> None:
        if not self.is_mounted:
            return
        status, progress = self.status, self.progress
        parts: list[str] = []
        if status is not None:
            parts.append(library_name(status))
            # While rebuilding, the progress is what matters: at 80 columns the counts
            # and age would push it off the line.
            if status.ready and progress is None:
                noun = "article" if status.articles == 1 else "articles"
                parts.append(f"{status.articles:,} {noun}")
                parts.append(describe_age(status.built_at))
            if self.bookmarks and progress is None:
                noun = "bookmark" if self.bookmarks == 1 else "bookmarks"
                parts.append(f"{self.bookmarks} {noun}")
        text = Content(" · ".join(parts))
        if progress is not None:
            done = f" {progress.done:,} / {progress.total:,}" if progress.total else ""
            text += Content(f"  ⟳ {flat(progress.phase, 20)}{done} · search still works ").stylize(
                "$text-warning"
            )
        elif status is not None and status.message:
            text += Content("  " + flat(status.message, 160)).stylize("$text-warning")
        self.query_one("#status-text", Static).update(text)
        self.set_class(progress is not None, "-rebuilding")
        bar = self.query_one(ProgressBar)
        if progress is not None:
            bar.update(total=progress.total or None, progress=progress.done)
