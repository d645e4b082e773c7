"""Pilot tests of the line-drawn results list: keys, mouse, open mark, lazy snippets, paint holds.

Most tests run on a generated corpus of ~50 small articles that all match `okapi`, so the
list is several screenfuls long; the few-row checks use the five seeds.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

import tui.paint_hold as paint_hold_module
import tui.screens.search_session as search_session_module
from index import Config, SearchHit, SearchRequest, SnippetPart, load_config
from tests.app_fixtures import app_config, build_index, seed_app_index, settle, wait_until
from tests.configs import write_config
from tui.app import DatelineApp
from tui.screens.main import MainScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.results_list import ROW_HEIGHT, ROW_LINES, ResultsList

__all__ = ["app_config", "seed_app_index"]

ARTICLES = 48
"""Generated articles; every one mentions okapi, every third also zebra."""
EVIL_TITLE = "Okapi \x1b[31mred\x1b[0m alert \x07 bell"
"""One more article whose title and body carry terminal escapes."""
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Characters that must never reach the terminal raw."""
SIZE = (120, 40)


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(ARTICLES):
        marker = " zebra" if i % 3 == 0 else ""
        (folder / f"a{i:03d}.txt").write_text(
            f"Okapi report {i}{marker} from the valley\n\n"
            f"Rangers counted animals near river {i} at dawn. The okapi herd number {i} "
            "grazed quietly in the clearing. Visitors waited by the gate.\n",
            encoding="utf-8",
        )
    (folder / "evil.txt").write_text(
        f"{EVIL_TITLE}\n\nThe okapi \x1b]52;c;aGVsbG8=\x07 escaped \x1b[2J the pen.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def okapi_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus indexed once per module; tests copy the index."""
    folder = tmp_path_factory.mktemp("okapi-index")
    _write_corpus(folder / "articles")
    build_index(folder, folder / "articles")
    return folder


@pytest.fixture
def okapi_config(okapi_index: Path, tmp_path: Path) -> Iterator[Config]:
    """A private copy of the generated index (the app may write to it)."""
    shutil.copytree(okapi_index / "ix", tmp_path / "ix")
    (tmp_path / "ix").chmod(0o700)
    yield load_config(str(write_config(tmp_path, okapi_index / "articles")))


# -- helpers ---------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def running(config: Config) -> AsyncIterator[tuple[DatelineApp, Pilot[int]]]:
    """The app on `config` at SIZE, settled on its first screen."""
    app = DatelineApp(config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        yield app, pilot


def listing(app: DatelineApp) -> ResultsList:
    return app.main_screen.query_one(ResultsList)


def search_box(app: DatelineApp) -> Input:
    return app.main_screen.query_one("#search", Input)


async def search(pilot: Pilot[int], app: DatelineApp, text: str) -> ResultsList:
    """Type `text` into an emptied search box, wait for its results, focus the list."""
    await pilot.press("slash")
    search_box(app).value = ""
    await pilot.press(*text)
    await settle(pilot, app)
    results = app.main_screen.results
    assert results is not None and results.request.query == text
    lst = listing(app)
    lst.focus()
    await pilot.pause()
    return lst


def row_top(lst: ResultsList, index: int) -> int:
    """The content line (as `render_line` counts) where row `index` starts."""
    return index * ROW_HEIGHT - round(lst.scroll_offset.y)


def on_screen(lst: ResultsList, index: int) -> bool:
    top = row_top(lst, index)
    return top >= 0 and top + ROW_LINES <= lst.scrollable_content_region.height


def drawn_row(lst: ResultsList, index: int) -> list[str]:
    """The three lines of row `index` as drawn now (it must be on screen)."""
    assert on_screen(lst, index), f"row {index} is not on screen"
    top = row_top(lst, index)
    return [lst.render_line(top + k).text for k in range(ROW_LINES)]


def drawn_lines(lst: ResultsList) -> list[str]:
    return [lst.render_line(y).text for y in range(lst.scrollable_content_region.height)]


def partly_on_screen(lst: ResultsList, index: int) -> bool:
    top = row_top(lst, index)
    return top + ROW_LINES > 0 and top < lst.scrollable_content_region.height


def rows_on_screen(lst: ResultsList) -> list[int]:
    return [i for i in range(lst.row_count) if on_screen(lst, i)]


def click_offset(lst: ResultsList, index: int, line: int) -> tuple[int, int]:
    """Where to click, relative to the widget (border included), for a line of row `index`."""
    content = lst.scrollable_content_region
    return (content.x - lst.region.x + 4, content.y - lst.region.y + row_top(lst, index) + line)


# -- keys ------------------------------------------------------------------------------------


async def test_cursor_keys_move_one_row_and_stop_at_the_ends(okapi_config: Config) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        last = lst.row_count - 1
        assert last + 1 == ARTICLES + 1
        assert lst.highlighted == 0
        await pilot.press("k", "up")
        assert lst.highlighted == 0
        await pilot.press("j")
        assert lst.highlighted == 1
        await pilot.press("down", "down")
        assert lst.highlighted == 3
        await pilot.press("up")
        assert lst.highlighted == 2
        await pilot.press("k")
        assert lst.highlighted == 1
        assert lst.highlighted_hit == lst.hits[1]
        await pilot.press("end")
        assert lst.highlighted == last
        assert on_screen(lst, last)
        assert round(lst.scroll_offset.y) == round(lst.max_scroll_y) > 0
        await pilot.press("j", "down")
        assert lst.highlighted == last
        await pilot.press("home")
        assert lst.highlighted == 0
        assert round(lst.scroll_offset.y) == 0
        await pilot.press("G")
        assert lst.highlighted == last
        await pilot.press("g")
        assert lst.highlighted == 0
        # the cursor row is drawn as the highlighted hit
        assert drawn_row(lst, 0)[0].strip().startswith(lst.row_text(0)[0][:20])


async def test_page_keys_move_a_screenful_and_keep_the_cursor_visible(
    okapi_config: Config,
) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        visible = lst.visible_rows
        fits = lst.scrollable_content_region.height // ROW_HEIGHT
        assert visible >= 3 and fits <= visible <= fits + 1
        step = visible - 1
        await pilot.press("pagedown")
        assert lst.highlighted == step
        assert on_screen(lst, step)
        await pilot.press("pagedown")
        assert lst.highlighted == 2 * step
        assert on_screen(lst, 2 * step)
        assert lst.scroll_offset.y > 0
        assert not on_screen(lst, 0)
        await pilot.press("pageup")
        assert lst.highlighted == step and on_screen(lst, step)
        await pilot.press("pageup", "pageup")
        assert lst.highlighted == 0 and on_screen(lst, 0)
        for _ in range(lst.row_count // step + 2):
            await pilot.press("pagedown")
            assert lst.highlighted is not None and on_screen(lst, lst.highlighted)
        assert lst.highlighted == lst.row_count - 1
        # what is drawn at the cursor row is that row
        top_line = drawn_row(lst, lst.row_count - 1)[0]
        assert lst.row_text(lst.row_count - 1)[0][:20] in top_line


# -- enter, enter: the top hit ------------------------------------------------------------------


async def test_enter_in_search_selects_the_top_hit_of_the_final_query(app_config: Config) -> None:
    """Typing "tariff" passes through "t", whose top hit is further down for "tariff": the
    cursor must not stay on it (the user never chose it), and Enter, Enter opens the top."""
    async with running(app_config) as (app, pilot):
        await pilot.press("slash", "t")
        await settle(pilot, app)
        first = app.main_screen.results
        assert first is not None and first.request.query == "t"
        await pilot.press(*"ariff")
        await settle(pilot, app)
        results = app.main_screen.results
        assert results is not None and results.request.query == "tariff"
        # the seeds make this a real check: "t"'s top hit is not "tariff"'s
        assert first.hits[0].id != results.hits[0].id
        assert first.hits[0].id in [h.id for h in results.hits]
        lst = listing(app)
        assert lst.highlighted == 0
        await pilot.press("enter")
        assert isinstance(app.focused, ResultsList)
        assert lst.highlighted == 0
        await pilot.press("enter")
        await settle(pilot, app)
        view = app.main_screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == results.hits[0].id


async def test_enter_in_search_goes_to_the_top_even_after_a_cursor_move(
    okapi_config: Config,
) -> None:
    async with running(okapi_config) as (app, pilot):
        lst, target = await highlight_a_zebra(pilot, app)
        await pilot.press("slash", *" zebra")
        await settle(pilot, app)
        assert_still_highlighted(app, lst, target)  # typing keeps the user's place
        await pilot.press("enter")  # but Enter goes to the top hit
        await settle(pilot, app)
        assert isinstance(app.focused, ResultsList)
        results = app.main_screen.results
        assert results is not None and results.request.query == "okapi zebra"
        assert lst.highlighted == 0 and on_screen(lst, 0)


async def test_enter_before_the_results_arrive_opens_the_new_top_hit(app_config: Config) -> None:
    """Keys in one burst: Enter, Enter reach the list while the last keystroke's search
    still runs; the article opened is the top hit of the whole query."""
    async with running(app_config) as (app, pilot):
        await pilot.press("slash", "t")
        await settle(pilot, app)
        screen = app.main_screen
        stale = screen.results
        assert stale is not None
        go = screen.session.start
        held: list[tuple[Any, ...]] = []

        def hold(*args: Any) -> None:
            held.append(args)  # the search of "tariff" waits until both Enters are in

        screen.session.start = hold  # type: ignore[method-assign,assignment]
        await pilot.press(*"ariff", "enter", "enter")
        assert screen.results is stale and screen.results_pending
        assert screen.article is None  # nothing of the stale list was opened
        screen.session.start = go  # type: ignore[method-assign]
        go(*held[-1])
        await settle(pilot, app)
        results = screen.results
        assert results is not None and results.request.query == "tariff"
        view = screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == results.hits[0].id


# -- opening ---------------------------------------------------------------------------------


def assert_marked_only(lst: ResultsList, index: int) -> None:
    """Row `index` carries the open mark on each line; the other rows on screen do not."""
    for row in rows_on_screen(lst):
        lines = drawn_row(lst, row)
        if row == index:
            assert all(line.startswith("▌") for line in lines), lines
        else:
            assert not any("▌" in line for line in lines), (row, lines)


async def test_enter_opens_the_article_and_marks_its_row(okapi_config: Config) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        assert not any("▌" in line for line in drawn_lines(lst))
        await pilot.press("j", "j", "enter")
        await settle(pilot, app)
        chosen = lst.hits[2]
        view = app.main_screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == chosen.id
        assert app.main_screen.open_id == lst.open_id == chosen.id
        assert isinstance(app.focused, ArticleView)
        assert lst.highlighted == 2
        assert_marked_only(lst, 2)


async def test_click_highlights_and_opens_the_row(okapi_config: Config) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        await pilot.click(ResultsList, offset=click_offset(lst, 3, 0))
        await settle(pilot, app)
        view = app.main_screen.query_one(ArticleView)
        assert lst.highlighted == 3
        assert view.article is not None and view.article.id == lst.hits[3].id
        assert_marked_only(lst, 3)
        # another row: the mark moves with the open article
        await pilot.click(ResultsList, offset=click_offset(lst, 1, 1))
        await settle(pilot, app)
        assert lst.highlighted == 1
        assert view.article is not None and view.article.id == lst.hits[1].id
        assert_marked_only(lst, 1)


def backgrounds(lst: ResultsList, index: int) -> list[object]:
    """The background of each segment of row `index`'s first line, as drawn now."""
    strip = lst.render_line(row_top(lst, index))
    return [segment.style.bgcolor if segment.style else None for segment in strip]


def row_background(lst: ResultsList, index: int) -> object:
    """The background of row `index`'s gutter and padding (its first and last cells)."""
    drawn = backgrounds(lst, index)
    assert drawn[0] == drawn[-1], drawn
    return drawn[0]


async def test_the_row_under_the_mouse_is_styled(okapi_config: Config) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        plain = row_background(lst, 3)
        assert row_background(lst, 2) == plain
        await pilot.hover(ResultsList, offset=click_offset(lst, 2, 0))
        await pilot.pause()
        hovered = row_background(lst, 2)
        assert hovered != plain and row_background(lst, 3) == plain
        assert row_background(lst, 0) not in (plain, hovered)  # the cursor row wins
        await pilot.hover(ResultsList, offset=click_offset(lst, 3, 1))
        await pilot.pause()
        assert row_background(lst, 3) == hovered and row_background(lst, 2) == plain
        await pilot.hover("#article")
        await pilot.pause()
        assert row_background(lst, 3) == plain
        assert app.main_screen.open_id is None  # hovering opens nothing


async def test_text_on_the_cursor_and_hover_rows_has_the_row_background(
    okapi_config: Config,
) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        await pilot.hover(ResultsList, offset=click_offset(lst, 2, 0))
        await pilot.pause()
        for row in (0, 2):  # the cursor row, the row under the mouse
            drawn = backgrounds(lst, row)
            assert len(set(drawn)) == 1, (row, drawn)


async def test_click_on_a_snippet_line_opens_that_row_and_on_a_rule_nothing(
    okapi_config: Config,
) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        await pilot.click(ResultsList, offset=click_offset(lst, 0, ROW_LINES))  # the rule
        await settle(pilot, app)
        assert app.main_screen.open_id is None and lst.highlighted == 0
        await pilot.click(ResultsList, offset=click_offset(lst, 2, 2))  # row 2's snippet
        await settle(pilot, app)
        assert lst.highlighted == 2
        assert app.main_screen.open_id == lst.hits[2].id


# -- drawing ---------------------------------------------------------------------------------


async def test_rules_between_rows_and_none_after_the_last(app_config: Config) -> None:
    async with running(app_config) as (app, pilot):
        lst = listing(app)
        rows = lst.row_count
        assert rows == 5
        assert lst.virtual_size.height == rows * ROW_HEIGHT - 1
        lines = drawn_lines(lst)
        assert len(lines) > rows * ROW_HEIGHT  # the whole list fits, with room below
        for row in range(rows):
            rule = lines[row * ROW_HEIGHT + ROW_LINES]
            if row < rows - 1:
                assert set(rule) == {"─"}, (row, rule)
            else:
                assert rule.strip() == "", rule
        assert all(line.strip() == "" for line in lines[rows * ROW_HEIGHT :])
        assert not any("─" in line for line in lines[rows * ROW_HEIGHT - 1 :])
        # a single hit has no rule at all
        lst = await search(pilot, app, "title:snag")
        assert lst.row_count == 1
        assert not any("─" in line for line in drawn_lines(lst))


async def test_drawn_rows_never_hold_raw_control_characters(okapi_config: Config) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        evil = next(i for i, hit in enumerate(lst.hits) if hit.id == "evil.txt")
        seen: set[int] = set()
        for _ in range(lst.row_count // max(1, lst.visible_rows - 1) + 2):
            for line in drawn_lines(lst):
                assert not CONTROL.search(line), repr(line)
            seen.update(rows_on_screen(lst))
            await pilot.press("pagedown")
            await settle(pilot, app)
        assert seen == set(range(lst.row_count))
        for index in range(lst.row_count):
            assert not any(CONTROL.search(line) for line in lst.row_text(index))
        title = lst.row_text(evil)[0]
        assert "␛[31mred" in title and "alert" in title


async def test_raw_escapes_in_hits_are_drawn_as_visible_symbols(okapi_config: Config) -> None:
    """The list sanitises what it draws itself, whatever a hit holds."""
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        results = app.main_screen.results
        assert results is not None
        raw = SearchHit(
            id="raw.txt",
            path="raw.txt",
            title="Raw \x1b[2Jtitle\x07 \x9b31m",
            date="2025-\x1b[1m10",
            source="Wire\x1b]0;pwned\x07",
            score=1.0,
            snippet=(SnippetPart("lead \x1b[5m "), SnippetPart("okapi", True), SnippetPart("\r\n")),
        )
        app.main_screen.results = replace(results, hits=(raw, *results.hits[1:]))
        await settle(pilot, app)
        assert lst.hits[0] == raw
        texts = lst.row_text(0)
        drawn = drawn_row(lst, 0)
        for line in (*texts, *drawn):
            assert not CONTROL.search(line), repr(line)
        assert "␛[2Jtitle" in texts[0] and "␛]0;pwned" in texts[1]
        assert "okapi" in texts[2] and "␛[5m" in texts[2]
        assert "Raw ␛[2Jtitle" in drawn[0]


# -- results changing under the cursor ---------------------------------------------------------


async def highlight_a_zebra(pilot: Pilot[int], app: DatelineApp) -> tuple[ResultsList, str]:
    """Search okapi and put the cursor on a hit that `okapi zebra` lists, but not first."""
    lst = await search(pilot, app, "okapi")
    assert app.library is not None
    refined = app.library.search(SearchRequest("okapi zebra", as_you_type=True))
    assert 1 < refined.total < lst.row_count
    target = refined.hits[-1].id
    index = [h.id for h in lst.hits].index(target)
    assert index > 0
    await pilot.press(*["j"] * index)
    assert lst.highlighted_hit is not None and lst.highlighted_hit.id == target
    return lst, target


def assert_still_highlighted(app: DatelineApp, lst: ResultsList, target: str) -> None:
    results = app.main_screen.results
    assert results is not None and results.request.query == "okapi zebra"
    assert lst.row_count == results.total
    assert lst.highlighted_hit is not None and lst.highlighted_hit.id == target
    assert lst.highlighted == [h.id for h in lst.hits].index(target) > 0
    assert on_screen(lst, lst.highlighted)


async def test_refining_the_query_keeps_the_highlighted_article(okapi_config: Config) -> None:
    async with running(okapi_config) as (app, pilot):
        lst, target = await highlight_a_zebra(pilot, app)
        search_box(app).value = "okapi zebra"  # as pasted or recalled: one new query
        await settle(pilot, app)
        assert_still_highlighted(app, lst, target)


async def test_typing_a_refinement_keeps_the_highlighted_article(okapi_config: Config) -> None:
    async with running(okapi_config) as (app, pilot):
        lst, target = await highlight_a_zebra(pilot, app)
        await pilot.press("slash")
        assert search_box(app).value == "okapi"
        await pilot.press(*" zebra")
        await settle(pilot, app)
        assert_still_highlighted(app, lst, target)


async def test_rows_scrolled_to_get_their_snippets_and_the_cursor_stays(
    okapi_config: Config,
) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        results = app.main_screen.results
        assert results is not None
        first = results.request.snippets
        assert first == lst.visible_rows < lst.row_count
        assert all(hit.snippet for hit in lst.hits[:first])
        assert not any(hit.snippet for hit in lst.hits[first:])
        ids = [hit.id for hit in lst.hits]
        last = lst.row_count - 1
        await pilot.press("end")
        scrolled = lst.scroll_offset.y
        shown = rows_on_screen(lst)
        assert last in shown and min(shown) > first
        filled = await wait_until(pilot, lambda: all(lst.hits[i].snippet for i in shown))
        assert filled, [i for i in shown if not lst.hits[i].snippet]
        await settle(pilot, app)
        assert lst.highlighted == last
        assert lst.scroll_offset.y == scrolled
        assert [hit.id for hit in lst.hits] == ids
        results = app.main_screen.results
        assert results is not None and results.total == len(ids)
        # rows never on screen, not even in part, were not asked for
        seen = min(i for i in range(lst.row_count) if partly_on_screen(lst, i))
        assert seen > first
        assert not any(hit.snippet for hit in lst.hits[first:seen])
        for index in shown:
            hit = lst.hits[index]
            assert any(part.is_match and "okapi" in part.text.lower() for part in hit.snippet)
            snippet_line = drawn_row(lst, index)[2]
            assert "okapi" in snippet_line.lower(), snippet_line
        # the screen's own results hold the merged snippets too
        assert results.hits == lst.hits


async def test_rows_on_screen_get_snippets_again_after_the_index_reopens(
    okapi_config: Config,
) -> None:
    async with running(okapi_config) as (app, pilot):
        lst = await search(pilot, app, "okapi")
        await pilot.press("end")
        shown = rows_on_screen(lst)
        assert await wait_until(pilot, lambda: all(lst.hits[i].snippet for i in shown))
        assert app.library is not None
        app._show_status(app.library.status())  # what an update or rebuild ends with
        await settle(pilot, app)
        assert lst.highlighted == lst.row_count - 1 and rows_on_screen(lst) == shown
        filled = await wait_until(pilot, lambda: all(lst.hits[i].snippet for i in shown))
        assert filled, [i for i in shown if not lst.hits[i].snippet]


# -- one frame per keystroke -------------------------------------------------------------------


class HoldSpy:
    """Records which keys held the screen's paint, and what was shown when each hold ended."""

    def __init__(self, screen: MainScreen) -> None:
        self.held: list[str] = []
        """Keys that started a hold."""
        self.batches: list[int] = []
        """The app's batch depth just after each hold started (painting is off above 0)."""
        self.released: list[tuple[str | None, str | None]] = []
        """(query of the latest request, query of the results shown) at each release."""
        session = screen.session
        hold = session._paint_hold
        arriving, release = screen.key_arriving, hold.release

        def key_arriving(event: events.Key) -> None:
            before = hold.held
            arriving(event)
            if not before and hold.held:
                self.held.append(event.key)
                self.batches.append(screen.app._batch_count)

        def release_paint() -> None:
            if hold.held:
                request = session.request.query if session.request else None
                shown = screen.results.request.query if screen.results else None
                self.released.append((request, shown))
            release()

        screen.key_arriving = key_arriving  # type: ignore[method-assign]
        hold.release = release_paint  # type: ignore[method-assign]


async def test_a_typed_character_is_painted_with_its_results(
    okapi_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long fallback: only the results can end the hold within the test.
    monkeypatch.setattr(paint_hold_module, "HOLD_PAINT_S", 60.0)
    async with running(okapi_config) as (app, pilot):
        await pilot.press("slash")
        spy = HoldSpy(app.main_screen)
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        for key in "okap":
            await pilot.press(key)
        await settle(pilot, app)
        await pilot.press("backspace")
        await settle(pilot, app)
        screen = app.main_screen
        assert search_box(app).value == "oka"
        results = screen.results
        assert results is not None and results.request.query == "oka" and results.total > 0
        assert listing(app).hits == results.hits[: len(listing(app).hits)]
        assert spy.held[0] == "o" and spy.held[-1] == "backspace"
        assert all(depth > 0 for depth in spy.batches)
        assert len(spy.released) == len(spy.held)
        assert all(request == shown for request, shown in spy.released), spy.released
        assert spy.released[-1] == ("oka", "oka")
        assert not screen.session._paint_hold.held
        assert app._batch_count == 0


async def test_keys_outside_the_search_box_do_not_hold_painting(
    okapi_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paint_hold_module, "HOLD_PAINT_S", 60.0)
    async with running(okapi_config) as (app, pilot):
        lst = listing(app)
        lst.focus()
        await pilot.pause()
        spy = HoldSpy(app.main_screen)
        await pilot.press("j", "j", "k", "end", "home")
        await settle(pilot, app)
        assert lst.highlighted == 0
        # navigation keys in the search box change no query either
        await pilot.press("slash", "left", "right", "tab")
        await settle(pilot, app)
        assert spy.held == []
        assert not app.main_screen.session._paint_hold.held
        assert app._batch_count == 0


async def test_a_key_before_the_library_opens_does_not_hold_painting(
    okapi_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paint_hold_module, "HOLD_PAINT_S", 60.0)
    app = DatelineApp(okapi_config)

    def never_open() -> None:
        """The index is still opening for the whole test."""

    app._open_library = never_open  # type: ignore[method-assign,assignment]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        spy = HoldSpy(app.main_screen)
        assert app.library is None
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        await pilot.press("o", "k", "backspace")
        await pilot.pause()
        assert search_box(app).value == "o"
        assert app.main_screen.results is None
        assert spy.held == []
        assert app._batch_count == 0


async def test_a_key_that_changes_no_query_releases_the_hold_by_itself(
    okapi_config: Config,
) -> None:
    async with running(okapi_config) as (app, pilot):
        await pilot.press("slash")
        spy = HoldSpy(app.main_screen)
        screen: MainScreen = app.main_screen
        before = screen.results
        assert search_box(app).value == ""
        await pilot.press("backspace")  # an editing key in an empty box: no new query
        assert spy.held == ["backspace"]
        released = await wait_until(pilot, lambda: app._batch_count == 0)
        assert released and not screen.session._paint_hold.held
        assert len(spy.released) == 1
        assert screen.results is before


async def test_every_drawn_line_is_exactly_the_list_width(app_config: Config) -> None:
    """Pieces that fill a line exactly and then overflow still end in one ellipsis cell."""
    import random

    async with running(app_config) as (app, _pilot):
        listed = app.main_screen.query_one(ResultsList)
        base = listed.get_visual_style("results-list--row")
        gutter = listed.render_line(0)._segments[0]
        rng = random.Random(5)
        roles = ["results-list--snippet", "results-list--match", "results-list--title"]
        for _ in range(400):
            width = rng.randint(1, 40)
            pieces = tuple(
                ("x" * rng.randint(0, 12) + rng.choice(["", "é", "漢"]), rng.choice(roles))
                for _ in range(rng.randint(0, 5))
            )
            strip = listed._line_strip(pieces, width, base, gutter)
            drawn = "".join(segment.text for segment in strip)
            assert strip.cell_length == width
            assert sum(segment.cell_length for segment in strip) == width, (pieces, width)
            full = "".join(text for text, _ in pieces)
            if width > 2 and len(full) > 0 and not drawn[1:].rstrip().endswith("…"):
                assert full in drawn  # not cut: everything shown


async def test_the_next_page_loads_when_the_last_row_comes_into_view(
    okapi_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A keystroke lists a first page; reaching its end lists the rest, cursor in place,
    and the count always names how many the list can show."""
    monkeypatch.setattr(search_session_module, "FIRST_PAGE", 12)
    async with running(okapi_config) as (app, pilot):
        screen = app.main_screen
        await pilot.press("slash", *"okapi")
        await settle(pilot, app)
        listed = screen.query_one(ResultsList)
        assert screen.results is not None and screen.results.total == ARTICLES + 1
        assert listed.row_count == 12 and screen.results.request.limit == 12
        count = str(screen.query_one("#search-count").render())
        assert f"{ARTICLES + 1} results" in count and "first" not in count
        listed.focus()
        await pilot.press("end")
        await settle(pilot, app)
        assert listed.highlighted == 11
        assert await wait_until(pilot, lambda: listed.row_count == ARTICLES + 1)
        assert listed.highlighted == 11  # the cursor stayed on the article it was on
        assert screen.results is not None and screen.results.request.limit >= ARTICLES + 1
        await pilot.press("end")
        await settle(pilot, app)
        assert listed.highlighted == ARTICLES
        # a new keystroke starts again from a first page
        screen.query_one("#search", Input).focus()
        await pilot.press("backspace")
        await settle(pilot, app)
        assert listed.row_count == 12


async def test_typing_never_rearranges_the_screen(okapi_config: Config) -> None:
    """Results, a did-you-mean, nothing found, results again: the list stays where it was,
    as wide as it was, and no keystroke asks for a layout pass of the whole screen."""
    async with running(okapi_config) as (app, pilot):
        screen = app.main_screen
        lst = listing(app)
        await pilot.press("slash", *"okapi")
        await settle(pilot, app)
        region, content = lst.region, lst.scrollable_content_region
        assert lst.row_count > lst.visible_rows  # enough rows to scroll
        layouts: list[bool] = []
        refresh_layout = screen._refresh_layout

        def counted(size: object = None, scroll: bool = False) -> None:
            layouts.append(scroll)
            refresh_layout(size, scroll)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        message = screen.query_one("#search-message")
        seen: list[str] = []
        for keys in (
            list(" valey "),
            ["backspace"] * 12 + list("qqqq"),
            ["backspace"] * 4 + list("okapi"),
        ):
            await pilot.press(*keys)
            await settle(pilot, app)
            seen.append(str(message.render()))
            assert (lst.region, lst.scrollable_content_region) == (region, content)
        assert search_box(app).value == "okapi"
        assert "Did you mean" in seen[0] and "okapi" in seen[0]
        assert "Nothing found" in seen[1]
        assert seen[2] == ""
        assert layouts == []
