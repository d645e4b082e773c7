"""Every screen and panel through the app (Pilot): key → first useful paint, filter keys.

One fresh process opens the real app headless on an existing index (a scratch copy of its
config, seeded with N bookmarks and a saved search), waits for the populated first screen,
then for each item times from the key press to the first screen update that shows the
useful state (see `bench/README.md` for each condition). Prints one JSON line:
`{"items": {name: {"first_ms", "complete_ms"?, "filter_p95_ms"?, "rows"?, "note"?}}, …}`.

Usage: python -m bench.screens_paint CONFIG [--bookmarks 10000] [--only a,b] [--timeout 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.paint import Look, PaintLog, nothing_to_paint, p95, screen_look, timed_app
from bench.screens_seed import SAVED_NAME, scratch_config, seed

ITEMS = (
    "who_said_what",
    "entity_sidebar",
    "explain",
    "related",
    "bookmarks",
    "palette_commands",
    "palette_entities",
    "palette_articles",
    "palette_saved",
    "concordance",
)
"""Measured in this order (the sidebar's query gives explain and related their results)."""
BROAD_WORD = "said"
"""The broad query whose entity sidebar is timed."""
Figures = dict[str, Any]


class ScreensProbe:
    """Drives one app through every item; each item fills its own figures."""

    def __init__(self, app: Any, pilot: Any, log: PaintLog, timeout: float) -> None:
        self.app, self.pilot, self.log, self.timeout = app, pilot, log, timeout
        self.person: str | None = None
        self.words = ["minister", "economic growth"]

    @property
    def main(self) -> Any:
        return self.app.main_screen

    async def home(self) -> None:
        """Back to the main screen with the results list focused (keys are keys there)."""
        from tui.widgets.results_list import ResultsList

        for _ in range(4):
            if self.app.screen is self.main:
                break
            await self.pilot.press("escape")
            await self.pilot.pause(0.1)
        while self.app.screen is not self.main and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
            await self.pilot.pause(0.1)
        self.main.query_one(ResultsList).focus()
        await self.pilot.pause(0.2)

    async def timed(
        self, key: str, look: Look, test: Callable[[Any], bool], then: Callable[[Any], bool] | None
    ) -> tuple[float | None, float | None]:
        """ms from `key` to the first update passing `test` (and, if given, `then`)."""
        self.log.look = look
        mark = self.log.mark
        t0 = time.perf_counter()
        await self.pilot.press(key)
        first = await self.log.wait(mark, test, self.timeout)
        done = None if then is None else await self.log.wait(mark, then, self.timeout)
        return (
            None if first is None else (first - t0) * 1000,
            None if done is None else (done - t0) * 1000,
        )

    async def filter_keys(self, box: str, words: list[str]) -> list[float]:
        """ms per key typed into the screen's filter `box` to the update filtered by exactly
        the typed text (the look must report it as "filter"), or, for a key that changes
        no row, to the moment its filter is applied with nothing left to paint."""
        keys: list[float] = []
        for word in words:
            self.app.screen.query_one(box).focus()
            await self.pilot.press("ctrl+u")
            await self.pilot.pause(0.2)
            for end in range(1, len(word) + 1):
                text = word[:end]
                mark = self.log.mark
                t0 = time.perf_counter()
                await self.pilot.press(word[end - 1])
                when = await self.log.wait_or_settled(
                    mark, partial(_filtered_by, text), partial(self._settled, text), self.timeout
                )
                if when is not None:
                    keys.append((when - t0) * 1000)
        return keys

    def _settled(self, text: str) -> bool:
        """The screen's filter is `text` and it has nothing left to paint."""
        screen = self.app.screen
        return getattr(screen, "filter_text", None) == text and nothing_to_paint(screen)

    # -- the items -------------------------------------------------------------------------

    async def who_said_what(self) -> Figures:
        from tui.screens.speakers import SpeakersScreen

        look = screen_look(
            SpeakersScreen,
            lambda s: {"rows": len(s.shown_records), "loading": s.loading, "filter": s.filter_text},
        )

        first, done = await self.timed(
            "W", look, lambda s: s["rows"] > 0, lambda s: s["rows"] > 0 and not s["loading"]
        )
        out = _figures(first, done)
        out["rows"] = len(self.app.screen.shown_records) if first is not None else 0
        if done is not None:
            _filter_figures(out, await self.filter_keys("#speakers-filter", self.words))
        return out

    async def entity_sidebar(self) -> Figures:
        main = self.main
        await self.pilot.press("slash")  # the search bar's key
        await self.pilot.press("ctrl+u")
        await self.pilot.press(*BROAD_WORD[:-1])
        await self.pilot.pause(1.0)
        before = main.entities  # held, so a new table never reuses its id

        def look(app: Any) -> dict[str, Any] | None:
            if app.screen is not main:
                return None
            return {
                "query": main.query_text,
                "new": main.entities is not before,
                "rows": len(main.entities),
                "pending": main.entities_pending,
            }

        first, _ = await self.timed(
            BROAD_WORD[-1],
            look,
            lambda s: s["query"] == BROAD_WORD and s["new"] and s["rows"] and not s["pending"],
            None,
        )
        out = _figures(first, None)
        out["rows"] = len(main.entities)
        return out

    async def explain(self) -> Figures:
        from tui.screens.explain import ExplainScreen

        if self.main.results is None:
            return {"note": "no search results to explain"}
        first, _ = await self.timed(
            "X", lambda app: isinstance(app.screen, ExplainScreen) or None, bool, None
        )
        return _figures(first, None)

    async def related(self) -> Figures:
        from tui.screens.related import RelatedScreen

        main, library = self.main, self.main.library
        hits = main.results.hits[:10] if main.results is not None else []
        texts = {h.id: library.article(h.id) for h in hits}
        lengths = {i: len(a.text) for i, a in texts.items() if a is not None}
        if not lengths:
            return {"note": "no article among the top results to relate"}
        longest = max(lengths, key=lambda i: lengths[i])
        main.open_article(longest, None, True)
        if not await _until(lambda: main.article is not None and main.article.id == longest):
            return {"note": "the longest top article did not open"}
        await self.pilot.pause(0.3)

        look = screen_look(
            RelatedScreen,
            lambda s: (
                None
                if s.related is None
                else {"rows": len(s.related), "passages": s.passages_found}
            ),
        )

        # First paint: the list (titles, shared phrases); complete: the passages found.
        first, done = await self.timed("o", look, lambda s: True, lambda s: s["passages"])
        out = _figures(first, done)
        out["article_chars"] = lengths[longest]
        screen = self.app.screen
        out["rows"] = len(screen.related or ()) if isinstance(screen, RelatedScreen) else 0
        await self.home()
        main.close_article()
        return out

    async def bookmarks(self) -> Figures:
        from tui.screens.bookmarks import BookmarksScreen

        look = screen_look(
            BookmarksScreen, lambda s: {"rows": len(s.bookmarks), "filter": s.filter_text}
        )

        first, _ = await self.timed("B", look, lambda s: s["rows"] > 0, None)
        out = _figures(first, None)
        if first is not None:
            out["rows"] = len(self.app.screen.bookmarks)
            _filter_figures(out, await self.filter_keys("#bookmarks-filter", self.words))
        return out

    async def palette(self, query: str, provider: str) -> Figures:
        """ctrl+p, type `query` but its last key; then that key → a hit from `provider`."""
        from textual.command import CommandPalette

        self.app.action_command_palette()
        if not await _until(lambda: isinstance(self.app.screen, CommandPalette)):
            return {"note": "the palette did not open"}
        await self.pilot.pause(0.3)
        await self.pilot.press(*query[:-1])
        await self.pilot.pause(1.0)
        # Hits listed before the key do not count: each search makes new ones.
        held = (_palette_look(self.app) or {}).get("hits", [])
        old = {id(option) for _, option in held}
        first, _ = await self.timed(
            query[-1],
            _palette_look,
            lambda s: (
                s["input"] == query
                and any(p == provider and id(o) not in old for p, o in s["hits"])
            ),
            None,
        )
        return _figures(first, None)

    async def concordance(self) -> Figures:
        """From the palette's "Concordance: person: …" for the commonest person: ↵ → lines."""
        from textual.widgets import OptionList

        from tui.safe import flat
        from tui.screens.concordance import ConcordanceScreen

        if self.person is None:
            return {"note": "the corpus has no person entity"}
        wanted = f"Concordance: person: {flat(self.person, 80)}"
        palette = await self.palette(self.person, "entities")
        if "note" in palette:
            return palette
        listed = self.app.screen.query_one("CommandList", OptionList)

        def index() -> int | None:
            for i in range(listed.option_count):
                if (
                    getattr(getattr(listed.get_option_at_index(i), "hit", None), "text", "")
                    == wanted
                ):
                    return i
            return None

        if not await _until(lambda: index() is not None):
            return {"note": f"the palette never listed {wanted!r}"}
        listed.highlighted = index()
        await self.pilot.pause(0.2)

        look = screen_look(
            ConcordanceScreen, lambda s: {"rows": s.listed, "loading": s.mentions is None}
        )

        first, done = await self.timed(
            "enter", look, lambda s: s["rows"] > 0, lambda s: not s["loading"]
        )
        out = _figures(first, done)
        screen = self.app.screen
        out["rows"] = len(screen.mentions or ()) if isinstance(screen, ConcordanceScreen) else 0
        out["person"] = self.person
        out["note"] = "no filter on this screen"
        return out

    async def item(self, name: str) -> Figures:
        """One item's figures, back on the main screen afterwards whatever happened."""
        await self.home()
        palettes = {
            "palette_commands": ("who said", "commands"),
            "palette_entities": (self.person or "minister", "entities"),
            "palette_articles": (self._title_words(), "articles"),
            "palette_saved": (SAVED_NAME, "saved"),
        }
        try:
            if name in palettes:
                out = await self.palette(*palettes[name])
                out["query"] = palettes[name][0]
            else:
                out = await getattr(self, name)()
        except Exception as error:  # a failed item is reported, the others still run
            out = {"note": f"failed: {type(error).__name__}: {error}"[:300]}
        if out.get("first_ms") is None and "note" not in out:
            out["note"] = f"timeout: no useful paint within {self.timeout:.0f} s"
        await self.home()
        return out

    def _title_words(self) -> str:
        results = self.main.results
        title = results.hits[0].title if results is not None and results.hits else "minister"
        words = [w.strip("'\"‘’“”") for w in title.split()[:2]]
        return " ".join(w for w in words if w) or "minister"


def _palette_look(app: Any) -> dict[str, Any] | None:
    from textual.command import CommandPalette
    from textual.widgets import Input, OptionList

    s = app.screen
    if not isinstance(s, CommandPalette):
        return None
    listed = s.query_one("CommandList", OptionList)
    options = [listed.get_option_at_index(i) for i in range(listed.option_count)]
    hits = [(_provider(getattr(option, "hit", None)), option) for option in options]
    return {"input": s.query_one(Input).value, "hits": hits}


def _provider(hit: Any) -> str:
    """Which provider made a palette hit, from its text and help (see tui/palette/)."""
    text, help_text = str(getattr(hit, "text", "") or ""), str(getattr(hit, "help", "") or "")
    if text.startswith("Saved search:") or text.startswith("Delete saved search:"):
        return "saved"
    if text.startswith(("Only ", "Exclude ", "Concordance: ")):
        return "entities"
    if help_text.startswith("Open this article"):
        return "articles"
    return "commands"


def _filtered_by(text: str, seen: dict[str, Any]) -> bool:
    return bool(seen.get("filter") == text)


def _figures(first: float | None, complete: float | None) -> Figures:
    out: Figures = {"first_ms": first}
    if complete is not None:
        out["complete_ms"] = complete
    return out


def _filter_figures(out: Figures, keys: list[float]) -> None:
    if keys:
        out["filter_keys"] = len(keys)
        out["filter_median_ms"] = sorted(keys)[len(keys) // 2]
        out["filter_p95_ms"] = p95(keys)
        out["filter_max_ms"] = max(keys)


async def _until(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Set-up steps off the clock wait for a state (a busy machine is slow, not wrong)."""
    deadline = time.perf_counter() + seconds
    while not condition() and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
    return condition()


async def _run(
    config_path: str, bookmarks: int, only: list[str], words: list[str], timeout: float
) -> Figures:
    """The probe on a scratch copy of the config, removed afterwards."""
    scratch = scratch_config(config_path)
    try:
        return await _probe(scratch, bookmarks, only, words, timeout)
    finally:
        shutil.rmtree(scratch.parent, ignore_errors=True)


async def _probe(
    scratch: Path, bookmarks: int, only: list[str], words: list[str], timeout: float
) -> Figures:
    """Seed the scratch library, start the app on it and measure each item in turn."""
    from index import load_config
    from tui.widgets.results_list import ResultsList

    t0 = time.perf_counter()
    saved, person = seed(scratch, bookmarks)
    out: Figures = {"bookmarks": saved, "seed_s": time.perf_counter() - t0, "items": {}}
    log = PaintLog()
    app = timed_app(load_config(str(scratch)), log)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.main_screen.results is None or not app.main_screen.entities:
            await asyncio.sleep(0.01)  # the sidebar has counted entities: the app settled
        await pilot.pause(0.5)
        app.main_screen.query_one(ResultsList).focus()
        probe = ScreensProbe(app, pilot, log, timeout)
        probe.person, probe.words = person, words
        for name in only:
            print(f"screens: {name}", file=sys.stderr, flush=True)
            out["items"][name] = await probe.item(name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("config", help="config file of an indexed library")
    parser.add_argument("--bookmarks", type=int, default=10_000)
    parser.add_argument("--only", default=",".join(ITEMS), help="comma-separated items")
    parser.add_argument("--words", default="minister,economic growth", help="filter words")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per item")
    args = parser.parse_args(argv)
    only = [name for name in args.only.split(",") if name]
    unknown = sorted(set(only) - set(ITEMS))
    if unknown:
        parser.error(f"unknown items: {', '.join(unknown)}")
    words = [w for w in args.words.split(",") if w]
    result = asyncio.run(_run(args.config, args.bookmarks, only, words, args.timeout))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
