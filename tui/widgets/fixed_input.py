"""A text box whose typing never re-arranges the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FixedInput(Input):
    """An `Input` in a box of fixed size: each keystroke is a repaint, not a layout.

    `Input` records its text width as its virtual size on every keystroke, and a virtual
    size change normally asks for a layout pass of the whole screen (~4 ms at 10k articles
    on the main screen, ~10 ms on the bookmarks screen, on the path from key to filtered
    list). A box of fixed size only scrolls by that width: a repaint is enough.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
