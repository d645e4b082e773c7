"""Modal that asks for an entity's new name (`C` in the entity sidebar).

The box starts with the current name; enter saves, escape leaves it as it was.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input

from tui.safe import flat, input_text
from tui.screens.modal_form import ModalForm

MAX_NAME = 200
"""Longer than any name: a paste gone wrong."""


class RenameForm(ModalForm[str]):
    """Dismisses with the new name, or None when cancelled or unchanged."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rename_form.cancel"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Rename {flat(name, 100)}",
            "Enter saves (every spelling of it is shown so), escape cancels.",
        )
        self.old_name = name

    def make_field(self) -> Widget:
        return Input(value=input_text(self.old_name), max_length=MAX_NAME, id="rename-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves the name in the box."""
        event.stop()
        name = " ".join(event.value.split())
        self.dismiss(name if name and name != self.old_name else None)
