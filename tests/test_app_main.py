"""Pilot tests of the main screen: every key of the reader, on a real index of the seeds."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from index import Config, Library, RebuildProgress, RebuildReport, entity_filter
from tests.app_fixtures import (
    app_config,
    make_app,
    seed_app_index,
    settle,
    wait_for_palette,
    wait_until,
)
from tui.app import RETRY_LIMIT, DatelineApp, retry_delay
from tui.screens.bookmark_form import BookmarkForm
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_sidebar import EntityList, EntitySidebar
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

__all__ = ["app_config", "seed_app_index"]


def main(app: DatelineApp) -> MainScreen:
    return app.main_screen


async def search(pilot: Pilot[int], app: DatelineApp, text: str) -> None:
    await pilot.press("slash")
    app.main_screen.query_one("#search", Input).value = ""
    await pilot.press(*text)
    await settle(pilot, app)


def generation(app: DatelineApp) -> str | None:
    status = app.main_screen.status
    return None if status is None else status.generation


async def open_first(pilot: Pilot[int], app: DatelineApp) -> None:
    app.main_screen.query_one(ResultsList).focus()
    await pilot.press("enter")
    await settle(pilot, app)


async def test_starts_with_all_articles_newest_first(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        results = main(app).results
        assert results is not None and results.total == 5
        dates = [h.date for h in results.hits if h.date]
        assert dates == sorted(dates, reverse=True)
        assert main(app).status is not None and main(app).status.articles == 5  # type: ignore[union-attr]


async def test_search_as_you_type_and_open_with_highlights(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "lutnic")
        results = main(app).results
        assert results is not None and 0 < results.total < 5
        assert results.request.query == "lutnic"
        await pilot.press("enter")  # search bar -> results
        assert isinstance(app.focused, ResultsList)
        await pilot.press("j", "k", "enter")
        await settle(pilot, app)
        view = main(app).query_one(ArticleView)
        assert view.article is not None
        assert isinstance(app.focused, ArticleView)
        assert "Lutnick" in view.rendered_text()
        assert view.match_index == 0  # opened at its first match
        await pilot.press("n", "N")
        assert view.match_index == 0
        await pilot.press("N")
        assert view.match_index == len(view.highlights.spans) - 1


async def test_query_error_and_suggestion_are_sentences(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, 'said:"Kim')
        results = main(app).results
        assert results is not None and results.error
        message = main(app).query_one("#search-message").render()
        assert "quotation mark" in str(message)


async def test_quotes_bookmark_with_note_and_copy(app_config: Config) -> None:
    app = make_app(app_config)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "sufficient productive")
        await open_first(pilot, app)
        view = main(app).query_one(ArticleView)
        assert view.article is not None and view.article.quotes
        first = view._quote_indexes()[0]
        await pilot.press("right_square_bracket")
        assert view.quote_index == first
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert view.quote_index == first
        await pilot.press("y")
        assert copied and "“" in copied[0] and view.article.id in copied[0]
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkForm)
        await pilot.press(*"deadline stance", "tab", *"apec trade", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.library is not None
        saved = app.library.bookmarks.list()
        assert len(saved) == 1
        assert saved[0].note == "deadline stance" and saved[0].tags == ("apec", "trade")
        assert saved[0].quote.strip('“”"') == view.article.quotes[first].text.strip('“”"')
        assert main(app).bookmark_count == 1


async def test_bookmark_store_error_keeps_the_form(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index import BookmarkStoreError

    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await open_first(pilot, app)
        assert app.library is not None

        def fail(*args: object) -> None:
            raise BookmarkStoreError("The disk is full; the bookmark was not saved [x].")

        monkeypatch.setattr(app.library.bookmarks, "add", fail)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"my note", "enter", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, BookmarkForm)
        assert app.screen.query_one("#note", Input).value == "my note"
        assert app.is_running


async def test_entity_filters_stack_and_are_removed(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "lutnick")
        await open_first(pilot, app)
        sidebar = main(app).query_one(EntitySidebar)
        names = [e.name for e in sidebar.entities]
        assert "Koo Yun-cheol" in names and "Koo Yoon-cheol" not in names
        main(app).query_one(EntityList).focus()
        await pilot.press("e")
        await settle(pilot, app)
        first = main(app).filters
        assert len(first) == 1 and not first[0].exclude
        await pilot.press("j", "x")
        await settle(pilot, app)
        assert len(main(app).filters) == 2 and main(app).filters[1].exclude
        # the chip removes its filter on click
        chip = main(app).query("Chip").first()
        await pilot.click(chip)
        await settle(pilot, app)
        assert len(main(app).filters) == 1
        await pilot.press("escape")  # leave search focus
        main(app).query_one(ResultsList).focus()
        await pilot.press("F")
        await settle(pilot, app)
        assert main(app).filters == ()


async def test_filter_narrows_results(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main(app).filters = (entity_filter("PERSON", "Nobody Anywhere-Atall"),)
        await settle(pilot, app)
        assert main(app).results is not None and main(app).results.total == 0  # type: ignore[union-attr]


async def test_escape_leaves_and_never_deletes(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "lutnick")
        box = main(app).query_one("#search", Input)
        await open_first(pilot, app)
        assert main(app).article is not None
        # escape in the search box leaves the box: the article being read stays open
        await pilot.press("slash", "escape")
        assert main(app).article is not None
        assert isinstance(app.focused, ResultsList)
        assert box.value == "lutnick"
        main(app).query_one(ArticleView).focus()
        await pilot.press("escape")
        assert main(app).article is None
        assert isinstance(app.focused, ResultsList)
        main(app).filters = (entity_filter("PERSON", "Howard Lutnick"),)
        await settle(pilot, app)
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        # nothing was cleared: not the query, not the filter
        assert box.value == "lutnick" and len(main(app).filters) == 1
        assert isinstance(app.focused, ResultsList)
        results = main(app).results
        assert results is not None and results.request.query == "lutnick"
        # clearing is its own key
        await pilot.press("slash", "ctrl+l")
        await settle(pilot, app)
        assert box.value == ""


async def test_single_keys_work_right_after_launch(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.focused, ResultsList)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "ctrl+q" in text
        await pilot.press("escape")
        await pilot.pause()
        assert main(app).query_one("#search", Input).value == ""
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


async def test_help_keeps_a_gap_after_long_key_labels(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        line = next(line for line in text.splitlines() if "Remove filter" in line)
        assert "↵ " in line and "↵Remove" not in line
        assert "  Remove filter" in line


async def test_removed_filters_come_back_with_u_and_chip_clicks_leave_search(
    app_config: Config,
) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        two = (entity_filter("PERSON", "Howard Lutnick"), entity_filter("ORG", "APEC"))
        main(app).filters = two
        await settle(pilot, app)
        chip = main(app).query("Chip").first()
        await pilot.click(chip)
        await settle(pilot, app)
        assert main(app).filters == two[1:]
        assert isinstance(app.focused, ResultsList)  # not the search box
        await pilot.press("u")
        await settle(pilot, app)
        assert main(app).filters == two
        await pilot.press("F")
        await settle(pilot, app)
        assert main(app).filters == ()
        await pilot.press("u")
        await settle(pilot, app)
        assert main(app).filters == two


async def test_o_without_an_article_says_what_to_do(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await pilot.pause()
        assert any("Open an article first" in n.message for n in app._notifications)


async def test_tab_cycles_panes_and_sort_toggles(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await open_first(pilot, app)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert {"SearchInput", "ResultsList", "ArticleView", "EntityList"} <= set(seen)
        await pilot.press("shift+tab")
        main(app).query_one(ResultsList).focus()
        await pilot.press("s")
        await settle(pilot, app)
        assert main(app).sort == "date"
        assert main(app).results is not None and main(app).results.request.sort == "date"  # type: ignore[union-attr]
        await pilot.press("E")
        assert main(app).has_class("-no-sidebar")
        await pilot.press("E")
        assert not main(app).has_class("-no-sidebar")


async def test_boilerplate_toggle_and_scrolling_keys(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await open_first(pilot, app)
        view = main(app).query_one(ArticleView)
        await pilot.press("v")
        assert view.show_boilerplate
        await pilot.press("v")
        assert not view.show_boilerplate
        await pilot.press("G")
        await pilot.pause()
        bottom = view.scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0 and bottom >= 0
        await pilot.press("j", "space", "k", "pageup")


async def test_help_and_palette_and_quit(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main(app).query_one(ResultsList).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for needle in ("bookmark", "next_quote", "entity_include", "Rebuild", "◀ here"):
            assert needle in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"Seoul Washington")
        await wait_for_palette(pilot, app, "Seoul, Washington")
        await pilot.press("enter")
        await settle(pilot, app)
        assert main(app).article is not None
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


async def test_palette_commands_run(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Toggle sort")
        await wait_for_palette(pilot, app, "Toggle sort")
        await pilot.press("enter")
        await settle(pilot, app)
        assert main(app).sort == "date"


async def test_keymap_from_config_remaps_by_id(app_config: Config) -> None:
    from dataclasses import replace

    keymap = {"bookmarks": "ctrl+o", "help": "f1", "next_quote": "ctrl+n", "bookmark": "m"}
    keymap["related"] = "ctrl+r"
    app = make_app(replace(app_config, keymap=keymap))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main(app).query_one(ResultsList).focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        # hints name the keys as remapped, not the defaults
        empty = str(app.screen.query_one("#bookmarks-empty").render())
        assert "with ctrl+n and press m" in empty
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Related articles (ctrl+r)" in str(app.screen.query_one("#help-text").render())


async def test_rebuild_keys_run_in_background(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        before = main(app).status
        assert before is not None
        main(app).query_one(ResultsList).focus()
        await pilot.press("R")
        await pilot.pause()
        assert main(app).progress is None  # it asks first
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        # Every value the bar takes is recorded, so a fast child or a slow machine cannot
        # make the test miss the bar being up.
        shown: list[RebuildProgress | None] = []

        def record(value: RebuildProgress | None) -> None:
            shown.append(value)

        main(app).watch(main(app), "progress", record, init=False)
        await pilot.press("y")
        await search(pilot, app, "lutnick")  # searching still works meanwhile
        results = main(app).results
        assert results is not None and results.total >= 1
        assert await wait_until(pilot, lambda: generation(app) != before.generation, seconds=120)
        assert await wait_until(pilot, lambda: main(app).progress is None, seconds=60)
        assert any(value is not None for value in shown)  # the bar was up while the child ran
        await settle(pilot, app)
        after = main(app).status
        assert after is not None and after.articles == 5
        main(app).query_one(ResultsList).focus()
        await pilot.press("r")
        deadline = time.monotonic() + 30
        await pilot.pause()
        while main(app).progress is not None and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert app.is_running


async def test_first_run_builds_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index import load_config
    from tests.app_fixtures import SEEDS
    from tests.configs import write_config

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    config = load_config(str(write_config(tmp_path, SEEDS)))
    app = DatelineApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 30
        await pilot.pause()
        while (
            main(app).results is None or main(app).results.total == 0  # type: ignore[union-attr]
        ) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert main(app).results is not None and main(app).results.total == 5  # type: ignore[union-attr]


async def test_narrow_layout_80x24(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = main(app)
        assert screen.has_class("-narrow")
        assert not screen.query_one(EntitySidebar).display or True
        await open_first(pilot, app)
        assert screen.has_class("-reading")
        assert (
            not screen.query_one(ResultsList).display
            or screen.query_one(ResultsList).region.width == 0
        )
        assert screen.query_one(ArticleView).region.width >= 76
        await pilot.press("E")
        await pilot.pause()
        assert screen.has_class("-sidebar")
        assert screen.query_one(EntitySidebar).region.width > 0
        await pilot.press("escape")
        assert not screen.has_class("-sidebar")
        await pilot.press("escape")
        assert not screen.has_class("-reading")
        # the article is closed, not hidden: the sidebar is about the results again
        assert screen.article is None and screen.query_one(ResultsList).region.width >= 76
        await pilot.press("E")
        assert await wait_until(pilot, lambda: screen.entity_heading == "Top in these results")
        assert screen.has_class("-sidebar") and screen.entities


async def test_config_warnings_are_shown(app_config: Config) -> None:
    from dataclasses import replace

    config = replace(app_config, warnings=("config.yaml:3: [bold]colour[/] is not a key.",))
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        notes = [n.message for n in app._notifications]
        assert any("[bold]colour[/]" in m for m in notes)


async def test_two_megabyte_article_opens_and_scrolls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.app_fixtures import build_index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "articles"
    folder.mkdir()
    words = ("lorem ipsum dolor sit amet " * 80_000)[:2_000_000]
    (folder / "big.txt").write_text("A very long article\n\n" + words + "\n", encoding="utf-8")
    config = build_index(tmp_path, folder)
    app = DatelineApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        # How fast is measured in bench/reliability_timings.py; here: it opens and scrolls.
        await open_first(pilot, app)
        assert main(app).article is not None
        view = main(app).query_one(ArticleView)
        view.focus()
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0  # the end of a 2 MB article is reachable


# -- rebuilds: quitting, other processes, the watcher ----------------------------------------


def failed(full: bool, error: str) -> RebuildReport:
    return RebuildReport(full, 0, 0, 0, 0, 0, (), 0.0, None, error=error)


async def test_quitting_during_a_rebuild_stops_it_at_once(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(app_config)
    children: list[subprocess.Popen[str]] = []

    def slow_rebuild(
        full: bool = False,
        progress: Callable[[RebuildProgress], None] | None = None,
        on_start: Callable[[subprocess.Popen[str]], None] | None = None,
        paths: Collection[str] | None = None,
    ) -> RebuildReport:
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], text=True)
        children.append(child)
        if on_start is not None:
            on_start(child)
        child.wait()
        return failed(full, "The rebuild was stopped.")

    monkeypatch.setattr(library, "rebuild", slow_rebuild)
    app = DatelineApp(app_config, library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main(app).query_one(ResultsList).focus()
        await pilot.press("R", "y")  # R asks first
        assert await wait_until(pilot, lambda: app.rebuild_child is not None)
        await pilot.press("q")
    # The child sleeps for two minutes: a signal exit code shows quitting stopped it.
    assert children and children[0].wait(timeout=60) < 0, "quitting waited for the rebuild"
    assert app.return_value == 0 and library.closed


async def test_a_rebuild_by_another_process_is_picked_up_without_a_key(
    app_config: Config,
) -> None:
    app = DatelineApp(app_config, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        before = main(app).status
        assert before is not None and before.ready
        searches = main(app).results
        other = Library(app_config)  # another `dateline index`, as far as the app knows
        try:
            report = await asyncio.to_thread(other.rebuild, True)
        finally:
            other.close()
        assert report.error is None, report.error

        def swapped() -> bool:
            status = main(app).status
            return status is not None and status.generation != before.generation

        assert await wait_until(pilot, swapped), "the new generation was never picked up"
        # searched again on the new generation
        assert await wait_until(pilot, lambda: main(app).results is not searches)
        assert main(app).results is not None and main(app).results.total == 5  # type: ignore[union-attr]


async def test_watch_backs_off_after_a_failed_rebuild_and_toasts_once(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = replace(app_config, watch=True)
    library = Library(config)
    calls: list[float] = []

    def broken_rebuild(
        full: bool = False,
        progress: Callable[[RebuildProgress], None] | None = None,
        on_start: Callable[[subprocess.Popen[str]], None] | None = None,
        paths: Collection[str] | None = None,
    ) -> RebuildReport:
        calls.append(time.monotonic())
        return failed(full, "The rebuild failed: disk full.")

    monkeypatch.setattr(library, "needs_update", lambda: True)
    monkeypatch.setattr(library, "rebuild", broken_rebuild)
    app = DatelineApp(config, library=library, watch_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: len(calls) >= 2)
        await pilot.pause(2.5)
        # without backing off it would retry every 0.1 s: 25 times or more
        assert len(calls) <= 8, len(calls)
        assert app._failures == len(calls) or app._failures == len(calls) - 1
        assert app._retry_at > 0  # a retry is scheduled, not immediate
        toasts = [n for n in app._notifications if "disk full" in n.message]
        assert len(toasts) == 1
        # pressing r still answers, with the error, and the retry waits grow on
        main(app).query_one(ResultsList).focus()
        await pilot.press("r")
        assert await wait_until(
            pilot, lambda: len([n for n in app._notifications if "disk full" in n.message]) == 2
        )


def test_watch_retry_waits_double_up_to_a_limit() -> None:
    delays = [retry_delay(0.05, failures) for failures in range(1, 30)]
    assert delays[:3] == [0.1, 0.2, 0.4]
    assert all(b >= a for a, b in itertools.pairwise(delays))
    assert delays[-1] == RETRY_LIMIT


async def test_watch_does_not_scan_while_the_article_folder_is_missing(
    app_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = replace(app_config, watch=True, articles=(str(tmp_path / "unmounted"),))
    library = Library(config)
    scans: list[float] = []

    def needs_update() -> bool:
        scans.append(time.monotonic())
        return True

    monkeypatch.setattr(library, "needs_update", needs_update)
    app = DatelineApp(config, library=library, watch_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: main(app).status is not None)
        await pilot.pause(1.0)
        assert scans == [] and main(app).progress is None
        status = main(app).status
        assert status is not None and status.message and "unmounted" in status.message
        (tmp_path / "unmounted").mkdir()  # the drive is back: watching resumes
        assert await wait_until(pilot, lambda: bool(scans))


async def test_highlights_are_found_off_the_ui_thread(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from index import Article
    from index import article_matches as real_article_matches

    threads: list[threading.Thread] = []

    def article_matches(article: Article, keys: tuple[str, ...]) -> list[tuple[int, int]]:
        threads.append(threading.current_thread())
        return real_article_matches(article, keys)

    monkeypatch.setattr("tui.screens.search_session.article_matches", article_matches)
    monkeypatch.setattr("tui.widgets.article_highlights.article_matches", article_matches)
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "lutnick")
        await open_first(pilot, app)
        view = main(app).query_one(ArticleView)
        first = list(view.highlights.spans)
        assert first
        await search(pilot, app, "lutnick talks")
        assert view.highlights.spans != first and len(view.highlights.spans) > len(first)
        assert threads and threading.main_thread() not in threads


async def test_slash_in_the_empty_search_box_is_not_typed(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "slash", *"24/7")
        await settle(pilot, app)
        assert app.main_screen.query_one("#search", Input).value == "24/7"


async def test_footer_fits_quit_at_120_columns_with_the_article_focused(
    app_config: Config,
) -> None:
    """The article's keys plus the screen's leave room for `q Quit` on a 120-column terminal."""
    from textual.widgets._footer import FooterKey

    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "minister")
        await open_first(pilot, app)
        assert isinstance(app.focused, ArticleView)
        await pilot.pause()
        keys = {key.action.rpartition(".")[2]: key for key in main(app).query(FooterKey)}
        # The palette key is docked on the right, over whatever the other keys leave there.
        room = keys["command_palette"].region.x
        for action in ("next_match", "bookmark", "quit"):
            assert keys[action].region.width > 0 and keys[action].region.right <= room, action


async def test_a_click_on_an_entity_selects_it_and_filters_nothing(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        entity_list = main(app).query_one(EntityList)
        assert entity_list.option_count > 3
        await pilot.click(EntityList, offset=(3, 3))
        await settle(pilot, app)
        assert main(app).filters == ()
        assert entity_list.highlighted is not None
        entity_list.focus()
        await pilot.press("G")
        assert entity_list.highlighted == entity_list.option_count - 1
        await pilot.press("g")
        first = next(
            i
            for i in range(entity_list.option_count)
            if not entity_list.get_option_at_index(i).disabled
        )
        assert entity_list.highlighted == first
        await pilot.press("e")
        await settle(pilot, app)
        assert len(main(app).filters) == 1


def line_on_screen(view: ArticleView, offset: int) -> bool:
    """Whether the line holding text offset `offset` is inside the pane's scroll window."""
    line = view._line_at_offset(offset)
    height = view.scrollable_content_region.height
    return view.scroll_y <= line < view.scroll_y + height


async def test_opening_a_result_goes_to_its_first_match_and_counts_matches(
    app_config: Config,
) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "apec")
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        view = main(app).query_one(ArticleView)
        assert view.article is not None
        count = len(view.highlights.spans)
        assert count >= 2
        assert view.match_index == 0
        assert line_on_screen(view, view.highlights.spans[0][0])
        assert view.border_subtitle == f"match 1/{count}"
        await pilot.press("n")
        assert view.border_subtitle == f"match 2/{count}"
        await pilot.press("N", "N")
        await pilot.pause()
        assert view.match_index == count - 1
        assert any("wrapped" in n.message for n in app._notifications)


async def test_open_at_a_quote_scrolls_to_it_on_the_first_open(app_config: Config) -> None:
    """The quote furthest down the longest seed, opened as a bookmark or from who said what
    would: the first open already shows it (not only a second one)."""
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.library is not None
        hits = app.library.search(__import__("index").SearchRequest("")).hits
        articles = [app.library.article(h.id) for h in hits]
        article = max((a for a in articles if a is not None), key=lambda a: len(a.text))
        quote = max((q for q in article.quotes if q.kind != "scare"), key=lambda q: q.start)
        main(app).open_article(article.id, (quote.start, quote.end), focus=True)
        await settle(pilot, app)
        view = main(app).query_one(ArticleView)
        assert view.article is not None and view.article.id == article.id
        assert view.scroll_y > 0  # the quote is not on the first screen
        assert line_on_screen(view, quote.start)
        assert view.quote_index == article.quotes.index(quote)


async def test_enter_in_the_note_saves_the_bookmark(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "sufficient productive")
        await open_first(pilot, app)
        await pilot.press("right_square_bracket", "b")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkForm)
        await pilot.press(*"why it matters", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.library is not None
        assert [b.note for b in app.library.bookmarks.list()] == ["why it matters"]


async def test_keys_in_one_burst_go_where_the_previous_key_sent_the_focus(
    app_config: Config,
) -> None:
    """As from a paste of keystrokes or `tmux send-keys`: every key arrives before the first
    is handled. "/" must have focused the search box before "apec" is typed, "b" must have
    opened the form before "abc" is typed, tab must have moved to tags before "xyz"."""
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        burst = ["slash", *"apec", "enter", "enter"]
        for key in burst:  # posted at once, without waiting for any to be handled
            app.post_message(events.Key(key, None if len(key) > 1 else key))
        await settle(pilot, app)
        results = main(app).results
        assert results is not None and results.request.query == "apec"
        view = main(app).query_one(ArticleView)
        assert view.article is not None and view.article.id == results.hits[0].id
        for key in ["b", *"abc", "tab", *"xyz"]:
            app.post_message(events.Key(key, None if len(key) > 1 else key))
        await settle(pilot, app)
        assert isinstance(app.screen, BookmarkForm)
        assert app.screen.query_one("#note", Input).value == "abc"
        assert app.screen.query_one("#tags", Input).value == "xyz"


async def test_indexed_age_is_redrawn_while_the_app_stays_open(
    app_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.widgets.status_line as status_line

    ages = itertools.count()
    monkeypatch.setattr(status_line, "AGE_REFRESH_S", 0.05)
    monkeypatch.setattr(
        status_line, "describe_age", lambda built_at, now=None: f"indexed {next(ages)} min ago"
    )
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        label = main(app).query_one("#status-text")
        first = str(label.render())
        for _ in range(100):
            await pilot.pause(0.05)
            if str(label.render()) != first:
                break
        assert str(label.render()) != first and "min ago" in str(label.render())


async def test_one_of_a_thing_is_singular(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert app.library is not None
        single = next(e for e in app.library.entities("PERSON", limit=1000) if e.mentions == 1)
        main(app).show_concordance("PERSON", single.name)
        await settle(pilot, app)
        head = str(app.screen.query_one("#concordance-what").render())
        assert "1 mention in 1 article" in head
        assert "1 mentions" not in head and "1 articles" not in head


async def test_full_rebuild_asks_first_and_no_leaves_the_index_alone(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("R")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert main(app).progress is None and app.rebuild_child is None


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_results_use_the_room_until_an_article_opens(
    app_config: Config, size: tuple[int, int]
) -> None:
    app = make_app(app_config)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        results = main(app).query_one(ResultsList)
        before = results.region.width
        assert before >= size[0] - 32  # all but the sidebar
        await open_first(pilot, app)
        view = main(app).query_one(ArticleView)
        assert view.article is not None
        # laid out once, in the worker, at the width the pane has now it is shown
        prepared = view._prepared
        assert prepared is not None and prepared.article is view.article
        assert view._lines is prepared.lines
        if size[0] >= 100:
            assert results.region.width < before


@pytest.mark.parametrize("width", [80, 120])
async def test_footer_drops_whole_keys_and_keeps_quit_and_help(
    app_config: Config, width: int
) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(app_config)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "minister")
        await open_first(pilot, app)
        await pilot.pause()
        keys = {key.action.rpartition(".")[2]: key for key in main(app).query(FooterKey)}
        room = keys["command_palette"].region.x
        for action in ("quit", "help", "back", "next_match"):
            assert action in keys, action
        for action, key in keys.items():
            if action != "command_palette":
                assert key.region.width > 0 and key.region.right <= room, action


async def test_bookmarking_a_paragraph_says_passage_not_a_speaker(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await open_first(pilot, app)
        view = main(app).query_one(ArticleView)
        assert view.quote_index == -1
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkForm)
        meta = str(app.screen.query_one(".form-meta").render())
        assert meta.startswith("Passage · ") and "— passage" not in meta


async def test_shared_passages_show_each_article_s_own_words_around_them(
    app_config: Config,
) -> None:
    from textual.widgets import Static

    from index import context_around
    from tui.screens.related import RelatedScreen

    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "sufficient productive")
        await open_first(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, RelatedScreen) and screen.related
        item = screen.related[0]
        passage = item.passages[0]
        assert app.library is not None
        other = app.library.article(item.id)
        assert other is not None
        row = screen.query(".passage-row").first()
        left = " ".join(str(row.query_one(".passage-left", Static).render()).split())
        right = " ".join(str(row.query_one(".passage-right", Static).render()).split())
        for text, start, end, shown in (
            (screen.article.text, passage.start, passage.end, left),
            (other.text, passage.other_start, passage.other_end, right),
        ):
            before, after = context_around(text, start, end, 90)
            context = (before.split() or after.split())[-1 if before else 0]
            assert context in shown.replace(" ".join(text[start:end].split()), ""), shown
        assert "right: other" not in str(screen.query_one("#passages-head").render())


async def test_a_second_enter_that_beats_the_focus_still_opens_the_top_hit(
    app_config: Config,
) -> None:
    """Under load the second ↵ of a burst can reach the search box before the list has
    the focus: it must open the top hit, not submit the query again."""
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "apec")
        screen = main(app)
        bar = screen.query_one(SearchBar)
        bar.post_message(SearchBar.QuerySubmitted("apec"))
        bar.post_message(SearchBar.QuerySubmitted("apec"))  # both handled before any focus change
        await settle(pilot, app)
        top = screen.query_one(ResultsList).hits[0]
        view = screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == top.id
        # once the focus has moved, ↵ in the box again only goes back to the list
        screen.query_one("#search", Input).focus()
        await pilot.pause()
        bar.post_message(SearchBar.QuerySubmitted("apec"))
        await settle(pilot, app)
        assert screen.query_one(ResultsList).has_focus


async def test_rebuild_progress_is_readable_at_80_columns(app_config: Config) -> None:
    from index import RebuildProgress
    from tui.widgets.status_line import StatusLine

    app = make_app(app_config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        line = main(app).query_one(StatusLine)
        line.progress = RebuildProgress(1200, 2225, "indexing")
        await pilot.pause()
        text = str(line.query_one("#status-text").render())
        visible = line.query_one("#status-text").size.width
        assert "indexing 1,200 / 2,225" in text[:visible], (text, visible)
        line.progress = None
        await pilot.pause()
        assert "articles" in str(line.query_one("#status-text").render())
