"""Reads from the article store: fingerprints, counts, articles by id, quote pages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from index.extract.names import alias_key
from index.models import Article
from index.store.article_rows import row_to_article
from index.store.articledb import base_and_delta


def fingerprints(
    conn: sqlite3.Connection, ids: Iterable[str] | None = None
) -> dict[str, tuple[int, int]]:
    """id -> (size, mtime_ns) of every stored article (or of those of `ids` stored), for
    incremental updates."""
    if ids is None:
        rows = list(conn.execute("SELECT id, size, mtime_ns FROM articles"))
    else:
        rows = rows_for(conn, "SELECT id, size, mtime_ns FROM articles WHERE id IN ({})", ids)
    return {row["id"]: (row["size"], row["mtime_ns"]) for row in rows}


def rows_for(conn: sqlite3.Connection, query: str, values: Iterable[str]) -> list[sqlite3.Row]:
    """The rows of `query` (with `IN ({})`) for these values, asked in chunks that stay
    under SQLite's bound-parameter limit."""
    wanted = list(dict.fromkeys(values))
    rows: list[sqlite3.Row] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows.extend(conn.execute(query.format(",".join("?" * len(chunk))), chunk))
    return rows


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
    layout = base_and_delta(conn)
    if layout is None:
        return int(conn.execute("SELECT COUNT(*) FROM main.articles").fetchone()[0])
    base, delta = layout
    return int(
        conn.execute(
            f"SELECT (SELECT COUNT(*) FROM {base}.articles) - (SELECT COUNT(*) FROM "
            f"{delta}.hidden) + (SELECT COUNT(*) FROM {delta}.articles)"
        ).fetchone()[0]
    )


def exists(conn: sqlite3.Connection, article_id: str) -> bool:
    """Whether the store holds an article with this id."""
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None


def texts(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, str]:
    """The cleaned text of each of these articles that is stored (for tag digests)."""
    query = "SELECT id, text FROM articles WHERE id IN ({})"
    return {row[0]: row[1] for row in rows_for(conn, query, article_ids)}


def listings(
    conn: sqlite3.Connection, article_ids: Iterable[str]
) -> dict[str, tuple[str, str | None, str | None]]:
    """(title, date, source) of each of these articles, without reading their text."""
    query = "SELECT id, title, date, source FROM articles WHERE id IN ({})"
    return {row[0]: (row[1], row[2], row[3]) for row in rows_for(conn, query, article_ids)}


def dates(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, str | None]:
    """The date of each of these articles (None when undated), from the date column."""
    query = "SELECT id, date FROM articles WHERE id IN ({})"
    return {row[0]: row[1] for row in rows_for(conn, query, article_ids)}


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
