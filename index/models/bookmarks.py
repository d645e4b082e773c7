"""The records of saved quotes and passages: a bookmark to save and a saved one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NewBookmark:
    """What a client hands the store to save a quote or passage."""

    article_id: str
    path: str
    title: str
    date: str | None
    quote: str
    start: int
    end: int
    speaker: str | None = None
    speaker_desc: str | None = None
    context_before: str = ""
    context_after: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    kind: str = "quote"
    """quote or passage."""
    source: str | None = None
    """The outlet that published the article, when known."""


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A saved quote or passage; it keeps its own copy of everything it cites."""

    id: int
    article_id: str
    path: str
    title: str
    date: str | None
    quote: str
    start: int
    end: int
    speaker: str | None
    speaker_desc: str | None
    context_before: str
    context_after: str
    note: str
    tags: tuple[str, ...]
    kind: str
    created: float
    status: str = "ok"
    """ok, moved (re-anchored at new offsets) or orphaned (not found in the current text)."""
    source: str | None = None
    """The outlet that published the article, when known."""
    library: str = ""
    """The library (set of article folders) the bookmark belongs to; "" before it was known."""
