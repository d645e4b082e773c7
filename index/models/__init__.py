"""Frozen records that cross the line between the headless core and its clients.

Nothing here knows about Whoosh, SQLite or Textual: a future server-backed engine
can return the same records.
"""

from __future__ import annotations

from index.models.articles import (
    SCOPE_KINDS,
    Article,
    ArticleMeta,
    Block,
    CleanText,
    Entity,
    Extraction,
    FileState,
    LineKind,
    Mention,
    Quote,
    QuoteKind,
)
from index.models.bookmarks import (
    Bookmark,
    NewBookmark,
)
from index.models.corpus import (
    EntityCount,
    EntityFix,
    EntityFixResult,
    FixKind,
    MentionInContext,
    Passage,
    QuoteRecord,
    RelatedArticle,
)
from index.models.indexing import (
    IndexStatus,
    Phase,
    RebuildProgress,
    RebuildReport,
    SkippedFile,
)
from index.models.search import (
    MATCH_ALL,
    BatchRow,
    SearchFilter,
    SearchHit,
    SearchRequest,
    SearchResults,
    SnippetPart,
    SortOrder,
    TagBatch,
    TagSet,
    Timeline,
    TimelineBucket,
)

__all__ = [
    "MATCH_ALL",
    "SCOPE_KINDS",
    "Article",
    "ArticleMeta",
    "BatchRow",
    "Block",
    "Bookmark",
    "CleanText",
    "Entity",
    "EntityCount",
    "EntityFix",
    "EntityFixResult",
    "Extraction",
    "FileState",
    "FixKind",
    "IndexStatus",
    "LineKind",
    "Mention",
    "MentionInContext",
    "NewBookmark",
    "Passage",
    "Phase",
    "Quote",
    "QuoteKind",
    "QuoteRecord",
    "RebuildProgress",
    "RebuildReport",
    "RelatedArticle",
    "SearchFilter",
    "SearchHit",
    "SearchRequest",
    "SearchResults",
    "SkippedFile",
    "SnippetPart",
    "SortOrder",
    "TagBatch",
    "TagSet",
    "Timeline",
    "TimelineBucket",
]
