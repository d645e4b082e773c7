"""The Dateline app: owns the `Library`, opens it after the first paint, runs rebuilds.

App-level keys are only quit, help and the command palette; everything else lives on the
screen or widget where it acts. Any binding can be remapped by id from config.yaml.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import get_current_worker

from index import Config, Library, RebuildProgress, RebuildReport, SearchHistory
from tui.commands import (
    ArticlesProvider,
    CommandsProvider,
    EntitiesProvider,
    SavedSearchesProvider,
)
from tui.messages import IndexOpened, RebuildFinished, RebuildProgressed, RebuildStarted
from tui.safe import flat
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen

WATCH_SECONDS = 3.0
"""How often the article folders are checked for changes when `watch:` is on."""


class DatelineApp(App[int]):
    """A keyboard-driven reader for a folder of news articles."""

    CSS_PATH = "app.tcss"
    TITLE = "Dateline"
    COMMANDS: ClassVar = App.COMMANDS | {
        ArticlesProvider,
        EntitiesProvider,
        CommandsProvider,
        SavedSearchesProvider,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]
    """Keys that work everywhere."""

    def __init__(
        self,
        config: Config,
        library: Library | None = None,
        watch_seconds: float = WATCH_SECONDS,
    ) -> None:
        super().__init__()
        self.config = config
        self.library: Library | None = library
        """The index, bookmarks and rebuilds; None until opened after the first paint."""
        self.watch_seconds = watch_seconds
        """Seconds between polls of the article folders (tests use a short one)."""
        self.history: SearchHistory | None = None
        """Search history and saved searches; None until opened (or if it cannot be)."""
        self.history_lock = threading.Lock()
        """One history call at a time (workers and the palette share one connection)."""
        self._rebuilding = False

    @property
    def history_path(self) -> Path:
        """Where history and saved searches live: next to the bookmarks database."""
        return Path(self.config.bookmarks).with_name("history.sqlite3")

    @property
    def main_screen(self) -> MainScreen:
        """The reader screen (always at the bottom of the stack)."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not mounted")

    def on_mount(self) -> None:
        try:
            self.theme = self.config.theme
        except Exception:
            self.notify(
                f"Unknown theme {flat(self.config.theme, 40)}; using textual-dark.",
                severity="warning",
                markup=False,
            )
            self.theme = "textual-dark"
        self.set_keymap(dict(self.config.keymap))
        self.push_screen(MainScreen())
        for warning in self.config.warnings:
            self.notify(flat(warning), severity="warning", markup=False, timeout=10)
        self.call_after_refresh(self._open_library)

    # -- opening and watching ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_library(self) -> None:
        """Open (or build) the index off the UI thread, so the first paint is instant."""
        try:
            self.history = SearchHistory(self.history_path)
        except Exception as error:  # history is a convenience: reading must go on without it
            self.call_from_thread(
                self.notify,
                flat(f"Search history is off: {error}"),
                severity="warning",
                markup=False,
            )
        library = self.library or Library(self.config)
        status = library.open()
        self.library = library
        self.main_screen.post_message(IndexOpened(status))
        if not status.ready and not status.rebuilding:
            self.call_from_thread(self.start_rebuild, True)
        if self.config.watch:
            self.call_from_thread(self._watch)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        """Poll the article folders; run an update when something changed."""
        worker = get_current_worker()
        wait = self.watch_seconds
        while not worker.is_cancelled:
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if worker.is_cancelled:
                    return
                time.sleep(0.1)
            library = self.library
            if library is None or self._rebuilding:
                continue
            scan_started = time.monotonic()
            try:
                changed = library.needs_update()
            except Exception:
                continue
            # A big library takes a while to scan: keep polling to a small share of a core.
            wait = max(self.watch_seconds, 20 * (time.monotonic() - scan_started))
            if changed:
                self.call_from_thread(self.start_rebuild, False)

    # -- rebuilding ----------------------------------------------------------------------

    def start_rebuild(self, full: bool) -> None:
        """Update (or fully rebuild) the index in the background; search keeps working."""
        if self._rebuilding:
            self.notify("A rebuild is already running.", markup=False)
            return
        if self.library is None:
            self.notify("The index is still opening; try again in a moment.", markup=False)
            return
        self._rebuilding = True
        self.main_screen.post_message(RebuildStarted(full))
        self._rebuild(full)

    @work(thread=True, exclusive=True, group="rebuild", exit_on_error=False)
    def _rebuild(self, full: bool) -> None:
        library = self.library
        assert library is not None
        screen = self.main_screen

        def progress(update: RebuildProgress) -> None:
            screen.post_message(RebuildProgressed(update))

        try:
            report = library.rebuild(full=full, progress=progress)
        except Exception as error:  # the UI must survive anything a rebuild does
            report = RebuildReport(
                full, 0, 0, 0, 0, 0, (), 0.0, None, error=f"The rebuild failed: {error}"
            )
        self.call_from_thread(self._rebuild_done, report)

    def _rebuild_done(self, report: RebuildReport) -> None:
        self._rebuilding = False
        screen = self.main_screen
        screen.post_message(RebuildFinished(report))
        if report.error:
            self.notify(flat(report.error), severity="error", markup=False, timeout=10)
        else:
            what = "Rebuilt" if report.full else "Updated"
            changes = f"{report.added} added, {report.updated} changed, {report.removed} removed"
            skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
            self.notify(
                f"{what} the index: {report.articles} articles ({changes}{skipped}).",
                markup=False,
            )
        if self.library is not None:
            screen.post_message(IndexOpened(self.library.status()))

    # -- app actions ---------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key."""
        if isinstance(self.screen, HelpScreen):
            return
        here: set[type] = set()
        node = self.screen.focused
        while node is not None:
            here.add(type(node))
            node = node.parent  # type: ignore[assignment]
        here.add(type(self.screen))
        here.add(DatelineApp)
        self.push_screen(HelpScreen(dict(self.config.keymap), here))

    async def action_quit(self) -> None:
        """Leave Dateline."""
        self.exit(0)

    def on_unmount(self) -> None:
        if self.library is not None:
            self.library.close()
        if self.history is not None:
            self.history.close()


def run_app(config: Config) -> int:
    """Run the reader until the user quits; returns the exit code."""
    app = DatelineApp(config)
    result = app.run()
    return result if isinstance(result, int) else 0
