"""Build or update an index generation. Runs in a child process (see `rebuild.py`).

A failed Whoosh commit keeps its write lock inside the process, and a killed build must
never leave a half-written index in service: so the work happens in a throwaway process
that writes a new generation and swaps it in only after verifying it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.articles.cleaning import clean_text
from index.articles.loader import (
    ArticleFile,
    NamedFiles,
    SkipFile,
    discover,
    display_path,
    load_text,
    named_files,
)
from index.articles.webpage import merged_meta
from index.errors import DatelineError
from index.extract.article import extract
from index.extract.budget import EXTRACT_SECONDS, Budget, OverBudget
from index.extract.code_digest import extractor_digest
from index.extract.corrections import EntityRules, rules_digest
from index.models import Article, Extraction, Phase, RebuildProgress, RebuildReport, SkippedFile
from index.search.writer import IndexWriter, exact_words
from index.store import article_queries, article_rows, articledb, generations
from index.store.build_request import BuildRequest, Progress
from index.store.publish import finish_generation

PARALLEL_MIN = 64
"""Below this many files a full build runs in one process (forking costs more)."""
WORKER_LIMITMB = 96
"""Whoosh posting-pool memory per segment worker: bounds the rebuild's peak RSS."""
STORE_BATCH = 200
"""Articles per executemany batch into the article store."""
StoreItem = article_rows.StoreRows
"""What a segment worker sends back per article: its article-store rows, ready to insert."""


def process_file(item: tuple[ArticleFile, int, EntityRules]) -> Article | SkippedFile:
    """Load, clean and extract one file; never raises (a bad file becomes a skip)."""
    article_file, max_bytes, rules = item
    shown = display_path(article_file.path)
    try:
        loaded = load_text(article_file.path, max_bytes)
    except SkipFile as reason:
        return SkippedFile(shown, str(reason))
    try:
        clean = clean_text(loaded.text)
        over: tuple[str, ...] = ()
        try:
            extraction = extract(clean.text, clean.blocks, rules, Budget(EXTRACT_SECONDS))
        except OverBudget as reason:
            extraction = Extraction()
            over = (f"{reason}: indexed without entities and quotes",)
    except Exception as error:  # a bug on one odd file must not stop the library building
        return SkippedFile(shown, f"could not be processed ({type(error).__name__})")
    warnings = loaded.warnings + clean.warnings + over
    return Article(
        id=article_file.relpath,
        path=shown,
        text=clean.text,
        blocks=clean.blocks,
        meta=merged_meta(loaded.meta, clean.meta),
        entities=extraction.entities,
        quotes=extraction.quotes,
        warnings=warnings,
        mtime=article_file.mtime_ns / 1e9,
        size=article_file.size,
    )


def _processed(files: list[ArticleFile], request: BuildRequest) -> Iterator[Article | SkippedFile]:
    items = [(f, request.max_bytes, request.rules) for f in files]
    if request.workers > 1 and len(items) > PARALLEL_MIN:
        context = multiprocessing.get_context("fork")
        with context.Pool(request.workers) as pool:
            yield from pool.imap(process_file, items, chunksize=8)
    else:
        yield from map(process_file, items)


def build(request: BuildRequest, progress: Progress) -> RebuildReport:
    """Write a new generation (full, or an update of the current one) and swap it in."""
    started = time.monotonic()
    root = Path(request.index_dir)
    generations.ensure_private_dir(root)
    with generations.rebuild_lock(root):
        generations.remove_partial(root)
        progress(RebuildProgress(0, 0, Phase.SCANNING))
        missing = [r for r in request.roots if not os.path.isdir(r)]
        if missing:
            # An unmounted or renamed folder must not empty the index: keep what it holds.
            raise DatelineError(
                f"Article folder not found: {display_path(missing[0])}; "
                "the index was left as it was."
            )
        previous = _usable_current(root) if not request.full else None
        named = _named(request, previous)
        if previous is not None and named is not None:
            return _incremental(
                request, root, previous, named.files, named.skipped, progress, started, named
            )
        files, skipped = discover(request.roots)
        if previous is None:
            return _full_build(request, root, files, skipped, progress, started)
        return _incremental(request, root, previous, files, skipped, progress, started)


def _named(request: BuildRequest, previous: generations.Generation | None) -> NamedFiles | None:
    """The watcher's paths, checked, when they are enough for this update (else None)."""
    if request.paths is None or previous is None or request.reextract_names:
        return None
    if _rules_changed(request, previous):
        return None  # every article is redone: only a listing names them all
    return named_files(request.roots, request.paths)


def _usable_current(root: Path) -> generations.Generation | None:
    try:
        return generations.open_current(root)
    except Exception:
        return None


def _full_build(
    request: BuildRequest,
    root: Path,
    files: list[ArticleFile],
    skipped: list[SkippedFile],
    progress: Progress,
    started: float,
) -> RebuildReport:
    gen_dir = generations.new_generation_dir(root)
    try:
        parallel = request.workers > 1 and len(files) > PARALLEL_MIN
        writer = IndexWriter.full(gen_dir, limitmb=32 if parallel else 128)
        added = 0
        mtimes = {f.relpath: f.mtime_ns for f in files}
        try:
            results: Iterator[Article | StoreItem | SkippedFile]
            if parallel:
                results, segments = _segment_workers(gen_dir, files, request)
            else:
                results, segments = _processed(files, request), None
            conn = articledb.connect(gen_dir / articledb.FILENAME, building=True)
            try:
                batch: list[article_rows.StoreRows] = []
                for done, result in enumerate(results, start=1):
                    if isinstance(result, SkippedFile):
                        skipped.append(result)
                    elif isinstance(result, Article):
                        writer.add(result)
                        batch.append(article_rows.store_rows(result, mtimes[result.id]))
                    else:
                        batch.append(result)
                    if len(batch) >= STORE_BATCH:
                        article_rows.put_rows(conn, batch, fresh=True)
                        added += len(batch)
                        batch = []
                    if done % 25 == 0 or done == len(files):
                        progress(RebuildProgress(done, len(files), Phase.INDEXING))
                article_rows.put_rows(conn, batch, fresh=True)
                added += len(batch)
                progress(RebuildProgress(len(files), len(files), Phase.COMMITTING))
                articledb.finish_building(conn)
                if segments is None:
                    writer.commit()
                else:
                    # The workers wrote one finished segment each: list them in a new TOC.
                    writer.commit_segments(segments)
                conn.commit()
            finally:
                conn.close()
        except BaseException:
            writer.cancel()
            raise
        return finish_generation(
            request, root, gen_dir, None, skipped, progress, started, added, 0, 0, 0
        )
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        raise


def _segment_workers(
    gen_dir: Path, files: list[ArticleFile], request: BuildRequest
) -> tuple[Iterator[StoreItem | SkippedFile], list[Any]]:
    """Fork one worker per core; each cleans, extracts and indexes its share of the files
    into its own Whoosh segment, and streams the article-store rows back (JSON and phrase
    hashes computed in the worker, so the writer process only inserts them).

    Whoosh indexing is as costly as extraction, so a single writer fed by extraction
    workers tops out near 100 articles/s; one segment per worker uses both cores for
    both. The segments (filled by the returned iterator) are committed together.
    """
    context = multiprocessing.get_context("fork")
    queue: Any = context.Queue(maxsize=512)
    workers = [
        context.Process(
            target=_segment_worker,
            args=(str(gen_dir), files[i :: request.workers], request, queue),
            daemon=True,
        )
        for i in range(request.workers)
    ]
    segments: list[Any] = []

    def results() -> Iterator[StoreItem | SkippedFile]:
        running = len(workers)
        try:
            while running:
                try:
                    kind, payload = queue.get(timeout=5)
                except Exception:  # queue.Empty: check that no worker died silently
                    if any(w.exitcode not in (None, 0) for w in workers):
                        raise RuntimeError("an indexing worker died") from None
                    continue
                if kind == "item":
                    yield payload
                elif kind == "done":
                    running -= 1
                    if payload is not None:
                        segments.append(payload)
                else:
                    raise RuntimeError(f"an indexing worker failed: {payload}")
            for worker in workers:
                worker.join()
        finally:
            for worker in workers:
                if worker.is_alive():
                    worker.terminate()

    for worker in workers:
        worker.start()
    return results(), segments


def _detach_from_parent() -> None:
    """Die with the parent and drop its inherited rebuild lock.

    A killed rebuild must release the lock at once and stop writing: a forked worker
    would otherwise hold the parent's flock and keep indexing into an orphan folder.
    """
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    with contextlib.suppress(OSError):
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/self/fd/{fd}").endswith(generations.LOCK):
                    os.close(int(fd))
    if os.getppid() == 1:
        os._exit(1)


def _segment_worker(
    gen_dir: str, files: list[ArticleFile], request: BuildRequest, queue: Any
) -> None:
    """Worker body: process files, index them into a private segment, report it."""
    _detach_from_parent()
    try:
        writer = IndexWriter.segment(Path(gen_dir), limitmb=WORKER_LIMITMB)
        for article_file in files:
            result = process_file((article_file, request.max_bytes, request.rules))
            if isinstance(result, Article):
                writer.add(result)
                queue.put(("item", article_rows.store_rows(result, article_file.mtime_ns)))
            else:
                queue.put(("item", result))
        queue.put(("done", writer.finish_segment()))
    except BaseException as error:
        queue.put(("error", f"{type(error).__name__}: {error}"))
        raise


def _incremental(
    request: BuildRequest,
    root: Path,
    previous: generations.Generation,
    files: list[ArticleFile],
    skipped: list[SkippedFile],
    progress: Progress,
    started: float,
    named: NamedFiles | None = None,
) -> RebuildReport:
    """Write a generation that differs from `previous` by the changed files (those of a
    listing, or only the `named` ones a watcher saw change)."""
    conn = articledb.connect(previous.path / articledb.FILENAME, readonly=True)
    try:
        if named is None:
            known = article_queries.fingerprints(conn)
        else:
            ids = [f.relpath for f in files] + named.gone
            known = article_queries.fingerprints(conn, ids)
    finally:
        conn.close()
    current = {f.relpath: f for f in files}
    forced, rules_changed = _forced(request, previous, known)
    changed = [
        f for f in files if known.get(f.relpath) != (f.size, f.mtime_ns) or f.relpath in forced
    ]
    removed = [i for i in known if i not in current]
    unchanged = len(files) - len(changed)
    if named is not None:
        # Only the named files were looked at: the rest of the library is as it was.
        unchanged = previous.doc_count - len(removed) - sum(f.relpath in known for f in changed)
        skipped = _still_skipped(previous, files, named) + skipped
    if not changed and not removed and not rules_changed:
        generations.collect_garbage(root, keep=(previous.name,))
        return RebuildReport(
            full=False,
            added=0,
            updated=0,
            removed=0,
            unchanged=unchanged,
            articles=previous.doc_count,
            skipped=tuple(skipped),
            seconds=time.monotonic() - started,
            generation=previous.name,
        )
    gen_dir = generations.new_generation_dir(root)
    try:
        generations.clone_generation(previous.path, gen_dir, skip=articledb.FILES)
        writer = IndexWriter.update(gen_dir, limitmb=64)
        conn = articledb.open_update(previous.path, gen_dir, len(changed) + len(removed))
        added = updated = 0
        # Every word of the old and new versions of what changes: the completion table
        # is updated for these words only (see completion.merge_table).
        words = _stored_words(conn, [*removed, *(f.relpath for f in changed if f.relpath in known)])
        try:
            for article_id in removed:
                writer.delete(article_id)
            article_rows.delete(conn, removed)
            for done, result in enumerate(_processed(changed, request), start=1):
                source = changed[done - 1]
                if isinstance(result, SkippedFile):
                    skipped.append(result)
                    if source.relpath in known:
                        writer.delete(source.relpath)
                        article_rows.delete(conn, [source.relpath])
                        removed.append(source.relpath)
                else:
                    words.update(writer.replace(result))
                    article_rows.put(conn, result, source.mtime_ns)
                    if source.relpath in known:
                        updated += 1
                    else:
                        added += 1
                progress(RebuildProgress(done, len(changed), Phase.INDEXING))
            articledb.finish_building(conn)
            writer.commit()
            conn.commit()
        except BaseException:
            writer.cancel()
            raise
        finally:
            conn.close()
        return finish_generation(
            request, root, gen_dir, previous, skipped, progress, started,
            added, updated, len(removed), unchanged, words,
            {*removed, *(f.relpath for f in changed)},
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        raise


def _rules_changed(request: BuildRequest, previous: generations.Generation) -> bool:
    """Whether the rules or the extractor differ from the ones `previous` was built with.

    A generation from before rules were recorded is taken to match them; one that does not
    name its extractor was made by an older one.
    """
    try:
        manifest = generations.read_manifest(previous.path)
    except Exception:
        return False
    recorded = manifest.get("rules")
    if recorded is not None and recorded != rules_digest(request.rules):
        return True
    return manifest.get("extractor") != extractor_digest()


def _still_skipped(
    previous: generations.Generation, files: list[ArticleFile], named: NamedFiles
) -> list[SkippedFile]:
    """The refusals the last listing recorded, less the files looked at again now."""
    try:
        recorded = generations.read_manifest(previous.path).get("skipped")
    except Exception:
        return []
    if not isinstance(recorded, list):
        return []
    again = {display_path(f.path) for f in files} | {s.path for s in named.skipped}
    return [
        SkippedFile(str(item[0]), str(item[1]))
        for item in recorded
        if isinstance(item, list)
        and len(item) == 2
        and str(item[0]) not in again
        and os.path.lexists(str(item[0]))  # a refused file since removed is forgotten
    ]


def _forced(
    request: BuildRequest, previous: generations.Generation, known: dict[str, Any]
) -> tuple[set[str], bool]:
    """Articles to re-extract though their files are unchanged, and whether the rules
    differ from the ones `previous` was built with.

    An entity fix names what it touches: only the articles naming those are redone.
    Rules changed otherwise (a hand edit) redo every article.
    """
    rules_changed = _rules_changed(request, previous)
    if request.reextract_names:
        conn = articledb.connect(previous.path / articledb.FILENAME, readonly=True)
        try:
            return article_queries.articles_naming(conn, request.reextract_names), True
        finally:
            conn.close()
    return (set(known) if rules_changed else set()), rules_changed


def _stored_words(conn: Any, ids: list[str]) -> set[str]:
    """The words of stored articles (their whole text: a superset of their exact field)."""
    words: set[str] = set()
    for article_id in ids:
        row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            words.update(exact_words(row[0]))
    return words
