"""The SQL behind the corpus views: entity rows, the company names keep, shared phrases.

Every statement about articles lives in the store; callers hold the store's lock.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from index.extract.names import alias_key
from index.store.near_copies import COMMON


def entity_rows(conn: sqlite3.Connection) -> Iterator[Any]:
    """Every (article_id, type, name, aliases, mentions) row, an article's rows together
    (streamed: 1.9M rows at 100k articles would take ~0.5 GB as one list)."""
    return iter(
        conn.execute(
            "SELECT article_id, type, name, aliases, mentions FROM entity_rows ORDER BY article_id"
        )
    )


def name_counts(conn: sqlite3.Connection) -> list[Any]:
    """(type, name, aliases JSON, articles) for every distinct per-article entity."""
    return conn.execute(
        "SELECT type, name, aliases, COUNT(*) FROM entity_rows GROUP BY type, name, aliases"
    ).fetchall()


def rows_with_keys(
    conn: sqlite3.Connection, entity_type: str, keys: Sequence[str], dated: bool = False
) -> list[Any]:
    """(article_id, name, aliases) of the rows of one type whose alias key is in `keys`,
    and with `dated` each article's date too (None when undated): one query where reading
    the dates apart took as long again as the rows. A subquery, not a join: over the
    base-and-delta views a join (or an ORDER BY) scans every article per row."""
    date = ", (SELECT a.date FROM articles a WHERE a.id = e.article_id)" if dated else ""
    return conn.execute(
        f"SELECT e.article_id, e.name, e.aliases{date} FROM entity_rows e "
        f"WHERE e.type = ? AND e.key IN ({','.join('?' for _ in keys)})",
        (entity_type, *keys),
    ).fetchall()


def phrases_shared(
    conn: sqlite3.Connection, hashes: Sequence[int], article_id: str
) -> dict[str, int]:
    """For every other article, how many of these sampled phrase hashes it holds too.

    Phrases in more than `COMMON` articles are boilerplate, not a sign of a related
    story; they are dropped first (counted from the index alone), which also spares
    reading their many rows (at 100k articles: 0.27 s of a 0.28 s call, cold).
    """
    hashes = _uncommon(conn, hashes)
    counts: dict[str, int] = defaultdict(int)
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        for other_id, shared in conn.execute(
            "SELECT article_id, COUNT(*) FROM shingle_rows WHERE hash IN "
            f"({','.join('?' for _ in chunk)}) AND article_id != ? GROUP BY article_id",
            (*chunk, article_id),
        ):
            counts[other_id] += shared
    return counts


def _uncommon(conn: sqlite3.Connection, hashes: Sequence[int]) -> list[int]:
    """The hashes held by at most `COMMON` articles."""
    kept: list[int] = []
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        kept.extend(
            phrase
            for phrase, articles in conn.execute(
                "SELECT hash, COUNT(*) FROM shingle_rows WHERE hash IN "
                f"({','.join('?' for _ in chunk)}) GROUP BY hash",
                chunk,
            )
            if articles <= COMMON + 1  # the article itself is one of them
        )
    return kept


COMPANY_SAMPLE = 40
"""Articles per name read to learn the company a name keeps (evenly spread over them)."""


def company_of(
    conn: sqlite3.Connection, lock: threading.Lock | threading.RLock, names: Collection[str]
) -> dict[str, set[str]]:
    """For each PERSON name, the other entities ("TYPE:key") in (a sample of) the articles
    naming it; numbers and dates are left out: they say nothing about who someone is."""
    naming: dict[str, list[str]] = defaultdict(list)  # article id -> sampled names in it
    for name, ids in _sampled_articles(conn, lock, names).items():
        for article_id in ids:
            naming[article_id].append(name)
    articles = sorted(naming)
    company: dict[str, set[str]] = {name: set() for ids in naming.values() for name in ids}
    labels: dict[tuple[str, str], str] = {}  # one string per entity, shared by every set
    with lock:
        for i in range(0, len(articles), 500):
            chunk = articles[i : i + 500]
            for article_id, etype, key in conn.execute(
                "SELECT article_id, type, key FROM entity_rows WHERE article_id IN "
                f"({','.join('?' for _ in chunk)}) AND type NOT IN ('DATE', 'MONEY', 'PERCENT')",
                chunk,
            ):
                label = labels.setdefault((etype, key), f"{etype}:{key}")
                for name in naming[article_id]:
                    company[name].add(label)
    for name, found in company.items():
        found.discard(f"PERSON:{alias_key(name)}")
    return company


def _sampled_articles(
    conn: sqlite3.Connection, lock: threading.Lock | threading.RLock, names: Collection[str]
) -> dict[str, list[str]]:
    """Up to COMPANY_SAMPLE ids of the articles naming each person, evenly spread.

    Read name by name in id order, so only one name's articles are held at a time (not
    every PERSON row of the corpus)."""
    wanted = set(names)
    keys = sorted({alias_key(n) for n in wanted})
    sample: dict[str, list[str]] = {}
    with lock:
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = conn.execute(
                "SELECT name, article_id FROM entity_rows WHERE type = 'PERSON' AND key IN "
                f"({','.join('?' for _ in chunk)}) ORDER BY name, article_id",
                chunk,
            )
            for name, group in itertools.groupby(rows, key=lambda row: str(row[0])):
                if name in wanted:
                    ids = [str(article_id) for _, article_id in group]
                    step = max(1, len(ids) // COMPANY_SAMPLE)
                    sample[name] = ids[::step][:COMPANY_SAMPLE]
    return sample
