"""Tags resolved to the articles of the open generation, following articles that moved.

The search engine cannot see tags; a query's `tag:` terms and tag filters become sets of
article ids here. A tag whose article id is gone is matched by the text's digest to the
article's new id (a moved or renamed file) and re-pointed there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from index.errors import DatelineError
from index.models import MATCH_ALL, SearchRequest, SearchResults, TagBatch, TagSet
from index.search.query import placeholder
from index.store import article_queries
from index.store.engine import Engine
from index.user.tags import TagStore, clean_tag, split_tag_terms, text_digest

TAG_FIELDS = frozenset({"tag", "starred"})


def _digests(engine: Engine) -> dict[str, str]:
    """Digest -> id of every article in the generation (only when a tag lost its article)."""
    conn, lock = engine.db()
    with lock:
        rows = conn.execute("SELECT id, text FROM articles").fetchall()
    return {text_digest(text): article_id for article_id, text in rows}


def tagged_ids(tags: TagStore, engine: Engine, tag: str) -> set[str]:
    """The ids, in this generation, of the articles carrying `tag`."""
    found: set[str] = set()
    lost = []
    conn, lock = engine.db()
    for item in tags.tagged(tag):
        with lock:
            present = article_queries.exists(conn, item.article_id)
        if present:
            found.add(item.article_id)
        else:
            lost.append(item)
    if lost:
        by_digest = _digests(engine)
        for item in lost:
            new_id = by_digest.get(item.digest)
            if new_id is not None:
                tags.move(item.article_id, new_id)
                found.add(new_id)
    return found


def with_tags_resolved(
    request: SearchRequest, tags: TagStore, engine: Engine
) -> tuple[SearchRequest, str | None]:
    """`request` with its tag terms turned into tokens for the articles they stand for,
    and its tag filters into id restrictions."""
    terms = split_tag_terms(request.query, placeholder)
    tag_sets = tuple(
        TagSet(placeholder(n), f"tag:{tag}", tuple(sorted(tagged_ids(tags, engine, tag))))
        for n, tag in enumerate(terms.in_place)
    )
    required: list[str] = []
    excluded: list[str] = []
    filters = []
    for item in request.filters:
        if item.field not in TAG_FIELDS:
            filters.append(item)
            continue
        split = split_tag_terms(f'{"-" if item.exclude else ""}{item.field}:"{item.value}"')
        required.extend(split.required)
        excluded.extend(split.excluded)
    if not required and not excluded:
        if terms.query == request.query:
            return request, None
        # tag terms became tokens (a broken one is dropped from the query, and said so)
        resolved = replace(request, query=terms.query, filters=tuple(filters), tag_sets=tag_sets)
        return resolved, terms.problem
    only: set[str] | None = None
    for tag in required:
        ids = tagged_ids(tags, engine, tag)
        only = ids if only is None else only & ids
    if request.only_ids is not None:
        only = set(request.only_ids) if only is None else only & request.only_ids
    not_ids = set(request.not_ids)
    for tag in excluded:
        not_ids |= tagged_ids(tags, engine, tag)
    resolved = replace(
        request,
        query=terms.query,
        filters=tuple(filters),
        only_ids=frozenset(only) if only is not None else None,
        not_ids=frozenset(not_ids),
        tag_sets=tag_sets,
    )
    return resolved, terms.problem


def tag_matching(
    search: Callable[[SearchRequest], SearchResults],
    tags: TagStore,
    texts: Callable[[list[str]], dict[str, str]],
    request: SearchRequest,
    names: Sequence[str],
    remove: bool = False,
) -> TagBatch:
    """Tag (or untag) every article `request` matches, in one transaction per tag.

    Raises DatelineError when a tag is empty or too long, the search cannot run, or the
    tag store cannot be written; nothing is tagged then.
    """
    try:
        cleaned = tuple(dict.fromkeys(clean_tag(name) for name in names))
    except ValueError as error:
        raise DatelineError(str(error)) from None
    if not cleaned:
        raise DatelineError("Say which tag to add, e.g. lede.")
    results = search(SearchRequest(request.query, request.filters, limit=MATCH_ALL, snippets=0))
    if results.error is not None:
        raise DatelineError(results.error)
    ids = [hit.id for hit in results.hits]
    complete = not results.timed_out and results.total <= len(ids)
    changed = 0
    if remove:
        for name in cleaned:
            changed += tags.remove_many(ids, name)
    else:
        stored = texts(ids)
        for name in cleaned:
            changed += tags.add_many(stored, name)
    return TagBatch(cleaned, len(ids), changed, complete, remove)
