"""An Article as store rows and back: the JSON columns and corpus rows written, the Article read.

What the store files are and how a connection sees base and delta is `articledb.py`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from index.extract.names import alias_key
from index.models import Article, ArticleMeta, Block, Entity, LineKind, Mention, Quote
from index.search.shingles import sampled_hashes
from index.store.articledb import TABLES, base_and_delta

StoreRows = tuple[
    tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]
]
"""One article's rows: (article, entity rows, quote rows, shingle rows); plain values, so
build workers compute them and the writer only inserts."""


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
    if base_and_delta(conn) == ("base", "main"):
        conn.executemany(
            "INSERT OR IGNORE INTO main.hidden SELECT id FROM base.articles WHERE id = ?", rows
        )
    for table, key in TABLES:
        conn.executemany(f"DELETE FROM main.{table} WHERE {key} = ?", rows)


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
