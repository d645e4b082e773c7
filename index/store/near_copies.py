"""Near-identical stories: one report saved twice with small edits (a new headline, a
byline, a corrected figure, a dropped or added paragraph) is one story, listed once.

Exact copies share a story digest (`search/copies.py`). Near copies are found from the
phrase fingerprints every article already stores (`shingle_rows`: a sample of its
five-word phrases): two articles whose samples overlap by `NEAR` or more (Jaccard) are
near copies, and so are a story and its revision, when the shorter is almost all inside
the longer (`CONTAINED`) and the longer adds less than it keeps (`REVISED`). Phrases found in more than `COMMON` articles are boilerplate, not evidence,
and stories with fewer than `MIN_PHRASES` sampled phrases are too short to judge. A full
build compares the pairs whose few smallest phrase hashes agree (MinHash); an update, only
the articles it changed.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import json
import os
import sqlite3
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from index.search.copies import NEAR_FILENAME, load_near
from index.store import article_queries, articledb

NEAR = 0.8
"""Share of their sampled phrases (Jaccard) above which two articles are one story."""
CONTAINED = 0.85
"""Share of the shorter story's phrases found in the longer one for a revision..."""
REVISED = 0.5
"""...as long as they still share this much overall (Jaccard): a brief inside a feature
three times its length is not the same story."""
MIN_PHRASES = 8
"""Sampled phrases a story needs before it can be called a copy (about 150 words)."""
COMMON = 50
"""A phrase in more articles than this is boilerplate ("said in a statement on")."""
SIGNATURE = 8
"""Smallest phrase hashes kept per article to find candidates (see `_signature`)."""
AGREE = 3
"""Signature hashes two articles must share to be compared: near copies share about
NEAR of them (fewer than 3 of 8 happens about once in a thousand at 80%; a revision at
60% is missed about one time in twenty), while stories that only share stock phrases
rarely share more than one."""

Pair = tuple[str, str]


def _sizes(conn: sqlite3.Connection, ids: Collection[str]) -> dict[str, int]:
    """How many sampled phrases each of these articles has."""
    sizes: dict[str, int] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        query = (
            f"SELECT article_id, COUNT(*) FROM shingle_rows WHERE article_id IN ({marks}) "
            "GROUP BY article_id"
        )
        sizes.update((str(a), int(n)) for a, n in conn.execute(query, chunk))
    return sizes


def _shared(conn: sqlite3.Connection, one: str, other: str) -> int:
    row = conn.execute(
        "SELECT COUNT(*) FROM (SELECT hash FROM shingle_rows WHERE article_id = ? "
        "INTERSECT SELECT hash FROM shingle_rows WHERE article_id = ?)",
        (one, other),
    ).fetchone()
    return int(row[0])


def _verified(conn: sqlite3.Connection, candidates: Iterable[Pair]) -> set[Pair]:
    """The candidate pairs that really are near copies (counted phrase by phrase)."""
    pairs = sorted(set(candidates))
    sizes = _sizes(conn, {i for pair in pairs for i in pair})
    return {
        (one, other)
        for one, other in pairs
        if min(sizes.get(one, 0), sizes.get(other, 0)) >= MIN_PHRASES
        and same_story(_shared(conn, one, other), sizes[one], sizes[other])
    }


def same_story(shared: int, one: int, other: int) -> bool:
    """Whether two articles with `one` and `other` sampled phrases, `shared` of them in
    common, are one story (a copy or a revision)."""
    if min(one, other) < MIN_PHRASES:
        return False
    jaccard = shared / (one + other - shared)
    return jaccard >= NEAR or (shared / min(one, other) >= CONTAINED and jaccard >= REVISED)


def _signature(hashes: Iterable[int]) -> list[int]:
    """An article's few smallest phrase hashes: two near copies share most phrases, so
    they almost always share one of these too (MinHash), and only they are compared."""
    return heapq.nsmallest(SIGNATURE, hashes)


def all_pairs(conn: sqlite3.Connection) -> set[Pair]:
    """Every pair of near copies in the store (a full build): articles are bucketed by
    their signatures, and only articles sharing a bucket are compared.

    Candidates are counted one article at a time (against the later members of its
    buckets), never as one table of every pair sharing a bucket: that table grows with
    the square of the bucket sizes and was the full build's second largest allocation.
    """
    ids: list[str] = []
    signatures = array("q")  # SIGNATURE hashes per article in `ids`, back to back
    buckets: dict[int, list[int]] = {}  # hash -> positions in `ids`, ascending
    rows = conn.execute("SELECT article_id, hash FROM shingle_rows ORDER BY article_id")
    for article_id, group in itertools.groupby(rows, key=lambda row: str(row[0])):
        hashes = [int(h) for _, h in group]
        if len(hashes) >= MIN_PHRASES:
            signature = _signature(hashes)
            for value in signature:
                buckets.setdefault(value, []).append(len(ids))
            signatures.extend(signature)
            ids.append(article_id)
    return _verified(conn, _candidates(ids, signatures, buckets))


def _candidates(
    ids: list[str], signatures: array[int], buckets: dict[int, list[int]]
) -> Iterator[Pair]:
    """The pairs sharing at least AGREE signature buckets (of at most COMMON members)."""
    for position, article_id in enumerate(ids):
        agree: Counter[int] = Counter()
        for value in signatures[position * SIGNATURE : (position + 1) * SIGNATURE]:
            members = buckets[value]
            if 1 < len(members) <= COMMON:
                agree.update(members[bisect.bisect_right(members, position) :])
        for other, count in agree.items():
            if count >= AGREE:
                yield _pair(article_id, ids[other])


def _pair(one: str, other: str) -> Pair:
    return (one, other) if one < other else (other, one)


def pairs_of(conn: sqlite3.Connection, ids: Collection[str]) -> set[Pair]:
    """The near copies of these articles (an update: only what it changed)."""
    agree: Counter[Pair] = Counter()
    for article_id in ids:
        hashes = [
            int(h)
            for (h,) in conn.execute(
                "SELECT hash FROM shingle_rows WHERE article_id = ?", (article_id,)
            )
        ]
        if len(hashes) < MIN_PHRASES:
            continue
        for value in _signature(hashes):
            others = [
                str(a)
                for (a,) in conn.execute(
                    "SELECT article_id FROM shingle_rows WHERE hash = ? LIMIT ?",
                    (value, COMMON + 1),
                )
            ]
            if len(others) > COMMON:
                continue  # boilerplate, not evidence
            agree.update(
                (min(article_id, o), max(article_id, o)) for o in set(others) if o != article_id
            )
    return _verified(conn, (pair for pair, count in agree.items() if count >= AGREE))


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
            live = [i for i in touched if article_queries.exists(conn, i)]
            pairs |= pairs_of(conn, live)
    finally:
        conn.close()
    tmp = gen_dir / (NEAR_FILENAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(sorted(pairs), out, separators=(",", ":"))
    # A new file, never a rewrite in place (an update hard-links the previous files).
    os.replace(tmp, gen_dir / NEAR_FILENAME)
    return len(pairs)
