"""Publish a written generation: verify it, record its manifest and side tables, swap it
in, and report what changed. Full builds and updates end here alike."""

from __future__ import annotations

import time
from pathlib import Path

from index.errors import DatelineError
from index.extract.code_digest import extractor_digest
from index.extract.corrections import rules_digest
from index.models import Phase, RebuildProgress, RebuildReport, SkippedFile
from index.search import completion, copies
from index.search.schema import INDEX_NAME
from index.search.writer import verify_index
from index.store import article_queries, articledb, generations, near_copies
from index.store.build_request import BuildRequest, Progress


def finish_generation(
    request: BuildRequest,
    root: Path,
    gen_dir: Path,
    previous: generations.Generation | None,
    skipped: list[SkippedFile],
    progress: Progress,
    started: float,
    added: int,
    updated: int,
    removed: int,
    unchanged: int,
    changed_words: set[str] | None = None,
    changed_ids: set[str] | None = None,
) -> RebuildReport:
    progress(RebuildProgress(0, 0, Phase.VERIFYING))
    # An update changes a verified copy of the store through SQLite transactions; the
    # full integrity scan (a read of the whole store) is kept for fresh builds.
    doc_count = verify_new(gen_dir, integrity=previous is None)
    if previous is not None and changed_words is not None:
        completion.merge_table(gen_dir, previous.path, INDEX_NAME, changed_words)
        copies.merge_table(gen_dir, previous.path, INDEX_NAME, changed_ids or ())
        near_copies.write_table(gen_dir, previous.path, changed_ids or ())
    else:
        completion.write_table(gen_dir, INDEX_NAME)
        copies.write_table(gen_dir, INDEX_NAME)
        near_copies.write_table(gen_dir)
    previous_manifest = generations.read_manifest(previous.path) if previous else None
    generations.write_manifest(
        gen_dir,
        doc_count,
        {
            "roots": list(request.roots),
            "skipped": [[s.path, s.reason] for s in skipped],
            "rules": rules_digest(request.rules),
            "extractor": extractor_digest(),
        },
        previous_manifest,
    )
    # write_manifest has just hashed every new file: re-hashing them proves nothing more.
    generations.verify(gen_dir)
    progress(RebuildProgress(0, 0, Phase.SWAPPING))
    replaced = previous.name if previous else _current_name(root)
    generations.swap_current(root, gen_dir)
    # The generation just replaced stays until the next rebuild: a reader that read the
    # pointer a moment before the swap is still opening it, and must find it whole.
    keep = (gen_dir.name, replaced) if replaced else (gen_dir.name,)
    generations.collect_garbage(root, keep=keep)
    return RebuildReport(
        full=previous is None,
        added=added,
        updated=updated,
        removed=removed,
        unchanged=unchanged,
        articles=doc_count,
        skipped=tuple(skipped),
        seconds=time.monotonic() - started,
        generation=gen_dir.name,
    )


def verify_new(gen_dir: Path, integrity: bool = True) -> int:
    """Open the new generation and check that the index and the article store agree."""
    # Read-only: an update's base is shared with the previous generation.
    conn = articledb.connect(gen_dir / articledb.FILENAME, readonly=True)
    try:
        stored = article_queries.count(conn)
        first = conn.execute("SELECT id FROM articles LIMIT 1").fetchone()
        if integrity and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise RuntimeError("the new article store failed its integrity check")
    finally:
        conn.close()
    doc_count = verify_index(gen_dir, first[0] if first is not None else None)
    if stored != doc_count:
        raise RuntimeError(f"index has {doc_count} articles but the store {stored}")
    return doc_count


def _current_name(root: Path) -> str | None:
    """The generation the pointer names now (None if there is none or it is unreadable)."""
    try:
        return generations.read_current(root)
    except DatelineError:
        return None
