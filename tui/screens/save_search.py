"""Modal that asks for a name to save the current search under (`ctrl+s` on the main screen)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from index import SearchRequest
from tui.safe import clean, flat
from tui.widgets.filter_chips import chip_label

NAME_LIMIT = 80
"""Saved-search names are one short line."""


def request_summary(request: SearchRequest) -> Content:
    """`said:"Kim" talks · ⟨person: Koo ✕⟩` — the query and its filters on one line."""
    parts: list[Content] = [Content(flat(request.query, 120) or "(no words)").stylize("bold")]
    for search_filter in request.filters:
        parts.append(Content(" · ").stylize("$text-muted"))
        parts.append(chip_label(search_filter).stylize("$text-secondary"))
    return Content("").join(parts)


class SaveSearchForm(ModalScreen[str | None]):
    """Shows the search and asks for a name; dismisses with the name or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save_search.cancel"),
        Binding("ctrl+s", "save", "Save", id="save_search.save"),
    ]
    """Enter in the name box saves too."""

    def __init__(self, request: SearchRequest, existing: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.request = request
        self.existing = existing

    def compose(self) -> ComposeResult:
        with Vertical(id="save-search-box", classes="modal-box"):
            yield Static(Content("Save this search"), classes="modal-title")
            yield Static(request_summary(self.request), classes="form-quote")
            yield Static(
                Content(
                    "Saved searches are in the command palette (ctrl+p); each says how many "
                    "new articles match since you last opened it."
                ),
                classes="form-meta",
            )
            yield Label(Content("Name"))
            default = flat(self.request.query, NAME_LIMIT).strip() or "filtered search"
            yield Input(clean(default), placeholder="e.g. Kim on the talks", id="save-name")
            yield Static(id="save-warning", classes="form-meta")
            with HorizontalGroup(classes="modal-buttons"):
                yield Button(Content("Save  ↵"), variant="primary", id="save")
                yield Button(Content("Cancel  esc"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save-name", Input).focus()
        self._warn(self.query_one("#save-name", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._warn(event.value)

    def _warn(self, name: str) -> None:
        text = (
            "A saved search with this name will be replaced."
            if name.strip() in self.existing
            else ""
        )
        self.query_one("#save-warning", Static).update(Content(text))

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
        """Close with the name (an empty name keeps the form open)."""
        name = flat(self.query_one("#save-name", Input).value, NAME_LIMIT).strip()
        if not name:
            self.notify("Give the search a name.", markup=False)
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
