"""Who said what's speaker list: each speaker with how many quotes they have."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from tui.widgets.sized_option_list import SizedOptionList


class SpeakerList(SizedOptionList):
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
