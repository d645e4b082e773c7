"""The records of the index itself: its status and how a rebuild is going or went."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    """The steps of a rebuild, as progress reports name them."""

    STARTING = "starting"
    SCANNING = "scanning"
    INDEXING = "indexing"
    COMMITTING = "committing"
    VERIFYING = "verifying"
    SWAPPING = "swapping"


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """The state of the index as the client should describe it."""

    ready: bool
    articles: int
    generation: str | None
    built_at: float | None
    """Unix time of the swap that made this generation current."""
    roots: tuple[str, ...]
    message: str | None = None
    """One sentence when something is wrong (missing folder, damaged index)."""
    rebuilding: bool = False


@dataclass(frozen=True, slots=True)
class RebuildProgress:
    """Progress of a running rebuild, posted often; clients may drop all but the last."""

    done: int
    total: int
    phase: str
    """A Phase: scanning, indexing, committing, verifying or swapping."""


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file the loader refused, and why, in plain words."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class RebuildReport:
    """What a rebuild or incremental update did."""

    full: bool
    added: int
    updated: int
    removed: int
    unchanged: int
    articles: int
    skipped: tuple[SkippedFile, ...]
    seconds: float
    generation: str | None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def reindexed(self) -> int:
        """Articles written in this run."""
        return self.added + self.updated

    @property
    def per_second(self) -> float:
        """Articles processed per second."""
        return self.reindexed / self.seconds if self.seconds > 0 else 0.0
