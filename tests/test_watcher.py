"""File-system events for the article folders: articles noticed without listing folders."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from index import FolderWatcher, Library
from index.articles.loader import may_be_folder
from index.articles.watcher import is_article_change
from tests.app_fixtures import SEEDS, build_index, wait_until
from tui.app import DatelineApp


def next_relevant(watcher: FolderWatcher, tries: int = 40) -> frozenset[str] | None:
    """The first batch that says something (each wait returns within about half a second)."""
    for _ in range(tries):
        seen = watcher.wait()
        if seen is None or seen:
            return seen
    return frozenset()


def test_article_suffixes_only() -> None:
    assert is_article_change("/a/b/story.txt") and is_article_change("/a/page.HTML")
    assert not is_article_change("/a/.story.txt.swp") and not is_article_change("/a/notes")


def test_a_path_that_is_gone_or_a_folder_may_be_a_moved_folder(tmp_path: Path) -> None:
    assert may_be_folder(str(tmp_path / "gone-folder"))
    assert may_be_folder(str(tmp_path / "news.2024"))  # gone: a folder as much as a file
    (tmp_path / "2024.archive").mkdir()
    assert may_be_folder(str(tmp_path / "2024.archive"))
    (tmp_path / "notes").write_text("a file without a suffix")
    assert not may_be_folder(str(tmp_path / "notes"))
    assert not may_be_folder(str(tmp_path / "editor.swp"))
    assert not may_be_folder(str(tmp_path / "story.txt~"))
    assert not may_be_folder(str(tmp_path / ".git"))


def test_events_report_article_files_and_end_when_stopped(tmp_path: Path) -> None:
    watcher = FolderWatcher((str(tmp_path),))
    assert watcher.start()
    # the watch starts with the first wait: write once it is under way
    timer = threading.Timer(0.3, (tmp_path / "new.txt").write_text, args=("Title\n\nBody.\n",))
    timer.start()
    try:
        assert next_relevant(watcher) == frozenset({str(tmp_path / "new.txt")})
        (tmp_path / "editor.swp").write_text("x")
        assert not watcher.wait() or not watcher.wait()
    finally:
        timer.cancel()
        watcher.stop()
    for _ in range(10):
        if watcher.wait() is None:
            break
    assert watcher.wait() is None


def test_a_missing_folder_cannot_be_watched(tmp_path: Path) -> None:
    watcher = FolderWatcher((str(tmp_path / "unmounted"),))
    assert not watcher.start() or watcher.wait() is None


async def test_the_app_picks_up_a_new_file_from_events_without_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    config = replace(build_index(tmp_path, articles), watch=True)
    library = Library(config)
    listings: list[int] = []
    real = library.needs_update

    def counted() -> bool:
        listings.append(1)
        return real()

    monkeypatch.setattr(library, "needs_update", counted)
    watching = threading.Event()

    class SignallingWatcher(FolderWatcher):
        """Says when the app's watch is listening, so the test writes only after that."""

        def start(self) -> bool:
            started = super().start()
            watching.set()
            return started

    monkeypatch.setattr("tui.app.FolderWatcher", SignallingWatcher)
    app = DatelineApp(config, library=library, watch_seconds=600)  # no periodic listing
    async with app.run_test(size=(120, 40)) as pilot:
        # the watch worker never completes: wait for the index and the watch instead
        assert await wait_until(pilot, lambda: app.main_screen.status is not None)
        before = app.main_screen.status
        assert before is not None and before.articles == 5
        assert await wait_until(pilot, watching.is_set)
        (articles / "fresh.txt").write_text(
            "Lighthouse keepers return\n\nThe last lighthouse keepers came back today.\n"
        )

        def six() -> bool:
            status = app.main_screen.status
            return status is not None and status.articles == 6

        assert await wait_until(pilot, six, seconds=60)
        assert listings == []  # noticed from events, not by listing every file
