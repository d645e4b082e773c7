"""App memory under a key flood: does RSS keep growing while a person types and browses?

`python -m bench.keyflood [--keys 10000] [--warmup 1000]` builds an index of the repo's
seeds in a temporary folder, opens the app under Pilot and presses a fixed, mixed
sequence of keys: typing queries, j/k through results, enter/escape into and out of
articles, B/escape into and out of the bookmarks screen. RSS is read from /proc after the
warm-up and every 1,000 keys after it; the goal is growth of at most 10 %.

Also times what the test suite used to assert with a clock (long texts decoded and
cleaned, a 2 MB article opened and scrolled): figures belong here, not in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.probe import rss_mb

REPO = Path(__file__).resolve().parents[1]
WORDS = ("kim", "tariff", "apec", "trade", "minister", "lutnick", "deadline", "seoul")
GOAL_GROWTH = 0.10


def key_cycle() -> Iterator[str]:
    """An endless, fixed mix: type a query, move, open, back out, visit bookmarks."""
    for word in itertools.cycle(WORDS):
        yield "slash"
        yield from word
        yield "enter"
        yield from ("j", "j", "k", "enter", "j", "k", "escape")
        yield from ("B", "j", "k", "escape")
        yield from ("slash", *("backspace" for _ in word), "escape")


def _config(folder: Path, articles: Path) -> Path:
    path = folder / "config.yaml"
    path.write_text(
        f"articles: {str(articles)!r}\nindex_dir: {str(folder / 'ix')!r}\n"
        f"bookmarks: {str(folder / 'b.sqlite3')!r}\nwatch: false\n",
        encoding="utf-8",
    )
    return path


async def flood(config_path: Path, keys: int, warmup: int) -> dict[str, object]:
    """Press `warmup` then `keys` keys; RSS after warm-up and every 1,000 keys."""
    from index import load_config
    from tui.app import DatelineApp

    app = DatelineApp(load_config(config_path))
    samples: list[tuple[int, float]] = []
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        sequence = key_cycle()
        for _ in range(warmup):
            await pilot.press(next(sequence))
        await app.workers.wait_for_complete()
        gc.collect()
        samples.append((0, rss_mb()[0]))
        for pressed in range(1, keys + 1):
            await pilot.press(next(sequence))
            if pressed % 1000 == 0:
                await app.workers.wait_for_complete()
                await pilot.pause()
                gc.collect()
                samples.append((pressed, rss_mb()[0]))
    base, last = samples[0][1], samples[-1][1]
    return {
        "keys": keys,
        "warmup": warmup,
        "rss_after_warmup_mb": round(base, 1),
        "rss_after_flood_mb": round(last, 1),
        "growth": round((last - base) / base, 4),
        "peak_mb": round(rss_mb()[1], 1),
        "samples": [(n, round(mb, 1)) for n, mb in samples],
        "seconds": round(time.perf_counter() - started, 1),
        "goal_met": (last - base) / base <= GOAL_GROWTH,
    }


def timings(folder: Path) -> dict[str, float]:
    """The timings the suite no longer asserts, in seconds."""
    from index.cleaning import clean_text
    from index.loader import decode_article

    out: dict[str, float] = {}
    texts = {
        "decode+clean 2 MB paragraph": "word " * 400_000,
        "decode+clean 10k lines": "".join(f"line {i} of the wall of text\n" for i in range(10_000)),
        "decode+clean 1 MB without spaces": "x" * 1_000_000,
        "decode+clean 50k-item list": "".join(f"- item {i} of the list\n" for i in range(50_000)),
    }
    for name, text in texts.items():
        started = time.perf_counter()
        clean_text(decode_article(text.encode("utf-8")).text)
        out[name] = round(time.perf_counter() - started, 3)
    return out


def main() -> None:
    """Run the flood and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        from index import Library, load_config

        config = _config(folder, REPO / "seeds")
        library = Library(load_config(config))
        report = library.rebuild(full=True)
        library.close()
        if report.error:
            raise SystemExit(report.error)
        result = {
            "timings_s": timings(folder),
            **asyncio.run(flood(config, args.keys, args.warmup)),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
