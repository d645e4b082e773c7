"""The one object clients use: open the index, search it, read articles, rebuild, bookmark.

It hides generations, damage handling and Whoosh. Every method is safe to call from a
worker thread; search and article reads never block on a rebuild, which runs in a child
process. A rebuild started here switches over when it ends; one started elsewhere (another
window, `dateline index`) is picked up by the next `refresh()`, which clients call on a
timer (it costs one stat).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from index.articles.loader import article_id_for_path, discover
from index.config import Config
from index.corpus import child
from index.corpus.batch import run_batch
from index.corpus.fixes import rules_in_force, save_fix
from index.corpus.matching import match_all
from index.corpus.timeline import build_timeline
from index.corpus.views import CorpusViews
from index.errors import DAMAGE_ERRORS, DatelineError, IndexDamagedError
from index.models import (
    Article,
    BatchRow,
    EntityCount,
    EntityFix,
    EntityFixResult,
    FileState,
    IndexStatus,
    MentionInContext,
    QuoteKind,
    QuoteRecord,
    RebuildProgress,
    RebuildReport,
    RelatedArticle,
    SearchFilter,
    SearchRequest,
    SearchResults,
    TagBatch,
    Timeline,
)
from index.search.schema import ENTITY_FIELDS
from index.store import article_queries, generations
from index.store.current import CurrentIndex
from index.store.engine import Engine, IndexClosedError
from index.store.rebuild import drop_spare, run_rebuild
from index.store.tagged import tag_matching, with_tags_resolved
from index.user.bookmarks import AnchorReport, BookmarkStore
from index.user.corrections_store import CorrectionsStore
from index.user.tags import TagStore

NO_INDEX = "No index yet: build it first."


def entity_filter(entity_type: str, name: str, exclude: bool = False) -> SearchFilter:
    """The search filter that keeps (or drops) articles mentioning an entity."""
    return SearchFilter(ENTITY_FIELDS.get(entity_type, "person"), name, exclude)


class Library:
    """A library of articles: its index, its article store, bookmarks and tags.

    The one error contract: reads never raise for a missing or damaged index. `search`,
    `timeline` and `batch` carry the sentence in their result's `error`; `article`,
    `with_snippets` and the corpus views (`entities`, `quotes`, `related`, …) return
    None, the results unchanged or an empty list when there is no index, and raise
    IndexDamagedError when files fail mid-read (that generation is then quarantined).
    Writes (`tag`, bookmarks) raise DatelineError subclasses with one sentence. Nothing
    else escapes: no sqlite3, Whoosh or OS error reaches a client. Each method's docstring
    says what it is for and what it raises; the view or module doing the work explains it.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = Path(config.index_dir)
        self.bookmarks = BookmarkStore(config.bookmarks, library=config.library_id)
        self.tags = TagStore(config.bookmarks, library=config.library_id)
        self._current = CurrentIndex(self.root, config.search.time_limit)
        self.views = CorpusViews(
            self._require,
            lambda: self._engine,
            self.search,
            self._matching_ids,
            self.article,
            config.entities,
        )
        """Entities, quotes, concordance and related articles across the library."""
        self.corrections = CorrectionsStore(config.corrections)
        """The corrections file entity fixes are saved in."""
        self._child: subprocess.Popen[str] | None = None
        self.closed = False

    @property
    def _engine(self) -> Engine | None:
        """The open generation's engine, None when there is none."""
        return self._current.engine

    def _require(self) -> Engine:
        return self._current.require()

    # -- opening and status -------------------------------------------------------------

    def open(self) -> IndexStatus:
        """Open the current generation (a damaged one is quarantined); never raises."""
        self._current.open()
        return self.status()

    def swapped(self) -> bool:
        """Whether a rebuild swapped in another generation since this one opened (one
        stat: cheap enough for a timer, unlike `refresh`, which opens it)."""
        return not self.closed and self._current.is_stale()

    def refresh(self) -> bool:
        """Switch to a generation a rebuild swapped in; True if it did. Never raises."""
        if self.closed or not self._current.is_stale():
            return False
        self.open()
        return True

    def status(self) -> IndexStatus:
        """What the index holds now, and one sentence if something is wrong; never raises."""
        engine = self._engine
        missing = [root for root in self.config.articles if not os.path.isdir(root)]
        message = self._current.message
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
        drop_spare()
        self._current.close()
        self.bookmarks.close()
        self.tags.close()

    # -- reading -------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        """Search; index or tag-store trouble comes back as `error`, never raised."""
        engine = self._engine
        if engine is None:
            return SearchResults(request, 0, 0.0, "", error=self._current.message or NO_INDEX)
        try:
            resolved, problem = self._resolved(request, engine)
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
            self._current.damaged(error, engine)
            return SearchResults(request, 0, 0.0, "", error=str(error))
        except DatelineError as error:  # the tag store could not be read
            return SearchResults(request, 0, 0.0, "", error=str(error))

    def _resolved(self, request: SearchRequest, engine: Engine) -> tuple[SearchRequest, str | None]:
        """`request` with its entity filters and tags turned into the articles they keep
        (what the engine can evaluate), and a sentence if the tag store could not be read."""
        return with_tags_resolved(self.views.with_entity_articles(request), self.tags, engine)

    def _matching_ids(self, request: SearchRequest) -> frozenset[str]:
        """Every article `request` matches, resolved as `search` resolves it (empty on a
        query that cannot be run); for counting over all matches without building hits."""
        engine = self._require()
        try:
            resolved, _ = self._resolved(request, engine)
        except DatelineError:
            return frozenset()
        if resolved.only_ids is not None and not resolved.only_ids:
            return frozenset()
        return engine.matches(resolved).ids

    def tag(self, article_id: str, tag: str) -> bool:
        """Tag (or star) an indexed article; False if it already was. Raises DatelineError."""
        article = self.article(article_id)
        if article is None:
            raise DatelineError(f"No indexed article {article_id!r}; check the id with search.")
        try:
            return self.tags.add(article.id, article.text, tag)
        except ValueError as error:
            raise DatelineError(str(error)) from None

    def untag(self, article_id: str, tag: str) -> bool:
        """Take a tag (or the star) off an article; False if it had none. Raises DatelineError."""
        try:
            return self.tags.remove(article_id, tag)
        except ValueError as error:
            raise DatelineError(str(error)) from None

    def tag_matching(
        self, request: SearchRequest, tags: Sequence[str], remove: bool = False
    ) -> TagBatch:
        """Tag (or untag) every article `request` matches; on DatelineError none is tagged."""
        return tag_matching(self.search, self.tags, self._texts, request, tags, remove)

    def _texts(self, ids: list[str]) -> dict[str, str]:
        """Stored texts (tags keep a digest of them to follow moved files)."""
        for _ in range(2):  # a rebuild may swap the generation in between: read the new one
            engine = self._require()
            try:
                return engine.texts(ids)
            except IndexClosedError:
                continue
            except IndexDamagedError as error:
                self._current.damaged(error, engine)
                raise
        raise DatelineError("The index changed while tagging; nothing was tagged, try again.")

    def tags_of(self, article_id: str) -> list[str]:
        """An article's tags (`starred` among them); BookmarkStoreError if unreadable."""
        return self.tags.of(article_id)

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with its article count, most used first; BookmarkStoreError if unreadable."""
        counts: dict[str, int] = {}
        for item in self.tags.all():
            counts[item.tag] = counts.get(item.tag, 0) + 1
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))

    def with_snippets(self, results: SearchResults, ids: Collection[str]) -> SearchResults:
        """`results` with snippets for the hits in `ids`; unchanged on index trouble."""
        return self._current.on_engine(lambda engine: engine.with_snippets(results, ids), results)

    def article(self, article_id: str) -> Article | None:
        """A stored article (as indexed), or None if the index does not hold it."""
        return self._current.on_engine(lambda engine: engine.article(article_id), None)

    def batch(
        self, queries: Iterable[str], top: int = 3, base: SearchRequest | None = None
    ) -> list[BatchRow]:
        """One row of counts per query (`run_batch`); errors are each row's `error`."""
        return run_batch(queries, self.search, base, top)

    def timeline(self, request: SearchRequest, by: str | None = None) -> Timeline:
        """Matching articles per day, week or month; trouble is the timeline's `error`."""
        if self._engine is None:
            return Timeline(request, by or "day", error=self._current.message or NO_INDEX)
        counts = self._current.on_engine(lambda engine: engine.date_counts(request), None)
        if counts is None:
            return Timeline(request, by or "day", error=self._current.message or NO_INDEX)
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
            known = article_queries.fingerprints(conn)
        current = {f.relpath: (f.size, f.mtime_ns) for f in files}
        return current != known

    # -- rebuilding ----------------------------------------------------------------------

    def rebuild(
        self,
        full: bool = False,
        progress: Callable[[RebuildProgress], None] | None = None,
        on_start: Callable[[subprocess.Popen[str]], None] | None = None,
        reextract_names: tuple[str, ...] = (),
        paths: Collection[str] | None = None,
    ) -> RebuildReport:
        """Update or rebuild in a child (`run_rebuild`), then switch; failure is `error`."""

        def started(child: subprocess.Popen[str]) -> None:
            self._child = child
            if on_start is not None:
                on_start(child)

        try:
            report = run_rebuild(
                self.config,
                full=full,
                progress=progress,
                on_start=started,
                reextract_names=reextract_names,
                paths=paths,
                keep_warm=True,
                module=child.MODULE,
            )
        finally:
            self._child = None
        if report.error is None and not self.closed:
            self.refresh()
            with contextlib.suppress(Exception):
                self.reanchor_bookmarks()
        return report

    def correct_entities(
        self, fix: EntityFix, progress: Callable[[RebuildProgress], None] | None = None
    ) -> EntityFixResult:
        """Save an entity fix and apply it (`save_fix`); CorrectionError if refused."""
        message, names = save_fix(fix, self.corrections, self.find_entity)
        self.config = replace(self.config, entities=rules_in_force(self.config))
        self.views.rules = self.config.entities
        report = self.rebuild(progress=progress, reextract_names=names)
        return EntityFixResult(message, report)

    def cancel_rebuild(self) -> None:
        """Stop a rebuild this library started (the old generation keeps serving)."""
        child = self._child
        if child is not None and child.poll() is None:
            with contextlib.suppress(OSError):
                child.kill()

    def reanchor_bookmarks(self) -> AnchorReport:
        """Re-anchor bookmarks (`BookmarkStore.reanchor`); BookmarkStoreError if unwritable."""
        if self._engine is None or self.closed:
            return AnchorReport(0, 0, 0)  # an unreadable index must not orphan every bookmark
        return self.bookmarks.reanchor(self.article)

    # -- looking articles up -------------------------------------------------------------

    def article_id_for(self, name: str) -> str | None:
        """The id of an indexed article given its id or its file path, or None."""
        if self.article(name) is not None:
            return name
        article_id = article_id_for_path(self.config.articles, name)
        if article_id is not None and self.article(article_id) is not None:
            return article_id
        return None

    def match_all(self, request: SearchRequest) -> tuple[set[str], bool]:
        """Every article `request` matches now, and whether that is all (`match_all`)."""
        return match_all(self.search, request)

    # -- corpus views (index/corpus/views.py; each raises IndexDamagedError on damage) ----

    def entities(
        self,
        entity_type: str | None = None,
        query: SearchRequest | None = None,
        limit: int = 200,
        article_ids: tuple[str, ...] | None = None,
    ) -> list[EntityCount]:
        """Entities across the library with article counts (`CorpusViews.entities`)."""
        return self._current.guarded(
            lambda: self.views.entities(entity_type, query, limit, article_ids), []
        )

    def cooccurring(self, entity_type: str, name: str, limit: int = 30) -> list[EntityCount]:
        """Entities sharing articles with this one (`CorpusViews.cooccurring`)."""
        return self._current.guarded(lambda: self.views.cooccurring(entity_type, name, limit), [])

    def mentions(self, entity_type: str, name: str, width: int = 60) -> list[MentionInContext]:
        """Every mention of an entity, in context (`CorpusViews.mentions`)."""
        return self._current.guarded(lambda: self.views.mentions(entity_type, name, width), [])

    def mention_pages(
        self, entity_type: str, name: str, width: int = 60, first: int = 20, page: int = 200
    ) -> Iterator[list[MentionInContext]]:
        """Mentions a page at a time; IndexDamagedError also with no index (`mention_pages`)."""
        return self.views.mention_pages(entity_type, name, width, first, page)

    def quotes(
        self,
        speaker: str | None = None,
        kinds: tuple[str, ...] = (QuoteKind.FULL, QuoteKind.PARTIAL),
    ) -> list[QuoteRecord]:
        """Quotes across the library in date order (`CorpusViews.quotes`)."""
        return self._current.guarded(lambda: self.views.quotes(speaker, kinds), [])

    def quote_pages(
        self,
        speaker: str | None = None,
        kinds: tuple[str, ...] = (QuoteKind.FULL, QuoteKind.PARTIAL),
        first: int = 40,
        page: int = 400,
    ) -> Iterator[list[QuoteRecord]]:
        """Quotes a page at a time; IndexDamagedError also with no index (`quote_pages`)."""
        return self.views.quote_pages(speaker, kinds, first, page)

    def word_in_context(
        self, word: str, width: int = 60, limit: int = 500
    ) -> list[MentionInContext]:
        """Keyword in context for a plain word (`CorpusViews.word_in_context`)."""
        return self._current.guarded(lambda: self.views.word_in_context(word, width, limit), [])

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles sharing passages with this one (`CorpusViews.related`)."""
        return self._current.guarded(lambda: self.views.related(article_id, limit), [])

    def related_ranked(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """The same articles, passages not yet found (`CorpusViews.related_ranked`)."""
        return self._current.guarded(lambda: self.views.related_ranked(article_id, limit), [])

    def shared_passages(
        self, article_id: str, ranked: list[RelatedArticle]
    ) -> list[RelatedArticle]:
        """`ranked` with their shared passages (`CorpusViews.shared_passages`)."""
        return self._current.guarded(lambda: self.views.shared_passages(article_id, ranked), [])

    def remarks(
        self, speaker: str | None = None, kinds: tuple[str, ...] = (QuoteKind.FULL,)
    ) -> list[list[QuoteRecord]]:
        """Who said what, the same remark grouped (`CorpusViews.remarks`)."""
        return self._current.guarded(lambda: self.views.remarks(speaker, kinds), [])

    def find_entity(self, term: str, entity_type: str | None = None) -> EntityCount | None:
        """The corpus entity named `term` by any alias, or None (`CorpusViews.find_entity`)."""
        return self._current.guarded(lambda: self.views.find_entity(term, entity_type), None)

    def article_entities(self, article: Article) -> tuple[EntityCount, ...]:
        """An article's entities under corpus-wide names (`CorpusViews.article_entities`)."""
        return self._current.guarded(lambda: self.views.article_entities(article), ())

    def corpus_name(
        self, entity_type: str, name: str, aliases: Collection[str] | None = None
    ) -> str:
        """An entity's corpus-wide name as one article names it (`CorpusViews.corpus_name`)."""
        return self._current.guarded(
            lambda: self.views.corpus_name(entity_type, name, aliases), name
        )


def _closed(request: SearchRequest) -> SearchResults:
    return SearchResults(request, 0, 0.0, "", error="The index was closed.")


__all__ = ["DAMAGE_ERRORS", "Library", "entity_filter"]
