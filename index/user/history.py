"""Search history and saved searches, kept beside the bookmarks in the user's data folder.

Every search the user runs is remembered (for up/down recall); a saved search remembers
which articles it matched when last opened, so after a rebuild it can say how many are new.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index.models import SearchFilter, SearchRequest
from index.sanitize import strip_controls

_SCHEMA = """
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query TEXT NOT NULL,
    filters TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS saved (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    filters TEXT NOT NULL,
    created REAL NOT NULL,
    opened REAL NOT NULL,
    seen TEXT NOT NULL DEFAULT '[]'
);
"""
HISTORY_LIMIT = 500


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A named search and how many articles it matches that were not there last time."""

    name: str
    request: SearchRequest
    created: float
    opened: float
    seen: frozenset[str]


def _filters_json(filters: tuple[SearchFilter, ...]) -> str:
    return json.dumps([[f.field, f.value, f.exclude] for f in filters], ensure_ascii=False)


def _filters(text: str) -> tuple[SearchFilter, ...]:
    try:
        return tuple(SearchFilter(str(f), str(v), bool(x)) for f, v, x in json.loads(text))
    except (ValueError, TypeError):
        return ()


class HistoryClosedError(RuntimeError):
    """The history was closed (the app is quitting) while a worker still wanted it."""


class SearchHistory:
    """History and saved searches in one small SQLite file (WAL, like the bookmarks).

    The app records searches from worker threads and closes the store from the UI thread
    on quit, so every use of the one connection, `close()` included, holds one lock:
    SQLite connections shared across threads crash when closed mid-statement.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            self.path, timeout=10.0, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """The connection, held under the lock; raises HistoryClosedError once closed."""
        with self._lock:
            if self._conn is None:
                raise HistoryClosedError(f"search history {self.path} is closed")
            yield self._conn

    def close(self) -> None:
        """Close the database (waits for a statement running in another thread)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def record(self, request: SearchRequest) -> None:
        """Remember a search (consecutive repeats are stored once)."""
        if not request.query.strip() and not request.filters:
            return
        filters = _filters_json(request.filters)
        query = strip_controls(request.query)  # recalled into the search box later
        with self._db() as conn, conn:
            last = conn.execute(
                "SELECT query, filters FROM history ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if last == (query, filters):
                return
            conn.execute(
                "INSERT INTO history (query, filters, at) VALUES (?, ?, ?)",
                (query, filters, time.time()),
            )
            conn.execute(
                "DELETE FROM history WHERE id <= (SELECT MAX(id) FROM history) - ?",
                (HISTORY_LIMIT,),
            )

    def recent(self, limit: int = 50) -> list[SearchRequest]:
        """Past searches, most recent first, without repeats."""
        seen: set[tuple[str, str]] = set()
        out: list[SearchRequest] = []
        with self._db() as conn:
            rows = conn.execute("SELECT query, filters FROM history ORDER BY id DESC").fetchall()
        for query, filters in rows:
            if (query, filters) in seen:
                continue
            seen.add((query, filters))
            out.append(SearchRequest(query, _filters(filters)))
            if len(out) >= limit:
                break
        return out

    def save(self, name: str, request: SearchRequest, matched: set[str]) -> None:
        """Save (or overwrite) a named search with the articles it matches now."""
        now = time.time()
        with self._db() as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO saved VALUES (?, ?, ?, ?, ?, ?)",
                (
                    name,
                    strip_controls(request.query),
                    _filters_json(request.filters),
                    now,
                    now,
                    json.dumps(sorted(matched)),
                ),
            )

    def saved(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT name, query, filters, created, opened, seen FROM saved ORDER BY name"
            ).fetchall()
        return [
            SavedSearch(
                name,
                SearchRequest(query, _filters(filters)),
                created,
                opened,
                frozenset(json.loads(seen)),
            )
            for name, query, filters, created, opened, seen in rows
        ]

    def mark_opened(self, name: str, matched: set[str]) -> None:
        """Remember what a saved search matched when the user last opened it."""
        with self._db() as conn, conn:
            conn.execute(
                "UPDATE saved SET opened = ?, seen = ? WHERE name = ?",
                (time.time(), json.dumps(sorted(matched)), name),
            )

    def delete(self, name: str) -> None:
        """Forget a saved search."""
        with self._db() as conn, conn:
            conn.execute("DELETE FROM saved WHERE name = ?", (name,))
