"""Pilot tests of the bookmarks screen: filter, jump, edit, delete + undo, copy, export."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from index import Config, NewBookmark, SearchRequest, context_around
from tests.app_fixtures import app_config, make_app, seed_app_index, settle
from tui.app import DatelineApp
from tui.screens.bookmark_form import BookmarkForm
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.export_form import ExportForm
from tui.screens.main import MainScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.bookmark_list import PAGE, BookmarkList

__all__ = ["app_config", "seed_app_index"]


def add_bookmarks(app: DatelineApp) -> list[int]:
    """Two bookmarks on real article text."""
    library = app.library
    assert library is not None
    ids = []
    for query, note in (("sufficient productive", "first note"), ("lutnick", "second")):
        hit = library.search(__import__("index").SearchRequest(query)).hits[0]
        article = library.article(hit.id)
        assert article is not None
        start = (
            article.text.index("Lutnick")
            if query == "lutnick"
            else article.text.index("sufficient")
        )
        end = start + 20
        before, after = context_around(article.text, start, end)
        saved = library.bookmarks.add(
            NewBookmark(
                article.id,
                article.path,
                article.title,
                article.meta.date,
                article.text[start:end],
                start,
                end,
                "Kim Yong-beom",
                None,
                before,
                after,
                note,
                ("apec",) if note == "second" else (),
                "quote",
            )
        )
        ids.append(saved.id)
    return ids


async def open_bookmarks(pilot: Pilot[int], app: DatelineApp) -> BookmarksScreen:
    app.main_screen.query_one("#results").focus()
    await pilot.press("B")
    await settle(pilot, app)
    assert isinstance(app.screen, BookmarksScreen)
    return app.screen


async def test_list_filter_and_jump(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        add_bookmarks(app)
        screen = await open_bookmarks(pilot, app)
        assert len(screen.bookmarks) == 2
        await pilot.press("slash", *"apec")
        await settle(pilot, app)
        assert len(screen.bookmarks) == 1 and screen.bookmarks[0].note == "second"
        await pilot.press("enter")  # filter -> list
        assert isinstance(app.focused, BookmarkList)
        await pilot.press("enter")  # open at the quote
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        view = app.main_screen.query_one(ArticleView)
        assert view.article is not None and view.article.id == screen.bookmarks[0].article_id
        assert view.anchor_span == (screen.bookmarks[0].start, screen.bookmarks[0].end)


async def test_edit_note_and_tags(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        add_bookmarks(app)
        screen = await open_bookmarks(pilot, app)
        first = screen.current
        assert first is not None
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkForm)
        app.screen.query_one("#note", Input).value = "edited"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.library is not None
        assert app.library.bookmarks.get(first.id).note == "edited"  # type: ignore[union-attr]
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#tags", Input).value = "#one, two"
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.library.bookmarks.get(first.id).tags == ("one", "two")  # type: ignore[union-attr]
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)


async def test_delete_undo_copy(app_config: Config) -> None:
    app = make_app(app_config)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        add_bookmarks(app)
        screen = await open_bookmarks(pilot, app)
        assert app.library is not None
        await pilot.press("y")
        assert copied and "Kim Yong-beom" in copied[0]
        await pilot.press("d")
        await settle(pilot, app)
        assert app.library.bookmarks.count() == 1 and len(screen.bookmarks) == 1
        await pilot.press("u")
        await settle(pilot, app)
        assert app.library.bookmarks.count() == 2
        await pilot.press("j", "k", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_export_markdown_csv_json(app_config: Config, tmp_path: Path) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        add_bookmarks(app)
        await open_bookmarks(pilot, app)
        for key, name in (("m", "out.md"), ("c", "out.csv"), ("J", "out.json")):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ExportForm)
            app.screen.query_one(Input).value = str(tmp_path / name)
            await pilot.press("enter")
            await settle(pilot, app)
            assert (tmp_path / name).is_file()
        assert "# Dateline bookmarks" in (tmp_path / "out.md").read_text(encoding="utf-8")
        assert (tmp_path / "out.json").read_text(encoding="utf-8").lstrip().startswith("[")


async def test_empty_state_says_how(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = await open_bookmarks(pilot, app)
        text = str(screen.query_one("#bookmarks-empty").render())
        assert "No bookmarks yet" in text


def notes(screen: BookmarksScreen) -> list[str]:
    """The notes of the bookmarks the screen lists, in order."""
    return [b.note for b in screen.bookmarks]


async def test_filter_by_tag_and_by_every_word(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        add_bookmarks(app)
        screen = await open_bookmarks(pilot, app)
        await pilot.press("slash", *"#apec")
        await settle(pilot, app)
        assert notes(screen) == ["second"]
        screen.query_one("#bookmarks-filter", Input).value = "#nosuchtag"
        await settle(pilot, app)
        assert notes(screen) == []
        # words anywhere, in any order: not one substring
        screen.query_one("#bookmarks-filter", Input).value = "note first"
        await settle(pilot, app)
        assert notes(screen) == ["first note"]
        screen.query_one("#bookmarks-filter", Input).value = "first second"
        await settle(pilot, app)
        assert notes(screen) == []


async def test_escape_in_the_filter_keeps_it(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        add_bookmarks(app)
        screen = await open_bookmarks(pilot, app)
        await pilot.press("slash", *"apec", "escape")
        await settle(pilot, app)
        assert isinstance(app.focused, BookmarkList)
        assert screen.query_one("#bookmarks-filter", Input).value == "apec"
        assert len(screen.bookmarks) == 1
        await pilot.press("ctrl+l")
        await settle(pilot, app)
        assert len(screen.bookmarks) == 2


async def test_many_bookmarks_are_listed_a_page_at_a_time(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        library = app.library
        assert library is not None
        article = library.article(library.search(SearchRequest("lutnick")).hits[0].id)
        assert article is not None
        count = PAGE * 2 + 5
        for number in range(count):
            library.bookmarks.add(
                NewBookmark(
                    article.id, article.path, article.title, article.meta.date,
                    article.text[number : number + 30], number, number + 30,
                    note=f"note{number:03d}",
                )
            )  # fmt: skip
        screen = await open_bookmarks(pilot, app)
        listed = screen.query_one(BookmarkList)
        assert len(screen.bookmarks) == count and listed.listed == PAGE
        assert "more" in str(listed.get_option_at_index(listed.option_count - 1).prompt)
        assert listed.current is not None and listed.current.note == f"note{count - 1:03d}"
        for _ in range(PAGE - 3):  # moving down lists the next page before the end
            await pilot.press("down")
        assert listed.listed == 2 * PAGE
        await pilot.press("G")  # the oldest, every page listed
        await settle(pilot, app)
        assert listed.listed == count and listed.current is not None
        assert listed.current.note == "note000"
        await pilot.press("slash", *"note03")  # the filter reaches past the first page
        await settle(pilot, app)
        assert sorted(b.note for b in screen.bookmarks) == [f"note03{n}" for n in range(10)]
