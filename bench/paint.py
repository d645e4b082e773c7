"""Timing screen updates of the real app (Pilot): key press → first paint showing a state.

`timed_app` subclasses `DatelineApp` so that `post_display_hook` (called after every screen
update) records the time and a snapshot of what the screen shows, taken by whichever
`look` the probe set. `PaintLog.wait` then finds the first update after a mark whose
snapshot passes a test: the time a person would first see that state, not the time an
object merely existed.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Look = Callable[[Any], Any]
"""What a screen update shows, read from the app (cheap: it runs on every paint)."""


class PaintLog:
    """Every screen update: when, and what `look` saw then."""

    def __init__(self) -> None:
        self.paints: list[tuple[float, Any]] = []
        self.look: Look = lambda app: None
        self._painting = asyncio.Event()

    def note(self, app: Any) -> None:
        """Record one screen update (called from the app's display hook)."""
        try:
            seen = self.look(app)
        except Exception:  # a screen half-built during a switch: nothing useful shown
            seen = None
        self.paints.append((time.perf_counter(), seen))
        self._painting.set()

    @property
    def mark(self) -> int:
        """Where the next wait starts looking."""
        return len(self.paints)

    async def wait(self, mark: int, test: Callable[[Any], bool], timeout: float) -> float | None:
        """perf_counter time of the first update from `mark` on passing `test`; None if
        none did within `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        seen = mark
        while True:
            self._painting.clear()
            while seen < len(self.paints):
                when, state = self.paints[seen]
                seen += 1
                if state is not None and test(state):
                    return when
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._painting.wait(), left)

    async def wait_or_settled(
        self,
        mark: int,
        test: Callable[[Any], bool],
        settled: Callable[[], bool],
        timeout: float,
        step: float = 0.001,
    ) -> float | None:
        """`wait`, or the time `settled()` is first seen true (polled every `step`
        seconds): a change that leaves every row as it was paints nothing, and the
        screen already shows it once it is applied with nothing left to paint."""
        deadline = time.perf_counter() + timeout
        seen = mark
        while True:
            while seen < len(self.paints):
                when, state = self.paints[seen]
                seen += 1
                if state is not None and test(state):
                    return when
            now = time.perf_counter()
            if settled():
                return now
            if now >= deadline:
                return None
            await asyncio.sleep(step)


def nothing_to_paint(screen: Any) -> bool:
    """Whether `screen` has no layout, scroll, repaint or dirty widget waiting (Textual
    8's flags, read by its own idle handler)."""
    return not (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )


def screen_look(screen_type: type, read: Callable[[Any], Any]) -> Look:
    """A look that reads the screen when it is a `screen_type` on top, else sees nothing."""

    def look(app: Any) -> Any:
        return read(app.screen) if isinstance(app.screen, screen_type) else None

    return look


def timed_app(config: Any, log: PaintLog) -> Any:
    """The real app, reporting each screen update to `log`."""
    from tui.app import DatelineApp

    class TimedApp(DatelineApp):
        """The real app; each screen update is noted with what it shows."""

        CSS_PATH = str(
            Path(sys.modules[DatelineApp.__module__].__file__ or ".").parent
            / str(DatelineApp.CSS_PATH)
        )

        def post_display_hook(self) -> None:
            log.note(self)

    return TimedApp(config)


def p95(values: list[float]) -> float:
    """The 95th percentile as the bench reads it (nearest rank, lower side)."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]
