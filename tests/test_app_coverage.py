"""Pilot tests of batch search and the coverage timeline, reached from the command palette."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, OptionList, Static, TextArea

from index import STAR, Config
from tests.app_fixtures import app_config, make_app, seed_app_index, settle, wait_until
from tui.app import DatelineApp
from tui.screens.batch import BatchScreen
from tui.screens.main import MainScreen
from tui.screens.tag_form import TagForm
from tui.screens.timeline import TimelineScreen
from tui.widgets.results_list import ResultsList

__all__ = ["app_config", "seed_app_index"]


async def from_palette(pilot: Pilot[int], app: DatelineApp, command: str) -> None:
    """Run a palette command by its name, as a user would."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    palette = app.screen.query_one("CommandList", OptionList)

    def prompts() -> list[str]:
        return [
            str(palette.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(palette.option_count)
        ]

    assert await wait_until(pilot, lambda: command in prompts())
    palette.highlighted = prompts().index(command)
    await pilot.press("enter")
    await settle(pilot, app)


async def test_batch_runs_pasted_queries_and_opens_a_row(
    app_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path))
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await from_palette(pilot, app, "Batch search")
        screen = app.screen
        assert isinstance(screen, BatchScreen)
        screen.query_one(TextArea).load_text("# people\nLutnick\n=cmd|' /C calc'!A0\nzzzz\n")
        await pilot.press("ctrl+r")
        assert await wait_until(pilot, lambda: len(screen.rows) == 3)
        table = screen.query_one(DataTable)
        assert table.row_count == 3 and table.has_focus
        assert (screen.rows[0].query, screen.rows[0].total) == ("Lutnick", 4)
        assert screen.rows[2].total == 0
        await pilot.press("e")  # export the table as CSV to the documents folder
        await pilot.pause()
        exported = tmp_path / "dateline-batch.csv"
        rows = list(csv.reader(exported.open(encoding="utf-8")))
        assert rows[0] == ["query", "hits", "newest", "message"]
        assert rows[1][:2] == ["Lutnick", "4"]
        assert rows[2][0].startswith("'=")  # no spreadsheet formula
        await pilot.press("e")
        await pilot.pause()
        assert (tmp_path / "dateline-batch-2.csv").exists()  # never over the first export
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot, app)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.query_text == "Lutnick"
        assert main.results is not None and main.results.total == 4


async def test_batch_loads_a_file_and_says_what_is_wrong(
    app_config: Config, tmp_path: Path
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Lutnick\ntariff\n", encoding="utf-8")
    app = make_app(app_config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.main_screen.action_batch()
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, BatchScreen)
        box = screen.query_one("#batch-file", Input)
        box.value = str(tmp_path / "missing.txt")
        box.focus()
        await pilot.press("enter")
        status = screen.query_one("#batch-status", Static)
        assert "cannot be read" in str(status.render())
        box.value = str(names)
        await pilot.press("enter")
        assert screen.query_one(TextArea).text == "Lutnick\ntariff\n"
        await pilot.press("ctrl+r")
        assert await wait_until(pilot, lambda: len(screen.rows) == 2)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)


async def test_timeline_charts_the_search_and_enter_limits_it_to_a_period(
    app_config: Config,
) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = app.main_screen
        main.query_text = "tariff"
        await settle(pilot, app)
        await from_palette(pilot, app, "Coverage over time")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert await wait_until(pilot, lambda: screen.timeline is not None)
        timeline = screen.timeline
        assert timeline is not None and timeline.error is None
        assert timeline.total == main.results.total if main.results else False
        bars = screen.query_one(OptionList)
        assert bars.option_count == len(timeline.buckets) > 0
        foot = str(screen.query_one("#timeline-foot", Static).render())
        assert "peak" in foot and "undated" in foot
        peak = timeline.peak
        assert peak is not None and "peak" in str(
            bars.get_option_at_index(bars.highlighted or 0).prompt
        )
        await pilot.press("m")  # by month
        assert await wait_until(
            pilot, lambda: screen.timeline is not None and screen.timeline.by == "month"
        )
        await pilot.press("d")
        assert await wait_until(
            pilot, lambda: screen.timeline is not None and screen.timeline.by == "day"
        )
        day = screen.timeline.peak if screen.timeline else None
        assert day is not None
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert main.query_text == f"tariff date:[{day.start} TO {day.end}]"
        assert main.results is not None and main.results.total == day.count


async def test_star_and_tag_keys_then_find_the_article_by_tag(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = app.main_screen
        main.query_text = "Lutnick"
        await settle(pilot, app)
        main.query_one(ResultsList).focus()
        hit = main.query_one(ResultsList).highlighted_hit
        assert hit is not None
        await pilot.press("asterisk")
        await settle(pilot, app)
        library = main.library
        assert library is not None and library.tags_of(hit.id) == [STAR]
        await pilot.press("t")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TagForm))
        box = app.screen.query_one(Input)
        assert box.value == STAR
        box.value = "lede, #Follow Up, starred"
        await pilot.press("enter")
        await settle(pilot, app)
        assert await wait_until(
            pilot, lambda: library.tags_of(hit.id) == ["follow up", "lede", STAR]
        )
        main.query_text = "tag:lede"
        await settle(pilot, app)
        assert main.results is not None and [h.id for h in main.results.hits] == [hit.id]
        await pilot.press("asterisk")  # unstar
        await settle(pilot, app)
        assert await wait_until(pilot, lambda: STAR not in library.tags_of(hit.id))


async def test_tag_key_with_nothing_selected_says_what_to_do(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = app.main_screen
        main.query_text = "zzzznothing"
        await settle(pilot, app)
        main.query_one(ResultsList).focus()
        await pilot.press("t")
        await pilot.pause()
        assert any("select an article" in n.message for n in app._notifications)
        await pilot.press("ctrl+t")  # nothing to tag all of either
        await settle(pilot, app)
        assert not isinstance(app.screen, TagForm)
        assert any("Search first" in n.message for n in app._notifications)


async def test_T_opens_the_timeline_of_the_current_search(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.main_screen.query_one(ResultsList).focus()
        await pilot.press("T")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert await wait_until(pilot, lambda: screen.timeline is not None)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_timeline_of_undated_articles_says_there_is_nothing_to_chart(
    tmp_path: Path,
) -> None:
    from tests.app_fixtures import build_index

    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(3):
        (articles / f"{n}.txt").write_text(f"Story {n}\n\nNo date anywhere in story {n}.\n")
    app = make_app(build_index(tmp_path, articles))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.main_screen.action_timeline()
        assert await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert await wait_until(pilot, lambda: screen.timeline is not None)
        foot = str(screen.query_one("#timeline-foot", Static).render())
        assert foot == "None of the 3 matching articles has a date."
        assert screen.query_one(OptionList).option_count == 0


async def test_tag_all_results_tags_every_match_and_tag_finds_them(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = app.main_screen
        main.query_text = "Lutnick"
        await settle(pilot, app)
        assert main.results is not None
        matched = {hit.id for hit in main.results.hits}
        assert len(matched) == 4
        main.query_one(ResultsList).focus()
        await pilot.press("ctrl+t")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TagForm))
        assert "4 results" in str(app.screen.query_one(Label).render())
        app.screen.query_one(Input).value = "commerce, #Follow Up"
        await pilot.press("enter")
        library = main.library
        assert library is not None
        assert await wait_until(
            pilot, lambda: all(library.tags_of(i) == ["commerce", "follow up"] for i in matched)
        )
        assert any("Tagged 4 articles" in n.message for n in app._notifications)
        main.query_text = "tag:commerce"
        await settle(pilot, app)
        assert main.results is not None and {h.id for h in main.results.hits} == matched
