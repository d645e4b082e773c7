"""Modal that asks for an entity's new name (`C` in the entity sidebar).

The box starts with the current name; enter saves, escape leaves it as it was.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.safe import flat, input_text

MAX_NAME = 200
"""Longer than any name: a paste gone wrong."""


class RenameForm(ModalScreen[str | None]):
    """Dismisses with the new name, or None when cancelled or unchanged."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rename_form.cancel"),
    ]

    DEFAULT_CSS = """
    RenameForm { align: center middle; }
    RenameForm > Vertical {
        width: 70; max-width: 100%; height: auto; padding: 1 2;
        background: $panel; border: round $primary;
    }
    RenameForm #rename-hint { color: $text-muted; }
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.old_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(f"Rename {flat(self.old_name, 100)}").stylize("bold"))
            yield Input(value=input_text(self.old_name), max_length=MAX_NAME, id="rename-input")
            yield Static(
                Content("Enter saves (every spelling of it is shown so), escape cancels."),
                id="rename-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves the name in the box."""
        event.stop()
        name = " ".join(event.value.split())
        self.dismiss(name if name and name != self.old_name else None)

    def action_cancel(self) -> None:
        """Keep the name."""
        self.dismiss(None)
