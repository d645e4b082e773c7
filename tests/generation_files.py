"""Waiting for the files the rebuild child writes beside a generation after publishing it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from index import Library


def saved_beside(
    library: Library, path_for: Callable[[Path, str], Path], timeout: float = 30.0
) -> Path:
    """The file `path_for(index folder, generation)` of the current generation, once the
    rebuild child has written it (it runs after the rebuild returns)."""
    engine = library._engine
    assert engine is not None
    path = path_for(engine.generation.path.parent, engine.generation.name)
    deadline = time.monotonic() + timeout
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.is_file()
    return path
