"""App-wide messages: the app owns the library and tells screens when the index changes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from index import IndexStatus, NewBookmark, RebuildProgress, RebuildReport


@dataclass
class IndexOpened(Message):
    """The library was opened (or switched to a new generation): searches should rerun."""

    status: IndexStatus


@dataclass
class RebuildProgressed(Message):
    """A running rebuild moved on; only the newest one matters."""

    progress: RebuildProgress

    def can_replace(self, message: Message) -> bool:
        """Progress arrives fast; a newer one replaces an older one still in the queue."""
        return isinstance(message, RebuildProgressed)


@dataclass
class RebuildStarted(Message):
    """A rebuild began in the background."""

    full: bool


@dataclass
class RebuildFinished(Message):
    """A rebuild ended; `report.error` is one sentence when it failed."""

    report: RebuildReport


@dataclass
class BookmarkWanted(Message):
    """A screen other than the reader wants a quote bookmarked (the reader asks for a note)."""

    bookmark: NewBookmark
