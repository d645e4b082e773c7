"""Who said what through the app (Pilot): first useful paint, complete load, filter keys.

Opens the app headless on an existing index, waits for the populated first screen, presses
`W` and times (from the key) the first screen update that shows quotes, then the update at
which every quote is read; then types filter words one key at a time and times each key to
the first update showing the list filtered by exactly the typed text.

Usage: python -m bench.speakers_paint CONFIG [--words "minister,economic growth"] [--runs 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

TIMEOUT_S = 600.0


def _state(app: Any) -> tuple[bool, bool, str | None]:
    """(shows quotes, still loading, filter text) of the who-said-what screen, if open."""
    from tui.screens.speakers import SpeakersScreen

    screen = app.screen
    if not isinstance(screen, SpeakersScreen):
        return False, True, None
    shown = bool(screen.shown_records)
    loading = bool(getattr(screen, "loading", screen.groups is None))
    return shown, loading, screen.filter_text


async def _run(config_path: str, words: list[str]) -> dict[str, Any]:
    from index import load_config
    from tui.app import DatelineApp
    from tui.screens.speakers import SpeakersScreen
    from tui.widgets.results_list import ResultsList

    paints: list[tuple[float, tuple[bool, bool, str | None]]] = []
    painting = asyncio.Event()

    class TimedApp(DatelineApp):
        """The real app; each screen update notes what who-said-what shows."""

        CSS_PATH = str(
            Path(sys.modules[DatelineApp.__module__].__file__ or ".").parent
            / str(DatelineApp.CSS_PATH)
        )

        def post_display_hook(self) -> None:
            paints.append((time.perf_counter(), _state(self)))
            painting.set()

    async def wait_paint(mark: int, test: Any) -> float | None:
        deadline = time.perf_counter() + TIMEOUT_S
        seen = mark
        while True:
            painting.clear()
            while seen < len(paints):
                when, state = paints[seen]
                seen += 1
                if test(state):
                    return when
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(painting.wait(), left)

    app = TimedApp(load_config(config_path))
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while app.main_screen.results is None or not app.main_screen.entities:
            await asyncio.sleep(0.01)  # the sidebar has counted entities: the app settled
        await pilot.pause(0.5)
        app.main_screen.query_one(ResultsList).focus()  # so W is a key, not a letter typed
        await pilot.pause()
        mark = len(paints)
        t0 = time.perf_counter()
        await pilot.press("W")
        first = await wait_paint(mark, lambda s: s[0])
        done = await wait_paint(mark, lambda s: s[0] and not s[1])
        out["first_paint_ms"] = None if first is None else (first - t0) * 1000
        out["complete_ms"] = None if done is None else (done - t0) * 1000
        screen = app.screen
        assert isinstance(screen, SpeakersScreen)
        out["quotes"] = len(screen.shown_records)
        keys: list[float] = []
        for word in words:
            screen.query_one("#speakers-filter").focus()
            await pilot.press("ctrl+u")
            await pilot.pause()
            for end in range(1, len(word) + 1):
                text = word[:end]
                mark = len(paints)
                t0 = time.perf_counter()
                await pilot.press(word[end - 1])
                when = await wait_paint(mark, lambda s, text=text: s[2] == text)
                if when is not None:
                    keys.append((when - t0) * 1000)
        if keys:
            ordered = sorted(keys)
            out["filter_keys"] = len(keys)
            out["filter_median_ms"] = statistics.median(ordered)
            out["filter_p95_ms"] = ordered[max(0, int(len(ordered) * 0.95) - 1)]
            out["filter_max_ms"] = ordered[-1]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", help="config file of an indexed library")
    parser.add_argument("--words", default="minister,economic growth", help="comma-separated")
    args = parser.parse_args(argv)
    words = [w for w in args.words.split(",") if w]
    result = asyncio.run(_run(args.config, words))
    for key, value in result.items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
