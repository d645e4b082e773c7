"""The Dateline app: owns the `Library`, opens it after the first paint, runs rebuilds.

App-level keys are only quit, help and the command palette; everything else lives on the
screen or widget where it acts. Any binding can be remapped by id from config.yaml.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message_pump import MessagePump
from textual.worker import Worker, get_current_worker

from index import (
    Config,
    FolderWatcher,
    IndexStatus,
    Library,
    RebuildProgress,
    RebuildReport,
    SearchHistory,
)
from tui.heap import HeapPacer
from tui.messages import (
    BookmarkWanted,
    IndexOpened,
    RebuildFinished,
    RebuildProgressed,
    RebuildStarted,
)
from tui.paint_hold import SeesKeysFirst
from tui.palette import (
    ArticlesProvider,
    CommandsProvider,
    EntitiesProvider,
    SavedSearchesProvider,
)
from tui.safe import flat
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen

WATCH_SECONDS = 3.0
"""How often the article folders are checked for changes when `watch:` is on (and
how soon after start the first check, for files changed while the app was closed)."""
POLL_SHARE = 0.05
"""Without file-system events, listing the folders may take this share of the time."""
SAFETY_SCAN_SHARE = 0.002
"""With events, an occasional listing (for missed events) takes at most this share:
1.5 s at 100k articles every 12 minutes, so the idle app stays well under 1 % of a core."""
SAFETY_SCAN_MIN_S = 60.0
"""With events, the safety listing never runs more often than this."""
REFRESH_SECONDS = 2.0
"""How often to look for a generation swapped in by another `dateline index`."""
HEAP_CHECK_S = 0.5
"""How often to collect garbage that piled up while nobody typed (see `tui.heap`)."""
RETRY_LIMIT = 300.0
"""Longest wait, in seconds, before the watcher retries after failed rebuilds."""
KEY_SETTLE_LIMIT_S = 0.25
"""Longest a key typed ahead waits for the previous key's effects to land (see
`DatelineApp.on_event`); past it the key goes on anyway, so a busy app never eats keys."""
KEY_SETTLE_POLL_S = 0.005
"""How often a key typed ahead looks again whether the previous one has settled."""


def retry_delay(base: float, failures: int) -> float:
    """Seconds to wait before the watcher retries after `failures` failed rebuilds in a row.

    Doubles with each failure (capped at `RETRY_LIMIT`) so a broken disk is not hammered.
    """
    return float(min(RETRY_LIMIT, base * 2**failures))


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
        # Shown in the footer only while a text box takes `q` (one key per action is shown).
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Quit (works in a text box too)",
            id="quit_any",
        ),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]
    """Keys that work everywhere."""

    def __init__(
        self,
        config: Config,
        library: Library | None = None,
        watch_seconds: float = WATCH_SECONDS,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        super().__init__()
        self.config = config
        self.library: Library | None = library
        """The index, bookmarks and rebuilds; None until opened after the first paint."""
        self.watch_seconds = watch_seconds
        """Seconds between polls of the article folders (tests use a short one)."""
        self.refresh_seconds = refresh_seconds
        """Seconds between checks for a rebuild done outside the app (tests use a short one)."""
        self.history: SearchHistory | None = None
        """Search history and saved searches; None until opened (or if it cannot be)."""
        self.history_lock = threading.Lock()
        """One history call at a time (workers and the palette share one connection)."""
        self._rebuilding = False
        self._opened = False
        """True once `library.open()` has returned (polls wait for it)."""
        self._quitting = False
        """Set when the app starts closing: workers then hand nothing back to the UI."""
        self._refreshing = False
        self._rebuild_child: subprocess.Popen[str] | None = None
        """The rebuild child process while one runs (killed on quit)."""
        self._failures = 0
        """Rebuilds that failed in a row (the watcher backs off after each)."""
        self._retry_at = 0.0
        """`time.monotonic()` before which the watcher does not start a rebuild."""
        self._last_error: str | None = None
        self.heap = HeapPacer()
        """When garbage is collected (between keystrokes, not during paints)."""
        self._shown_status: IndexStatus | None = None
        """The status last sent to the main screen (a refresh posts only changes)."""
        self._key_busy = False
        """A key was handed on and its effects (focus, a new screen) may not have landed."""
        self._key_taken_at = 0.0
        self._held_keys: deque[events.Key] = deque()
        """Keys that arrived while the previous one was settling, oldest first."""

    @property
    def main_screen(self) -> MainScreen:
        """The reader screen (always at the bottom of the stack)."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not mounted")

    @property
    def rebuild_child(self) -> subprocess.Popen[str] | None:
        """The running rebuild's child process, if any."""
        return self._rebuild_child

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
        self.set_interval(self.refresh_seconds, self._poll_index)
        self.set_interval(HEAP_CHECK_S, self.heap.collect_if_due)

    def _from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run `callback` on the UI thread soon; never blocks, dropped when quitting.

        Unlike `call_from_thread` this cannot hang a worker (and so the exit) once the
        event loop has stopped taking calls.
        """
        if self._quitting:
            return
        with contextlib.suppress(RuntimeError):  # the loop is already closed
            self.call_later(callback, *args, **kwargs)

    def _show_status(self, status: IndexStatus) -> None:
        """Tell the main screen the index changed (it searches again); any thread."""
        self._shown_status = status
        with contextlib.suppress(LookupError):
            self.main_screen.post_message(IndexOpened(status))

    # -- opening and watching ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_library(self) -> None:
        """Open (or build) the index off the UI thread, so the first paint is instant."""
        try:
            self.history = SearchHistory(self.config.history_path)
        except Exception as error:  # history is a convenience: reading must go on without it
            self._from_thread(
                self.notify,
                flat(f"Search history is off: {error}"),
                severity="warning",
                markup=False,
            )
        library = self.library or Library(self.config)
        status = library.open()
        self.library = library
        if self._quitting:  # quit while opening: on_unmount may have run already
            library.close()
            return
        self._opened = True
        self._show_status(status)
        if not status.ready and not status.rebuilding:
            self._from_thread(self.start_rebuild, True)
        if self.config.watch:
            self._from_thread(self._watch)

    def _poll_index(self) -> None:
        """Timer: look for a generation another `dateline index` swapped in."""
        if not self._opened or self._rebuilding or self._refreshing or self._quitting:
            return
        library = self.library
        if library is None or not library.swapped():
            return  # the common case: nothing new, and no thread started to find that out
        self._refreshing = True
        self._refresh_index(library)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_index(self, library: Library) -> None:
        try:
            changed = library.refresh()
            status = library.status() if changed else None
        except Exception:  # a half-written generation: look again next time
            status = None
        finally:
            self._refreshing = False
        if status is not None and status != self._shown_status and not self._quitting:
            self._show_status(status)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        """Watch the article folders; run an update when an article file changes.

        File-system events cost nothing while idle; a listing of every file (the fallback
        where events are not available, and a rare safety check for missed events) is kept
        to a small share of a core. After a failed rebuild it waits longer each time (up to
        `RETRY_LIMIT`), and it does not look while an article folder is missing: an
        unmounted drive must not read as every article deleted.
        """
        worker = get_current_worker()
        roots = self.config.articles
        watcher = FolderWatcher(roots)
        events = all(os.path.isdir(root) for root in roots) and watcher.start()
        wait = self.watch_seconds
        last_scan = time.monotonic() if events else 0.0
        changed_seen = False
        seen_paths: set[str] = set()  # named by events since the last update: it checks these
        try:
            while not worker.is_cancelled and not self._quitting:
                if events:
                    seen = watcher.wait()
                    if seen is None:
                        events = False  # the watch ended: poll from now on
                        changed_seen, seen_paths = bool(seen_paths), set()
                        continue
                    seen_paths |= seen
                    changed_seen = changed_seen or bool(seen)
                    retry_due = self._failures > 0
                    if not (changed_seen or retry_due or time.monotonic() - last_scan > wait):
                        continue
                elif not self._sleep(worker, wait):
                    return
                library = self.library
                if library is None or self._rebuilding or time.monotonic() < self._retry_at:
                    continue
                if any(not os.path.isdir(root) for root in roots):
                    continue  # the status line names the missing folder
                paths: frozenset[str] | None = None
                if changed_seen:
                    changed_seen, changed = False, True
                    if events and self._failures == 0:
                        paths, seen_paths = frozenset(seen_paths), set()
                else:
                    scan_started = time.monotonic()
                    try:
                        changed = library.needs_update()
                    except Exception:
                        continue
                    last_scan = time.monotonic()
                    # Listing a big library takes a while: keep it to a small share of a core.
                    share = SAFETY_SCAN_SHARE if events else POLL_SHARE
                    floor = max(self.watch_seconds, SAFETY_SCAN_MIN_S if events else 0.0)
                    wait = max(floor, (last_scan - scan_started) / share)
                if changed:
                    seen_paths.clear()  # a listing (or these paths) covers them
                    self._from_thread(self.start_rebuild, False, True, paths)
        finally:
            watcher.stop()

    def _sleep(self, worker: Worker[None], seconds: float) -> bool:
        """Wait `seconds` in short steps; False when the watcher should end."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if worker.is_cancelled or self._quitting:
                return False
            time.sleep(0.1)
        return True

    # -- rebuilding ----------------------------------------------------------------------

    def on_bookmark_wanted(self, message: BookmarkWanted) -> None:
        """Another screen asked for a bookmark: the reader shows the note form."""
        self.main_screen.ask_bookmark(message.bookmark)

    def start_rebuild(
        self, full: bool, automatic: bool = False, paths: frozenset[str] | None = None
    ) -> None:
        """Update (or fully rebuild) the index in the background; search keeps working.

        `automatic` rebuilds (the watcher's) are quiet about the obvious and do not repeat
        an error toast the user has already seen; `paths` are what the watcher saw
        change, so the update need not list the library.
        """
        if self._quitting:
            return
        if self._rebuilding:
            if not automatic:
                self.notify("A rebuild is already running.", markup=False)
            return
        if self.library is None:
            if not automatic:
                self.notify("The index is still opening; try again in a moment.", markup=False)
            return
        self._rebuilding = True
        screen = self.main_screen
        screen.post_message(RebuildStarted(full))
        self._rebuild(self.library, screen, full, automatic, paths)

    @work(thread=True, exclusive=True, group="rebuild", exit_on_error=False)
    def _rebuild(
        self,
        library: Library,
        screen: MainScreen,
        full: bool,
        automatic: bool,
        paths: frozenset[str] | None = None,
    ) -> None:
        def progress(update: RebuildProgress) -> None:
            screen.post_message(RebuildProgressed(update))

        def started(child: subprocess.Popen[str]) -> None:
            self._rebuild_child = child
            if self._quitting:  # quit came while the child was starting
                with contextlib.suppress(OSError):
                    child.kill()

        try:
            report = library.rebuild(full=full, progress=progress, on_start=started, paths=paths)
        except Exception as error:  # the UI must survive anything a rebuild does
            report = RebuildReport(
                full, 0, 0, 0, 0, 0, (), 0.0, None, error=f"The rebuild failed: {error}"
            )
        finally:
            self._rebuild_child = None
        if self._quitting:
            return  # the app is closing: nothing to show, nobody to show it to
        status = library.status()
        self._from_thread(self._rebuild_done, report, status, automatic)

    def _rebuild_done(self, report: RebuildReport, status: IndexStatus, automatic: bool) -> None:
        self._rebuilding = False
        screen = self.main_screen
        screen.post_message(RebuildFinished(report))
        if report.error:
            self._failures += 1
            delay = retry_delay(self.watch_seconds, self._failures)
            self._retry_at = time.monotonic() + delay
            repeated = report.error == self._last_error
            self._last_error = report.error
            if not (automatic and repeated):
                self.notify(flat(report.error), severity="error", markup=False, timeout=10)
        else:
            self._failures, self._retry_at, self._last_error = 0, 0.0, None
            what = "Rebuilt" if report.full else "Updated"
            changes = f"{report.added} added, {report.updated} changed, {report.removed} removed"
            skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
            self.notify(
                f"{what} the index: {report.articles} "
                f"{'article' if report.articles == 1 else 'articles'} ({changes}{skipped}).",
                markup=False,
            )
        self._show_status(status)

    def _stop_rebuild(self) -> None:
        """Quitting: stop a running rebuild so the exit does not wait for it."""
        self._quitting = True
        library = self.library
        if library is not None:
            library.cancel_rebuild()
        child = self._rebuild_child
        if child is not None and child.poll() is None:
            with contextlib.suppress(OSError):
                child.kill()

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
        """Leave Dateline (stopping a running rebuild: the old index stays current)."""
        self._stop_rebuild()
        self.exit(0)

    async def on_event(self, event: events.Event) -> None:
        """Hand keys on one at a time, each once the previous one's effects have landed.

        Textual routes a key to the widget focused when the key arrives. Keys arriving in
        one burst (a paste of keystrokes, `tmux send-keys "/kim" Enter`, fast typing)
        would all go where the first one went, before it moved the focus or opened a
        form: `/kim` would put "kim" in the results list, "abc" Tab "xyz" in a new form
        would all land in its first box. Later keys wait until every message the previous
        key caused has been handled (at most `KEY_SETTLE_LIMIT_S`).
        """
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_busy or self._held_keys:
                self._held_keys.append(event)
                return
            await self._take_key(event)
            return
        await super().on_event(event)

    async def _take_key(self, event: events.Key) -> None:
        self._key_busy = True
        self._key_taken_at = time.monotonic()
        try:
            screen = self.screen
            if isinstance(screen, SeesKeysFirst):
                # Let the screen see a key before its widgets do (to paint it with results).
                screen.key_arriving(event)
            await super().on_event(event)
        finally:
            self.call_later(self._settle_key)  # whatever happened, later keys must flow

    async def _settle_key(self) -> None:
        """Hand on the next held key once nothing is left to handle from the last one."""
        waited = time.monotonic() - self._key_taken_at
        if waited < KEY_SETTLE_LIMIT_S and not self._quitting:
            if not self._message_queue.empty():
                self.call_later(self._settle_key)  # behind what the key queued here
                return
            if any(_pending(pump) for pump in self._pumps()):
                self.set_timer(KEY_SETTLE_POLL_S, self._settle_key)
                return
        self._key_busy = False
        if self._held_keys:
            await self._take_key(self._held_keys.popleft())

    def _pumps(self) -> Iterator[MessagePump]:
        """The current screen and every widget on it (screens below a modal are paused:
        their queues wait for the modal to close)."""
        yield from self.screen.walk_children(with_self=True)

    def on_unmount(self) -> None:
        self.heap.release()
        self._stop_rebuild()
        if self.library is not None:
            self.library.close()
        if self.history is not None:
            self.history.close()


def _pending(pump: MessagePump) -> bool:
    """Whether a message pump has messages it has not handled yet."""
    return not pump._message_queue.empty() or pump._pending_message is not None


def run_app(config: Config) -> int:
    """Run the reader until the user quits; returns the exit code."""
    app = DatelineApp(config)
    result = app.run()
    return result if isinstance(result, int) else 0
