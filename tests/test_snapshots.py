"""SVG snapshots of the reader: fixed size, fixed theme, no blinking, no clock on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from index import Config, NewBookmark
from tests.app_fixtures import app_config, make_app, seed_app_index, wait_idle
from tui.app import DatelineApp
from tui.widgets.results_list import ResultsList

__all__ = ["app_config", "seed_app_index"]

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "tui.widgets.status_line.describe_age", lambda built_at, now=None: "indexed today"
    )


async def _settle(pilot: Pilot[Any], app: DatelineApp) -> None:
    await wait_idle(pilot, app)
    for box in app.screen.query(Input):
        box.cursor_blink = False
    app.clear_notifications()
    await pilot.pause()


async def _search(pilot: Pilot[Any], app: DatelineApp, text: str) -> None:
    await _settle(pilot, app)
    for box in app.screen.query(Input):
        box.cursor_blink = False
    await pilot.press("slash", *text)
    await _settle(pilot, app)


def test_results(app_config: Config, snap_compare: SnapCompare) -> None:
    app = make_app(app_config)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _search(pilot, app, "lutnick")

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_article_with_highlights(app_config: Config, snap_compare: SnapCompare) -> None:
    app = make_app(app_config)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _search(pilot, app, "lutnick")
        app.main_screen.query_one(ResultsList).focus()
        await pilot.press("enter")
        await _settle(pilot, app)
        await pilot.press("right_square_bracket", "n")
        await _settle(pilot, app)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_bookmarks_screen(app_config: Config, snap_compare: SnapCompare) -> None:
    app = make_app(app_config)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot, app)
        library = app.library
        assert library is not None
        hit = library.search(__import__("index").SearchRequest("sufficient productive")).hits[0]
        article = library.article(hit.id)
        assert article is not None
        start = article.text.index("we had a sufficient")
        end = start + 45
        library.bookmarks.add(
            NewBookmark(
                article.id,
                article.path,
                article.title,
                "2025-10-16",
                article.text[start:end],
                start,
                end,
                "Kim Yong-beom",
                None,
                "",
                "",
                "deadline stance",
                ("apec",),
                "quote",
            )
        )
        app.main_screen.query_one(ResultsList).focus()
        await pilot.press("B")
        await _settle(pilot, app)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_help(app_config: Config, snap_compare: SnapCompare) -> None:
    app = make_app(app_config)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot, app)
        app.main_screen.query_one(ResultsList).focus()
        await pilot.press("question_mark")
        await _settle(pilot, app)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_narrow_80x24(app_config: Config, snap_compare: SnapCompare) -> None:
    app = make_app(app_config)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _search(pilot, app, "kim yong")
        app.main_screen.query_one(ResultsList).focus()
        await pilot.press("enter")
        await _settle(pilot, app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
