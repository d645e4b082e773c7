"""The bookmarks screen: search, jump to the source, edit, delete with undo, copy, export.

Dismisses with `(article_id, start, end)` to open the article at the quote, or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

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
from tui.safe import clean, date_label, flat
from tui.screens.bookmark_form import BookmarkForm, BookmarkFormResult
from tui.screens.export_form import ExportForm, format_for
from tui.services import Services, services
from tui.widgets.fit_footer import FitFooter

if TYPE_CHECKING:
    from index import BookmarkStore

STATUS_LABELS = {"moved": "moved (re-anchored)", "orphaned": "not found in the article"}
"""Said only when something happened to the quote: a bookmark that is fine says nothing."""


def bookmark_matches(b: Bookmark, text: str) -> bool:
    """Whether a bookmark matches every word of a filter; `#word` matches a tag.

    `lee lede` finds a bookmark with both words anywhere (not the phrase "lee lede");
    `#apec` finds the bookmarks tagged apec (or a tag starting with it).
    """
    haystack = " ".join(
        [b.quote, b.speaker or "", b.speaker_desc or "", b.title, b.note, *b.tags]
    ).casefold()
    tags = [t.casefold() for t in b.tags]
    for word in text.casefold().split():
        if word.startswith("#"):
            tag = word.lstrip("#")
            if tag and not any(t.startswith(tag) for t in tags):
                return False
        elif word not in haystack:
            return False
    return True


def bookmark_prompt(b: Bookmark) -> Content:
    """Quote, then who · where · when (· what happened to it), then note and tags."""
    who = b.speaker or b.speaker_desc
    lead = f"— {flat(who, 50)}" if who else ("passage" if b.kind == "passage" else "unattributed")
    quote = Content(f"“{flat(b.quote, 240)}”").stylize("bold")
    meta_parts = [lead, flat(b.title, 36), date_label(b.date)]
    meta = Content("    " + " · ".join(meta_parts)).stylize("$text-muted")
    lines = [quote, Content("\n"), meta]
    if b.status != "ok":
        status = STATUS_LABELS.get(b.status, flat(b.status, 30))
        lines += [Content(" · "), Content(status).stylize("$text-warning")]
    extra = []
    if b.note:
        extra.append(f"note: {flat(b.note, 120)}")
    if b.tags:
        extra.append(" ".join(f"#{flat(t, 30)}" for t in b.tags))
    if extra:
        lines += [Content("\n"), Content("    " + "  ".join(extra)).stylize("$text-secondary")]
    return Content("").join(lines)


class BookmarkList(OptionList):
    """The bookmarks, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="bookmarks.down"),
        Binding("k", "cursor_up", "Up", show=False, id="bookmarks.up"),
        Binding("g", "first", "First", show=False, id="bookmarks.first"),
        Binding("G", "last", "Last", show=False, id="bookmarks.last"),
    ]
    """vi-style movement."""


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
            yield Input(
                placeholder="/ filter by quote, speaker, title, note or #tag",
                id="bookmarks-filter",
                compact=True,
            )
            yield Static(Content("export: m Markdown · c CSV · J JSON"), id="bookmarks-hint")
        yield BookmarkList(id="bookmark-list")
        yield Static(id="bookmarks-empty")
        yield FitFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(BookmarkList).focus()

    def reload(self, keep: int | None = None) -> None:
        """Read the bookmarks again (after an edit, delete or undo)."""
        store = self.store
        if store is None:
            return
        try:
            items = tuple(b for b in store.list() if bookmark_matches(b, self.filter_text))
        except BookmarkStoreError as error:
            self.notify(flat(str(error)), severity="error", markup=False)
            return
        option_list = self.query_one(BookmarkList)
        if keep is None:
            current = self.current
            keep = current.id if current is not None else None
        self.bookmarks = items
        options: list[Option | None] = []
        for b in items:
            if options:
                options.append(None)
            options.append(Option(bookmark_prompt(b), id=str(b.id)))
        old_index = option_list.highlighted
        option_list.set_options(options)
        ids = [str(b.id) for b in items]
        if items:
            if keep is not None and str(keep) in ids:
                option_list.highlighted = option_list.get_option_index(str(keep))
            else:
                option_list.highlighted = min(old_index or 0, len(options) - 1)
                if option_list.highlighted is not None and options[option_list.highlighted] is None:
                    option_list.highlighted -= 1
        total = store.count()
        shown = f"{len(items)} of {total}" if self.filter_text else f"{total}"
        self.query_one("#bookmarks-count", Static).update(
            Content(f" · {shown} · ").stylize("$text-muted")
        )
        empty = ""
        if not total:
            keymap = self.dateline.config.keymap
            quote, mark = key_for(keymap, "next_quote", "]"), key_for(keymap, "bookmark", "b")
            empty = (
                f"No bookmarks yet. Open an article, move to a quote with {quote} and press {mark}."
            )
        elif not items:
            empty = "No bookmark matches the filter."
        self.query_one("#bookmarks-empty", Static).update(Content(empty))
        self.query_one("#bookmarks-empty").display = bool(empty)
        # An empty list would push the explanation to the bottom of the screen.
        self.query_one(BookmarkList).display = not empty

    @property
    def current(self) -> Bookmark | None:
        """The highlighted bookmark."""
        option_list = self.query_one(BookmarkList)
        if option_list.highlighted is None:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return next((b for b in self.bookmarks if str(b.id) == option.id), None)

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.reload()

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
