"""Dateline's headless core: articles in, frozen records out. Never imports a UI toolkit.

Clients use `load_config` and `Library`; everything they get back is a frozen dataclass
from `index.models`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.articles.watcher import FolderWatcher
    from index.config import (
        Config,
        SearchSettings,
        load_config,
    )
    from index.corpus.batch import batch_queries
    from index.corpus.remarks import RemarkGroup, RemarkTable
    from index.errors import (
        ArticleGoneError,
        BookmarkStoreError,
        ConfigError,
        DatelineError,
        IndexBusyError,
        IndexDamagedError,
    )
    from index.library import (
        Library,
        entity_filter,
        extract_file,
    )
    from index.models import (
        Article,
        ArticleMeta,
        BatchRow,
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
        Timeline,
        TimelineBucket,
    )
    from index.sanitize import (
        one_line,
        sanitize_for_terminal,
    )
    from index.search.highlight import (
        article_matches,
        match_spans,
    )
    from index.user.bookmarks import (
        AnchorReport,
        BookmarkStore,
        ImportReport,
        bookmark_for,
        citation,
        context_around,
    )
    from index.user.exports import default_export_path, plural, write_export
    from index.user.history import (
        SavedSearch,
        SearchHistory,
    )
    from index.user.tags import STAR

_LAZY: dict[str, str] = {
    "AnchorReport": "index.user.bookmarks",
    "BookmarkStore": "index.user.bookmarks",
    "ImportReport": "index.user.bookmarks",
    "bookmark_for": "index.user.bookmarks",
    "citation": "index.user.bookmarks",
    "context_around": "index.user.bookmarks",
    "Config": "index.config",
    "SearchSettings": "index.config",
    "load_config": "index.config",
    "ArticleGoneError": "index.errors",
    "BookmarkStoreError": "index.errors",
    "ConfigError": "index.errors",
    "DatelineError": "index.errors",
    "IndexBusyError": "index.errors",
    "IndexDamagedError": "index.errors",
    "article_matches": "index.search.highlight",
    "match_spans": "index.search.highlight",
    "SavedSearch": "index.user.history",
    "SearchHistory": "index.user.history",
    "Library": "index.library",
    "entity_filter": "index.library",
    "extract_file": "index.library",
    "default_export_path": "index.user.exports",
    "plural": "index.user.exports",
    "STAR": "index.user.tags",
    "write_export": "index.user.exports",
    "Article": "index.models",
    "BatchRow": "index.models",
    "Timeline": "index.models",
    "TimelineBucket": "index.models",
    "batch_queries": "index.corpus.batch",
    "FolderWatcher": "index.articles.watcher",
    "RemarkGroup": "index.corpus.remarks",
    "RemarkTable": "index.corpus.remarks",
    "ArticleMeta": "index.models",
    "Block": "index.models",
    "Bookmark": "index.models",
    "CleanText": "index.models",
    "Entity": "index.models",
    "EntityCount": "index.models",
    "Extraction": "index.models",
    "IndexStatus": "index.models",
    "LineKind": "index.models",
    "Mention": "index.models",
    "MentionInContext": "index.models",
    "NewBookmark": "index.models",
    "Passage": "index.models",
    "Quote": "index.models",
    "QuoteRecord": "index.models",
    "RebuildProgress": "index.models",
    "RebuildReport": "index.models",
    "RelatedArticle": "index.models",
    "SearchFilter": "index.models",
    "SearchHit": "index.models",
    "SearchRequest": "index.models",
    "SearchResults": "index.models",
    "SkippedFile": "index.models",
    "SnippetPart": "index.models",
    "one_line": "index.sanitize",
    "sanitize_for_terminal": "index.sanitize",
}
"""Public name -> the module that defines it, imported on first use (PEP 562), so a
rebuild child process or a light CLI command does not pay for every module at startup."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "STAR",
    "AnchorReport",
    "Article",
    "ArticleGoneError",
    "ArticleMeta",
    "BatchRow",
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
    "FolderWatcher",
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
    "RemarkGroup",
    "RemarkTable",
    "SavedSearch",
    "SearchFilter",
    "SearchHistory",
    "SearchHit",
    "SearchRequest",
    "SearchResults",
    "SearchSettings",
    "SkippedFile",
    "SnippetPart",
    "Timeline",
    "TimelineBucket",
    "article_matches",
    "batch_queries",
    "bookmark_for",
    "citation",
    "context_around",
    "default_export_path",
    "entity_filter",
    "extract_file",
    "load_config",
    "match_spans",
    "one_line",
    "plural",
    "sanitize_for_terminal",
    "write_export",
]
