"""Modal that asks where to export the bookmarks; the format follows the file name."""

from __future__ import annotations

import os
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.safe import flat

FORMATS = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json"}
"""File extension -> export format."""


def format_for(path: str) -> str | None:
    """The export format a file name asks for, or None."""
    return FORMATS.get(os.path.splitext(path)[1].lower())


class ExportForm(ModalScreen[str | None]):
    """Asks for a path (prefilled); dismisses with it or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]
    """Enter exports."""

    def __init__(self, default_path: str) -> None:
        super().__init__()
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Content("Export bookmarks"), classes="modal-title")
            yield Static(
                Content("File name ending in .md (Markdown), .csv or .json · enter exports"),
                classes="form-meta",
            )
            yield Input(self.default_path, id="export-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if format_for(path) is None:
            self.notify("End the file name with .md, .csv or .json.", markup=False)
            return
        if os.path.lexists(os.path.expanduser(path)):
            # Never replace a file silently: the user picks another name.
            self.notify(
                f"{flat(path)} already exists; choose another name.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
