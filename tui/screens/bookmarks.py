"""The bookmarks screen: search, jump to the source, edit, delete with undo, copy, export.

Dismisses with `(article_id, start, end)` to open the article at the quote, or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from index import (
    Bookmark,
    BookmarkStoreError,
    DatelineError,
    citation,
    default_export_path,
    plural,
    write_export,
)
from tui.keys import key_for
from tui.paint_hold import FilterPaintHold
from tui.safe import clean, flat
from tui.screens.bookmark_form import BookmarkForm, BookmarkFormResult
from tui.screens.export_form import ExportForm, format_for
from tui.services import Services, services
from tui.widgets.bookmark_list import PAGE, BookmarkFilter, BookmarkList
from tui.widgets.fit_footer import FitFooter
from tui.widgets.fixed_input import FixedInput

if TYPE_CHECKING:
    from index import BookmarkStore

SHOWN_FIRST = PAGE + 1
"""Read before the first paint (one more than a page, so the "more" row shows at once);
the rest are read in a worker."""


NARROW_WIDTH = 100
"""Below this many columns the head uses its short words (`HEAD_NARROW`)."""
HEAD_WIDE = (
    "/ filter by quote, speaker, title, note or #tag",
    "export: m Markdown · c CSV · J JSON",
)
"""The filter box's placeholder and the export hint, with room to spare."""
HEAD_NARROW = ("/ filter: quote, speaker, note, #tag", "export: m c J")
"""The same in fewer words, for 80 columns."""


class BookmarksScreen(Screen[tuple[str, int, int] | None]):
    """Every saved quote and passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="bookmarks.back"),
        Binding("slash", "focus_filter", "Filter", id="bookmarks.filter"),
        Binding("ctrl+l", "clear_filter", "Clear filter", show=False, id="bookmarks.clear"),
        Binding("enter", "open", "Open at quote", id="bookmarks.open"),
        Binding("n", "edit_note", "Note", id="bookmarks.note"),
        Binding("t", "edit_tags", "Tags", id="bookmarks.tags"),
        Binding("d", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo", id="bookmarks.undo"),
        Binding("y", "copy", "Copy", id="bookmarks.copy"),
        Binding("m", "export('md')", "Markdown", id="bookmarks.export_markdown"),
        Binding("c", "export('csv')", "CSV", show=False, id="bookmarks.export_csv"),
        Binding("J", "export('json')", "JSON", show=False, id="bookmarks.export_json"),
    ]
    """Bookmark keys; every one has an id for `keymap:` in config.yaml."""

    bookmarks: var[tuple[Bookmark, ...]] = var(())
    """The bookmarks shown (after the filter)."""
    filter_text: var[str] = var("")
    """What is typed in the filter box."""

    def __init__(self) -> None:
        super().__init__()
        self._deleted: list[Bookmark] = []
        self._filter = BookmarkFilter(())
        """Over the bookmarks read so far, newest first: the first page, then all."""
        self._total: int | None = None
        """How many there are, once all are read (None while the worker reads them)."""
        self._shown_count = ""
        self._shown_empty: str | None = None
        """What the count and the empty-list sentence say now (each is redrawn on change)."""
        self._filter_paint = FilterPaintHold(self, "bookmarks-filter")
        """A key in the filter box is painted with the list it filters (one frame)."""

    @property
    def store(self) -> BookmarkStore | None:
        """The bookmark store of the app's library."""
        library = services(self.app).library
        return library.bookmarks if library is not None else None

    @property
    def dateline(self) -> Services:
        """The app's services (library, history, …), reached without importing the app."""
        return services(self.app)

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="bookmarks-head"):
            yield Static(Content("Bookmarks"), id="bookmarks-title")
            yield Static(id="bookmarks-count")
            yield FixedInput(id="bookmarks-filter", compact=True)
            yield Static(id="bookmarks-hint")
        yield BookmarkList(id="bookmark-list")
        yield Static(id="bookmarks-empty")
        yield FitFooter()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_head(event.size.width)

    def _fit_head(self, width: int) -> None:
        """The head's words for this width: at 80 columns the long ones left the filter
        box room for "/ filter by quote," only."""
        wide = width >= NARROW_WIDTH
        box = self.query_one("#bookmarks-filter", Input)
        box.placeholder = HEAD_WIDE[0] if wide else HEAD_NARROW[0]
        hint = HEAD_WIDE[1] if wide else HEAD_NARROW[1]
        self.query_one("#bookmarks-hint", Static).update(Content(hint))

    def on_mount(self) -> None:
        self._fit_head(self.app.size.width)
        store = self.store
        self.query_one(BookmarkList).focus()
        if store is None:
            return
        try:
            newest = tuple(store.list(limit=SHOWN_FIRST))
        except BookmarkStoreError as error:
            self.notify(flat(str(error)), severity="error", markup=False)
            return
        self._filter = BookmarkFilter(newest)
        self._total = len(newest) if len(newest) < SHOWN_FIRST else None
        self._show()
        if self._total is None:
            self._read_all()

    @work(thread=True, exclusive=True, group="bookmarks-read", exit_on_error=False)
    def _read_all(self) -> None:
        """Every bookmark, read off the UI thread: ten thousand take ~0.15 s."""
        read = self._every_bookmark()
        if isinstance(read, str):
            self.app.call_from_thread(self.notify, read, severity="error", markup=False)
        elif read is not None:
            self.app.call_from_thread(self._all_read, read)

    def _every_bookmark(self) -> tuple[Bookmark, ...] | str | None:
        """Every bookmark, newest first; or why they cannot be read; None with no library."""
        store = self.store
        if store is None:
            return None
        try:
            return tuple(store.list())
        except BookmarkStoreError as error:
            return flat(str(error))

    def _all_read(self, items: tuple[Bookmark, ...], keep: int | None = None) -> None:
        """Show every bookmark read, the cursor on `keep` (or where it is)."""
        if keep is None:
            current = self.current
            keep = current.id if current is not None else None
        self._filter, self._total = BookmarkFilter(items), len(items)
        self._show(keep)

    def reload(self, keep: int | None = None) -> None:
        """Read the bookmarks again (after an edit, delete or undo)."""
        read = self._every_bookmark()
        if isinstance(read, str):
            self.notify(read, severity="error", markup=False)
        elif read is not None:
            self._all_read(read, keep)

    def _show(self, keep: int | None = None) -> None:
        """List what the filter keeps of the bookmarks read so far; say how many there are."""
        text, source = self.filter_text, self._filter.bookmarks
        items = self._filter.matching(text) if text else source
        self.bookmarks = items
        self.query_one(BookmarkList).show(items, keep)
        total = self._total
        loading = total is None
        if total is None:
            store = self.store
            total = store.count() if store is not None else len(source)
        shown = f"{len(items)} of {total}" if text else f"{total}"
        if loading and text:
            shown += ", reading…"
        count = f" · {shown} · "
        if count != self._shown_count:
            # a count of the same width is a repaint; only a new width re-arranges the head
            layout = len(count) != len(self._shown_count)
            self._shown_count = count
            self.query_one("#bookmarks-count", Static).update(
                Content(count).stylize("$text-muted"), layout=layout
            )
        empty = ""
        if not total:
            keymap = self.dateline.config.keymap
            quote, mark = key_for(keymap, "next_quote", "]"), key_for(keymap, "bookmark", "b")
            empty = (
                f"No bookmarks yet. Open an article, move to a quote with {quote} and press {mark}."
            )
        elif not items and not loading:
            empty = "No bookmark matches the filter."
        if empty != self._shown_empty:
            self._shown_empty = empty
            self.query_one("#bookmarks-empty", Static).update(Content(empty))
            self.query_one("#bookmarks-empty").display = bool(empty)
        # An empty list would push the explanation to the bottom of the screen.
        self.query_one(BookmarkList).display = not empty  # (the same value is a no-op)

    @property
    def current(self) -> Bookmark | None:
        """The highlighted bookmark."""
        return self.query_one(BookmarkList).current

    def key_arriving(self, event: events.Key) -> None:
        """A key is about to reach the focused widget (see `SeesKeysFirst`)."""
        self._filter_paint.key_arriving(event)

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self._show()
        self._filter_paint.release()

    @on(Input.Submitted, "#bookmarks-filter")
    def _filter_submitted(self) -> None:
        self.query_one(BookmarkList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#bookmarks-filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Empty the filter box (escape leaves it and keeps the filter)."""
        self.query_one("#bookmarks-filter", Input).value = ""

    def action_back(self) -> None:
        """Leave the filter box (keeping the filter), or go back to the reader."""
        box = self.query_one("#bookmarks-filter", Input)
        if box.has_focus:
            self.query_one(BookmarkList).focus()
            return
        self.dismiss(None)

    def action_open(self) -> None:
        """Open the article at the quote."""
        b = self.current
        if b is None:
            return
        if b.status == "orphaned":
            self.notify(
                "The quote is no longer in the article; opening it at the top.", markup=False
            )
        self.dismiss((b.article_id, b.start, b.end))

    def _edit(self, focus_tags: bool) -> None:
        b = self.current
        store = self.store
        if b is None or store is None:
            return

        def done(result: BookmarkFormResult | None) -> None:
            if result is None or store is None:
                return
            try:
                store.update(b.id, note=result.note, tags=result.tags)
            except BookmarkStoreError as error:
                self.notify(flat(str(error)), severity="error", markup=False)
                return
            self.reload(keep=b.id)
            self.notify("Bookmark updated.", markup=False)

        self.app.push_screen(
            BookmarkForm(
                b, note=b.note, tags=" ".join(b.tags), title="Edit bookmark", focus_tags=focus_tags
            ),
            done,
        )

    def action_edit_note(self) -> None:
        """Edit the note of the highlighted bookmark."""
        self._edit(focus_tags=False)

    def action_edit_tags(self) -> None:
        """Edit the tags of the highlighted bookmark."""
        self._edit(focus_tags=True)

    def action_delete(self) -> None:
        """Delete the highlighted bookmark (u brings it back)."""
        b = self.current
        store = self.store
        if b is None or store is None:
            return
        try:
            removed = store.remove(b.id)
        except BookmarkStoreError as error:
            self.notify(flat(str(error)), severity="error", markup=False)
            return
        if removed is not None:
            self._deleted.append(removed)
        self.reload()
        self.notify("Bookmark deleted · u undoes.", markup=False)

    def action_undo(self) -> None:
        """Bring back the last deleted bookmark."""
        store = self.store
        if not self._deleted or store is None:
            self.notify("Nothing to undo.", markup=False)
            return
        b = self._deleted.pop()
        try:
            store.restore(b)
        except BookmarkStoreError as error:
            self._deleted.append(b)
            self.notify(flat(str(error)), severity="error", markup=False)
            return
        self.reload(keep=b.id)
        self.notify("Bookmark restored.", markup=False)

    def action_copy(self) -> None:
        """Copy the quote with its citation (OSC 52)."""
        b = self.current
        if b is None:
            return
        self.app.copy_to_clipboard(clean(citation(b)))
        self.notify("Copied the quote with its citation.", markup=False)

    def action_export(self, extension: str) -> None:
        """Ask for a file name, then export every bookmark to it."""
        store = self.store
        if store is None:
            return
        try:
            default = str(default_export_path(extension))
        except DatelineError as error:
            self.notify(flat(str(error)), severity="error", markup=False)
            return

        def write(path: str | None) -> None:
            if path is None or store is None:
                return
            fmt = format_for(path) or "markdown"
            try:
                items = store.list()
                target = write_export(path, store.export(fmt, items))
            except DatelineError as error:
                self.notify(f"Export failed: {flat(str(error))}", severity="error", markup=False)
                return
            count = plural(len(items), "bookmark")
            self.notify(f"Exported {count} to {flat(str(target))}.", markup=False)

        self.app.push_screen(ExportForm(default), write)
