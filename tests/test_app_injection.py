"""Untrusted text is shown literally and can never run an action (RELIABILITY.md 1 and 2).

An article whose file name, title and body hold Textual markup, a fake action link and
terminal escapes is indexed for real; the app must show it byte-for-byte (escapes as
visible symbols), and clicking anywhere must not quit, ring the bell or run anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Config
from tests.app_fixtures import build_index, settle
from tui.app import DatelineApp
from tui.widgets.article_view import ArticleView
from tui.widgets.results_list import ROW_LINES, ResultsList

EVIL = "[@click=app.quit]x[/] [ @click=app.bell]y[/] [Reuters] [/[b]"
ESCAPES = "\x1b]52;c;aGVsbG8=\x07 \x1b[2J"
FILE_NAME = "[@click=app.quit]x[b] [Reuters] \x1b[2J.txt"


@pytest.fixture
def evil_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "articles"
    folder.mkdir()
    body = (
        f"{EVIL} headline {ESCAPES}\n\n"
        f"Reuters wrote {EVIL} in the first paragraph {ESCAPES} of the story.\n\n"
        f'"{EVIL} is what we said," Kim Yong-beom told reporters on Monday.\n'
    )
    (folder / FILE_NAME).write_text(body, encoding="utf-8")
    return build_index(tmp_path, folder)


@pytest.mark.slow
async def test_markup_and_escapes_are_shown_literally_and_inert(evil_config: Config) -> None:
    app = DatelineApp(evil_config)
    calls: list[str] = []

    async def no_quit() -> None:
        calls.append("quit")

    def no_bell() -> None:
        calls.append("bell")

    app.action_quit = no_quit  # type: ignore[method-assign]
    app.action_bell = no_bell  # type: ignore[method-assign,assignment]
    app.bell = no_bell  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.main_screen
        results = screen.results
        assert results is not None and results.total == 1
        listed = screen.query_one(ResultsList)
        assert "[@click=app.quit]x[/]" in listed.row_text(0)[0]
        drawn = "".join(listed.render_line(y).text for y in range(ROW_LINES))
        assert "[@click=app.quit]x[/]" in drawn and "\x1b" not in drawn
        screen.query_one(ResultsList).focus()
        await pilot.press("enter")
        await settle(pilot, app)
        view = screen.query_one(ArticleView)
        text = view.rendered_text()
        for literal in ("[@click=app.quit]x[/]", "[ @click=app.bell]y[/]", "[Reuters]", "[/[b]"):
            assert literal in text
        assert "\x1b" not in text and "␛]52;c;" in text and "␛[2J" in text
        # every visible line of the screen, as the terminal would get it
        lines = [
            "".join(segment.text for segment in strip)
            for strip in screen._compositor.render_strips()
        ]
        shown = "\n".join(lines)
        assert "[Reuters]" in shown and "\x1b" not in shown
        # bookmark the quote, so the bookmarks screen shows the markup too
        await pilot.press("right_square_bracket", "b")
        await pilot.pause()
        await pilot.press(*"[@click=app.quit]note[/]", "enter", "enter")
        await settle(pilot, app)
        # click every row of the screen at many columns (the footer row runs keys by design)
        for y in range(39):
            for x in (3, 60, 110):
                await pilot.click(offset=(x, y))
                if app.screen is not screen:
                    app.pop_screen()
                    await pilot.pause()
        await settle(pilot, app)
        screen.query_one(ResultsList).focus()
        await pilot.press("B")
        await settle(pilot, app)
        for y in range(39):
            for x in (5, 70):
                await pilot.click(offset=(x, y))
        assert app.is_running
    assert calls == []
