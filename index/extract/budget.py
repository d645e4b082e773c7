"""A time budget for one article's extraction, checked between steps.

Extraction is linear in the text, but a rebuild must not stall on one enormous file: past
its budget an article is indexed without entities and quotes, and says so.
"""

from __future__ import annotations

import time

EXTRACT_SECONDS = 5.0
"""Per-file budget: a 1 MB paragraph extracts in about 2 s, so only freak files reach it."""


class OverBudget(Exception):
    """Extraction of one article ran past its time budget."""


class Budget:
    """A deadline on the monotonic clock; `check()` raises OverBudget once it has passed."""

    __slots__ = ("deadline", "seconds")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        """Raise OverBudget when the deadline has passed (never, without a budget)."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise OverBudget(f"extraction took over {self.seconds:g} s")


UNLIMITED = Budget(None)
