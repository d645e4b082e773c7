"""Frozen records that cross the line between the headless core and its clients.

Nothing here knows about Whoosh, SQLite or Textual: a future server-backed engine
can return the same records.
"""

from __future__ import annotations

from index.models.articles import (
    SCOPE_KINDS as SCOPE_KINDS,
)
from index.models.articles import (
    Article as Article,
)
from index.models.articles import (
    ArticleMeta as ArticleMeta,
)
from index.models.articles import (
    Block as Block,
)
from index.models.articles import (
    CleanText as CleanText,
)
from index.models.articles import (
    Entity as Entity,
)
from index.models.articles import (
    Extraction as Extraction,
)
from index.models.articles import (
    FileState as FileState,
)
from index.models.articles import (
    LineKind as LineKind,
)
from index.models.articles import (
    Mention as Mention,
)
from index.models.articles import (
    Quote as Quote,
)
from index.models.articles import (
    QuoteKind as QuoteKind,
)
from index.models.bookmarks import (
    Bookmark as Bookmark,
)
from index.models.bookmarks import (
    NewBookmark as NewBookmark,
)
from index.models.corpus import (
    EntityCount as EntityCount,
)
from index.models.corpus import (
    EntityFix as EntityFix,
)
from index.models.corpus import (
    EntityFixResult as EntityFixResult,
)
from index.models.corpus import (
    FixKind as FixKind,
)
from index.models.corpus import (
    MentionInContext as MentionInContext,
)
from index.models.corpus import (
    Passage as Passage,
)
from index.models.corpus import (
    QuoteRecord as QuoteRecord,
)
from index.models.corpus import (
    RelatedArticle as RelatedArticle,
)
from index.models.indexing import (
    IndexStatus as IndexStatus,
)
from index.models.indexing import (
    Phase as Phase,
)
from index.models.indexing import (
    RebuildProgress as RebuildProgress,
)
from index.models.indexing import (
    RebuildReport as RebuildReport,
)
from index.models.indexing import (
    SkippedFile as SkippedFile,
)
from index.models.search import (
    MATCH_ALL as MATCH_ALL,
)
from index.models.search import (
    BatchRow as BatchRow,
)
from index.models.search import (
    SearchFilter as SearchFilter,
)
from index.models.search import (
    SearchHit as SearchHit,
)
from index.models.search import (
    SearchRequest as SearchRequest,
)
from index.models.search import (
    SearchResults as SearchResults,
)
from index.models.search import (
    SnippetPart as SnippetPart,
)
from index.models.search import (
    SortOrder as SortOrder,
)
from index.models.search import (
    TagBatch as TagBatch,
)
from index.models.search import (
    TagSet as TagSet,
)
from index.models.search import (
    Timeline as Timeline,
)
from index.models.search import (
    TimelineBucket as TimelineBucket,
)
