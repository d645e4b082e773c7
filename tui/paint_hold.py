"""One frame per keystroke: a key that edits a box is painted together with what it
changes, not a frame apart.

Textual paces frames: a typed character is painted at once, and the list it filters a
frame or two later (17-33 ms), and a count in a head another frame after that. Holding the
paint from the key until the change is in (at most `HOLD_PAINT_S`) shows all of it in one
frame. The app hands each key to a screen that `SeesKeysFirst` before its widgets see it.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual import events
    from textual.message_pump import MessagePump
    from textual.screen import Screen

HOLD_PAINT_S = 0.04
"""Longest a key waits for what it changes before the typed character is painted alone."""
EDITING_KEYS = frozenset({"backspace", "delete", "ctrl+w", "ctrl+u", "ctrl+k", "ctrl+x", "ctrl+v"})
"""Non-printable keys that change a box's text."""


@runtime_checkable
class SeesKeysFirst(Protocol):
    """A screen told of each key before the focused widget handles it."""

    def key_arriving(self, event: events.Key) -> None:
        """A key is about to reach the focused widget."""


def edits_text(event: events.Key) -> bool:
    """Whether `event` types into a box or edits its text."""
    return event.is_printable or event.key in EDITING_KEYS


class PaintHold:
    """Holds the app's paint while one key's change is worked out."""

    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        """The screen holding paints (its app is looked up when a paint is held)."""
        self._stack: ExitStack | None = None

    @property
    def held(self) -> bool:
        """True while a paint is held."""
        return self._stack is not None

    def hold(self) -> None:
        """Hold the paint until `release` (or `HOLD_PAINT_S` passes, whatever happens)."""
        if self._stack is not None:
            return
        app = self._owner.app
        stack = ExitStack()
        stack.enter_context(app.batch_update())
        stack.callback(app.set_timer(HOLD_PAINT_S, self.release).stop)
        self._stack = stack

    def release(self) -> None:
        """Let the screen paint (the change is in, or the hold timed out)."""
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()  # stops the fallback timer, then lets the screen paint


class FilterPaintHold(PaintHold):
    """A screen's filter box: a key typed into it is painted with the list it filters."""

    def __init__(self, owner: Screen[Any], box_id: str) -> None:
        super().__init__(owner)
        self._screen = owner
        self._box_id = box_id

    def key_arriving(self, event: events.Key) -> None:
        """Hold the paint if `event` edits the filter box (the screen calls `release`
        once the list is filtered)."""
        focused = self._screen.focused
        if focused is not None and focused.id == self._box_id and edits_text(event):
            self.hold()
