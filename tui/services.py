"""What screens and palette providers may use of the running app, as a protocol.

Screens never import the app (that made every screen part of one import cycle): they ask
for `services(self.app)`, which checks the app provides these and types it as such.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import App

from index import Config, Library, SearchHistory
from tui.heap import HeapPacer

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


@runtime_checkable
class Services(Protocol):
    """The library, the user's history and the app-wide actions screens call."""

    config: Config
    library: Library | None
    history: SearchHistory | None
    history_lock: threading.Lock
    heap: HeapPacer

    @property
    def main_screen(self) -> MainScreen:
        """The reader screen at the bottom of the stack."""
        ...

    def start_rebuild(self, full: bool, automatic: bool = False) -> None:
        """Update (or fully rebuild) the index in the background."""
        ...

    def action_help(self) -> None:
        """Show every key."""
        ...


def services(app: App[Any]) -> Services:
    """The running app as `Services` (an assertion, not a cast: tests run the real app)."""
    assert isinstance(app, Services), f"{type(app).__name__} does not provide Dateline's services"
    return app
