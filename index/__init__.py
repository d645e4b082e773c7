"""Dateline's headless core: articles in, frozen records out. Never imports a UI toolkit.

Clients use `load_config` and `Library`; everything they get back is a frozen dataclass
from `index.models`.
"""

from __future__ import annotations

from index.bookmarks import AnchorReport, BookmarkStore, ImportReport, citation, context_around
from index.config import Config, SearchSettings, load_config
from index.errors import (
    ArticleGoneError,
    BookmarkStoreError,
    ConfigError,
    DatelineError,
    IndexBusyError,
    IndexDamagedError,
)
from index.highlight import article_matches, match_spans
from index.history import SavedSearch, SearchHistory
from index.library import Library, entity_filter
from index.models import (
    Article,
    ArticleMeta,
    Block,
    Bookmark,
    CleanText,
    Entity,
    EntityCount,
    Extraction,
    IndexStatus,
    LineKind,
    Mention,
    MentionInContext,
    NewBookmark,
    Passage,
    Quote,
    QuoteRecord,
    RebuildProgress,
    RebuildReport,
    RelatedArticle,
    SearchFilter,
    SearchHit,
    SearchRequest,
    SearchResults,
    SkippedFile,
    SnippetPart,
)
from index.sanitize import one_line, sanitize_for_terminal

__all__ = [
    "AnchorReport",
    "Article",
    "ArticleGoneError",
    "ArticleMeta",
    "Block",
    "Bookmark",
    "BookmarkStore",
    "BookmarkStoreError",
    "CleanText",
    "Config",
    "ConfigError",
    "DatelineError",
    "Entity",
    "EntityCount",
    "Extraction",
    "ImportReport",
    "IndexBusyError",
    "IndexDamagedError",
    "IndexStatus",
    "Library",
    "LineKind",
    "Mention",
    "MentionInContext",
    "NewBookmark",
    "Passage",
    "Quote",
    "QuoteRecord",
    "RebuildProgress",
    "RebuildReport",
    "RelatedArticle",
    "SavedSearch",
    "SearchFilter",
    "SearchHistory",
    "SearchHit",
    "SearchRequest",
    "SearchResults",
    "SearchSettings",
    "SkippedFile",
    "SnippetPart",
    "article_matches",
    "citation",
    "context_around",
    "entity_filter",
    "load_config",
    "match_spans",
    "one_line",
    "sanitize_for_terminal",
]
