"""Child-process probes: memory of a searching library, and a headless cold start.

Both must run in a fresh interpreter: RSS of the benchmark process would include the
baselines' indexes, and a cold start must pay every import.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any


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


def main(argv: list[str]) -> int:
    """`python -m bench.probe rss CONFIG QUERIES N` or `... headless CONFIG T0 TIMEOUT`."""
    if argv[0] == "rss":
        print(json.dumps(search_rss(argv[1], argv[2], int(argv[3]))))
    elif argv[0] == "headless":
        seconds = asyncio.run(_headless(argv[1], float(argv[2]), float(argv[3])))
        print(json.dumps({"seconds": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
