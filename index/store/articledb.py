"""The per-generation article store: cleaned text, metadata, entities and quotes.

Stored beside the Whoosh files in each generation (SQLite, JSON columns, no pickles), so
the reader never re-extracts at display time and corpus views are plain SQL.

A full build writes one store, `articles.sqlite3` (the base). An update never copies it:
the base is hard-linked into the new generation unchanged, and what changed goes into a
small `articles-delta.sqlite3` (new and edited articles, plus the ids of base articles
they hide). Readers see the union through temporary views with the base tables' names,
so every query reads as if there were one store. When the delta grows past a fraction
of the base, an update folds it into a fresh copy of the base (compaction).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

FILENAME = "articles.sqlite3"
DELTA = "articles-delta.sqlite3"
FILES = (FILENAME, DELTA)
"""Every file of a generation's store (the delta only exists after an update)."""
COMPACT_MIN = 500
COMPACT_FRACTION = 8
COMPACT_MAX = 2000
"""An update folds the delta into a new base once the delta would hold more than
base articles / COMPACT_FRACTION (at least COMPACT_MIN, at most COMPACT_MAX) articles and
hidden ids. Until then an update copies and hashes the delta (~20 KB an article), not the
base; the cap keeps that small on large libraries, which compact (one update as slow as
copying the base) once per COMPACT_MAX changed articles."""
TABLES = (
    ("articles", "id"),
    ("entity_rows", "article_id"),
    ("quote_rows", "article_id"),
    ("shingle_rows", "article_id"),
)
"""Each store table and the column naming its article."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    source TEXT,
    meta TEXT NOT NULL,
    text TEXT NOT NULL,
    blocks TEXT NOT NULL,
    entities TEXT NOT NULL,
    quotes TEXT NOT NULL,
    warnings TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_rows (
    article_id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    aliases TEXT NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quote_rows (
    article_id TEXT NOT NULL,
    speaker TEXT,
    speaker_key TEXT,
    ordinal INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS shingle_rows (
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL
);
"""
_HIDDEN = """
CREATE TABLE IF NOT EXISTS hidden (id TEXT PRIMARY KEY);
"""
"""Delta only: base articles that were edited (the delta holds the new version) or removed."""
# Index names are qualified: a connection with union views must index the real tables.
_INDEXES = """
CREATE INDEX IF NOT EXISTS main.articles_fingerprint ON articles(id, size, mtime_ns);
CREATE INDEX IF NOT EXISTS main.entity_rows_article ON entity_rows(article_id);
CREATE INDEX IF NOT EXISTS main.entity_rows_key ON entity_rows(type, key);
CREATE INDEX IF NOT EXISTS main.quote_rows_speaker ON quote_rows(speaker_key);
CREATE INDEX IF NOT EXISTS main.quote_rows_article ON quote_rows(article_id);
CREATE INDEX IF NOT EXISTS main.articles_date ON articles(date, id);
CREATE INDEX IF NOT EXISTS main.shingle_rows_hash ON shingle_rows(hash);
CREATE INDEX IF NOT EXISTS main.shingle_rows_article ON shingle_rows(article_id);
"""


def connect(path: Path, readonly: bool = False, building: bool = False) -> sqlite3.Connection:
    """Open the store; read-only connections are safe to share across threads.

    `readonly`: `path` is a published base; its generation's delta, if any, is attached
    and the union views put in place, so callers query one store.
    `building`: the store of a generation being written, which is discarded if the build
    fails and fsynced and hashed before it is swapped in, so it needs no journal or
    syncs; and its secondary indexes wait for `finish_building` (bulk loads are faster
    without them).
    """
    if readonly:
        conn = sqlite3.connect(_ro_uri(path), uri=True, check_same_thread=False)
        delta = path.with_name(DELTA)
        if delta.is_file():
            conn.execute("ATTACH DATABASE ? AS delta", (_ro_uri(delta),))
            conn.executescript(_union_views("main", "delta"))
    else:
        conn = sqlite3.connect(path)
        if building:
            _unjournaled(conn)
            conn.executescript(_SCHEMA)
        else:
            conn.executescript(_SCHEMA + _INDEXES)
    conn.row_factory = sqlite3.Row
    return conn


def _ro_uri(path: Path) -> str:
    """A read-only URI for a published store file (never written again, so immutable)."""
    return f"file:{quote(str(path))}?mode=ro&immutable=1"


def _unjournaled(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")


def _union_views(base: str, delta: str) -> str:
    """Temporary views, named like the tables, that show the base minus what the delta
    hides plus the delta (temp names shadow main's, so plain queries read the union)."""
    return "".join(
        f"CREATE TEMP VIEW IF NOT EXISTS {table} AS SELECT * FROM {base}.{table} "
        f"WHERE {key} NOT IN (SELECT id FROM {delta}.hidden) "
        f"UNION ALL SELECT * FROM {delta}.{table};\n"
        for table, key in TABLES
    )


def base_and_delta(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """(base schema, delta schema) when `conn` sees a base and a delta, else None."""
    names = {row[1] for row in conn.execute("PRAGMA database_list")}
    if "delta" in names:
        return ("main", "delta")
    if "base" in names:
        return ("base", "main")
    return None


def open_update(previous_dir: Path, gen_dir: Path, pending: int) -> sqlite3.Connection:
    """The writable store of a new generation updated from `previous_dir`'s.

    `pending`: how many articles the update adds, changes or removes. Usually the base is
    hard-linked (never opened for writing: both generations share it) and the previous
    delta copied, or a new one created; the connection writes the delta and reads the
    union. When the delta would outgrow its limit (see COMPACT_FRACTION), the base is
    copied and the previous delta folded into it, and no delta is written.
    Nothing in `previous_dir` is ever written.
    """
    base, old_delta = previous_dir / FILENAME, previous_dir / DELTA
    delta_rows, base_rows = _delta_size(base, old_delta)
    limit = min(COMPACT_MAX, max(COMPACT_MIN, base_rows // COMPACT_FRACTION))
    if delta_rows + pending > limit:
        shutil.copyfile(base, gen_dir / FILENAME)
        conn = connect(gen_dir / FILENAME, building=True)
        if delta_rows:
            _fold(conn, old_delta)
        return conn
    os.link(base, gen_dir / FILENAME)
    delta = gen_dir / DELTA
    if old_delta.is_file():
        shutil.copyfile(old_delta, delta)  # a new file: the previous one stays as hashed
    conn = sqlite3.connect(delta)
    _unjournaled(conn)
    conn.executescript(_SCHEMA + _HIDDEN + _INDEXES)
    conn.execute("ATTACH DATABASE ? AS base", (_ro_uri(gen_dir / FILENAME),))
    conn.executescript(_union_views("base", "main"))
    conn.row_factory = sqlite3.Row
    return conn


def _delta_size(base: Path, delta: Path) -> tuple[int, int]:
    """(articles plus hidden ids in the delta, articles in the base) of a published store."""
    conn = sqlite3.connect(_ro_uri(base), uri=True)
    try:
        base_rows = int(conn.execute("SELECT COUNT(*) FROM main.articles").fetchone()[0])
        if not delta.is_file():
            return 0, base_rows
        conn.execute("ATTACH DATABASE ? AS delta", (_ro_uri(delta),))
        delta_rows = conn.execute(
            "SELECT (SELECT COUNT(*) FROM delta.articles) + (SELECT COUNT(*) FROM delta.hidden)"
        ).fetchone()[0]
        return int(delta_rows), base_rows
    finally:
        conn.close()


def _fold(conn: sqlite3.Connection, delta: Path) -> None:
    """Apply a published delta to the (copied) base `conn` writes."""
    conn.execute("ATTACH DATABASE ? AS old", (_ro_uri(delta),))
    for table, key in TABLES:
        conn.execute(
            f"DELETE FROM main.{table} WHERE {key} IN "
            "(SELECT id FROM old.hidden UNION SELECT id FROM old.articles)"
        )
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM old.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE old")


def finish_building(conn: sqlite3.Connection) -> None:
    """Create the secondary indexes after a bulk load (see `connect(building=True)`)."""
    conn.executescript(_INDEXES)
