"""The main screen's bookmarks: save a quote with a note and tags (asking again with what
was typed when the save fails), open the bookmarks screen, and keep the status line's
count of them."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from index import BookmarkStoreError, NewBookmark
from tui.safe import flat
from tui.screens.bookmark_form import BookmarkForm, BookmarkFormResult
from tui.screens.screen_job import ScreenJob

if TYPE_CHECKING:
    from tui.screens.main import MainScreen  # noqa: F401  (named in the base class)


class QuoteBookmarks(ScreenJob["MainScreen"]):
    """Saves bookmarks and lists them; every failure is said, never raised."""

    def ask(self, new: NewBookmark, note: str = "", tags: str = "") -> None:
        """Ask for a note and tags, then save; on failure ask again with what was typed."""
        screen = self.screen

        def save(result: BookmarkFormResult | None) -> None:
            if result is None or screen.library is None:
                return
            bookmark = replace(new, note=result.note, tags=result.tags)
            try:
                screen.library.bookmarks.add(bookmark)
            except BookmarkStoreError as error:
                screen.notify(flat(str(error)), severity="error", markup=False, timeout=10)
                self.ask(new, result.note, " ".join(result.tags))
                return
            self.refresh_count()
            screen.notify("Bookmark saved · B lists bookmarks.", markup=False)

        screen.app.push_screen(BookmarkForm(new, note=note, tags=tags), save)

    def show_all(self) -> None:
        """Open the bookmarks screen; the bookmark chosen there opens at its quote."""
        from tui.screens.bookmarks import BookmarksScreen

        screen = self.screen

        def jump(target: tuple[str, int, int] | None) -> None:
            self.refresh_count()
            if target is not None:
                article_id, start, end = target
                screen.open_article(article_id, (start, end), focus=True)

        screen.app.push_screen(BookmarksScreen(), jump)

    def refresh_count(self) -> None:
        """Count the saved bookmarks again, for the status line."""
        screen = self.screen
        library = screen.library
        if library is None:
            return
        try:
            screen.bookmark_count = library.bookmarks.count()
        except BookmarkStoreError as error:
            screen.notify(flat(str(error)), severity="error", markup=False)
