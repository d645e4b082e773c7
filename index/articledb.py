"""The per-generation article store: cleaned text, metadata, entities and quotes.

Stored beside the Whoosh files in each generation (SQLite, JSON columns, no pickles), so
the reader never re-extracts at display time and corpus views are plain SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from index.models import (
    Article,
    ArticleMeta,
    Block,
    Entity,
    LineKind,
    Mention,
    Quote,
)
from index.names import alias_key
from index.passages import sampled_hashes

FILENAME = "articles.sqlite3"

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
_INDEXES = """
CREATE INDEX IF NOT EXISTS entity_rows_article ON entity_rows(article_id);
CREATE INDEX IF NOT EXISTS entity_rows_key ON entity_rows(type, key);
CREATE INDEX IF NOT EXISTS quote_rows_speaker ON quote_rows(speaker_key);
CREATE INDEX IF NOT EXISTS quote_rows_article ON quote_rows(article_id);
CREATE INDEX IF NOT EXISTS shingle_rows_hash ON shingle_rows(hash);
CREATE INDEX IF NOT EXISTS shingle_rows_article ON shingle_rows(article_id);
"""


StoreRows = tuple[
    tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]
]
"""One article's rows: (article, entity rows, quote rows, shingle rows); plain values, so
build workers compute them and the writer only inserts."""


def connect(path: Path, readonly: bool = False, building: bool = False) -> sqlite3.Connection:
    """Open the store; read-only connections are safe to share across threads.

    `building`: the store of a generation being written, which is discarded if the build
    fails and fsynced and hashed before it is swapped in, so it needs no journal or
    syncs; and its secondary indexes wait for `finish_building` (bulk loads are faster
    without them).
    """
    if readonly:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
    else:
        conn = sqlite3.connect(path)
        if building:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.executescript(_SCHEMA)
        else:
            conn.executescript(_SCHEMA + _INDEXES)
    conn.row_factory = sqlite3.Row
    return conn


def finish_building(conn: sqlite3.Connection) -> None:
    """Create the secondary indexes after a bulk load (see `connect(building=True)`)."""
    conn.executescript(_INDEXES)


def _meta_json(meta: ArticleMeta) -> str:
    return json.dumps(
        {
            "title": meta.title,
            "date": meta.date,
            "source": meta.source,
            "authors": list(meta.authors),
            "editor": meta.editor,
            "dateline": meta.dateline,
        },
        ensure_ascii=False,
    )


def _entity_json(entity: Entity) -> dict[str, Any]:
    return {
        "type": entity.type,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "mentions": [[m.start, m.end, m.text] for m in entity.mentions],
    }


def _quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "kind": quote.kind,
        "speaker": quote.speaker,
        "speaker_desc": quote.speaker_desc,
        "start": quote.start,
        "end": quote.end,
    }


def put(conn: sqlite3.Connection, article: Article, mtime_ns: int, fresh: bool = False) -> None:
    """Insert or replace one article and its corpus rows (`fresh`: known to be absent)."""
    put_rows(conn, [store_rows(article, mtime_ns)], fresh)


def put_rows(conn: sqlite3.Connection, batch: list[StoreRows], fresh: bool = False) -> None:
    """Insert (or replace, unless `fresh`) a batch of articles from their `store_rows`."""
    if not fresh:
        delete(conn, [rows[0][0] for rows in batch])
    conn.executemany(
        "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [r[0] for r in batch]
    )
    conn.executemany(
        "INSERT INTO entity_rows VALUES (?,?,?,?,?,?)", [x for r in batch for x in r[1]]
    )
    conn.executemany("INSERT INTO quote_rows VALUES (?,?,?,?)", [x for r in batch for x in r[2]])
    conn.executemany("INSERT INTO shingle_rows VALUES (?,?)", [x for r in batch for x in r[3]])


def store_rows(article: Article, mtime_ns: int) -> StoreRows:
    """The rows `put_rows` inserts for one article (JSON and phrase hashes computed here)."""
    return (
        (
            article.id,
            article.path,
            article.title,
            article.meta.date,
            article.meta.source,
            _meta_json(article.meta),
            article.text,
            json.dumps([[b.kind.value, b.start, b.end, b.line] for b in article.blocks]),
            json.dumps([_entity_json(e) for e in article.entities], ensure_ascii=False),
            json.dumps([_quote_json(q) for q in article.quotes], ensure_ascii=False),
            json.dumps(list(article.warnings), ensure_ascii=False),
            mtime_ns,
            article.size,
        ),
        [
            (
                article.id,
                e.type,
                e.name,
                alias_key(e.name),
                json.dumps(list(e.aliases), ensure_ascii=False),
                e.count,
            )
            for e in article.entities
        ],
        [
            (article.id, q.speaker, alias_key(q.speaker) if q.speaker else None, i)
            for i, q in enumerate(article.quotes)
        ],
        [(h, article.id) for h in sampled_hashes(article.text, article.blocks)],
    )


def delete(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Remove articles and their corpus rows."""
    rows = [(i,) for i in ids]
    conn.executemany("DELETE FROM articles WHERE id = ?", rows)
    conn.executemany("DELETE FROM entity_rows WHERE article_id = ?", rows)
    conn.executemany("DELETE FROM quote_rows WHERE article_id = ?", rows)
    conn.executemany("DELETE FROM shingle_rows WHERE article_id = ?", rows)


def fingerprints(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """id -> (size, mtime_ns) of every stored article, for incremental updates."""
    return {
        row["id"]: (row["size"], row["mtime_ns"])
        for row in conn.execute("SELECT id, size, mtime_ns FROM articles")
    }


def count(conn: sqlite3.Connection) -> int:
    """How many articles the store holds."""
    return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def row_to_article(row: sqlite3.Row) -> Article:
    """Rebuild the frozen Article from a stored row."""
    meta_raw = json.loads(row["meta"])
    meta = ArticleMeta(
        title=meta_raw.get("title"),
        date=meta_raw.get("date"),
        source=meta_raw.get("source"),
        authors=tuple(meta_raw.get("authors") or ()),
        editor=meta_raw.get("editor"),
        dateline=meta_raw.get("dateline"),
    )
    blocks = tuple(
        Block(LineKind(kind), start, end, line)
        for kind, start, end, line in json.loads(row["blocks"])
    )
    entities = tuple(
        Entity(
            type=e["type"],
            name=e["name"],
            aliases=tuple(e["aliases"]),
            mentions=tuple(Mention(s, t, x) for s, t, x in e["mentions"]),
        )
        for e in json.loads(row["entities"])
    )
    quotes = tuple(Quote(**q) for q in json.loads(row["quotes"]))
    return Article(
        id=row["id"],
        path=row["path"],
        text=row["text"],
        blocks=blocks,
        meta=meta,
        entities=entities,
        quotes=quotes,
        warnings=tuple(json.loads(row["warnings"])),
        mtime=row["mtime_ns"] / 1e9,
        size=row["size"],
    )


def get(conn: sqlite3.Connection, article_id: str) -> Article | None:
    """One article by id, or None."""
    row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row_to_article(row) if row is not None else None


def iter_articles(conn: sqlite3.Connection) -> Iterator[Article]:
    """Every stored article, in id order."""
    for row in conn.execute("SELECT * FROM articles ORDER BY id"):
        yield row_to_article(row)
