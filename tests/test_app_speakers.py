"""Pilot tests of who said what: it streams (first page, then the rest, "loading…" until
complete), its filter updates the counts, partial quotes are listed, and it fits 80 columns."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

import tui.paint_hold as paint_hold_module
from index import Config, Library, Quote, QuoteRecord
from tests.app_fixtures import (
    app_config,
    build_index,
    make_app,
    seed_app_index,
    wait_idle,
    wait_until,
)
from tui.app import DatelineApp
from tui.screens.remark_filter import ALL
from tui.screens.speakers import SpeakersScreen
from tui.widgets.quote_list import QuoteList, quote_prompt
from tui.widgets.results_list import ResultsList
from tui.widgets.speaker_list import SpeakerList

__all__ = ["app_config", "seed_app_index"]

PARTIAL_ONLY = """Minister hails harbour deal

LONDON, 3 March 2025 - Transport minister Alice Walker said on Monday that the harbour plan \
was "a real step forward for the town" and that work would start soon.
Walker told reporters the scheme was "long overdue after years of delay" in the area.
"""


class GatedLibrary(Library):
    """The real library, whose quotes come one article at a time and stop after the first
    page until the test opens the gate."""

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.gate = threading.Event()

    def quote_pages(
        self,
        speaker: str | None = None,
        kinds: tuple[str, ...] = ("full", "partial"),
        first: int = 40,
        page: int = 400,
    ) -> Iterator[list[QuoteRecord]]:
        pages = super().quote_pages(speaker, kinds, first=1, page=1)
        yield next(pages)
        self.gate.wait(30)
        yield from pages


async def open_speakers(pilot: Pilot[int], app: DatelineApp) -> SpeakersScreen:
    await wait_idle(pilot, app)
    app.main_screen.query_one(ResultsList).focus()
    await pilot.press("W")
    assert await wait_until(pilot, lambda: isinstance(app.screen, SpeakersScreen))
    assert isinstance(app.screen, SpeakersScreen)
    return app.screen


def head_text(screen: SpeakersScreen) -> str:
    return str(screen.query_one("#speakers-count", Static).render())


def speaker_counts(screen: SpeakersScreen) -> dict[str, int]:
    """Speaker list rows as shown: label -> count."""
    listed = screen.query_one(SpeakerList)
    rows: dict[str, int] = {}
    for i in range(listed.option_count):
        option = listed.get_option_at_index(i)
        match = re.fullmatch(r"(.*?)\s+(\d+)", str(option.prompt).strip())
        if match and not option.disabled:
            rows[match.group(1)] = int(match.group(2))
    return rows


async def test_first_page_shows_while_loading_then_the_rest(app_config: Config) -> None:
    library = GatedLibrary(app_config)
    app = DatelineApp(app_config, library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_speakers(pilot, app)
        assert await wait_until(pilot, lambda: bool(screen.shown_records))
        assert screen.loading
        assert "loading…" in head_text(screen)
        first = {r.article_id for r in screen.shown_records}
        assert len(first) == 1
        library.gate.set()
        assert await wait_until(pilot, lambda: not screen.loading)
        await pilot.pause()
        assert "loading" not in head_text(screen)
        assert len({r.article_id for r in screen.shown_records}) > 1
        counts = speaker_counts(screen)
        total = sum(len(g) for g in screen.visible_groups())
        assert counts["Everyone"] == total


async def test_filter_updates_the_counts(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_speakers(pilot, app)
        assert await wait_until(pilot, lambda: not screen.loading)
        await pilot.pause()
        before = speaker_counts(screen)
        await pilot.press("slash", *"tariff")
        await pilot.pause()
        after = speaker_counts(screen)
        groups = screen.visible_groups()
        shown = [r for g in groups for r in g]
        assert shown and all(
            any("tariff" in w.quote.text.casefold() + w.title.casefold() for w in g)
            or any("tariff" in (w.quote.speaker or "").casefold() for w in g)
            or any("tariff" in (w.source or "").casefold() for w in g)
            for g in groups
        )
        assert after["Everyone"] == len(shown) < before["Everyone"]
        by_speaker = Counter(r.quote.speaker for r in shown if r.quote.speaker)
        for name, count in by_speaker.items():
            assert after[name] == count
        assert "matching" in head_text(screen)


async def test_a_filter_key_is_painted_with_the_lists_it_filters(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long fallback: only the filtered lists can end a hold within the test.
    monkeypatch.setattr(paint_hold_module, "HOLD_PAINT_S", 60.0)
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_speakers(pilot, app)
        assert await wait_until(pilot, lambda: not screen.loading)
        hold = screen._filter_paint
        held: list[tuple[str, int]] = []
        released: list[str] = []
        start, release = hold.hold, hold.release

        def spy_hold() -> None:
            start()
            held.append((screen.query_one("#speakers-filter", Input).value, app._batch_count))

        def spy_release() -> None:
            if hold.held:
                released.append(screen.filter_text)
            release()

        hold.hold = spy_hold  # type: ignore[method-assign]
        hold.release = spy_release  # type: ignore[method-assign]
        await pilot.press("j")  # a key outside the box holds nothing
        await pilot.press("slash")
        await pilot.pause()
        assert held == []
        await pilot.press(*"tar", "backspace", "left")
        assert await wait_until(pilot, lambda: app._batch_count == 0 and len(released) == 4)
        # each editing key held the paint (before it reached the box) until its filter ran
        assert held == [("", 1), ("t", 1), ("ta", 1), ("tar", 1)]
        assert released == ["t", "ta", "tar", "ta"]
        assert screen.filter_text == "ta" and not hold.held


async def test_partial_quotes_are_listed_and_marked(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "harbour.txt").write_text(PARTIAL_ONLY, encoding="utf-8")
    config = build_index(tmp_path, articles)
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_speakers(pilot, app)
        assert await wait_until(pilot, lambda: not screen.loading)
        await pilot.pause()
        records = screen.shown_records
        assert records and {r.quote.kind for r in records} == {"partial"}
        quotes = screen.query_one(QuoteList)
        prompts = [str(quotes.get_option_at_index(i).prompt) for i in range(quotes.option_count)]
        assert not any("No quotes" in p for p in prompts)
        assert any("partial quote" in p for p in prompts)


async def test_layout_at_80_columns(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_speakers(pilot, app)
        assert await wait_until(pilot, lambda: not screen.loading)
        await pilot.pause()
        listed = screen.query_one(SpeakerList)
        assert listed.get_option_at_index(0).id == ALL

        # every speaker row is one line: the name and its count side by side (rows are
        # cut to the list's width, redrawn once the narrow layout has given it one)
        def rows() -> list[str]:
            height = listed.scrollable_content_region.height
            lines = [listed.render_line(y).text.strip() for y in range(height)]
            return [line for line in lines if line][: listed.option_count]

        def fitted() -> bool:
            return all(re.fullmatch(r"\S.*\S\s+\d+", line) for line in rows())

        assert await wait_until(pilot, fitted), rows()
        height = listed.scrollable_content_region.height
        assert len(rows()) >= min(listed.option_count, height)
        # the head: title, separator, counts, separator, filter box
        head = [type(w).__name__ for w in screen.query_one("#speakers-head").children]
        assert head == ["Static", "Static", "Static", "Static", "FixedInput"]
        separators = screen.query(".head-sep").results(Static)
        assert all(str(s.render()).strip() == "│" for s in separators)


def test_a_grouped_quote_keeps_its_bar_on_every_wrapped_line() -> None:
    text = "We are at a juncture when the two countries are engaging in negotiations " * 2
    record = QuoteRecord(
        "a1", "A very long headline about the talks in Washington", "2025-10-17",
        "Korea Bizwire", Quote(text, "full", "Kim Yong-beom", None, 0, len(text)),
    )  # fmt: skip
    lines = quote_prompt(record, grouped=True, width=60).plain.split("\n")
    assert len(lines) >= 4  # the quote wraps, the source line stays one line
    assert all(line.startswith("┃ ") and len(line) <= 60 for line in lines)
    assert lines[-1].startswith("┃ — Kim Yong-beom") and lines[-1].endswith("…")
    plain = quote_prompt(record, grouped=False, width=60).plain.split("\n")
    assert all(line.startswith("  ") for line in plain)
