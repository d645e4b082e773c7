"""Who said what's speaker list: each speaker with how many quotes they have."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList


class SpeakerList(OptionList):
    """Speakers with how many quotes each has (under the filter words)."""

    DEFAULT_CSS = """
    SpeakerList {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="speakers.list_down"),
        Binding("k", "cursor_up", "Up", show=False, id="speakers.list_up"),
    ]
    """vi-style movement."""

    content_width = 0
    """Width inside the border as of the last resize: the first page of quotes can arrive
    while the list's region still reads as empty, and its rows are cut to this width."""

    class Resized(Message):
        """The list changed size: its rows are cut to its width, so they are redrawn."""

    def on_resize(self, event: events.Resize) -> None:
        self.content_width = max(0, event.size.width - self.gutter.width)
        self.post_message(self.Resized())
