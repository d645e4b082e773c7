"""Modal that asks for a bookmark's note and tags (new bookmarks and edits alike)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from index import Bookmark, NewBookmark
from tui.safe import date_label, flat, input_text


@dataclass(frozen=True, slots=True)
class BookmarkFormResult:
    """What the user typed."""

    note: str
    tags: tuple[str, ...]


def parse_tags(text: str) -> tuple[str, ...]:
    """`#apec, trade deadline` -> ("apec", "trade", "deadline")."""
    words = text.replace(",", " ").split()
    return tuple(dict.fromkeys(w.lstrip("#") for w in words if w.lstrip("#")))


class BookmarkForm(ModalScreen[BookmarkFormResult | None]):
    """Shows the quote and asks for a note and tags; dismisses with them or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]
    """Enter saves from either box; tab moves between them."""

    def __init__(
        self,
        bookmark: NewBookmark | Bookmark,
        note: str = "",
        tags: str = "",
        title: str = "Bookmark",
        focus_tags: bool = False,
    ) -> None:
        super().__init__()
        self.bookmark = bookmark
        self._note = input_text(note)
        self._tags = input_text(tags)
        self._title = title
        self._focus_tags = focus_tags

    def compose(self) -> ComposeResult:
        b = self.bookmark
        who = b.speaker or b.speaker_desc
        # A passage has no speaker: say what it is rather than "— passage".
        lead = f"— {flat(who, 60)}" if who else ("Passage" if b.kind == "passage" else "Quote")
        with Vertical(id="form-box", classes="modal-box"):
            yield Static(Content(self._title), classes="modal-title")
            yield Static(Content(f"“{flat(b.quote, 400)}”").stylize("italic"), classes="form-quote")
            yield Static(
                Content(f"{lead} · {flat(b.title, 80)} · {date_label(b.date)}"),
                classes="form-meta",
            )
            yield Label(Content("Note  (↵ saves · tab goes to tags)"))
            yield Input(self._note, placeholder="why this matters (optional)", id="note")
            yield Label(Content("Tags"))
            yield Input(self._tags, placeholder="space-separated, e.g. apec deadline", id="tags")
            with HorizontalGroup(classes="modal-buttons"):
                yield Button(Content("Save  ctrl+s"), variant="primary", id="save")
                yield Button(Content("Cancel  esc"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#tags" if self._focus_tags else "#note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Close with the note and tags."""
        note = self.query_one("#note", Input).value.strip()
        tags = parse_tags(self.query_one("#tags", Input).value)
        self.dismiss(BookmarkFormResult(note, tags))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
