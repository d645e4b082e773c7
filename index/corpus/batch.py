"""Batch search: many queries over the whole library, one row of counts per query.

A reporter's list of names ("who in this leak is in our archive?") is run query by query
with the same language and time limit as the search box; a broken line gets its sentence
and the rest still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from index.models import BatchRow, SearchRequest, SearchResults

MAX_QUERIES = 10_000
"""A batch file longer than this is cut (and said so): one line per name is the use."""


def batch_queries(text: str) -> tuple[list[str], list[str]]:
    """The queries of a batch file (one per line; blank lines and `#` comments skipped)
    and the warnings about what was left out."""
    queries: list[str] = []
    warnings: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(queries) >= MAX_QUERIES:
            warnings.append(
                f"line {number}: only the first {MAX_QUERIES:,} queries are run; "
                "split the file to run the rest."
            )
            break
        queries.append(line)
    return queries, warnings


def run_batch(
    queries: Iterable[str],
    search: Callable[[SearchRequest], SearchResults],
    base: SearchRequest | None = None,
    top: int = 3,
) -> list[BatchRow]:
    """One row per query: its total, its `top` best hits and its newest article's date."""
    template = base or SearchRequest()
    rows: list[BatchRow] = []
    for query in queries:
        ranked = search(replace(template, query=query, limit=max(1, top), snippets=0))
        if ranked.error and not ranked.hits and ranked.total == 0:
            rows.append(BatchRow(query, 0, None, (), ranked.error))
            continue
        newest = search(replace(template, query=query, sort="date", limit=1, snippets=0))
        dated = [hit.date for hit in newest.hits if hit.date]
        rows.append(
            BatchRow(
                query,
                ranked.total,
                dated[0] if dated else None,
                ranked.hits[:top],
                ranked.error,
            )
        )
    return rows
