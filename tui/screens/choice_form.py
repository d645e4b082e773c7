"""Modal that picks one of a few choices: an entity's new type (`Y`) or the alias to
split off (`S`). Enter picks, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.safe import flat


class ChoiceForm(ModalScreen[str | None]):
    """A title and a list; dismisses with the chosen value, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice_form.cancel"),
        Binding("j", "down", "Down", show=False, id="choice_form.down"),
        Binding("k", "up", "Up", show=False, id="choice_form.up"),
    ]

    DEFAULT_CSS = """
    ChoiceForm { align: center middle; }
    ChoiceForm > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 80%; padding: 1 2;
        background: $panel; border: round $primary;
    }
    ChoiceForm OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, choices: list[str], current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(flat(self.title_text, 100)).stylize("bold"))
            yield OptionList(
                *(
                    Option(Content(flat(choice, 80)), id=str(i))
                    for i, choice in enumerate(self.choices)
                ),
                id="choices",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter picks the highlighted choice."""
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)])

    def action_down(self) -> None:
        """Next choice."""
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        """Previous choice."""
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        """Choose nothing."""
        self.dismiss(None)
