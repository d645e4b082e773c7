"""A base for the plain classes that do one of a screen's jobs off its class body.

Such a job runs its slow reads and writes as the screen's workers (so the screen's
worker groups, and tests that wait for workers, see them) and speaks through the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

_S = TypeVar("_S", bound=Screen[None])


class ScreenJob(Generic[_S]):
    """One job of `screen`, with its worker and notice plumbing."""

    def __init__(self, screen: _S) -> None:
        self.screen = screen

    def run(self, work: Callable[[], None], group: str, exclusive: bool = False) -> None:
        """Run `work` in a thread as one of the screen's workers (`exclusive`: the group's
        older workers are cancelled, as a newer request replaces theirs)."""
        self.screen.run_worker(
            work, thread=True, group=group, exclusive=exclusive, exit_on_error=False
        )

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        """A notice from a worker thread (never markup: the text holds the user's words)."""
        self.screen.app.call_from_thread(
            self.screen.notify, message, severity=severity, markup=False
        )
