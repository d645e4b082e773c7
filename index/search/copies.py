"""The copies table: which articles hold the same story (one story saved in several files).

Search lists a story once and names its other files. Reading every article's story
digest to find those groups costs O(articles) on the first search of each generation
(~80 ms at 100k); the build writes the few groups instead (`copies.json`: digest ->
article ids, only digests held by two or more live articles), and an update rewrites
only the groups the changed articles were or are in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from whoosh.query import Term

from index.search.storage import plain_storage

FILENAME = "copies.json"
NEAR_FILENAME = "near.json"
"""Pairs of near-identical stories, written by the build (`store/near_copies.py`)."""
FIELD = "digest"

MERGE_MAX = 500
"""Above this many changed articles one pass over the digest terms is cheaper than a
lookup per article."""

Groups = dict[str, list[str]]
"""Story digest -> ids of the live articles holding that story (two or more)."""


def _live_ids(searcher: Any, digest: str) -> list[str]:
    """Ids of the live articles whose story digest is `digest`, in index order."""
    found = searcher.search(Term(FIELD, digest), limit=None, sortedby=None)
    return [hit["id"] for hit in sorted(found, key=lambda hit: hit.docnum)]


def read_groups(gen_dir: Path, indexname: str) -> Groups:
    """Every group of an index, from its digest terms (a full build's one pass)."""
    ix = plain_storage(gen_dir).open_index(indexname=indexname)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            if FIELD not in reader.schema:
                return {}
            shared = [
                term.decode("utf-8") if isinstance(term, bytes) else str(term)
                for term, info in reader.iter_field(FIELD)
                if info.doc_frequency() > 1 and term  # "": too short to call a copy
            ]
            groups = {digest: _live_ids(searcher, digest) for digest in shared}
    finally:
        ix.close()
    return {digest: ids for digest, ids in groups.items() if len(ids) > 1}


def write_table(gen_dir: Path, indexname: str) -> int:
    """Write `copies.json` for a freshly built generation; how many groups it holds."""
    groups = read_groups(gen_dir, indexname)
    _write(gen_dir, groups)
    return len(groups)


def merge_table(gen_dir: Path, previous_dir: Path, indexname: str, ids: Collection[str]) -> int:
    """Write `copies.json` for an updated generation from the previous one's.

    `ids`: every article added, changed or removed. Only the groups they were in (the
    previous table) or are in now (their new digests) can change; each of those digests
    is looked up in the new index. Falls back to `write_table` without a previous table.
    """
    groups = load(previous_dir)
    touched = set(ids)
    if groups is None or len(touched) > MERGE_MAX:
        return write_table(gen_dir, indexname)
    affected = {digest for digest, members in groups.items() if touched.intersection(members)}
    ix = plain_storage(gen_dir).open_index(indexname=indexname)
    try:
        with ix.searcher() as searcher:
            affected.update(_digests_of(searcher, touched))
            for digest in affected:
                members = _live_ids(searcher, digest)
                if len(members) > 1:
                    groups[digest] = members
                else:
                    groups.pop(digest, None)
    finally:
        ix.close()
    _write(gen_dir, groups)
    return len(groups)


def _digests_of(searcher: Any, ids: Iterable[str]) -> set[str]:
    """The story digests of these articles in the new index (absent ones have none)."""
    digests: set[str] = set()
    if FIELD not in searcher.schema:
        return digests
    subs = [(searcher, 0)] if searcher.is_atomic() else searcher.subsearchers
    for article_id in ids:
        for hit in searcher.search(Term("id", article_id), limit=None):
            index = max(i for i, (_, offset) in enumerate(subs) if offset <= hit.docnum)
            sub, offset = subs[index]
            reader = sub.reader()
            if not reader.has_column(FIELD):
                continue
            value = reader.column_reader(FIELD, translate=False)[hit.docnum - offset]
            text = value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
            if text:
                digests.add(text)
    return digests


def _write(gen_dir: Path, groups: Groups) -> None:
    tmp = gen_dir / (FILENAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(dict(sorted(groups.items())), out, separators=(",", ":"))
    # A new file, never a rewrite in place: an updated generation starts with the
    # previous generation's files hard-linked, which must stay as its manifest says.
    os.replace(tmp, gen_dir / FILENAME)


def _read(path: Path) -> Any:
    """A JSON table the build wrote, or None when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def load(gen_dir: Path) -> Groups | None:
    """The generation's groups, or None when it has no readable table (an older build)."""
    data = _read(gen_dir / FILENAME)
    if not isinstance(data, dict):
        return None
    return {
        str(digest): [str(i) for i in members]
        for digest, members in data.items()
        if isinstance(members, list)
    }


def docnum_groups(searcher: Any, groups: Groups) -> dict[str, list[int]]:
    """The groups as global document numbers of one searcher (live documents only)."""
    reader = searcher.reader()
    field = searcher.schema["id"]
    found: dict[str, list[int]] = {}
    for digest, ids in groups.items():
        docnums: list[int] = []
        for article_id in ids:
            btext = field.to_bytes(article_id)
            if ("id", btext) not in reader:
                continue
            docnums.extend(d for d in reader.postings("id", btext).all_ids())
        if len(docnums) > 1:
            found[digest] = sorted(docnums)
    return found


def load_near(gen_dir: Path) -> set[tuple[str, str]] | None:
    """A generation's near-copy pairs, or None when it has none written."""
    data = _read(gen_dir / NEAR_FILENAME)
    if not isinstance(data, list):
        return None
    return {(str(p[0]), str(p[1])) for p in data if isinstance(p, list) and len(p) == 2}


def load_stories(gen_dir: Path) -> Groups | None:
    """The generation's stories held by several files: exact copies joined with near
    copies (a story re-saved with small edits), or None without a copies table."""
    groups = load(gen_dir)
    if groups is None:
        return None
    near = load_near(gen_dir) or set()
    if not near:
        return groups
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(one: str, other: str) -> None:
        parent[root(one)] = root(other)

    for members in groups.values():
        for member in members[1:]:
            join(members[0], member)
    for one, other in near:
        join(one, other)
    key_of = {member: digest for digest, members in groups.items() for member in members}
    stories: dict[str, list[str]] = {}
    for item in sorted(parent):
        stories.setdefault(root(item), []).append(item)
    merged: Groups = {}
    for members in stories.values():
        if len(members) > 1:
            key = next((key_of[m] for m in members if m in key_of), f"near:{members[0]}")
            merged[key] = members
    return merged
