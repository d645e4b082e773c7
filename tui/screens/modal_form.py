"""The one-field modal forms share this: a box in the middle of the screen with a bold
heading, the field that takes the keys and a hint under it. Escape dismisses with None;
each form gives its heading, its field, its hint and what enter dismisses with.

Each form keeps its own `BINDINGS` (their ids are its own, for `keymap:` and help).
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Static

_R = TypeVar("_R")


class ModalForm(ModalScreen[_R | None]):
    """Heading, field, hint; dismisses with the form's answer, or None on escape."""

    DEFAULT_CSS = """
    ModalForm { align: center middle; }
    ModalForm > Vertical {
        width: 70; max-width: 100%; height: auto; padding: 1 2;
        background: $panel; border: round $primary;
    }
    ModalForm .form-hint { color: $text-muted; }
    """

    def __init__(self, heading: str, hint: str = "") -> None:
        super().__init__()
        self.heading = heading
        """The bold first line (already flattened and cut to fit)."""
        self.hint = hint
        """What enter and escape do, under the field (none when empty)."""
        self._field: Widget | None = None

    def make_field(self) -> Widget:
        """The widget that takes the keys (made once, when the form is composed)."""
        raise NotImplementedError

    def field_mounted(self, field: Widget) -> None:
        """Set the field up once it is mounted, before it takes the focus."""

    def compose(self) -> ComposeResult:
        self._field = self.make_field()
        with Vertical():
            yield Label(Content(self.heading).stylize("bold"))
            yield self._field
            if self.hint:
                yield Static(Content(self.hint), classes="form-hint")

    def on_mount(self) -> None:
        if self._field is not None:
            self.field_mounted(self._field)
            self._field.focus()

    def action_cancel(self) -> None:
        """Leave everything as it was."""
        self.dismiss(None)
