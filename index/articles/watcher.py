"""Notice new, changed and removed article files as they happen, without listing folders.

Listing every file of a big library on each poll costs a core; file-system events
(inotify on Linux, FSEvents on macOS, through watchfiles) cost nothing while idle. Where
events are not available (some network drives, too many watches), `FolderWatcher.start`
says so and the caller polls instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from index.articles.loader import ARTICLE_SUFFIXES, may_be_folder

RUST_TIMEOUT_MS = 500
"""How often the event loop wakes to check whether it should stop."""


def is_article_change(path: str) -> bool:
    """Whether a changed path can be an article (not an editor's swap file or a log)."""
    dot = path.rfind(".")
    return dot >= 0 and path[dot:].lower() in ARTICLE_SUFFIXES


class FolderWatcher:
    """File-system events for the article folders, read from one thread."""

    def __init__(self, roots: tuple[str, ...]) -> None:
        self.roots = roots
        self._stop = threading.Event()
        self._events: Iterator[Any] | None = None

    def start(self) -> bool:
        """Begin watching; False when events cannot be had here (then poll)."""
        try:
            import watchfiles
        except ImportError:
            return False
        try:
            self._events = iter(
                watchfiles.watch(
                    *self.roots,
                    stop_event=self._stop,
                    rust_timeout=RUST_TIMEOUT_MS,
                    yield_on_timeout=True,
                    raise_interrupt=False,
                    debounce=400,
                )
            )
        except Exception:
            return False
        return True

    def wait(self) -> frozenset[str] | None:
        """Block until the next batch of events (or about half a second passes).

        The paths that matter (article files, and what may be a folder), empty when
        nothing relevant changed, None when the watch ended (stopped, or a folder went
        away): poll from then on.
        """
        if self._events is None:
            return None
        try:
            changes = next(self._events)
        except StopIteration:
            self._events = None
            return None
        except Exception:  # the folder was unmounted, the watch limit was hit, …
            self._events = None
            return None
        return frozenset(
            str(path)
            for _kind, path in changes
            if is_article_change(str(path)) or may_be_folder(str(path))
        )

    def stop(self) -> None:
        """End the watch (the waiting thread returns within `RUST_TIMEOUT_MS`)."""
        self._stop.set()
