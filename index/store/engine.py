"""One open index generation: its search backend, its article store and their locks.

Callers get frozen records back. A read error from a damaged segment or store surfaces as
IndexDamagedError, never as zlib or pickle noise; a generation replaced by a newer one
raises IndexClosedError, which callers treat as "switch to the current engine".
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TypeVar

from index.errors import DAMAGE_ERRORS, IndexDamagedError
from index.models import Article, LineKind, SearchHit, SearchRequest, SearchResults
from index.search.backend import (
    BackendClosedError,
    DateCounts,
    Matches,
    WhooshBackend,
    damaged,
)
from index.search.completion import CompletionTable
from index.search.highlight import snippet
from index.store import article_queries, articledb
from index.store.generations import Generation

_T = TypeVar("_T")


class IndexClosedError(Exception):
    """This engine was closed because a newer generation replaced it."""


class Engine:
    """Searches one verified generation; callable from any thread."""

    def __init__(self, generation: Generation, time_limit: float = 1.0) -> None:
        self.generation = generation
        try:
            self._backend = WhooshBackend(generation.path, generation.doc_count, time_limit)
        except DAMAGE_ERRORS as error:
            raise _unopenable(generation, error) from error
        try:
            self._db = articledb.connect(generation.path / articledb.FILENAME, readonly=True)
        except DAMAGE_ERRORS as error:
            self._backend.close()
            raise _unopenable(generation, error) from error
        self._db_lock = threading.Lock()
        self.closed = False

    @property
    def time_limit(self) -> float:
        """Seconds any one search may take (the backend stops there and says so)."""
        return self._backend.time_limit

    @time_limit.setter
    def time_limit(self, seconds: float) -> None:
        self._backend.time_limit = seconds

    @property
    def completions(self) -> CompletionTable:
        """The generation's sorted word list (partial words and did-you-mean use it)."""
        return self._backend.completions

    @property
    def doc_count(self) -> int:
        """Articles in this generation."""
        return self.generation.doc_count

    def close(self) -> None:
        """Release file handles (old generations must not leak descriptors).

        A search or article read still running on this engine finishes first instead of
        failing on a closed handle.
        """
        with self._db_lock:
            if self.closed:
                return
            self.closed = True
            try:
                self._backend.close()
            finally:
                self._db.close()

    def db(self) -> tuple[sqlite3.Connection, threading.Lock]:
        """The read-only article store and the lock that serialises its use."""
        return self._db, self._db_lock

    def article(self, article_id: str) -> Article | None:
        """A stored article by id."""
        return self._read(lambda db: article_queries.get(db, article_id))

    def texts(self, article_ids: Collection[str]) -> dict[str, str]:
        """The stored text of each of these articles (those the generation still has)."""
        return self._read(lambda db: article_queries.texts(db, article_ids))

    def _read(self, read: Callable[[sqlite3.Connection], _T]) -> _T:
        """One read of the article store under its lock; damage is IndexDamagedError."""
        try:
            with self._db_lock:
                if self.closed:
                    raise IndexClosedError
                return read(self._db)
        except sqlite3.DatabaseError as error:
            raise IndexDamagedError(
                "The article store is damaged; rebuilding the index."
            ) from error

    def search(self, request: SearchRequest) -> SearchResults:
        """Run one search under the time limit; query problems come back as `error`."""
        started = time.perf_counter()
        try:
            found = self._backend.find(request)
        except BackendClosedError:
            raise IndexClosedError from None
        if found.error is not None:
            return SearchResults(request, 0, _ms(started), parsed=found.parsed, error=found.error)
        hits = list(found.hits)
        count = len(hits) if request.snippets < 0 else min(request.snippets, len(hits))
        try:
            hits = [self._with_snippet(hit, found.keys) for hit in hits[:count]] + hits[count:]
        except DAMAGE_ERRORS as error:
            raise damaged(error) from error
        notices = list(found.notices)
        if found.timed_out:
            notices.append(
                f"The search took longer than {self.time_limit:g} s; showing what it found so far."
                if hits
                else f"The search took longer than {self.time_limit:g} s; add a word to narrow it."
            )
        return SearchResults(
            request=request,
            total=found.total,
            took_ms=_ms(started),
            parsed=found.parsed,
            hits=tuple(hits),
            suggestion=found.suggestion,
            error=" ".join(notices) or None,
            timed_out=found.timed_out,
            terms=found.keys,
        )

    def date_counts(self, request: SearchRequest) -> DateCounts:
        """Matching articles per date ("" for undated), with the query's notices."""
        try:
            return self._backend.date_counts(request)
        except BackendClosedError:
            raise IndexClosedError from None

    def matches(self, request: SearchRequest) -> Matches:
        """The ids of every matching article, with the query's notices."""
        try:
            return self._backend.matches(request)
        except BackendClosedError:
            raise IndexClosedError from None

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
            raise damaged(error) from error
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
        return replace(hit, snippet=snippet(row["text"], blocks, keys))


def _unopenable(generation: Generation, error: BaseException) -> IndexDamagedError:
    return IndexDamagedError(
        f"{generation.name}: the index could not be opened ({type(error).__name__}); rebuilding it."
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
