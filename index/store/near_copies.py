"""Near-identical stories: one report saved twice with small edits (a new headline, a
byline, a corrected figure, a dropped last paragraph) is one story, listed once.

Exact copies share a story digest (`search/copies.py`). Near copies are found from the
phrase fingerprints every article already stores (`shingle_rows`: a sample of its
five-word phrases): two articles whose samples overlap by `NEAR` or more (Jaccard) are
near copies. Phrases found in more than `COMMON` articles are boilerplate, not evidence,
and stories with fewer than `MIN_PHRASES` sampled phrases are too short to judge. A full
build compares every pair that shares a phrase; an update, only the articles it changed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Collection, Iterable
from pathlib import Path

from index.search.copies import NEAR_FILENAME, load_near
from index.store import articledb

NEAR = 0.8
"""Share of their sampled phrases (Jaccard) above which two articles are one story."""
MIN_PHRASES = 8
"""Sampled phrases a story needs before it can be called a copy (about 150 words)."""
COMMON = 50
"""A phrase in more articles than this is boilerplate ("said in a statement on")."""

Pair = tuple[str, str]


def _sizes(conn: sqlite3.Connection, ids: Iterable[str] | None = None) -> dict[str, int]:
    if ids is None:
        rows = conn.execute("SELECT article_id, COUNT(*) FROM shingle_rows GROUP BY article_id")
        return {str(a): int(n) for a, n in rows}
    sizes: dict[str, int] = {}
    for article_id in ids:
        row = conn.execute(
            "SELECT COUNT(*) FROM shingle_rows WHERE article_id = ?", (article_id,)
        ).fetchone()
        sizes[article_id] = int(row[0])
    return sizes


def _near(shared: int, one: int, other: int) -> bool:
    if min(one, other) < MIN_PHRASES:
        return False
    return shared / (one + other - shared) >= NEAR


def all_pairs(conn: sqlite3.Connection) -> set[Pair]:
    """Every pair of near copies in the store (a full build)."""
    sizes = _sizes(conn)
    rows = conn.execute(
        "WITH rare AS (SELECT hash FROM shingle_rows GROUP BY hash "
        "HAVING COUNT(*) BETWEEN 2 AND ?) "
        "SELECT a.article_id, b.article_id, COUNT(*) FROM shingle_rows a "
        "JOIN shingle_rows b ON a.hash = b.hash AND a.article_id < b.article_id "
        "WHERE a.hash IN rare GROUP BY a.article_id, b.article_id",
        (COMMON,),
    )
    return {
        (str(a), str(b))
        for a, b, shared in rows
        if _near(int(shared), sizes.get(a, 0), sizes.get(b, 0))
    }


def pairs_of(conn: sqlite3.Connection, ids: Collection[str]) -> set[Pair]:
    """The near copies of these articles (an update: only what it changed)."""
    found: set[Pair] = set()
    for article_id in ids:
        own = _sizes(conn, [article_id])[article_id]
        if own < MIN_PHRASES:
            continue
        rows = conn.execute(
            "SELECT b.article_id, COUNT(*) FROM shingle_rows a "
            "JOIN shingle_rows b ON a.hash = b.hash AND b.article_id != a.article_id "
            "WHERE a.article_id = ? GROUP BY b.article_id",
            (article_id,),
        ).fetchall()
        others = _sizes(conn, [str(other) for other, _ in rows])
        for other, shared in rows:
            if _near(int(shared), own, others[str(other)]):
                found.add((min(article_id, str(other)), max(article_id, str(other))))
    return found


def write_table(
    gen_dir: Path, previous_dir: Path | None = None, changed: Collection[str] = ()
) -> int:
    """Write the near-copy pairs of a generation: all of them after a full build, or the
    previous generation's updated for the articles an update `changed` (or removed)."""
    conn = articledb.connect(gen_dir / articledb.FILENAME, readonly=True)
    try:
        previous = load_near(previous_dir) if previous_dir is not None else None
        if previous is None:
            pairs = all_pairs(conn)
        else:
            touched = set(changed)
            pairs = {p for p in previous if not touched.intersection(p)}
            live = [i for i in touched if articledb.exists(conn, i)]
            pairs |= pairs_of(conn, live)
    finally:
        conn.close()
    tmp = gen_dir / (NEAR_FILENAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(sorted(pairs), out, separators=(",", ":"))
    # A new file, never a rewrite in place (an update hard-links the previous files).
    os.replace(tmp, gen_dir / NEAR_FILENAME)
    return len(pairs)
