"""The search seam: what the rest of the core needs from a full-text engine, and Whoosh's answer.

`SearchBackend` is the whole contract: ranked hits (listing fields only), a count, a
did-you-mean and the words to highlight. Article text and snippets come from the article
store, not from here, so another engine (a server, tantivy) only has to implement this.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimit, TimeLimitCollector
from whoosh.filedb.filestore import FileStorage

from index.errors import DAMAGE_ERRORS, IndexDamagedError
from index.extract.names import alias_key
from index.models import SearchFilter, SearchHit, SearchRequest, SortOrder
from index.search import copies
from index.search.completion import CompletionTable
from index.search.evaluate import OutOfTime, Unsupported
from index.search.fastsearch import FastSearcher
from index.search.query import (
    ParsedQuery,
    QueryProblem,
    _fuzzy_words,
    parse,
)
from index.search.readback import describe, highlight_keys
from index.search.schema import INDEX_NAME, KEYWORD_FIELDS, fold

T = TypeVar("T")

MMAP_LIMIT = 20_000
"""Above this many articles, read postings from file instead of mapping them into RSS."""
HIT_CACHE = 50_000
"""Articles whose listing fields (id, title, date, source) a backend keeps in memory."""


class BackendClosedError(Exception):
    """The backend was closed because a newer generation replaced it."""


@dataclass(frozen=True, slots=True)
class Found:
    """One search's answer before snippets: what any engine must give back."""

    hits: tuple[SearchHit, ...]
    total: int
    parsed: str
    keys: tuple[str, ...]
    """Folded query words, for highlighting and snippets."""
    suggestion: str | None = None
    notices: tuple[str, ...] = ()
    timed_out: bool = False
    error: str | None = None
    """A sentence when the query itself could not be run (broken syntax, too complex)."""


@dataclass(frozen=True, slots=True)
class DateCounts:
    """Matching articles per date ("" for undated), with the query's notices."""

    counts: dict[str, int]
    notices: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Matches:
    """Every article a query matches (unranked, a story once), with the query's notices."""

    ids: frozenset[str]
    notices: tuple[str, ...] = ()
    error: str | None = None


class SearchBackend(Protocol):
    """A full-text engine over one index generation."""

    def find(self, request: SearchRequest) -> Found:
        """Ranked hits for `request` under its time limit."""
        ...

    def date_counts(self, request: SearchRequest) -> DateCounts:
        """How many matching articles carry each date ("" for undated)."""
        ...

    def matches(self, request: SearchRequest) -> Matches:
        """The ids of every matching article, for counting over all of them."""
        ...

    def close(self) -> None:
        """Release files; later calls raise BackendClosedError."""
        ...


class WhooshBackend:
    """Whoosh over one generation's folder; one search at a time, callable from any thread."""

    def __init__(self, path: Path, doc_count: int, time_limit: float = 1.0) -> None:
        self.time_limit = time_limit
        storage = FileStorage(str(path), supports_mmap=doc_count <= MMAP_LIMIT)
        self._ix = storage.open_index(indexname=INDEX_NAME)
        try:
            self._searcher = self._ix.searcher()
        except DAMAGE_ERRORS:
            self._ix.close()
            raise
        self.completions = CompletionTable.load(path)
        self._fast: FastSearcher | None = None
        try:
            self._fast = FastSearcher(self._searcher, copies.load_stories(path))
        except Unsupported:
            self._fast = None
        self._lock = threading.Lock()
        self._hit_fields: dict[int, tuple[str, str, str, str | None, str | None]] = {}
        """Stored fields of recently listed articles: typing lists the same ones again."""
        self.closed = False

    def close(self) -> None:
        """Release file handles; waits for a search still running on this backend."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            try:
                self._searcher.close()
            finally:
                self._ix.close()

    def _parse(self, request: SearchRequest) -> ParsedQuery:
        """The request's query parsed (QueryProblem when nothing can be searched)."""
        return parse(
            request.query, self.completions, request.exact, request.as_you_type, request.tag_sets
        )

    def find(self, request: SearchRequest) -> Found:
        """Parse and run one search; query problems come back as `error`, damage raises."""
        try:
            parsed = self._parse(request)
        except QueryProblem as problem:
            return Found((), 0, "", (), error=str(problem))
        keys = highlight_keys(parsed)
        try:
            filter_query, mask_query = _filters(request)
            by_date = request.sort == SortOrder.DATE or parsed.empty
            with self._lock:
                if self.closed:
                    raise BackendClosedError
                hits, total, timed_out = self._run(
                    parsed.query, filter_query, mask_query, request.limit, by_date
                )
                suggestion = self._suggest(request.query, parsed) if total < 2 else None
        except BackendClosedError:
            raise
        except DAMAGE_ERRORS as error:
            raise damaged(error) from error
        except (Exception, RecursionError) as error:
            return Found(
                (),
                0,
                describe(parsed),
                keys,
                error=f"The search failed ({type(error).__name__}); try a simpler query.",
            )
        return Found(
            tuple(hits),
            total,
            describe(parsed),
            keys,
            suggestion=suggestion,
            notices=tuple(parsed.notices),
            timed_out=timed_out,
        )

    def date_counts(self, request: SearchRequest) -> DateCounts:
        """How many matching articles carry each date ("" for undated); a query that
        cannot be run, or runs out of time, comes back with `error`."""
        none: dict[str, int] = {}
        counts, notices, error = self._over_matches(request, self._date_counts, none)
        return DateCounts(counts, notices, error)

    def matches(self, request: SearchRequest) -> Matches:
        """The ids of every matching article (a story stored twice once); a query that
        cannot be run, or runs out of time, comes back with `error`."""
        none: frozenset[str] = frozenset()
        ids, notices, error = self._over_matches(request, self._matching_ids, none)
        return Matches(ids, notices, error)

    def _over_matches(
        self, request: SearchRequest, work: Callable[[Any, Any, Any], T], empty: T
    ) -> tuple[T, tuple[str, ...], str | None]:
        """`work(query, filter, mask)` over every match, with the query's notices and
        one sentence when it cannot be run; damage raises."""
        try:
            parsed = self._parse(request)
        except QueryProblem as problem:
            return empty, (), str(problem)
        notices = tuple(parsed.notices)
        if parsed.query is wq.NullQuery:
            return empty, notices, None
        try:
            filter_query, mask_query = _filters(request)
            with self._lock:
                if self.closed:
                    raise BackendClosedError
                return work(parsed.query, filter_query, mask_query), notices, None
        except BackendClosedError:
            raise
        except DAMAGE_ERRORS as error:
            raise damaged(error) from error
        except TimeoutError:
            message = f"Counting took longer than {self.time_limit:g} s; add a word to narrow it."
            return empty, notices, message
        except (Exception, RecursionError) as error:
            message = f"The search failed ({type(error).__name__}); try a simpler query."
            return empty, notices, message

    def _matching_ids(self, query: Any, filter_query: Any, mask_query: Any) -> frozenset[str]:
        return self._over_every_match(
            query,
            filter_query,
            mask_query,
            lambda fast, *args: frozenset(fast.matching_ids(query, *args)),
            lambda hits: frozenset(hit.id for hit in hits),
        )

    def _date_counts(self, query: Any, filter_query: Any, mask_query: Any) -> dict[str, int]:
        return self._over_every_match(
            query,
            filter_query,
            mask_query,
            lambda fast, *args: dict(fast.date_counts(query, *args)),
            lambda hits: dict(Counter(hit.date or "" for hit in hits)),
        )

    def _over_every_match(
        self,
        query: Any,
        filter_query: Any,
        mask_query: Any,
        fast_way: Callable[[FastSearcher, Any, Any, float], T],
        whoosh_way: Callable[[list[SearchHit]], T],
    ) -> T:
        """`fast_way(fast, allowed, excluded, deadline)` where the fast evaluator handles
        the query, else `whoosh_way` over every hit; TimeoutError past the time limit."""
        deadline = time.perf_counter() + self.time_limit
        if self._fast is not None:
            try:
                fast = self._fast
                allowed, excluded = _filter_sets(fast, filter_query, mask_query, deadline)
                return fast_way(fast, allowed, excluded, deadline)
            except Unsupported:
                pass
            except OutOfTime:
                raise TimeoutError(f"took longer than {self.time_limit:g} s") from None
        limit = max(1, int(self._searcher.doc_count_all()))
        hits, _total, timed_out = self._run(query, filter_query, mask_query, limit, True)
        if timed_out:
            raise TimeoutError(f"took longer than {self.time_limit:g} s")
        return whoosh_way(hits)

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
            allowed, excluded = _filter_sets(fast, filter_query, mask_query, deadline)
            ranked = fast.search(query, max(1, limit), allowed, excluded, by_date, deadline)
        except OutOfTime:
            return [], 0, True
        hits = [
            self._hit(docnum, 0.0 if by_date else score)
            for docnum, score in zip(ranked.docnums, ranked.scores, strict=True)
        ]
        return hits, ranked.total, False

    def _hit(self, docnum: int, score: float) -> SearchHit:
        """A hit from its stored fields, with the paths of other copies of its story."""
        article_id, path, title, date, source = self._listing(docnum)
        copies = self._fast.other_copies(docnum) if self._fast is not None else []
        duplicates = tuple(self._listing(other)[1] for other in copies)
        return SearchHit(article_id, path, title, date, source, score, duplicates=duplicates)

    def _listing(self, docnum: int) -> tuple[str, str, str, str | None, str | None]:
        """Stored fields of one article (decompressed once, then cached; call under `_lock`)."""
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
        return cached

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


def _filter_sets(
    fast: FastSearcher, filter_query: Any, mask_query: Any, deadline: float
) -> tuple[list[set[int]] | None, list[set[int]] | None]:
    """Per segment, the documents the filters keep and the ones they drop (None: no filter)."""
    allowed = fast.matching(filter_query, deadline) if filter_query is not None else None
    excluded = fast.matching(mask_query, deadline) if mask_query is not None else None
    return allowed, excluded


def _filters(request: SearchRequest) -> tuple[Any, Any]:
    includes: list[Any] = []
    excludes: list[Any] = []
    for item in request.filters:
        term = _filter_term(item)
        if term is None:
            continue
        (excludes if item.exclude else includes).append(term)
    if request.only_ids is not None:
        includes.append(wq.Or([wq.Term("id", i) for i in sorted(request.only_ids)]))
    if request.not_ids:
        excludes.extend(wq.Term("id", i) for i in sorted(request.not_ids))
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


def damaged(error: BaseException) -> IndexDamagedError:
    """The sentence for a read that failed on damaged index files."""
    return IndexDamagedError(f"The index is damaged ({type(error).__name__}); rebuilding it.")
