"""One open index generation: the Whoosh searcher, the article store and the completions.

Whoosh objects live here and nowhere else; callers get frozen records back. A read
error from a damaged segment surfaces as IndexDamagedError, never as zlib or pickle noise.
"""

from __future__ import annotations

import json
import pickle
import re
import sqlite3
import struct
import threading
import time
import zlib
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimit, TimeLimitCollector
from whoosh.filedb.filestore import FileStorage

from index import articledb
from index.build import INDEX_NAME
from index.completion import CompletionTable
from index.errors import IndexDamagedError
from index.fastsearch import FastSearcher, OutOfTime, Unsupported
from index.generations import Generation
from index.highlight import snippet
from index.models import (
    Article,
    LineKind,
    SearchFilter,
    SearchHit,
    SearchRequest,
    SearchResults,
)
from index.names import alias_key
from index.query import (
    ParsedQuery,
    QueryProblem,
    _fuzzy_words,
    describe,
    highlight_keys,
    parse,
)
from index.schema import KEYWORD_FIELDS, fold


class IndexClosedError(Exception):
    """This engine was closed because a newer generation replaced it."""


DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    zlib.error,
    struct.error,
    EOFError,
    pickle.UnpicklingError,
    OSError,
    sqlite3.DatabaseError,
)
"""What a damaged segment or store raises mid-read."""
MMAP_LIMIT = 20_000
"""Above this many articles, read postings from file instead of mapping them into RSS."""
HIT_CACHE = 50_000
"""Articles whose listing fields (id, title, date, source) an engine keeps in memory."""


class Engine:
    """Searches one verified generation; one search at a time, callable from any thread.

    After `close()` every call raises IndexClosedError, which callers treat as "switch to
    the current engine", never as damage.
    """

    def __init__(self, generation: Generation, time_limit: float = 1.0) -> None:
        self.generation = generation
        self.time_limit = time_limit
        try:
            storage = FileStorage(
                str(generation.path), supports_mmap=generation.doc_count <= MMAP_LIMIT
            )
            self._ix = storage.open_index(indexname=INDEX_NAME)
        except DAMAGE_ERRORS as error:
            raise IndexDamagedError(
                f"{generation.name}: the index could not be opened ({type(error).__name__}); "
                "rebuilding it."
            ) from error
        try:
            self._searcher = self._ix.searcher()
            self._db = articledb.connect(generation.path / articledb.FILENAME, readonly=True)
        except DAMAGE_ERRORS as error:
            self._ix.close()
            raise IndexDamagedError(
                f"{generation.name}: the index could not be opened ({type(error).__name__}); "
                "rebuilding it."
            ) from error
        self.completions = CompletionTable.load(generation.path)
        self._fast: FastSearcher | None = None
        try:
            self._fast = FastSearcher(self._searcher)
        except Unsupported:
            self._fast = None
        self._lock = threading.Lock()
        self._db_lock = threading.Lock()
        self._hit_fields: dict[int, tuple[str, str, str, str | None, str | None]] = {}
        """Stored fields of recently listed articles: typing lists the same ones again."""
        self.closed = False

    @property
    def doc_count(self) -> int:
        """Articles in this generation."""
        return self.generation.doc_count

    def close(self) -> None:
        """Release file handles (old generations must not leak descriptors).

        Takes both locks, so a search or article read still running on this engine
        finishes first instead of failing on a closed handle.
        """
        with self._lock, self._db_lock:
            if self.closed:
                return
            self.closed = True
            try:
                self._searcher.close()
                self._ix.close()
            finally:
                self._db.close()

    def db(self) -> tuple[sqlite3.Connection, threading.Lock]:
        """The read-only article store and the lock that serialises its use."""
        return self._db, self._db_lock

    def article(self, article_id: str) -> Article | None:
        """A stored article by id."""
        try:
            with self._db_lock:
                if self.closed:
                    raise IndexClosedError
                return articledb.get(self._db, article_id)
        except sqlite3.DatabaseError as error:
            raise IndexDamagedError(
                "The article store is damaged; rebuilding the index."
            ) from error

    def search(self, request: SearchRequest) -> SearchResults:
        """Run one search under the time limit; query problems come back as `error`."""
        started = time.perf_counter()
        try:
            parsed = parse(request.query, self.completions, request.exact, request.as_you_type)
        except QueryProblem as problem:
            return SearchResults(request, 0, _ms(started), parsed="", error=str(problem))
        filter_query, mask_query = _filters(request)
        sort_by_date = request.sort == "date" or parsed.empty
        keys = highlight_keys(parsed)
        try:
            with self._lock:
                if self.closed:
                    raise IndexClosedError
                hits, total, timed_out = self._run(
                    parsed.query, filter_query, mask_query, request.limit, sort_by_date
                )
                suggestion = self._suggest(request.query, parsed) if total < 2 else None
            count = len(hits) if request.snippets < 0 else min(request.snippets, len(hits))
            hits = [self._with_snippet(hit, keys) for hit in hits[:count]] + hits[count:]
        except IndexClosedError:
            raise
        except DAMAGE_ERRORS as error:
            raise _damaged(error) from error
        except (Exception, RecursionError) as error:
            return SearchResults(
                request,
                0,
                _ms(started),
                parsed=describe(parsed),
                error=f"The search failed ({type(error).__name__}); try a simpler query.",
            )
        notices = list(parsed.notices)
        if timed_out:
            notices.append(
                f"The search took longer than {self.time_limit:g} s; showing what it found so far."
                if hits
                else f"The search took longer than {self.time_limit:g} s; add a word to narrow it."
            )
        return SearchResults(
            request=request,
            total=total,
            took_ms=_ms(started),
            parsed=describe(parsed),
            hits=tuple(hits),
            suggestion=suggestion,
            error=" ".join(notices) or None,
            timed_out=timed_out,
            terms=keys,
        )

    def _run(
        self,
        query: Any,
        filter_query: Any,
        mask_query: Any,
        limit: int,
        by_date: bool,
    ) -> tuple[list[SearchHit], int, bool]:
        if query is wq.NullQuery:
            return [], 0, False
        if self._fast is not None:
            try:
                return self._run_fast(self._fast, query, filter_query, mask_query, limit, by_date)
            except Unsupported:
                pass  # a query shape only Whoosh evaluates
        searcher = self._searcher
        collector = searcher.collector(
            limit=max(1, limit),
            sortedby="date" if by_date else None,
            reverse=by_date,
            # Block-quality skipping stops counting matches, and `len(results)` then
            # re-runs the whole query to count them: scoring every match once is faster.
            optimize=False,
        )
        # The time limit must sit inside the filter: TimeLimitCollector collects its child's
        # matches directly, so wrapped outside a FilterCollector it would bypass the filter.
        timed: Any = TimeLimitCollector(collector, timelimit=self.time_limit, use_alarm=False)
        if filter_query is not None or mask_query is not None:
            timed = FilterCollector(timed, filter_query, mask_query)
        timed_out = False
        try:
            searcher.search_with_collector(query, timed)
        except TimeLimit:
            timed_out = True
        results = timed.results()
        total = results.scored_length() if timed_out else len(results)
        hits = [
            self._hit(
                results.docnum(position),
                0.0 if by_date else float(results.score(position) or 0.0),
            )
            for position in range(results.scored_length())
        ]
        return hits, total, timed_out

    def _run_fast(
        self,
        fast: FastSearcher,
        query: Any,
        filter_query: Any,
        mask_query: Any,
        limit: int,
        by_date: bool,
    ) -> tuple[list[SearchHit], int, bool]:
        # One time limit for the filters and the search together.
        deadline = time.perf_counter() + self.time_limit
        try:
            allowed = fast.matching(filter_query, deadline) if filter_query is not None else None
            excluded = fast.matching(mask_query, deadline) if mask_query is not None else None
            ranked = fast.search(query, max(1, limit), allowed, excluded, by_date, deadline)
        except OutOfTime:
            return [], 0, True
        hits = [
            self._hit(docnum, 0.0 if by_date else score)
            for docnum, score in zip(ranked.docnums, ranked.scores, strict=True)
        ]
        return hits, ranked.total, False

    def _hit(self, docnum: int, score: float) -> SearchHit:
        """A hit from its stored fields (decompressed once, then cached; call under `_lock`)."""
        cached = self._hit_fields.get(docnum)
        if cached is None:
            fields = self._searcher.stored_fields(docnum)
            cached = (
                fields.get("id", ""),
                fields.get("path", ""),
                fields.get("title", ""),
                fields.get("date") or None,
                fields.get("source_name") or None,
            )
            if len(self._hit_fields) >= HIT_CACHE:
                self._hit_fields.clear()
            self._hit_fields[docnum] = cached
        article_id, path, title, date, source = cached
        return SearchHit(article_id, path, title, date, source, score)

    def with_snippets(self, results: SearchResults, ids: Collection[str]) -> SearchResults:
        """`results` with snippets for the hits in `ids` (a client asks for rows it shows)."""
        wanted = set(ids)
        try:
            hits = tuple(
                self._with_snippet(hit, results.terms)
                if hit.id in wanted and not hit.snippet
                else hit
                for hit in results.hits
            )
        except DAMAGE_ERRORS as error:
            raise _damaged(error) from error
        return replace(results, hits=hits)

    def _with_snippet(self, hit: SearchHit, keys: tuple[str, ...]) -> SearchHit:
        with self._db_lock:
            if self.closed:
                raise IndexClosedError
            row = self._db.execute(
                "SELECT text, blocks FROM articles WHERE id = ?", (hit.id,)
            ).fetchone()
        if row is None:
            return hit
        blocks = [(LineKind(k), s, e) for k, s, e, _ in json.loads(row["blocks"])]
        return SearchHit(
            id=hit.id,
            path=hit.path,
            title=hit.title,
            date=hit.date,
            source=hit.source,
            score=hit.score,
            snippet=snippet(row["text"], blocks, keys),
        )

    def _suggest(self, raw: str, parsed: ParsedQuery) -> str | None:
        """A did-you-mean query: unknown words replaced by their most common near miss."""
        changed = False
        suggestion = raw
        for word in parsed.plain_words:
            folded = fold(word)
            if len(folded) < 3 or self.completions.frequency(folded):
                continue
            distance = 1 if len(folded) <= 5 else 2
            close = _fuzzy_words(folded, distance, self.completions)
            if close:
                pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
                suggestion, replaced = pattern.subn(close[0], suggestion, count=1)
                changed = changed or replaced > 0
        return suggestion if changed else None


def _filters(request: SearchRequest) -> tuple[Any, Any]:
    includes: list[Any] = []
    excludes: list[Any] = []
    for item in request.filters:
        term = _filter_term(item)
        if term is None:
            continue
        (excludes if item.exclude else includes).append(term)
    if request.date_from or request.date_to:
        includes.append(
            wq.TermRange("date", request.date_from or "0000", request.date_to or "9999")
        )
    filter_query = wq.And(includes) if includes else None
    mask_query = wq.Or(excludes) if excludes else None
    return filter_query, mask_query


def _filter_term(item: SearchFilter) -> Any:
    field = item.field
    if field == "entity":
        field = "person"
    if field not in KEYWORD_FIELDS:
        return None
    return wq.Term(field, alias_key(item.value))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _damaged(error: BaseException) -> IndexDamagedError:
    """The sentence for a read that failed on damaged index files."""
    return IndexDamagedError(f"The index is damaged ({type(error).__name__}); rebuilding it.")
