"""The one object clients use: open the index, search it, read articles, rebuild, bookmark.

It hides generations, damage handling and Whoosh. Every method is safe to call from a
worker thread; search and article reads never block on a rebuild, which runs in a child
process. A rebuild started here switches over when it ends; one started elsewhere (another
window, `dateline index`) is picked up by the next `refresh()`, which clients call on a
timer (it costs one stat).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from index.articles.loader import article_id_for_path, discover
from index.config import Config
from index.corpus.batch import run_batch
from index.corpus.entity_table import EntityTable
from index.corpus.matching import article_entities, match_all
from index.corpus.names import CorpusNames, CorpusRow, resolve
from index.corpus.passages import shared_passages
from index.corpus.remarks import RemarkTable
from index.corpus.timeline import build_timeline
from index.errors import DAMAGE_ERRORS, DatelineError, IndexDamagedError
from index.extract.names import alias_key
from index.models import (
    Article,
    BatchRow,
    EntityCount,
    FileState,
    IndexStatus,
    MentionInContext,
    Passage,
    Quote,
    QuoteKind,
    QuoteRecord,
    RebuildProgress,
    RebuildReport,
    RelatedArticle,
    SearchFilter,
    SearchRequest,
    SearchResults,
    Timeline,
)
from index.search.highlight import article_matches
from index.search.schema import ENTITY_FIELDS
from index.search.shingles import sampled_hashes
from index.store import articledb, generations
from index.store.engine import Engine, IndexClosedError
from index.store.rebuild import run_rebuild
from index.store.tagged import with_tags_resolved
from index.user.bookmarks import AnchorReport, BookmarkStore, context_around
from index.user.tags import TagStore

_T = TypeVar("_T")
NO_INDEX = "No index yet: build it first."


def entity_filter(entity_type: str, name: str, exclude: bool = False) -> SearchFilter:
    """The search filter that keeps (or drops) articles mentioning an entity."""
    return SearchFilter(ENTITY_FIELDS.get(entity_type, "person"), name, exclude)


class Library:
    """A library of articles: its index, its article store and its bookmarks."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = Path(config.index_dir)
        self.bookmarks = BookmarkStore(config.bookmarks, library=config.library_id)
        self.tags = TagStore(config.bookmarks, library=config.library_id)
        self._engine: Engine | None = None
        self._stamp: tuple[int, int] | None = None
        self._message: str | None = None
        self._lock = threading.RLock()
        self._corpus: tuple[str, CorpusNames] | None = None
        self._corpus_lock = threading.Lock()
        self._entities: tuple[str, EntityTable] | None = None
        self._child: subprocess.Popen[str] | None = None
        self.closed = False

    # -- opening and status -------------------------------------------------------------

    def open(self) -> IndexStatus:
        """Open the current generation; a damaged one is quarantined (then rebuild)."""
        with self._lock:
            self._message = None
            try:
                generations.ensure_private_dir(self.root)
                stamp = generations.current_stamp(self.root)
                generation = generations.open_current(self.root)
            except IndexDamagedError as error:
                self._quarantine_current()
                self._message = str(error)
                return self.status()
            except OSError as error:
                self._message = f"{self.root}: cannot open the index folder ({error.strerror})."
                return self.status()
            if generation is None:
                self._message = "No index yet: build it with `dateline index` (or press r)."
                return self.status()
            try:
                engine = Engine(generation, self.config.search.time_limit)
            except IndexDamagedError as error:
                self._quarantine_current()
                self._message = str(error)
                return self.status()
            old, self._engine, self._stamp = self._engine, engine, stamp
            self._corpus = None
            self._entities = None
        if old is not None:
            old.close()
        return self.status()

    def _quarantine_current(self) -> None:
        with contextlib.suppress(Exception):
            name = generations.read_current(self.root)
            if name and not generations.is_locked(self.root):
                generations.quarantine(self.root, name)
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()

    def refresh(self) -> bool:
        """Switch to a newer generation if a rebuild swapped one in; True if it did."""
        if self.closed:
            return False
        if generations.current_stamp(self.root) == self._stamp and self._engine is not None:
            return False
        self.open()
        return True

    def status(self) -> IndexStatus:
        """What the index holds now, and one sentence if something is wrong."""
        engine = self._engine
        missing = [root for root in self.config.articles if not os.path.isdir(root)]
        message = self._message
        if missing and message is None:
            message = (
                f"Article folder not found: {missing[0]}; change `articles:` in the config file."
            )
        return IndexStatus(
            ready=engine is not None,
            articles=engine.doc_count if engine else 0,
            generation=engine.generation.name if engine else None,
            built_at=engine.generation.built_at if engine else None,
            roots=self.config.articles,
            message=message,
            rebuilding=generations.is_locked(self.root) if self.root.is_dir() else False,
        )

    def close(self) -> None:
        """Stop any rebuild this library started, then close the index and bookmarks."""
        self.closed = True
        self.cancel_rebuild()
        with self._lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()
        self.bookmarks.close()
        self.tags.close()

    def _require(self) -> Engine:
        engine = self._engine
        if engine is None:
            raise IndexDamagedError(
                self._message or "No index yet: build it with `dateline index`."
            )
        return engine

    def _damaged(self, error: IndexDamagedError, engine: Engine) -> None:
        """Quarantine the generation that failed, unless a newer one replaced it already."""
        with self._lock:
            if engine is not self._engine:
                return
            self._message = str(error)
            self._quarantine_current()

    # -- reading -------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        """Search; index trouble comes back as `error`, never as an exception."""
        engine = self._engine
        if engine is None:
            return SearchResults(request, 0, 0.0, "", error=self._message or NO_INDEX)
        try:
            resolved, problem = with_tags_resolved(request, self.tags, engine)
            if resolved.only_ids is not None and not resolved.only_ids:
                results = SearchResults(request, 0, 0.0, resolved.query, error=problem)
            else:
                results = replace(engine.search(resolved), request=request)
                if problem:
                    results = replace(
                        results, error=" ".join(filter(None, (problem, results.error)))
                    )
            return results
        except IndexClosedError:
            return self.search(request) if self._engine is not engine else _closed(request)
        except IndexDamagedError as error:
            self._damaged(error, engine)
            return SearchResults(request, 0, 0.0, "", error=str(error))
        except DatelineError as error:  # the tag store could not be read
            return SearchResults(request, 0, 0.0, "", error=str(error))

    def tag(self, article_id: str, tag: str) -> bool:
        """Tag (or, with `starred`, star) an indexed article; False if it already was.

        Raises DatelineError when there is no such article, the tag is empty or too long,
        or the tag store cannot be written.
        """
        article = self.article(article_id)
        if article is None:
            raise DatelineError(f"No indexed article {article_id!r}; check the id with search.")
        try:
            return self.tags.add(article.id, article.text, tag)
        except ValueError as error:
            raise DatelineError(str(error)) from None

    def untag(self, article_id: str, tag: str) -> bool:
        """Take a tag (or the star) off an article; False if it did not have it."""
        try:
            return self.tags.remove(article_id, tag)
        except ValueError as error:
            raise DatelineError(str(error)) from None

    def tags_of(self, article_id: str) -> list[str]:
        """An article's tags, by name (`starred` among them when it is starred)."""
        return self.tags.of(article_id)

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with how many articles carry it, most used first."""
        counts: dict[str, int] = {}
        for item in self.tags.all():
            counts[item.tag] = counts.get(item.tag, 0) + 1
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))

    def with_snippets(self, results: SearchResults, ids: Collection[str]) -> SearchResults:
        """`results` with snippets added for the hits in `ids` that have none yet.

        A search asks for snippets only for the rows a client shows first; this fills in
        the rows it scrolls to. On index trouble the results come back unchanged.
        """
        return self._on_engine(lambda engine: engine.with_snippets(results, ids), results)

    def article(self, article_id: str) -> Article | None:
        """A stored article (as indexed), or None if the index does not hold it."""
        return self._on_engine(lambda engine: engine.article(article_id), None)

    def _on_engine(self, call: Callable[[Engine], _T], fallback: _T) -> _T:
        """`call` on the open engine; `fallback` if there is none or it is damaged.

        An engine closed under the call (a rebuild swapped generations) is retried once
        on its successor; a damaged one is quarantined.
        """
        engine = self._engine
        if engine is None:
            return fallback
        try:
            return call(engine)
        except IndexClosedError:
            return (
                self._on_engine(call, fallback) if self._engine not in (engine, None) else fallback
            )
        except IndexDamagedError as error:
            self._damaged(error, engine)
            return fallback

    def batch(
        self, queries: Iterable[str], top: int = 3, base: SearchRequest | None = None
    ) -> list[BatchRow]:
        """Run each query (with `base`'s filters and dates); one row of counts per query."""
        return run_batch(queries, self.search, base, top)

    def timeline(self, request: SearchRequest, by: str | None = None) -> Timeline:
        """Matching articles per day, week or month (`by`, or chosen by the span)."""
        if self._engine is None:
            return Timeline(request, by or "day", error=self._message or NO_INDEX)
        counts = self._on_engine(lambda engine: engine.date_counts(request), None)
        if counts is None:
            return Timeline(request, by or "day", error=self._message or NO_INDEX)
        if counts.error is not None:
            return Timeline(request, by or "day", notices=counts.notices, error=counts.error)
        return replace(build_timeline(request, counts.counts, by), notices=counts.notices)

    def file_state(self, article: Article) -> str:
        """ok, changed (edited since indexing) or gone (deleted or no longer a file)."""
        try:
            st = os.stat(article.path)
        except OSError:
            return FileState.GONE
        if not os.path.isfile(article.path):
            return FileState.GONE
        if st.st_size != article.size or abs(st.st_mtime - article.mtime) > 1e-3:
            return FileState.CHANGED
        return FileState.OK

    def needs_update(self) -> bool:
        """True when files were added, changed or removed since the last build."""
        engine = self._engine
        if engine is None:
            return True
        files, _ = discover(self.config.articles)
        conn, lock = engine.db()
        with lock:
            if engine.closed:
                return False  # a newer generation is being opened; ask again next time
            known = {
                row[0]: (row[1], row[2])
                for row in conn.execute("SELECT id, size, mtime_ns FROM articles")
            }
        current = {f.relpath: (f.size, f.mtime_ns) for f in files}
        return current != known

    # -- rebuilding ----------------------------------------------------------------------

    def rebuild(
        self,
        full: bool = False,
        progress: Callable[[RebuildProgress], None] | None = None,
        on_start: Callable[[subprocess.Popen[str]], None] | None = None,
    ) -> RebuildReport:
        """Update (or fully rebuild) in a child process, then switch to the result."""

        def started(child: subprocess.Popen[str]) -> None:
            self._child = child
            if on_start is not None:
                on_start(child)

        try:
            report = run_rebuild(self.config, full=full, progress=progress, on_start=started)
        finally:
            self._child = None
        if report.error is None and not self.closed:
            self.refresh()
            with contextlib.suppress(Exception):
                self.reanchor_bookmarks()
        return report

    def cancel_rebuild(self) -> None:
        """Stop a rebuild this library started (the old generation keeps serving)."""
        child = self._child
        if child is not None and child.poll() is None:
            with contextlib.suppress(OSError):
                child.kill()

    def reanchor_bookmarks(self) -> AnchorReport:
        """Mark every bookmark ok, moved or orphaned against the current index.

        Skipped (all counts zero) when no index is open: an unreadable index must not
        turn every bookmark into an orphan.
        """
        if self._engine is None or self.closed:
            return AnchorReport(0, 0, 0)
        return self.bookmarks.reanchor(self.article)

    # -- corpus views --------------------------------------------------------------------

    def _corpus_names(self, engine: Engine) -> CorpusNames:
        """Per-article rows -> corpus-wide names (one row per person), once per generation."""
        cached = self._corpus
        if cached is not None and cached[0] == engine.generation.name:
            return cached[1]
        with self._corpus_lock:  # one computation however many views ask at once
            cached = self._corpus
            if cached is not None and cached[0] == engine.generation.name:
                return cached[1]
            return self._compute_corpus_names(engine)

    def _entity_table(self, engine: Engine) -> EntityTable:
        """Every entity row under its corpus-wide name, read once per generation."""
        cached = self._entities
        if cached is not None and cached[0] == engine.generation.name:
            return cached[1]
        names = self._corpus_names(engine)
        with self._corpus_lock:
            cached = self._entities
            if cached is not None and cached[0] == engine.generation.name:
                return cached[1]
            conn, lock = engine.db()
            with lock:
                rows = conn.execute(
                    "SELECT article_id, type, name, aliases, mentions FROM entity_rows"
                ).fetchall()
            table = EntityTable.build(rows, names)
            self._entities = (engine.generation.name, table)
            return table

    def _compute_corpus_names(self, engine: Engine) -> CorpusNames:
        conn, lock = engine.db()
        with lock:
            rows = conn.execute(
                "SELECT type, name, aliases, COUNT(*) FROM entity_rows GROUP BY type, name, aliases"
            ).fetchall()
        mapping = resolve(
            (CorpusRow(t, n, tuple(json.loads(a)), c, a) for t, n, a, c in rows),
            self.config.entities,
            lambda names: _company(conn, lock, names),
        )
        self._corpus = (engine.generation.name, mapping)
        return mapping

    def entities(
        self,
        entity_type: str | None = None,
        query: SearchRequest | None = None,
        limit: int = 200,
        article_ids: tuple[str, ...] | None = None,
    ) -> list[EntityCount]:
        """Entities merged across articles with article counts, most common first.

        With `query`, only articles matching it count; with `article_ids`, only those.
        """
        engine = self._engine
        if engine is None:
            return []
        ids: set[str] | None = set(article_ids) if article_ids is not None else None
        if query is not None:
            results = self.search(replace(query, limit=100_000, snippets=0))
            ids = (
                {hit.id for hit in results.hits}
                if ids is None
                else ids & {h.id for h in results.hits}
            )
        return self._entity_table(engine).count(entity_type, ids, limit)

    def _local_names(self, engine: Engine, entity_type: str, name: str) -> set[str]:
        """Every per-article name that the corpus view shows as `name`."""
        return self._corpus_names(engine).local_names(entity_type, name)

    def _articles_with(self, entity_type: str, name: str) -> set[str]:
        engine = self._require()
        names = self._corpus_names(engine)
        keys = sorted({alias_key(w) for w in names.local_names(entity_type, name)})
        conn, lock = engine.db()
        with lock:
            rows = conn.execute(
                "SELECT article_id, name, aliases FROM entity_rows WHERE type = ? AND key IN "
                f"({','.join('?' for _ in keys)})",
                (entity_type, *keys),
            ).fetchall()
        return {
            a
            for a, n, aliases in rows
            if n == name or names.row_name(entity_type, n, aliases) == name
        }

    def cooccurring(self, entity_type: str, name: str, limit: int = 30) -> list[EntityCount]:
        """Entities that appear in the same articles as this one, most shared first."""
        ids = self._articles_with(entity_type, name)
        table = self.entities(article_ids=tuple(sorted(ids)), limit=limit + 1)
        return [e for e in table if not (e.type == entity_type and e.name == name)][:limit]

    def mentions(self, entity_type: str, name: str, width: int = 60) -> list[MentionInContext]:
        """Every mention of an entity across the corpus, with the words around it."""
        engine = self._require()
        names = self._corpus_names(engine)
        found: list[MentionInContext] = []
        for article_id in sorted(self._articles_with(entity_type, name)):
            article = self.article(article_id)
            if article is None:
                continue
            for entity in article.entities:
                if entity.type != entity_type:
                    continue
                corpus = names.name(entity.type, entity.name, entity.aliases)
                if corpus != name and entity.name != name:
                    continue
                for m in entity.mentions:
                    found.append(_in_context(article, m.start, m.end, width))
        found.sort(key=lambda m: (m.date or "", m.article_id, m.start))
        return found

    def quotes(
        self,
        speaker: str | None = None,
        kinds: tuple[str, ...] = (QuoteKind.FULL, QuoteKind.PARTIAL),
    ) -> list[QuoteRecord]:
        """Quotes across the corpus (optionally by one speaker, any alias), in date order."""
        return [r for page in self.quote_pages(speaker, kinds) for r in page]

    def quote_pages(
        self,
        speaker: str | None = None,
        kinds: tuple[str, ...] = (QuoteKind.FULL, QuoteKind.PARTIAL),
        first: int = 40,
        page: int = 400,
    ) -> Iterator[list[QuoteRecord]]:
        """Quotes in date order, a page of articles at a time (`first` articles, then
        `page`), speakers under their corpus-wide names: a screen shows the first page at
        once and the rest as it comes. The store is locked only while a page is read."""
        engine = self._require()
        names = self._corpus_names(engine)
        conn, lock = engine.db()
        keys: list[str] = []
        if speaker:
            keys = sorted({alias_key(w) for w in names.local_names("PERSON", speaker)})
        for chunk in self._quote_chunks(conn, lock, keys, first, page):
            with lock:
                rows, aliases = articledb.quote_sources(conn, chunk)
            records: list[QuoteRecord] = []
            for article_id, title, date, source, quotes_json in rows:
                for raw in json.loads(quotes_json):
                    quote = Quote(**raw)
                    if quote.kind not in kinds:
                        continue
                    corpus = quote.speaker
                    if quote.speaker:
                        stored = aliases.get((article_id, quote.speaker))
                        corpus = (
                            names.row_name("PERSON", quote.speaker, stored)
                            if stored is not None
                            else names.name("PERSON", quote.speaker)
                        )
                    if speaker and corpus != speaker and quote.speaker != speaker:
                        continue
                    shown = quote if corpus == quote.speaker else _renamed(quote, corpus)
                    records.append(QuoteRecord(article_id, title, date, source, shown))
            records.sort(key=lambda r: (r.date is None, r.date or "", r.article_id, r.quote.start))
            if records:
                yield records

    @staticmethod
    def _quote_chunks(
        conn: sqlite3.Connection,
        lock: threading.Lock,
        keys: list[str],
        first: int,
        page: int,
    ) -> Iterator[list[str]]:
        """Ids of articles with quotes in date order: `first` of them read straight off
        the date index, then the rest in pages of `page`."""
        done: set[str] = set()
        if not keys:
            with lock:
                head = articledb.first_quoted(conn, first)
            if head:
                yield head
            done = set(head)
        with lock:
            order = [i for i in articledb.quote_article_order(conn, keys) if i not in done]
        if not done and order:
            yield order[:first]
            order = order[first:]
        for position in range(0, len(order), max(1, page)):
            yield order[position : position + page]

    def word_in_context(
        self, word: str, width: int = 60, limit: int = 500
    ) -> list[MentionInContext]:
        """Keyword in context for a plain word across the corpus (stemmed match)."""
        results = self.search(SearchRequest(word, limit=limit, snippets=0))
        lines: list[MentionInContext] = []
        for hit in results.hits:
            article = self.article(hit.id)
            if article is None:
                continue
            for start, end in article_matches(article, results.terms):
                lines.append(_in_context(article, start, end, width))
        lines.sort(key=lambda m: (m.date or "", m.article_id, m.start))
        return lines

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles sharing the most phrases with this one, with their shared passages."""
        engine = self._require()
        article = self.article(article_id)
        if article is None:
            return []
        hashes = sorted(sampled_hashes(article.text, article.blocks))
        if not hashes:
            return []
        conn, lock = engine.db()
        counts: dict[str, int] = defaultdict(int)
        with lock:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                for other_id, shared in conn.execute(
                    "SELECT article_id, COUNT(*) FROM shingle_rows WHERE hash IN "
                    f"({','.join('?' for _ in chunk)}) AND article_id != ? GROUP BY article_id",
                    (*chunk, article_id),
                ):
                    counts[other_id] += shared
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
        related: list[RelatedArticle] = []
        for other_id, shared in ranked:
            other = self.article(other_id)
            if other is None:
                continue
            passages = tuple(
                Passage(
                    p.start,
                    p.end,
                    p.other_start,
                    p.other_end,
                    article.text[p.start : p.end],
                    other.text[p.other_start : p.other_end],
                    p.words,
                )
                for p in shared_passages(article.text, article.blocks, other.text, other.blocks)
            )
            related.append(
                RelatedArticle(
                    other.id, other.title, other.meta.date, other.meta.source, shared, passages
                )
            )
        return related

    def remarks(
        self, speaker: str | None = None, kinds: tuple[str, ...] = (QuoteKind.FULL,)
    ) -> list[list[QuoteRecord]]:
        """Who said what: quotes in date order, the same remark worded differently grouped."""
        table = RemarkTable()
        for records in self.quote_pages(speaker, kinds):
            table.add(records)
        return [group.records for group in table.groups]

    def article_id_for(self, name: str) -> str | None:
        """The id of an indexed article given its id or its file path, or None."""
        if self.article(name) is not None:
            return name
        article_id = article_id_for_path(self.config.articles, name)
        if article_id is not None and self.article(article_id) is not None:
            return article_id
        return None

    def find_entity(self, term: str, entity_type: str | None = None) -> EntityCount | None:
        """The corpus entity named `term` (by any alias), or None."""
        key = alias_key(term)
        if not key:
            return None
        for entity in self.entities(entity_type, limit=1_000_000):
            if alias_key(entity.name) == key or any(alias_key(a) == key for a in entity.aliases):
                return entity
        return None

    def match_all(self, request: SearchRequest) -> tuple[set[str], bool]:
        """Every article `request` matches now, and whether that is all of them (not when
        the search failed, ran out of time or matched more than `MATCH_ALL`)."""
        return match_all(self.search, request)

    def article_entities(self, article: Article) -> tuple[EntityCount, ...]:
        """An article's entities under their corpus-wide names, one row per real entity."""
        return article_entities(article, self.corpus_name)

    def corpus_name(
        self, entity_type: str, name: str, aliases: Collection[str] | None = None
    ) -> str:
        """The corpus-wide name of an entity as one article names it (with its aliases,
        when known, so that "Mrs Blair" is never shown as Tony Blair)."""
        engine = self._engine
        if engine is None:
            return name
        return self._corpus_names(engine).name(entity_type, name, aliases)


def _in_context(article: Article, start: int, end: int, width: int) -> MentionInContext:
    """A concordance line: the match with `width` characters of context either side."""
    before, after = context_around(article.text, start, end, width)
    return MentionInContext(
        article.id, article.title, article.meta.date, before, article.text[start:end], after,
        start, end,
    )  # fmt: skip


COMPANY_SAMPLE = 40
"""Articles per name read to learn the company a name keeps (evenly spread over them)."""


def _company(
    conn: sqlite3.Connection, lock: threading.Lock | threading.RLock, names: Collection[str]
) -> dict[str, set[str]]:
    """For each PERSON name, the other entities ("TYPE:key") in (a sample of) the articles
    naming it; numbers and dates are left out: they say nothing about who someone is."""
    wanted = set(names)
    keys = sorted({alias_key(n) for n in wanted})
    where: dict[str, list[str]] = defaultdict(list)
    with lock:
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            for name, article_id in conn.execute(
                "SELECT name, article_id FROM entity_rows WHERE type = 'PERSON' AND key IN "
                f"({','.join('?' for _ in chunk)})",
                chunk,
            ):
                if name in wanted:
                    where[name].append(article_id)
    sample: dict[str, list[str]] = {}
    for name, ids in where.items():
        ids.sort()
        step = max(1, len(ids) // COMPANY_SAMPLE)
        sample[name] = ids[::step][:COMPANY_SAMPLE]
    articles = sorted({a for ids in sample.values() for a in ids})
    found: dict[str, set[str]] = defaultdict(set)
    with lock:
        for i in range(0, len(articles), 500):
            chunk = articles[i : i + 500]
            for article_id, etype, key in conn.execute(
                "SELECT article_id, type, key FROM entity_rows WHERE article_id IN "
                f"({','.join('?' for _ in chunk)}) AND type NOT IN ('DATE', 'MONEY', 'PERCENT')",
                chunk,
            ):
                found[article_id].add(f"{etype}:{key}")
    company: dict[str, set[str]] = {}
    for name, ids in sample.items():
        own = f"PERSON:{alias_key(name)}"
        company[name] = set().union(*(found[a] for a in ids)) - {own}
    return company


def _closed(request: SearchRequest) -> SearchResults:
    return SearchResults(request, 0, 0.0, "", error="The index was closed.")


def _renamed(quote: Quote, speaker: str | None) -> Quote:
    return replace(quote, speaker=speaker)


__all__ = ["DAMAGE_ERRORS", "Library", "entity_filter"]


def extract_file(path: str, config: Config) -> tuple[Article, tuple[str, ...]]:
    """Read, clean and extract one file exactly as a rebuild would, without an index.

    Returns the article and its warnings; raises DatelineError with the reason a file
    cannot be an article.
    """
    from index.articles.cleaning import clean_text
    from index.articles.loader import SkipFile, load_text
    from index.articles.webpage import merged_meta
    from index.extract.article import extract

    try:
        loaded = load_text(path, config.max_file_bytes)
    except SkipFile as reason:
        raise DatelineError(f"{path}: {reason}.") from None
    clean = clean_text(loaded.text)
    extraction = extract(clean.text, clean.blocks, config.entities)
    article = Article(
        id=os.path.basename(path),
        path=path,
        text=clean.text,
        blocks=clean.blocks,
        meta=merged_meta(loaded.meta, clean.meta),
        entities=extraction.entities,
        quotes=extraction.quotes,
        warnings=loaded.warnings + clean.warnings,
    )
    return article, article.warnings
