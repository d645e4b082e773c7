"""Modal that picks one of a few choices: an entity's new type (`Y`) or the alias to
split off (`S`). Enter picks, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.safe import flat
from tui.screens.modal_form import ModalForm


class ChoiceForm(ModalForm[str]):
    """A title and a list; dismisses with the chosen value, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice_form.cancel"),
        Binding("j", "down", "Down", show=False, id="choice_form.down"),
        Binding("k", "up", "Up", show=False, id="choice_form.up"),
    ]

    DEFAULT_CSS = """
    ChoiceForm > Vertical { width: 60; max-height: 80%; }
    ChoiceForm OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, choices: list[str], current: str | None = None) -> None:
        super().__init__(flat(title, 100))
        self.title_text = title
        self.choices = choices
        self.current = current

    def make_field(self) -> Widget:
        return OptionList(
            *(
                Option(Content(flat(choice, 80)), id=str(i))
                for i, choice in enumerate(self.choices)
            ),
            id="choices",
        )

    def field_mounted(self, field: Widget) -> None:
        if isinstance(field, OptionList) and self.current in self.choices:
            field.highlighted = self.choices.index(self.current)

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
