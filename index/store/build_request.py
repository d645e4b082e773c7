"""What a rebuild child is asked to do, in plain values that cross a process boundary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from index.extract.corrections import EntityRules
from index.models import RebuildProgress

Progress = Callable[[RebuildProgress], None]


@dataclass(frozen=True, slots=True)
class BuildRequest:
    """What the child process needs; plain values so it crosses a process boundary."""

    roots: tuple[str, ...]
    index_dir: str
    full: bool
    max_bytes: int
    rules: EntityRules
    workers: int = 2
    reextract_names: tuple[str, ...] = ()
    """An entity fix about these names: an update re-extracts the articles naming them."""
    paths: tuple[str, ...] | None = None
    """The paths a watcher saw change: an update checks only these (see `named_files`)."""
