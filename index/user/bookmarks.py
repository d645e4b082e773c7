"""The bookmark store: SQLite in WAL mode with full sync, so no bookmark is ever lost.

Two app windows writing at once, a kill mid-save and a full disk were all shown to lose
bookmarks kept in a YAML file; SQLite's atomic commits lost none. Every bookmark keeps its
own copy of the quote and its citation, so it outlives the article and the index.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from index.errors import BookmarkStoreError
from index.models import Article, Bookmark, NewBookmark
from index.sanitize import strip_controls
from index.user.bookmark_files import ImportReport, parse_import, render_export, row_to_new
from index.user.tags import TagStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    speaker TEXT,
    speaker_desc TEXT,
    context_before TEXT NOT NULL DEFAULT '',
    context_after TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    kind TEXT NOT NULL DEFAULT 'quote',
    created REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    source TEXT,
    library TEXT NOT NULL DEFAULT ''
);
"""
_MIGRATIONS = (
    ("source", "ALTER TABLE bookmarks ADD COLUMN source TEXT"),
    ("library", "ALTER TABLE bookmarks ADD COLUMN library TEXT NOT NULL DEFAULT ''"),
)
"""Columns added since the first release; a database without them gains them on open."""
CONTEXT_CHARS = 120
_FIELDS = (
    "article_id", "path", "title", "date", "quote", "start", "end", "speaker",
    "speaker_desc", "context_before", "context_after", "note", "tags", "kind", "source",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AnchorReport:
    """Outcome of re-anchoring bookmarks against a new index."""

    ok: int
    moved: int
    orphaned: int


def context_around(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The whole words just before and after a span (a bookmark's context, a concordance line).

    A word the `width` window cuts through is left out rather than shown in part.
    """
    lo = max(0, start - width)
    before = text[lo:start]
    if lo > 0 and not text[lo - 1].isspace() and not before[:1].isspace():
        before = before.split(None, 1)[1] if len(before.split(None, 1)) > 1 else ""
    hi = end + width
    after = text[end:hi]
    if hi < len(text) and not text[hi].isspace() and not after[-1:].isspace():
        after = after.rsplit(None, 1)[0] if len(after.rsplit(None, 1)) > 1 else ""
    return " ".join(before.split()), " ".join(after.split())


class BookmarkStore:
    """Bookmarks in one SQLite file; safe for several processes and threads at once.

    SQLite isolates processes; within a process one connection is shared, so a lock keeps
    one thread's failed transaction from rolling back another thread's insert.
    """

    def __init__(self, path: str | os.PathLike[str], library: str = "") -> None:
        self.path = Path(path)
        self.library = library
        """Id of the library this store serves: new bookmarks get it, re-anchoring keeps to it."""
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.executescript(_SCHEMA)
            _migrate(conn)
            conn.row_factory = sqlite3.Row
        except sqlite3.OperationalError as error:
            # A full disk, an I/O error or a lock: the file itself may be fine, so never
            # suggest moving it aside.
            if conn is not None:
                conn.close()
            if "not a database" not in str(error) and "malformed" not in str(error):
                raise BookmarkStoreError(
                    f"{self.path}: cannot open the bookmark database ({error}); "
                    "nothing was changed, try again."
                ) from error
            raise BookmarkStoreError(
                f"{self.path}: the bookmark database is damaged or not a database ({error}); "
                "move it aside and restart, or restore it from a backup."
            ) from error
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            raise BookmarkStoreError(
                f"{self.path}: the bookmark database is damaged or not a database ({error}); "
                "move it aside and restart, or restore it from a backup."
            ) from error
        except OSError as error:
            raise BookmarkStoreError(
                f"{self.path}: cannot open the bookmark database ({error.strerror})."
            ) from error
        self._conn = conn
        return conn

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connect()
            try:
                with conn:
                    conn.execute("BEGIN IMMEDIATE")
                    yield conn
            except sqlite3.OperationalError as error:
                raise BookmarkStoreError(
                    f"{self.path}: the bookmark was not saved ({error}); it is kept on screen, "
                    "try again."
                ) from error
            except sqlite3.DatabaseError as error:
                raise BookmarkStoreError(
                    f"{self.path}: the bookmark database is damaged ({error}); nothing was changed."
                ) from error

    def add(self, new: NewBookmark) -> Bookmark:
        """Save a bookmark and return it with its id."""
        with self._write() as conn:
            row_id = self._insert(conn, new)
            row = conn.execute("SELECT * FROM bookmarks WHERE id = ?", (row_id,)).fetchone()
        return _row_to_bookmark(row)

    def _insert(self, conn: sqlite3.Connection, new: NewBookmark) -> int | None:
        cursor = conn.execute(
            f"INSERT INTO bookmarks ({', '.join(_FIELDS)}, created, library) "
            f"VALUES ({', '.join('?' for _ in _FIELDS)}, ?, ?)",
            (*_values(new), time.time(), self.library),
        )
        return cursor.lastrowid

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a deleted bookmark with its original id (undo)."""
        with self._write() as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO bookmarks "
                f"(id, {', '.join(_FIELDS)}, created, status, library) "
                f"VALUES (?, {', '.join('?' for _ in _FIELDS)}, ?, ?, ?)",
                (
                    bookmark.id,
                    *_values(bookmark),
                    bookmark.created,
                    strip_controls(bookmark.status),
                    bookmark.library,
                ),
            )
        return bookmark

    def remove(self, bookmark_id: int) -> Bookmark | None:
        """Delete a bookmark; returns it so the caller can offer undo."""
        with self._write() as conn:
            row = conn.execute("SELECT * FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return _row_to_bookmark(row)

    def update(
        self, bookmark_id: int, note: str | None = None, tags: Sequence[str] | None = None
    ) -> Bookmark | None:
        """Change a bookmark's note and/or tags."""
        with self._write() as conn:
            if note is not None:
                conn.execute(
                    "UPDATE bookmarks SET note = ? WHERE id = ?",
                    (strip_controls(note), bookmark_id),
                )
            if tags is not None:
                clean = _clean_tags(tags)
                conn.execute(
                    "UPDATE bookmarks SET tags = ? WHERE id = ?", (json.dumps(clean), bookmark_id)
                )
            row = conn.execute("SELECT * FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
        return _row_to_bookmark(row) if row is not None else None

    def get(self, bookmark_id: int) -> Bookmark | None:
        """One bookmark by id."""
        row = self._read("SELECT * FROM bookmarks WHERE id = ?", (bookmark_id,))
        return _row_to_bookmark(row[0]) if row else None

    def list(self, query: str = "", limit: int | None = None) -> builtins.list[Bookmark]:
        """All bookmarks (or the newest `limit`), newest first, optionally only those
        containing `query`."""
        sql = "SELECT * FROM bookmarks ORDER BY created DESC, id DESC"
        rows = self._read(sql + " LIMIT ?", (limit,)) if limit is not None else self._read(sql, ())
        bookmarks = [_row_to_bookmark(row) for row in rows]
        needle = query.casefold().strip()
        if not needle:
            return bookmarks
        return [b for b in bookmarks if needle in _haystack(b)]

    def count(self) -> int:
        """How many bookmarks are stored."""
        return int(self._read("SELECT COUNT(*) FROM bookmarks", ())[0][0])

    def _read(self, sql: str, params: tuple[Any, ...]) -> builtins.list[sqlite3.Row]:
        try:
            with self._lock:
                return list(self._connect().execute(sql, params))
        except sqlite3.DatabaseError as error:
            raise BookmarkStoreError(
                f"{self.path}: the bookmark database cannot be read ({error})."
            ) from error

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check."""
        return bool(self._read("PRAGMA integrity_check", ())[0][0] == "ok")

    def reanchor(self, lookup: Any) -> AnchorReport:
        """Re-locate every bookmark in the current text of its article.

        `lookup(article_id) -> Article | None`. A bookmark whose quote is where it was is
        ok; found elsewhere it is moved (offsets updated); not found it is orphaned, and
        kept with its own copy of the quote.

        Only this store's library is touched: another library sharing the database may
        have an article with the same id. A bookmark saved before libraries were recorded
        is claimed by the first library whose article still holds its quote, and left
        alone by the others.
        """
        ok = moved = orphaned = 0
        articles: dict[str, Article | None] = {}
        for bookmark in self.list():
            legacy = not bookmark.library
            if not legacy and bookmark.library != self.library:
                continue
            if bookmark.article_id not in articles:
                articles[bookmark.article_id] = lookup(bookmark.article_id)
            article = articles[bookmark.article_id]
            status, start, end = anchor(bookmark, article)
            if legacy and (status == "orphaned" or not self.library):
                continue
            ok += status == "ok"
            moved += status == "moved"
            orphaned += status == "orphaned"
            if legacy or (status, start, end) != (bookmark.status, bookmark.start, bookmark.end):
                with self._write() as conn:
                    conn.execute(
                        "UPDATE bookmarks SET status = ?, start = ?, end = ?, library = ? "
                        "WHERE id = ?",
                        (status, start, end, self.library, bookmark.id),
                    )
        return AnchorReport(ok, moved, orphaned)

    def export(self, fmt: str, bookmarks: Iterable[Bookmark] | None = None) -> str:
        """Bookmarks as citation-ready Markdown, CSV or JSON.

        Every string passes `strip_controls` (no escape sequence, C1, bidi override or NUL
        reaches a file or a terminal, whatever an older version stored), `created` is ISO
        8601, and CSV cells that a spreadsheet would run as formulas start with `'`.
        """
        items = [_clean_bookmark(b) for b in (self.list() if bookmarks is None else bookmarks)]
        return render_export(fmt, items, self._article_tags({b.article_id for b in items}))

    def _article_tags(self, article_ids: builtins.set[str]) -> dict[str, builtins.list[str]]:
        """Tags of the bookmarked articles (kept in this same file by the tag store)."""
        if not article_ids:
            return {}
        tags = TagStore(self.path, self.library)
        try:
            return tags.by_article(article_ids)
        except BookmarkStoreError:
            return {}  # the export still holds every bookmark, just not its article's tags
        finally:
            tags.close()

    def import_text(self, text: str, fmt: str) -> ImportReport:
        """Add bookmarks from JSON, CSV or YAML text; duplicates are skipped, bad rows reported."""
        problems: builtins.list[str] = []
        rows = parse_import(text, fmt)
        if isinstance(rows, ImportReport):
            return rows
        existing = {(b.article_id, b.quote, b.start) for b in self.list()}
        duplicates = 0
        accepted: builtins.list[NewBookmark] = []
        for number, row in enumerate(rows, start=1):
            new = row_to_new(row)
            if isinstance(new, str):
                problems.append(f"entry {number}: {new}")
                continue
            if (new.article_id, new.quote, new.start) in existing:
                duplicates += 1
                continue
            accepted.append(new)
            existing.add((new.article_id, new.quote, new.start))
        # One transaction: every accepted row is saved, or (on any failure) none is.
        with self._write() as conn:
            for new in accepted:
                self._insert(conn, new)
        return ImportReport(len(accepted), duplicates, tuple(problems))


def bookmark_for(
    article: Article,
    start: int,
    end: int,
    *,
    note: str = "",
    tags: Sequence[str] = (),
    kind: str | None = None,
) -> NewBookmark:
    """A bookmark of article.text[start:end], with the speaker of the quote it falls in."""
    quote = next((q for q in article.quotes if q.start <= start and end <= q.end + 1), None)
    before, after = context_around(article.text, start, end)
    return NewBookmark(
        source=article.meta.source,
        article_id=article.id,
        path=article.path,
        title=article.title,
        date=article.meta.date,
        quote=article.text[start:end],
        start=start,
        end=end,
        speaker=quote.speaker if quote else None,
        speaker_desc=quote.speaker_desc if quote else None,
        context_before=before,
        context_after=after,
        note=note,
        tags=tuple(tags),
        kind=kind or ("quote" if quote else "passage"),
    )


def anchor(bookmark: Bookmark, article: Article | None) -> tuple[str, int, int]:
    """Where a bookmark's quote is in the article now: (status, start, end)."""
    if article is None:
        return "orphaned", bookmark.start, bookmark.end
    text = article.text
    if text[bookmark.start : bookmark.end] == bookmark.quote:
        return "ok", bookmark.start, bookmark.end
    positions = []
    found = text.find(bookmark.quote)
    while found != -1:
        positions.append(found)
        found = text.find(bookmark.quote, found + 1)
    if positions:
        best = min(positions, key=lambda p: abs(p - bookmark.start))
        return "moved", best, best + len(bookmark.quote)
    return "orphaned", bookmark.start, bookmark.end


def _migrate(conn: sqlite3.Connection) -> None:
    """Add columns a database made by an older version lacks; existing rows keep their data."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(bookmarks)")}
    for column, statement in _MIGRATIONS:
        if column not in columns:
            with conn:
                conn.execute(statement)


def _text(value: str | None) -> str | None:
    return None if value is None else strip_controls(value)


def _values(item: NewBookmark | Bookmark) -> tuple[Any, ...]:
    """The stored columns: every string made safe (no escape, no lone surrogate)."""
    return (
        strip_controls(item.article_id),
        strip_controls(item.path),
        strip_controls(item.title),
        _text(item.date),
        strip_controls(item.quote),
        item.start,
        item.end,
        _text(item.speaker),
        _text(item.speaker_desc),
        strip_controls(item.context_before),
        strip_controls(item.context_after),
        strip_controls(item.note),
        json.dumps(_clean_tags(item.tags), ensure_ascii=False),
        strip_controls(item.kind),
        _text(item.source),
    )


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = strip_controls(str(tag)).strip().lstrip("#").replace(",", " ").strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def _row_to_bookmark(row: sqlite3.Row) -> Bookmark:
    try:
        tags = tuple(str(t) for t in json.loads(row["tags"]))
    except (ValueError, TypeError):
        tags = ()
    return Bookmark(
        id=int(row["id"]),
        article_id=row["article_id"],
        path=row["path"],
        title=row["title"],
        date=row["date"],
        quote=row["quote"],
        start=int(row["start"]),
        end=int(row["end"]),
        speaker=row["speaker"],
        speaker_desc=row["speaker_desc"],
        context_before=row["context_before"],
        context_after=row["context_after"],
        note=row["note"],
        tags=tags,
        kind=row["kind"],
        created=float(row["created"]),
        status=row["status"],
        source=row["source"],
        library=row["library"],
    )


def _clean_bookmark(b: Bookmark) -> Bookmark:
    """A bookmark with every string made safe (rows stored by older versions may be raw)."""
    changes: dict[str, Any] = {
        name: strip_controls(value) for name, value in asdict(b).items() if isinstance(value, str)
    }
    changes["tags"] = tuple(strip_controls(t) for t in b.tags)
    return replace(b, **changes)


def _haystack(b: Bookmark) -> str:
    return " ".join(
        [b.quote, b.speaker or "", b.speaker_desc or "", b.title, b.note, " ".join(b.tags)]
    ).casefold()
