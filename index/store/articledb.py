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

import json
import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from index.extract.names import alias_key
from index.models import (
    Article,
    ArticleMeta,
    Block,
    Entity,
    LineKind,
    Mention,
    Quote,
)
from index.search.shingles import sampled_hashes

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


StoreRows = tuple[
    tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]
]
"""One article's rows: (article, entity rows, quote rows, shingle rows); plain values, so
build workers compute them and the writer only inserts."""


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


def _layout(conn: sqlite3.Connection) -> tuple[str, str] | None:
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
        "INSERT INTO main.articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [r[0] for r in batch]
    )
    conn.executemany(
        "INSERT INTO main.entity_rows VALUES (?,?,?,?,?,?)", [x for r in batch for x in r[1]]
    )
    conn.executemany(
        "INSERT INTO main.quote_rows VALUES (?,?,?,?)", [x for r in batch for x in r[2]]
    )
    conn.executemany("INSERT INTO main.shingle_rows VALUES (?,?)", [x for r in batch for x in r[3]])


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
    """Remove articles and their corpus rows (from a delta: hide their base versions)."""
    rows = [(i,) for i in ids]
    if _layout(conn) == ("base", "main"):
        conn.executemany(
            "INSERT OR IGNORE INTO main.hidden SELECT id FROM base.articles WHERE id = ?", rows
        )
    for table, key in TABLES:
        conn.executemany(f"DELETE FROM main.{table} WHERE {key} = ?", rows)


def fingerprints(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """id -> (size, mtime_ns) of every stored article, for incremental updates."""
    return {
        row["id"]: (row["size"], row["mtime_ns"])
        for row in conn.execute("SELECT id, size, mtime_ns FROM articles")
    }


def articles_naming(conn: sqlite3.Connection, names: Iterable[str]) -> set[str]:
    """Ids of the articles an entity fix about `names` can change: those with an entity
    row under one of their keys, or whose text contains one of them (an ignored name has
    no row left, yet undoing the ignore must find it again)."""
    names = sorted({n for n in names if n.strip()})
    keys = sorted({alias_key(n) for n in names} - {""})
    found: set[str] = set()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        found.update(
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT article_id FROM entity_rows WHERE key IN "
                f"({','.join('?' for _ in chunk)})",
                chunk,
            )
        )
    for i in range(0, len(names), 50):
        chunk = names[i : i + 50]
        # instr is exact (case and all), as mentions are; the name is a parameter, never SQL.
        where = " OR ".join("instr(text, ?) > 0" for _ in chunk)
        found.update(
            row[0] for row in conn.execute(f"SELECT id FROM articles WHERE {where}", chunk)
        )
    return found


def count(conn: sqlite3.Connection) -> int:
    """How many articles the store holds (base and delta counted apart: the union view
    would read every base row to apply the hidden ids, which only name base articles)."""
    layout = _layout(conn)
    if layout is None:
        return int(conn.execute("SELECT COUNT(*) FROM main.articles").fetchone()[0])
    base, delta = layout
    return int(
        conn.execute(
            f"SELECT (SELECT COUNT(*) FROM {base}.articles) - (SELECT COUNT(*) FROM "
            f"{delta}.hidden) + (SELECT COUNT(*) FROM {delta}.articles)"
        ).fetchone()[0]
    )


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


def exists(conn: sqlite3.Connection, article_id: str) -> bool:
    """Whether the store holds an article with this id."""
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None


def texts(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, str]:
    """The cleaned text of each of these articles that is stored (for tag digests)."""
    found: dict[str, str] = {}
    wanted = list(dict.fromkeys(article_ids))
    for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT id, text FROM articles WHERE id IN ({marks})"
        found.update(conn.execute(query, chunk).fetchall())
    return found


def get(conn: sqlite3.Connection, article_id: str) -> Article | None:
    """One article by id, or None."""
    row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row_to_article(row) if row is not None else None


def quote_article_order(conn: sqlite3.Connection, speaker_keys: Iterable[str] = ()) -> list[str]:
    """Ids of the articles with quotes (by one of `speaker_keys`, if given), in date order,
    undated last. Reads two indexes only (quote rows by article, articles by date), so
    who-said-what can page through quotes without reading every article first."""
    keys = sorted(set(speaker_keys))
    if keys:
        marks = ",".join("?" for _ in keys)
        quoted = {
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT article_id FROM quote_rows WHERE speaker_key IN ({marks})", keys
            )
        }
    else:
        quoted = {row[0] for row in conn.execute("SELECT DISTINCT article_id FROM quote_rows")}
    dated = [
        (date is None, date or "", article_id)
        for article_id, date in conn.execute("SELECT id, date FROM articles")
        if article_id in quoted
    ]
    dated.sort()
    return [article_id for _, _, article_id in dated]


def first_quoted(conn: sqlite3.Connection, count: int) -> list[str]:
    """The first `count` ids of `quote_article_order` (no speaker), read along the date
    index without listing every article: a screen's first page at any library size."""
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM articles AS a WHERE date IS NOT NULL AND EXISTS "
            "(SELECT 1 FROM quote_rows AS q WHERE q.article_id = a.id) ORDER BY date, id LIMIT ?",
            (count,),
        )
    ]
    if len(ids) < count:
        ids += [
            row[0]
            for row in conn.execute(
                "SELECT id FROM articles AS a WHERE date IS NULL AND EXISTS "
                "(SELECT 1 FROM quote_rows AS q WHERE q.article_id = a.id) ORDER BY id LIMIT ?",
                (count - len(ids),),
            )
        ]
    return ids


def quote_sources(
    conn: sqlite3.Connection, ids: list[str]
) -> tuple[list[tuple[str, str, str | None, str | None, str]], dict[tuple[str, str], str]]:
    """For a page of article ids: (id, title, date, source, quotes JSON) rows in the order
    given, and (article id, person name) -> that person's aliases JSON (to resolve
    speakers to their corpus-wide names without reading whole articles)."""
    if not ids:
        return [], {}
    marks = ",".join("?" for _ in ids)
    found = {
        row[0]: (row[0], row[1], row[2], row[3], row[4])
        for row in conn.execute(
            f"SELECT id, title, date, source, quotes FROM articles WHERE id IN ({marks})", ids
        )
    }
    aliases = {
        (row[0], row[1]): row[2]
        for row in conn.execute(
            "SELECT article_id, name, aliases FROM entity_rows "
            f"WHERE +type = 'PERSON' AND article_id IN ({marks})",  # + : by article, not type
            ids,
        )
    }
    return [found[i] for i in ids if i in found], aliases
