"""The records of a search: request, hits, results, batch rows, tag batches and timelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SortOrder(StrEnum):
    """How results are ordered."""

    RELEVANCE = "relevance"
    DATE = "date"
    """Newest first."""


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """A run of snippet text; matches are flagged so the client can style them."""

    text: str
    is_match: bool = False


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """Keep (or with exclude, drop) articles whose field has this value."""

    field: str
    """person, org, place, money, percent, date_entity, initiative, said, source, author or entity."""
    value: str
    exclude: bool = False


MATCH_ALL = 100_000
"""Result limit when a saved search needs every article it matches."""


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A search as a client asks for it."""

    query: str = ""
    filters: tuple[SearchFilter, ...] = ()
    sort: str = SortOrder.RELEVANCE
    """A SortOrder: relevance, or date (newest first)."""
    limit: int = 50
    exact: bool = False
    """No stemming: match words as typed."""
    as_you_type: bool = False
    """Treat the last word as a prefix, as while the user is still typing it."""
    date_from: str | None = None
    date_to: str | None = None
    snippets: int = -1
    """How many hits get a snippet; -1 means all returned hits."""
    only_ids: frozenset[str] | None = None
    """Keep only these articles (tags resolve to ids: the index knows nothing of them)."""
    not_ids: frozenset[str] = frozenset()
    """Leave these articles out."""
    tag_sets: tuple[TagSet, ...] = ()
    """The articles each tag term of `query` stands for, the term replaced by its token
    (set by the library: the index knows nothing of tags)."""


@dataclass(frozen=True, slots=True)
class TagSet:
    """The articles a `tag:NAME` term stands for, under the token that replaced it."""

    token: str
    label: str
    """The term as typed, for "how the query was read"."""
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching article, without its text."""

    id: str
    path: str
    title: str
    date: str | None
    source: str | None
    score: float
    snippet: tuple[SnippetPart, ...] = ()
    duplicates: tuple[str, ...] = ()
    """Paths of other files holding the same story (shown once, counted once)."""


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found, plus what the client needs to explain it."""

    request: SearchRequest
    total: int
    took_ms: float
    parsed: str
    """The query as understood, in words."""
    hits: tuple[SearchHit, ...] = ()
    suggestion: str | None = None
    """A did-you-mean query when little was found."""
    error: str | None = None
    """One plain sentence when the query could not be run as written."""
    timed_out: bool = False
    terms: tuple[str, ...] = field(default=())
    """Words (as typed or expanded) to highlight in the article text."""


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One query of a batch search: how many articles match, the best few, the newest date."""

    query: str
    total: int
    newest: str | None
    hits: tuple[SearchHit, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class TagBatch:
    """Tags added to (or taken off) every article a search matches."""

    tags: tuple[str, ...]
    matched: int
    """Articles the search matched (each tagged; the ones that already were count too)."""
    changed: int
    """Tag rows added or removed (an article already tagged is not changed again)."""
    complete: bool
    """False when the search failed, ran out of time or matched more than can be tagged."""
    removed: bool = False


@dataclass(frozen=True, slots=True)
class TimelineBucket:
    """Matching articles dated within one day, week or month (`start`..`end`, inclusive)."""

    label: str
    start: str
    end: str
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """Coverage over time: matching articles per period, undated ones counted apart."""

    request: SearchRequest
    by: str
    """day, week or month."""
    buckets: tuple[TimelineBucket, ...] = ()
    undated: int = 0
    notices: tuple[str, ...] = ()
    """How the query was read when it was not as typed (unbalanced brackets, …)."""
    error: str | None = None
    """Why there is no timeline (a query that cannot run, no index)."""

    @property
    def total(self) -> int:
        """Every matching article, dated or not."""
        return sum(b.count for b in self.buckets) + self.undated

    @property
    def peak(self) -> TimelineBucket | None:
        """The busiest period (the earliest of equals)."""
        best: TimelineBucket | None = None
        for bucket in self.buckets:
            if bucket.count and (best is None or bucket.count > best.count):
                best = bucket
        return best
