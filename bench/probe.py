"""Child-process probes: memory of a searching library, a headless cold start, and
search-as-you-type through the app (keystroke to painted results, driven by Pilot).

All run in a fresh interpreter: RSS of the benchmark process would include the
baselines' indexes, a cold start must pay every import, and the typing probe must not
share a GIL with the benchmark's own indexes.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.widgets.results_list import ResultsList

TYPING_TIMEOUT_S = 3.0
"""A keystroke whose results are not painted within this many seconds is a timeout."""


def rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB, from /proc."""
    current = peak = 0.0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return current, peak


def search_rss(config_path: str, queries_path: str, count: int) -> dict[str, float]:
    """Open the library, run `count` searches as typed, report open time and memory."""
    from index import Library, SearchRequest, load_config

    started = time.perf_counter()
    library = Library(load_config(config_path))
    library.open()
    opened = time.perf_counter() - started
    texts: list[str] = json.loads(Path(queries_path).read_text(encoding="utf-8"))
    for i in range(count):
        library.search(
            SearchRequest(texts[i % len(texts)], as_you_type=True, limit=10, snippets=10)
        )
    current, peak = rss_mb()
    library.close()
    return {"open_s": opened, "rss_mb": current, "peak_mb": peak}


def _populated(app: Any) -> bool:
    """True once some results widget on the screen holds rows (app-agnostic heuristic)."""
    for widget in app.screen.walk_children():
        for attribute in ("option_count", "row_count"):
            value = getattr(widget, attribute, None)
            if isinstance(value, int) and value > 0:
                return True
        if type(widget).__name__ == "ListView" and len(widget.children) > 0:
            return True
    return False


async def _headless(config_path: str, t0: float, timeout: float) -> float:
    from index import load_config
    from tui.app import DatelineApp

    app = DatelineApp(load_config(config_path))
    async with app.run_test(size=(120, 40)) as pilot:
        while time.time() - t0 < timeout:
            if _populated(app):
                return time.time() - t0
            await pilot.pause(0.01)
    return -1.0


IDLE_SETTLE_S = 10.0
"""Seconds after the first paint before idle is measured (start-up work ends first)."""


async def _idle(config_path: str, seconds: float) -> dict[str, float]:
    """CPU the app takes while nobody types, its folder watch on, as % of one core.

    Measured once the first screen is populated and start-up work has ended: the
    sidebar's first counts and the watcher's first listing (3 s after start, for files
    changed while the app was closed; 1.5 s of CPU at 100k), hence `IDLE_SETTLE_S`.
    `time.process_time` counts every thread (the watcher's included).
    """
    from dataclasses import replace

    from index import load_config
    from tui.app import DatelineApp

    app = DatelineApp(replace(load_config(config_path), watch=True))
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 60
        while not _populated(app) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await asyncio.sleep(IDLE_SETTLE_S)
        cpu0, wall0 = time.process_time(), time.monotonic()
        await asyncio.sleep(seconds)
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    return {"core_pct": 100 * cpu / wall, "seconds": wall}


# -- search-as-you-type through the app ------------------------------------------------


def typing_sequences(texts: list[str]) -> list[str]:
    """What was typed: successive prefixes in the query set collapse into their last one.

    `["wi", "wil", "wilk", "th", "the"]` → `["wilk", "the"]`: a new sequence starts when an
    entry does not extend the one before it.
    """
    sequences: list[str] = []
    previous: str | None = None
    for text in texts:
        if previous is not None and text.startswith(previous) and sequences:
            sequences[-1] = text
        else:
            sequences.append(text)
        previous = text
    return sequences


def pick_sequences(sequences: list[str], count: int) -> list[str]:
    """`count` sequences spread evenly over the set, so a short run keeps the mix of kinds."""
    if count >= len(sequences):
        return list(sequences)
    step = len(sequences) / max(1, count)
    return [sequences[int(i * step)] for i in range(max(0, count))]


def timed_keystrokes(sequences: list[str]) -> int:
    """How many keystrokes `typing` times for these sequences (every one from the 2nd)."""
    return sum(max(0, len(s) - 1) for s in sequences)


def _summary(values: list[float]) -> tuple[float, float]:
    """(median, nearest-rank p95) of `values`, zeros for none (as bench.run.percentile)."""
    if not values:
        return 0.0, 0.0
    ordered = sorted(values)
    rank = max(1, round(0.95 * len(ordered) + 0.4999))
    return statistics.median(ordered), ordered[min(rank, len(ordered)) - 1]


async def _typing(
    config_path: str,
    queries_path: str,
    count: int,
    budget: float,
    trace: list[tuple[str, float, float]] | None = None,
) -> dict[str, Any]:
    """Type `count` sequences into the search box; time each keystroke to painted results.

    A paint is seen through `App.post_display_hook` (called after every screen update,
    headless included, once the compositor has rendered the dirty widgets); at each paint
    the query of the results the `ResultsList` holds is noted. A keystroke's latency is
    from just before `pilot.press` to the first paint after it whose list holds results for
    exactly the box's text. The next key is pressed only after that paint (a person at
    5-10 keys/s leaves the app that long), so no keystroke's results are legitimately
    dropped; one not painted within `TYPING_TIMEOUT_S` is a timeout, counted at that cap in
    the median and p95. `trace` (if given) receives (text, pressed, painted) per keystroke.
    """
    from textual.widgets import Input

    from index import Library, SearchRequest, SearchResults, load_config
    from tui.app import DatelineApp
    from tui.widgets.results_list import ResultsList

    paints: list[tuple[float, str | None]] = []
    painting = asyncio.Event()
    """Set at every screen update (the hook runs on the event loop), so waits never poll."""
    searches: list[tuple[float, float, str]] = []
    collections: list[float] = []
    """Milliseconds of each full (generation 2) garbage collection while typing."""
    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            collections.append((time.perf_counter() - gc_started[0]) * 1000)

    class TimedLibrary(Library):
        """The real library; each search's wall time is noted (workers call it)."""

        def search(self, request: SearchRequest) -> SearchResults:
            start = time.perf_counter()
            try:
                return super().search(request)
            finally:
                searches.append((start, time.perf_counter(), request.query))

    class TimedApp(DatelineApp):
        """The real app; each screen update notes which query the results list shows."""

        CSS_PATH = str(
            Path(sys.modules[DatelineApp.__module__].__file__ or ".").parent
            / str(DatelineApp.CSS_PATH)
        )
        """The app's stylesheet (a relative CSS_PATH would resolve next to this file)."""
        results_list: ResultsList | None = None

        def post_display_hook(self) -> None:
            shown = self.results_list.results if self.results_list is not None else None
            paints.append((time.perf_counter(), None if shown is None else shown.request.query))
            painting.set()

    texts: list[str] = json.loads(Path(queries_path).read_text(encoding="utf-8"))
    chosen = pick_sequences(typing_sequences(texts), count)
    config = load_config(config_path)
    app = TimedApp(config, library=TimedLibrary(config))
    latencies: list[float] = []
    search_ms: list[float] = []
    timeouts = mistyped = unverified = typed = 0
    sequences_done = 0
    async with app.run_test(size=(120, 40)) as pilot:
        opened = time.perf_counter()
        while not (_populated(app) and app.main_screen.results is not None):
            if not app.is_running or time.perf_counter() - opened > 60:
                return {"error": "the first screen was not populated within 60 s"}
            await asyncio.sleep(0.01)
        screen = app.main_screen
        results_list = screen.query_one("#results", ResultsList)
        box = screen.query_one("#search", Input)
        app.results_list = results_list
        box.focus()
        gc.callbacks.append(on_gc)
        started = time.perf_counter()

        async def painted(text: str, mark: int) -> float | None:
            """Time of the first paint (from index `mark`) showing results for `text`."""
            deadline = time.perf_counter() + TYPING_TIMEOUT_S
            seen = mark
            while True:
                painting.clear()
                while seen < len(paints):
                    when, query = paints[seen]
                    seen += 1
                    if query == text:
                        return when
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(painting.wait(), left)

        for sequence in chosen:
            if time.perf_counter() - started > budget:
                break
            if box.value:
                mark = len(paints)
                box.value = ""
                await painted("", mark)
            for end in range(1, len(sequence) + 1):
                text = sequence[:end]
                mark = len(paints)
                t0 = time.perf_counter()
                await pilot.press(sequence[end - 1])
                when = await painted(text, mark)
                if box.value != text:  # a key the box did not take as typed text
                    mistyped += 1
                    break
                if end == 1:
                    continue
                typed += 1
                if when is None:  # counted at the cap in the percentiles (a lower bound)
                    timeouts += 1
                    latencies.append(TYPING_TIMEOUT_S * 1000)
                    continue
                latencies.append((when - t0) * 1000)
                if trace is not None:
                    trace.append((text, t0, when))
                ran = [e - s for s, e, q in list(searches) if q == text and s >= t0]
                if ran:
                    search_ms.append(ran[0] * 1000)
                unverified += not _shows(results_list)
            sequences_done += 1
        seconds = time.perf_counter() - started
        gc.callbacks.remove(on_gc)
    median, p95 = _summary(latencies)
    search_median, search_p95 = _summary(search_ms)
    return {
        "n": len(latencies),
        "median_ms": round(median, 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(max(latencies, default=0.0), 2),
        "timeouts": timeouts,
        "keystrokes": typed,
        "sequences": sequences_done,
        "mistyped": mistyped,
        "unverified": unverified,
        "search_median_ms": round(search_median, 2),
        "search_p95_ms": round(search_p95, 2),
        "gc2_count": len(collections),
        "gc2_median_ms": round(statistics.median(collections), 1) if collections else 0.0,
        "seconds": round(seconds, 2),
    }


def _shows(results_list: ResultsList) -> bool:
    """True when the list's visible lines show one of its results' titles (or it is empty)."""
    from tui.safe import flat

    results = results_list.results
    if results is None:
        return False
    if not results.hits:
        return results_list.row_count == 0
    lines = " ".join(
        results_list.render_line(y).text
        for y in range(results_list.scrollable_content_region.height)
    )
    return any(flat(hit.title)[:12] in lines for hit in results.hits)


def main(argv: list[str]) -> int:
    """`python -m bench.probe rss CONFIG QUERIES N`, `... headless CONFIG T0 TIMEOUT`,
    `... idle CONFIG SECONDS` or
    `... typing CONFIG QUERIES N [BUDGET_S]` (N typing sequences, stop after BUDGET_S)."""
    if argv[0] == "rss":
        print(json.dumps(search_rss(argv[1], argv[2], int(argv[3]))))
    elif argv[0] == "headless":
        seconds = asyncio.run(_headless(argv[1], float(argv[2]), float(argv[3])))
        print(json.dumps({"seconds": seconds}))
    elif argv[0] == "idle":
        print(json.dumps(asyncio.run(_idle(argv[1], float(argv[2])))))
    elif argv[0] == "typing":
        budget = float(argv[4]) if len(argv) > 4 else 1e9
        print(json.dumps(asyncio.run(_typing(argv[1], argv[2], int(argv[3]), budget))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
