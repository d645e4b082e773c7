"""Frozen records that cross the line between the headless core and its clients.

Nothing here knows about Whoosh, SQLite or Textual: a future server-backed engine
can return the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class QuoteKind(StrEnum):
    """What a quoted span is: speech worth bookmarking, a short fragment, or scare quotes."""

    FULL = "full"
    PARTIAL = "partial"
    SCARE = "scare"


class SortOrder(StrEnum):
    """How results are ordered."""

    RELEVANCE = "relevance"
    DATE = "date"
    """Newest first."""


class FileState(StrEnum):
    """An indexed article's file now: as indexed, edited since, or gone."""

    OK = "ok"
    CHANGED = "changed"
    GONE = "gone"


class Phase(StrEnum):
    """The steps of a rebuild, as progress reports name them."""

    STARTING = "starting"
    SCANNING = "scanning"
    INDEXING = "indexing"
    COMMITTING = "committing"
    VERIFYING = "verifying"
    SWAPPING = "swapping"


class LineKind(StrEnum):
    """What a line of an article file is, so the reader can show or hide it."""

    TITLE = "title"
    BYLINE = "byline"
    CAPTION = "caption"
    SUBHEAD = "subhead"
    BODY = "body"
    BOILERPLATE = "boilerplate"


SCOPE_KINDS: frozenset[LineKind] = frozenset({LineKind.TITLE, LineKind.SUBHEAD, LineKind.BODY})
"""Line kinds that carry the story; entities and quotes are only looked for here."""


@dataclass(frozen=True, slots=True)
class Block:
    """One non-blank line of an article, as offsets into `Article.text`."""

    kind: LineKind
    start: int
    end: int
    line: int
    """1-based line number in the file, for messages and the gold labels."""


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Metadata recovered from the messy text of one article."""

    title: str | None = None
    date: str | None = None
    """ISO date (YYYY-MM-DD) when the text states one."""
    source: str | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named, as offsets into the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity named in an article, after alias merging."""

    type: str
    """PERSON, ORG, PLACE, MONEY, PERCENT, DATE or INITIATIVE."""
    name: str
    """Canonical name shown to the user."""
    aliases: tuple[str, ...]
    """Every distinct surface form seen, the canonical name included."""
    mentions: tuple[Mention, ...] = ()

    @property
    def count(self) -> int:
        """How many times the entity is mentioned."""
        return len(self.mentions)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted span with its speaker, as offsets into the article text."""

    text: str
    kind: str
    """A QuoteKind: full (bookmarkable speech), partial (short attributed fragment), scare."""
    speaker: str | None
    """Canonical PERSON name, or None for anonymous or unknown speakers."""
    speaker_desc: str | None
    """How an anonymous speaker is described ("a senior official")."""
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor found in one article."""

    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class CleanText:
    """An article's text after decoding, normalising and line classing."""

    text: str
    blocks: tuple[Block, ...]
    meta: ArticleMeta
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A fully processed article as stored in the index."""

    id: str
    """Path relative to its article folder: stable across rebuilds."""
    path: str
    """Absolute path of the file."""
    text: str
    blocks: tuple[Block, ...]
    meta: ArticleMeta
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    warnings: tuple[str, ...] = ()
    mtime: float = 0.0
    size: int = 0

    @property
    def title(self) -> str:
        """Title to display: the recovered title, else the first words of the body."""
        if self.meta.title:
            return self.meta.title
        for block in self.blocks:
            if block.kind is LineKind.BODY:
                words = self.text[block.start : block.end].split()
                if len(words) > 2 and words[0].lower() == "date" and words[1][:2].isdigit():
                    words = words[2:]  # a scraped "date 2025-10-17" prefix is not the title
                head = " ".join(words[:12])
                return head + ("…" if len(words) > 12 else "")
        return self.id


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
class IndexStatus:
    """The state of the index as the client should describe it."""

    ready: bool
    articles: int
    generation: str | None
    built_at: float | None
    """Unix time of the swap that made this generation current."""
    roots: tuple[str, ...]
    message: str | None = None
    """One sentence when something is wrong (missing folder, damaged index)."""
    rebuilding: bool = False


@dataclass(frozen=True, slots=True)
class RebuildProgress:
    """Progress of a running rebuild, posted often; clients may drop all but the last."""

    done: int
    total: int
    phase: str
    """A Phase: scanning, indexing, committing, verifying or swapping."""


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file the loader refused, and why, in plain words."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class RebuildReport:
    """What a rebuild or incremental update did."""

    full: bool
    added: int
    updated: int
    removed: int
    unchanged: int
    articles: int
    skipped: tuple[SkippedFile, ...]
    seconds: float
    generation: str | None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def reindexed(self) -> int:
        """Articles written in this run."""
        return self.added + self.updated

    @property
    def per_second(self) -> float:
        """Articles processed per second."""
        return self.reindexed / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class EntityCount:
    """An entity in the corpus view: merged across articles, with its article count."""

    type: str
    name: str
    aliases: tuple[str, ...]
    articles: int
    mentions: int


@dataclass(frozen=True, slots=True)
class MentionInContext:
    """A mention with the words around it, for a concordance line."""

    article_id: str
    title: str
    date: str | None
    before: str
    match: str
    after: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote in the corpus view: the quote plus the article it came from."""

    article_id: str
    title: str
    date: str | None
    source: str | None
    quote: Quote


@dataclass(frozen=True, slots=True)
class NewBookmark:
    """What a client hands the store to save a quote or passage."""

    article_id: str
    path: str
    title: str
    date: str | None
    quote: str
    start: int
    end: int
    speaker: str | None = None
    speaker_desc: str | None = None
    context_before: str = ""
    context_after: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    kind: str = "quote"
    """quote or passage."""
    source: str | None = None
    """The outlet that published the article, when known."""


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A saved quote or passage; it keeps its own copy of everything it cites."""

    id: int
    article_id: str
    path: str
    title: str
    date: str | None
    quote: str
    start: int
    end: int
    speaker: str | None
    speaker_desc: str | None
    context_before: str
    context_after: str
    note: str
    tags: tuple[str, ...]
    kind: str
    created: float
    status: str = "ok"
    """ok, moved (re-anchored at new offsets) or orphaned (not found in the current text)."""
    source: str | None = None
    """The outlet that published the article, when known."""
    library: str = ""
    """The library (set of article folders) the bookmark belongs to; "" before it was known."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Text the open article shares with another (offsets into each article's text)."""

    start: int
    end: int
    other_start: int
    other_end: int
    text: str
    other_text: str
    words: int


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """An article related to the open one, with the passages they share."""

    id: str
    title: str
    date: str | None
    source: str | None
    shared_phrases: int
    passages: tuple[Passage, ...] = ()


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


class FixKind(StrEnum):
    """The corrections a user can make to an entity."""

    MERGE = "merge"
    SPLIT = "split"
    IGNORE = "ignore"
    RENAME = "rename"
    RETYPE = "retype"
    UNDO = "undo"


@dataclass(frozen=True, slots=True)
class EntityFix:
    """One correction: `names` are the entities it is about (merge: two or more, the first
    shown); `value` is the alias to split off, the new name or the new type."""

    kind: FixKind
    names: tuple[str, ...] = ()
    entity_type: str | None = None
    """The type the sidebar shows them under (None: looked up by name)."""
    value: str = ""


@dataclass(frozen=True, slots=True)
class EntityFixResult:
    """What a correction changed (`message`, one sentence) and the update that applied it."""

    message: str
    report: RebuildReport
