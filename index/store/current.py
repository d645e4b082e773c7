"""The library's open generation: opened, swapped for a newer one, quarantined when damaged.

A read never meets a missing or damaged index as a stray exception: `message` holds the
sentence to show instead, an engine closed under a read (a rebuild swapped generations)
is retried on its successor, and a generation whose files fail mid-read is quarantined
so the next rebuild replaces it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from index.errors import DAMAGE_ERRORS, IndexDamagedError
from index.store import generations
from index.store.engine import Engine, IndexClosedError

_T = TypeVar("_T")


class CurrentIndex:
    """The open engine of one index folder, or None and the sentence saying why."""

    def __init__(self, root: Path, time_limit: float) -> None:
        self.root = root
        self._time_limit = time_limit
        self.engine: Engine | None = None
        self.message: str | None = None
        """Why there is no engine (or what went wrong last), in one sentence."""
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.RLock()

    def open(self) -> None:
        """Open the current generation; a damaged one is quarantined (then rebuild)."""
        with self._lock:
            self.message = None
            try:
                generations.ensure_private_dir(self.root)
                stamp = generations.current_stamp(self.root)
                generation = generations.open_current(self.root)
            except IndexDamagedError as error:
                self._quarantine_current()
                self.message = str(error)
                return
            except OSError as error:
                self.message = f"{self.root}: cannot open the index folder ({error.strerror})."
                return
            if generation is None:
                self.message = "No index yet: build it with `dateline index` (or press r)."
                return
            try:
                engine = Engine(generation, self._time_limit)
            except IndexDamagedError as error:
                self._quarantine_current()
                self.message = str(error)
                return
            old, self.engine, self._stamp = self.engine, engine, stamp
        if old is not None:
            old.close()

    def is_stale(self) -> bool:
        """Whether no engine is open or a rebuild swapped in a newer generation (one stat)."""
        return generations.current_stamp(self.root) != self._stamp or self.engine is None

    def close(self) -> None:
        """Close the open engine, if any."""
        with self._lock:
            engine, self.engine = self.engine, None
        if engine is not None:
            engine.close()

    def _quarantine_current(self) -> None:
        with contextlib.suppress(Exception):
            name = generations.read_current(self.root)
            if name and not generations.is_locked(self.root):
                generations.quarantine(self.root, name)
        self.close()

    def require(self) -> Engine:
        """The open engine; IndexDamagedError (saying why) when there is none."""
        engine = self.engine
        if engine is None:
            raise IndexDamagedError(self.message or "No index yet: build it with `dateline index`.")
        return engine

    def damaged(self, error: IndexDamagedError, engine: Engine) -> None:
        """Quarantine the generation that failed, unless a newer one replaced it already."""
        with self._lock:
            if engine is not self.engine:
                return
            self.message = str(error)
            self._quarantine_current()

    def on_engine(self, call: Callable[[Engine], _T], fallback: _T) -> _T:
        """`call` on the open engine; `fallback` if there is none or it is damaged.

        An engine closed under the call (a rebuild swapped generations) is retried once
        on its successor; a damaged one is quarantined.
        """
        engine = self.engine
        if engine is None:
            return fallback
        try:
            return call(engine)
        except IndexClosedError:
            return self.on_engine(call, fallback) if self.engine not in (engine, None) else fallback
        except IndexDamagedError as error:
            self.damaged(error, engine)
            return fallback

    def guarded(self, call: Callable[[], _T], fallback: _T) -> _T:
        """A read across the store: no index gives `fallback`; a read failing on damaged
        files is IndexDamagedError (the generation is quarantined); nothing else escapes."""
        engine = self.engine
        if engine is None:
            return fallback
        try:
            return call()
        except IndexClosedError:
            return call() if self.engine not in (engine, None) else fallback
        except IndexDamagedError as error:
            self.damaged(error, engine)
            raise
        except DAMAGE_ERRORS as error:
            damaged = IndexDamagedError(
                f"The index is damaged ({type(error).__name__}); rebuilding it."
            )
            self.damaged(damaged, engine)
            raise damaged from error
