"""Views across the whole library: entities under corpus-wide names, who said what,
concordance, related articles. Read from the open generation's store; names resolved once
per generation and cached.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from index.corpus import namestore, tablestore
from index.corpus.entity_table import EntityTable
from index.corpus.matching import article_entities
from index.corpus.names import CorpusNames
from index.corpus.passages import passages_with
from index.corpus.remarks import RemarkTable
from index.errors import DAMAGE_ERRORS, DatelineError
from index.extract.corrections import EntityRules
from index.extract.names import alias_key
from index.models import (
    Article,
    EntityCount,
    MentionInContext,
    Passage,
    Quote,
    QuoteKind,
    QuoteRecord,
    RelatedArticle,
    SearchFilter,
    SearchRequest,
    SearchResults,
)
from index.search.highlight import article_matches
from index.search.schema import ENTITY_FIELDS
from index.search.shingles import sampled_hashes, shingles
from index.store import article_queries, corpusdb
from index.store.engine import Engine, IndexClosedError
from index.user.bookmarks import context_around

ENTITY_ARTICLES_CACHED = 64
"""Entity filters whose articles are remembered (a filter applies to every keystroke)."""


_ENTITY_TYPES = {field: entity_type for entity_type, field in ENTITY_FIELDS.items()}
"""Filter field -> entity type (`entity` is the older name of `person`)."""
_ENTITY_TYPES["entity"] = "PERSON"
_VIEW_ERRORS: tuple[type[BaseException], ...] = (*DAMAGE_ERRORS, DatelineError, IndexClosedError)
"""What a corpus view may raise while a search is being prepared (the search says it)."""


class CorpusViews:
    """The corpus-wide reads the app and the command line share; one per library.

    `engine` gives the open generation (raising IndexDamagedError when there is none),
    `current` the same or None; `search`, `matching_ids` and `article` are the library's own.
    """

    def __init__(
        self,
        engine: Callable[[], Engine],
        current: Callable[[], Engine | None],
        search: Callable[[SearchRequest], SearchResults],
        matching_ids: Callable[[SearchRequest], frozenset[str]],
        article: Callable[[str], Article | None],
        rules: EntityRules,
    ) -> None:
        self._engine = engine
        self._current = current
        self._search = search
        self._matching_ids = matching_ids
        self._article = article
        self.rules = rules
        """The corrections in force (replaced after an entity fix; used from the next
        generation on, as the names of each generation are computed once)."""
        self._corpus: tuple[str, CorpusNames] | None = None
        self._corpus_lock = threading.Lock()
        self._entities: tuple[str, EntityTable] | None = None
        self._entity_articles: dict[tuple[str, str, str], frozenset[str]] = {}
        """(generation, type, name) -> the articles an entity filter keeps."""

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
            generation = engine.generation
            table = tablestore.load(
                generation.path.parent, generation.name, namestore.rules_key(self.rules)
            )
            if table is None:
                conn, lock = engine.db()
                with lock:
                    rows = list(corpusdb.entity_rows(conn))  # read under the lock
                table = EntityTable.build(rows, names)
            self._entities = (engine.generation.name, table)
            return table

    def _compute_corpus_names(self, engine: Engine) -> CorpusNames:
        """The names the rebuild saved for this generation, else computed here."""
        generation = engine.generation
        mapping = namestore.load(generation.path.parent, generation.name, self.rules)
        if mapping is None:
            conn, lock = engine.db()
            mapping = namestore.compute(conn, lock, self.rules)
        self._corpus = (generation.name, mapping)
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
        engine = self._current()
        if engine is None:
            return []
        ids: frozenset[str] | None = frozenset(article_ids) if article_ids is not None else None
        if query is not None:
            matched = self._matching_ids(query)  # every match, no ranking or hits to build
            ids = matched if ids is None else ids & matched
        return self._entity_table(engine).count(entity_type, ids, limit)

    def _local_names(self, engine: Engine, entity_type: str, name: str) -> set[str]:
        """Every per-article name that the corpus view shows as `name`."""
        return self._corpus_names(engine).local_names(entity_type, name)

    def _articles_with(self, entity_type: str, name: str) -> set[str]:
        engine = self._engine()
        names = self._corpus_names(engine)
        conn, lock = engine.db()
        with lock:
            rows = corpusdb.rows_with_keys(conn, entity_type, _keys(names, entity_type, name))
        return set(_named(rows, names, entity_type, name))

    def cooccurring(self, entity_type: str, name: str, limit: int = 30) -> list[EntityCount]:
        """Entities that appear in the same articles as this one, most shared first."""
        ids = self._articles_with(entity_type, name)
        table = self.entities(article_ids=tuple(sorted(ids)), limit=limit + 1)
        return [e for e in table if not (e.type == entity_type and e.name == name)][:limit]

    def mentions(self, entity_type: str, name: str, width: int = 60) -> list[MentionInContext]:
        """Every mention of an entity across the corpus, with the words around it."""
        return [m for page in self.mention_pages(entity_type, name, width) for m in page]

    def mention_pages(
        self, entity_type: str, name: str, width: int = 60, first: int = 20, page: int = 200
    ) -> Iterator[list[MentionInContext]]:
        """Every mention of an entity in date order, a page of articles at a time (`first`
        articles, then `page`): the commonest person is in thousands of articles, and a
        screen shows the first page while the rest are read."""
        engine = self._engine()
        names = self._corpus_names(engine)
        keys = _keys(names, entity_type, name)
        conn, lock = engine.db()
        with lock:
            rows = corpusdb.rows_with_keys(conn, entity_type, keys, dated=True)
        rows.sort(key=lambda row: (row[3] or "", row[0]))
        order = list(dict.fromkeys(_named(rows, names, entity_type, name)))
        start = 0
        while start < len(order):
            size = first if start == 0 else page
            found: list[MentionInContext] = []
            for article_id in order[start : start + size]:
                article = self._article(article_id)
                if article is None:
                    continue
                spans = [
                    (m.start, m.end)
                    for entity in article.entities
                    if entity.type == entity_type
                    and (
                        entity.name == name
                        or names.name(entity.type, entity.name, entity.aliases) == name
                    )
                    for m in entity.mentions
                ]
                found += [_in_context(article, a, b, width) for a, b in sorted(spans)]
            start += size
            if found:
                yield found

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
        engine = self._engine()
        names = self._corpus_names(engine)
        conn, lock = engine.db()
        keys: list[str] = []
        if speaker:
            keys = _keys(names, "PERSON", speaker)
        for chunk in self._quote_chunks(conn, lock, keys, first, page):
            with lock:
                rows, aliases = article_queries.quote_sources(conn, chunk)
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
                head = article_queries.first_quoted(conn, first)
            if head:
                yield head
            done = set(head)
        with lock:
            order = [i for i in article_queries.quote_article_order(conn, keys) if i not in done]
        if not done and order:
            yield order[:first]
            order = order[first:]
        for position in range(0, len(order), max(1, page)):
            yield order[position : position + page]

    def word_in_context(
        self, word: str, width: int = 60, limit: int = 500
    ) -> list[MentionInContext]:
        """Keyword in context for a plain word across the corpus (stemmed match)."""
        results = self._search(SearchRequest(word, limit=limit, snippets=0))
        lines: list[MentionInContext] = []
        for hit in results.hits:
            article = self._article(hit.id)
            if article is None:
                continue
            for start, end in article_matches(article, results.terms):
                lines.append(_in_context(article, start, end, width))
        lines.sort(key=lambda m: (m.date or "", m.article_id, m.start))
        return lines

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles sharing the most phrases with this one, with their shared passages."""
        return self.shared_passages(article_id, self.related_ranked(article_id, limit))

    def related_ranked(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Articles sharing the most phrases with this one, most first, passages not yet
        worked out (a screen lists these first: finding the passages takes longer)."""
        engine = self._engine()
        article = self._article(article_id)
        if article is None:
            return []
        hashes = sorted(sampled_hashes(article.text, article.blocks))
        if not hashes:
            return []
        conn, lock = engine.db()
        with lock:
            counts = corpusdb.phrases_shared(conn, hashes, article_id)
            best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
            listed = article_queries.listings(conn, [other_id for other_id, _ in best])
        return [
            RelatedArticle(other_id, *listed[other_id], shared, ())
            for other_id, shared in best
            if other_id in listed
        ]

    def shared_passages(
        self, article_id: str, ranked: list[RelatedArticle]
    ) -> list[RelatedArticle]:
        """`ranked` (from `related_ranked`) with the passages each shares with this one."""
        article = self._article(article_id)
        if article is None or not ranked:
            return []
        mine = shingles(article.text, article.blocks)
        related: list[RelatedArticle] = []
        for item in ranked:
            other = self._article(item.id)
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
                for p in passages_with(mine, other.text, other.blocks)
            )
            related.append(replace(item, passages=passages))
        return related

    def remarks(
        self, speaker: str | None = None, kinds: tuple[str, ...] = (QuoteKind.FULL,)
    ) -> list[list[QuoteRecord]]:
        """Who said what: quotes in date order, the same remark worded differently grouped."""
        table = RemarkTable()
        for records in self.quote_pages(speaker, kinds):
            table.add(records)
        return [group.records for group in table.groups]

    def find_entity(self, term: str, entity_type: str | None = None) -> EntityCount | None:
        """The corpus entity named `term` (by any alias), or None."""
        key = alias_key(term)
        if not key:
            return None
        for entity in self.entities(entity_type, limit=1_000_000):
            if alias_key(entity.name) == key or any(alias_key(a) == key for a in entity.aliases):
                return entity
        return None

    def article_entities(self, article: Article) -> tuple[EntityCount, ...]:
        """An article's entities under their corpus-wide names, one row per real entity."""
        return article_entities(article, self.corpus_name)

    def corpus_name(
        self, entity_type: str, name: str, aliases: Collection[str] | None = None
    ) -> str:
        """The corpus-wide name of an entity as one article names it (with its aliases,
        when known, so that "Mrs Blair" is never shown as Tony Blair)."""
        engine = self._current()
        if engine is None:
            return name
        return self._corpus_names(engine).name(entity_type, name, aliases)

    def with_entity_articles(self, request: SearchRequest) -> SearchRequest:
        """Entity filters as the articles their sidebar rows count: every name the corpus
        knows the entity by ("Mr Blair" too), and only those it knows (not Mrs Blair)."""
        if not any(f.field in _ENTITY_TYPES for f in request.filters):
            return request
        filters: list[SearchFilter] = []
        only = set(request.only_ids) if request.only_ids is not None else None
        not_ids = set(request.not_ids)
        for item in request.filters:
            entity_type = _ENTITY_TYPES.get(item.field)
            articles = None
            if entity_type is not None:
                try:
                    articles = self.entity_articles(entity_type, item.value)
                except _VIEW_ERRORS:
                    articles = None  # the field filter still works; the search reports damage
            if not articles:
                filters.append(item)  # no corpus names yet (or none match): the field's terms
            elif item.exclude:
                not_ids |= articles
            else:
                only = set(articles) if only is None else only & articles
        return replace(
            request,
            filters=tuple(filters),
            only_ids=frozenset(only) if only is not None else None,
            not_ids=frozenset(not_ids),
        )

    def entity_articles(self, entity_type: str, name: str) -> frozenset[str] | None:
        """The articles that mention the corpus entity `name` under any of its names
        ("Mr Blair" for Tony Blair, but not Mrs Blair): what its sidebar row counts, so
        keeping only its articles keeps exactly those. None without an index."""
        engine = self._current()
        if engine is None:
            return None
        key = (engine.generation.name, entity_type, name)
        found = self._entity_articles.get(key)
        if found is None:
            found = frozenset(self._articles_with(entity_type, name))
            if len(self._entity_articles) >= ENTITY_ARTICLES_CACHED:
                self._entity_articles.clear()
        self._entity_articles[key] = found
        return found


def _in_context(article: Article, start: int, end: int, width: int) -> MentionInContext:
    """A concordance line: the match with `width` characters of context either side."""
    before, after = context_around(article.text, start, end, width)
    return MentionInContext(
        article.id, article.title, article.meta.date, before, article.text[start:end], after,
        start, end,
    )  # fmt: skip


def _renamed(quote: Quote, speaker: str | None) -> Quote:
    return replace(quote, speaker=speaker)


def _keys(names: CorpusNames, entity_type: str, name: str) -> list[str]:
    """The alias keys of every per-article spelling shown as `name`."""
    return sorted({alias_key(w) for w in names.local_names(entity_type, name)})


def _named(
    rows: Iterable[Sequence[Any]], names: CorpusNames, entity_type: str, name: str
) -> Iterator[str]:
    """The article ids of the (article id, name, aliases, …) rows shown as `name`: rows
    found by alias key may belong to another person sharing a spelling."""
    for article_id, row_name, aliases, *_ in rows:
        if row_name == name or names.row_name(entity_type, row_name, aliases) == name:
            yield article_id
