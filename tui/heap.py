"""Garbage collection between keystrokes, not in the middle of a paint.

Typing allocates many short-lived containers (hits, rows, strips). With the interpreter's
own schedule a collection starts wherever an allocation crosses a threshold, which is
usually in the middle of laying out or painting results: young collections cost 3-5 ms
there and middle ones up to ~60 ms at 10k articles. The app instead freezes the heap that
lives as long as it does, turns automatic collection off, and collects in the pause after
each keystroke's results are painted, plus on a slow timer so garbage never piles up.
"""

from __future__ import annotations

import gc

YOUNG_LIMIT = 20_000
"""Collect on the slow timer once this many container objects are pending."""
MIDDLE_EVERY = 10
"""Every this many collections also collects the middle generation (as the interpreter)."""
FULL_EVERY = 100
"""Every this many collections is a full one (the frozen heap is never scanned)."""


class HeapPacer:
    """Owns when the app collects garbage; `release` gives control back to the interpreter."""

    def __init__(self) -> None:
        self._collections = 0
        self._active = False
        self._released = False
        self._thresholds = gc.get_threshold()

    @property
    def active(self) -> bool:
        """True while automatic collection is off and this pacer collects."""
        return self._active

    def settle(self) -> None:
        """Freeze what is alive now (widgets, styles, the open index) and pace collections.

        Called once the first results are on screen: everything alive then lives as long
        as the app, and full collections would otherwise walk it all (70-100 ms).
        """
        if self._released:
            return  # the app has closed: collection stays with the interpreter
        gc.unfreeze()  # a re-opened index: let the previous one be collected first
        gc.collect()
        gc.freeze()
        gc.disable()
        self._active = True

    def collect(self) -> None:
        """One collection step: young, and now and then the middle or every generation."""
        if not self._active:
            return
        self._collections += 1
        if self._collections % FULL_EVERY == 0:
            gc.collect(2)
        elif self._collections % MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)

    def collect_if_due(self) -> None:
        """Collect when garbage has piled up (the app is busy but nobody is typing)."""
        if self._active and gc.get_count()[0] > YOUNG_LIMIT:
            self.collect()

    def release(self) -> None:
        """Hand collection back to the interpreter (the app is closing) for good."""
        self._released = True
        if not self._active:
            return
        self._active = False
        gc.unfreeze()
        gc.set_threshold(*self._thresholds)
        gc.enable()
