"""An option list that remembers its width, for rows drawn to fit it."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList


class SizedOptionList(OptionList):
    """Rows cut or wrapped to the list's width must be redrawn when it changes.

    Its size is set by the screen, never by its rows, so rows coming and going repaint
    the list without a layout pass of the whole screen: a filter key in who said what
    changed both lists' lengths and cost two layout passes (most of the key's time).
    """

    DEFAULT_CSS = """
    SizedOptionList {
        overflow-y: scroll;
    }
    """
    """The scrollbar is always there: one coming and going would change the rows' width
    and need a layout pass."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """How many rows there are: a repaint when it changes (the scrollbars are updated by
    the option list itself), not a layout pass as for a widget sized by its content."""

    content_width = 0
    """Width inside the border as of the last resize: the first page of rows can arrive
    while the list's region still reads as empty, and they are drawn to this width."""

    class Resized(Message):
        """The list changed size: its rows are drawn to its width, so redraw them."""

        def __init__(self, option_list: SizedOptionList) -> None:
            super().__init__()
            self.option_list = option_list

        @property
        def control(self) -> SizedOptionList:
            return self.option_list

    def on_resize(self, event: events.Resize) -> None:
        self.content_width = max(0, event.size.width - self.gutter.width)
        self.post_message(self.Resized(self))

    def row_width(self) -> int:
        """Cells a row may take, always keeping room for a scrollbar: rows drawn while it
        was hidden would be cut when a longer list brings it back (no resize happens)."""
        inside = self.content_region.width or self.content_width
        return max(12, inside - self.styles.scrollbar_size_vertical - 1)
