"""Keyword-in-context lines: the spaces next to the keyword, alignment, in the app and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

from rich.cells import cell_len

from index import Config
from tests.app_fixtures import REPO, app_config, make_app, seed_app_index, wait_idle
from tui.kwic import kwic_parts, kwic_text
from tui.screens.concordance import ConcordanceScreen, KwicList

__all__ = ["app_config", "seed_app_index"]


def test_no_space_before_punctuation_or_after_an_opening_mark() -> None:
    assert kwic_parts("during President", "'s visit.") == ("during President ", "'s visit.")
    assert kwic_parts("talks before", ". Then") == ("talks before ", ". Then")
    assert kwic_parts("the summit (", ") in Gyeongju") == ("the summit (", ") in Gyeongju")
    assert kwic_parts("", "") == ("", "")


def test_every_keyword_starts_in_one_column() -> None:
    lines = [
        kwic_text("a short one", "Trump", "'s visit", 20),
        kwic_text("a much longer context than the side allows here", "APEC", ".", 20),
        kwic_text("", "Lee", " said", 20),
    ]
    assert {cell_len(left) for left, _, _ in lines} == {20}
    assert lines[0][0].endswith("a short one ") and lines[0][2] == "'s visit"
    assert lines[1][0].startswith("…") and lines[1][2] == "."


def test_cli_concordance_keeps_the_text_spacing(app_config: Config) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "concordance", "Donald Trump", "--config",
         str(app_config.source)],
        capture_output=True, text=True, env=env, cwd=REPO, check=True,
    )  # fmt: skip
    out = result.stdout
    assert "Trump]'s visit" in out
    assert " 's" not in out and "] ." not in out
    columns = {line.index("[") for line in out.splitlines() if "[" in line}
    assert len(columns) == 1  # every keyword in one column


async def test_app_concordance_is_aligned_and_spaced_like_the_text(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.main_screen.show_concordance("PERSON", "Donald Trump")
        await wait_idle(pilot, app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConcordanceScreen) and screen.mentions
        kwic = screen.query_one(KwicList)
        lines = [
            str(kwic.get_option_at_index(i).prompt)
            for i in range(kwic.option_count)
            if not kwic.get_option_at_index(i).disabled
        ]
        assert any("Trump's visit" in line for line in lines)
        assert not any(" 's " in line for line in lines)
        # the keyword starts in one column on every line
        starts = {line.index(m.match) for line, m in zip(lines, screen.mentions, strict=True)}
        assert len(starts) == 1
        # and the context uses the pane: more than 25 characters a side at 120 columns
        side = next(iter(starts))
        assert side > 30
        drawn = [kwic.render_line(y).text for y in range(kwic.size.height)]
        assert any(f"{'Trump'}" in line and line.index("Trump") > 30 for line in drawn)


async def test_g_and_shift_g_jump_in_the_concordance_lists(app_config: Config) -> None:
    from tui.screens.concordance import CooccurList

    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        app.main_screen.show_concordance("PERSON", "Donald Trump")
        await wait_idle(pilot, app)
        await pilot.pause()
        for widget in (app.screen.query_one(KwicList), app.screen.query_one(CooccurList)):
            widget.focus()
            await pilot.pause()
            first = widget.highlighted
            await pilot.press("G")
            assert widget.highlighted is not None and first is not None
            assert widget.highlighted > first
            await pilot.press("g")
            assert widget.highlighted == first
