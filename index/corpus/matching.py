"""Use cases over whole match sets: every article a saved search matches, and an article's
entities under their corpus-wide names. Shared by the app and the command line."""

from __future__ import annotations

from collections.abc import Callable

from index.models import MATCH_ALL, Article, EntityCount, SearchRequest, SearchResults


def match_all(
    search: Callable[[SearchRequest], SearchResults], request: SearchRequest
) -> tuple[set[str], bool]:
    """The articles a (saved) search matches now, and whether that is all of them.

    Not all when the search failed, timed out or matched more than `MATCH_ALL`.
    """
    full = SearchRequest(request.query, request.filters, limit=MATCH_ALL, snippets=0)
    results = search(full)
    complete = (
        results.error is None and not results.timed_out and results.total <= len(results.hits)
    )
    return {hit.id for hit in results.hits}, complete


def article_entities(
    article: Article, corpus_name: Callable[[str, str, tuple[str, ...]], str]
) -> tuple[EntityCount, ...]:
    """The article's entities merged under their corpus-wide names (one person, one row)."""
    merged: dict[tuple[str, str], tuple[set[str], int]] = {}
    for entity in article.entities:
        name = corpus_name(entity.type, entity.name, entity.aliases)
        aliases, count = merged.get((entity.type, name), (set(), 0))
        aliases.update(entity.aliases)
        aliases.add(entity.name)
        merged[(entity.type, name)] = (aliases, count + entity.count)
    table = [EntityCount(t, n, tuple(sorted(a)), 1, c) for (t, n), (a, c) in merged.items()]
    table.sort(key=lambda e: (-e.mentions, e.name))
    return tuple(table)
