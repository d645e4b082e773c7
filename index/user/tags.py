"""Tags and stars on articles, kept in the user's SQLite file beside the bookmarks.

Never in the article files and never in the index: a rebuild cannot lose them. Each tag
remembers a digest of the article's text, so a tag follows an article whose file moved
or was renamed (same text, new id).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index.errors import BookmarkStoreError
from index.sanitize import has_surrogate, one_line, strip_controls

STAR = "starred"
"""The tag a star is: `starred:yes` and `tag:starred` find the same articles."""
MAX_TAG = 60
_SPACES = re.compile(r"\s+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_tags (
    library TEXT NOT NULL,
    article_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    tag TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (library, article_id, tag)
);
CREATE INDEX IF NOT EXISTS article_tags_by_tag ON article_tags(library, tag);
"""


@dataclass(frozen=True, slots=True)
class TaggedArticle:
    """One tag on one article, as stored (the id it had when tagged)."""

    article_id: str
    digest: str
    tag: str
    created: float


def text_digest(text: str) -> str:
    """What identifies an article's content across renames."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def clean_tag(raw: str) -> str:
    """A tag as stored: one line, no control characters, spaces collapsed, no leading #."""
    if has_surrogate(raw):
        raise ValueError("A tag must be valid text (it holds undecodable bytes).")
    tag = _SPACES.sub(" ", one_line(strip_controls(raw))).strip().lstrip("#").strip()
    if not tag:
        raise ValueError("A tag needs at least one letter or digit.")
    if len(tag) > MAX_TAG:
        raise ValueError(f"A tag is at most {MAX_TAG} characters.")
    return tag.casefold()


class TagStore:
    """Article tags of one library in a SQLite file (WAL); safe across threads."""

    def __init__(self, path: str | Path, library: str = "") -> None:
        self.path = Path(path)
        self.library = library
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                if self._conn is None:
                    self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("PRAGMA synchronous=FULL")
                    conn.executescript(_SCHEMA)
                    self._conn = conn
                with self._conn:
                    yield self._conn
            except (sqlite3.Error, OSError) as error:
                raise BookmarkStoreError(
                    f"{self.path}: the tags could not be read or saved ({error}); "
                    "nothing was changed, try again."
                ) from error

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def add(self, article_id: str, text: str, tag: str) -> bool:
        """Tag an article; False when it already had the tag."""
        name = clean_tag(tag)
        with self._db() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO article_tags VALUES (?, ?, ?, ?, ?)",
                (self.library, article_id, text_digest(text), name, time.time()),
            )
            return cursor.rowcount > 0

    def add_many(self, texts: Mapping[str, str], tag: str) -> int:
        """Tag many articles (id -> text) in one transaction; how many were newly tagged."""
        name = clean_tag(tag)
        now = time.time()
        rows = [(self.library, i, text_digest(t), name, now) for i, t in texts.items()]
        with self._db() as conn:
            before = conn.total_changes
            conn.executemany("INSERT OR IGNORE INTO article_tags VALUES (?, ?, ?, ?, ?)", rows)
            return conn.total_changes - before

    def remove_many(self, article_ids: Iterable[str], tag: str) -> int:
        """Take a tag off many articles in one transaction; how many had it."""
        name = clean_tag(tag)
        rows = [(self.library, article_id, name) for article_id in article_ids]
        with self._db() as conn:
            before = conn.total_changes
            conn.executemany(
                "DELETE FROM article_tags WHERE library = ? AND article_id = ? AND tag = ?", rows
            )
            return conn.total_changes - before

    def remove(self, article_id: str, tag: str) -> bool:
        """Take a tag off an article; False when it did not have it."""
        name = clean_tag(tag)
        with self._db() as conn:
            cursor = conn.execute(
                "DELETE FROM article_tags WHERE library = ? AND article_id = ? AND tag = ?",
                (self.library, article_id, name),
            )
            return cursor.rowcount > 0

    def move(self, old_id: str, new_id: str) -> None:
        """An article's file moved: its tags follow it to its new id."""
        with self._db() as conn:
            conn.execute(
                "UPDATE OR REPLACE article_tags SET article_id = ? "
                "WHERE library = ? AND article_id = ?",
                (new_id, self.library, old_id),
            )

    def of(self, article_id: str) -> list[str]:
        """An article's tags, by name."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT tag FROM article_tags WHERE library = ? AND article_id = ? ORDER BY tag",
                (self.library, article_id),
            ).fetchall()
        return [row[0] for row in rows]

    def by_article(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """The tags of each of these articles that has any (for exports of many at once)."""
        wanted = set(article_ids)
        found: dict[str, list[str]] = {}
        with self._db() as conn:
            rows = conn.execute(
                "SELECT article_id, tag FROM article_tags WHERE library = ? "
                "ORDER BY article_id, tag",
                (self.library,),
            )
            for article_id, tag in rows:
                if article_id in wanted:
                    found.setdefault(article_id, []).append(tag)
        return found

    def tagged(self, tag: str) -> list[TaggedArticle]:
        """Every article carrying `tag`."""
        name = clean_tag(tag)
        with self._db() as conn:
            rows = conn.execute(
                "SELECT article_id, digest, tag, created FROM article_tags "
                "WHERE library = ? AND tag = ?",
                (self.library, name),
            ).fetchall()
        return [TaggedArticle(*row) for row in rows]

    def all(self) -> list[TaggedArticle]:
        """Every tag of this library."""
        with self._db() as conn:
            rows = conn.execute(
                "SELECT article_id, digest, tag, created FROM article_tags WHERE library = ? "
                "ORDER BY tag, article_id",
                (self.library,),
            ).fetchall()
        return [TaggedArticle(*row) for row in rows]


_TERM = re.compile(
    r'(?<![^\s(])(?P<neg>-|NOT\s+)?(?P<field>tag|starred):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s()]+))',
    re.IGNORECASE,
)
_YES = frozenset({"yes", "y", "true", "1", "on"})
_NO = frozenset({"no", "n", "false", "0", "off"})


@dataclass(frozen=True, slots=True)
class TagTerms:
    """The tag terms of a query, taken out of it (the index knows nothing of tags)."""

    query: str
    """The rest of the query, for the search engine."""
    required: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    problem: str | None = None
    in_place: tuple[str, ...] = ()
    """With tokens: the tag each token in `query` stands for, in token order."""


def split_tag_terms(query: str, token: Callable[[int], str] | None = None) -> TagTerms:
    """`tag:NAME`, `-tag:NAME`, `NOT tag:NAME` and `starred:yes|no` out of `query`.

    Without `token` they are taken out and combine with the rest by AND (filters); with
    it each is replaced by `token(n)` (after NOT when negated), so that the query
    language combines it with AND, OR and brackets like any other term.
    """
    required: list[str] = []
    excluded: list[str] = []
    in_place: list[str] = []
    problem: str | None = None

    def take(match: re.Match[str]) -> str:
        nonlocal problem
        value = match["quoted"] if match["quoted"] is not None else match["bare"]
        negated = bool(match["neg"])
        if match["field"].lower() == "starred":
            answer = value.casefold()
            if answer not in _YES | _NO:
                problem = f"starred:{value} is not understood; use starred:yes or starred:no."
                return " "
            negated = negated != (answer in _NO)
            value = STAR
        try:
            tag = clean_tag(value)
        except ValueError as error:
            problem = f"tag:{value}: {error}"
            return " "
        if token is not None:
            in_place.append(tag)
            return f" {'NOT ' if negated else ''}{token(len(in_place) - 1)} "
        (excluded if negated else required).append(tag)
        return " "

    rest = _TERM.sub(take, query)
    if rest == query:
        return TagTerms(query)
    return TagTerms(
        " ".join(rest.split()), tuple(required), tuple(excluded), problem, tuple(in_place)
    )
