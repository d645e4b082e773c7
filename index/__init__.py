"""Dateline's headless core: articles in, frozen records out. Never imports a UI toolkit.

Clients use `load_config` and `Library`; everything they get back is a frozen dataclass
from `index.models`. The imports below are the public API, listed once: type checkers
read them, and at run time each name is imported from its module on first use (PEP 562),
so a rebuild child or a light command does not pay for every module at start-up.
"""

from __future__ import annotations

import ast
import importlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.articles.watcher import (
        FolderWatcher as FolderWatcher,
    )
    from index.config import (
        Config as Config,
    )
    from index.config import (
        SearchSettings as SearchSettings,
    )
    from index.config import (
        load_config as load_config,
    )
    from index.corpus.batch import (
        batch_queries as batch_queries,
    )
    from index.corpus.remarks import (
        RemarkGroup as RemarkGroup,
    )
    from index.corpus.remarks import (
        RemarkTable as RemarkTable,
    )
    from index.errors import (
        BookmarkStoreError as BookmarkStoreError,
    )
    from index.errors import (
        ConfigError as ConfigError,
    )
    from index.errors import (
        CorrectionError as CorrectionError,
    )
    from index.errors import (
        DatelineError as DatelineError,
    )
    from index.errors import (
        IndexBusyError as IndexBusyError,
    )
    from index.errors import (
        IndexDamagedError as IndexDamagedError,
    )
    from index.extract.corrections import (
        ENTITY_TYPES as ENTITY_TYPES,
    )
    from index.library import (
        Library as Library,
    )
    from index.library import (
        entity_filter as entity_filter,
    )
    from index.models import (
        Article as Article,
    )
    from index.models import (
        ArticleMeta as ArticleMeta,
    )
    from index.models import (
        BatchRow as BatchRow,
    )
    from index.models import (
        Block as Block,
    )
    from index.models import (
        Bookmark as Bookmark,
    )
    from index.models import (
        CleanText as CleanText,
    )
    from index.models import (
        Entity as Entity,
    )
    from index.models import (
        EntityCount as EntityCount,
    )
    from index.models import (
        EntityFix as EntityFix,
    )
    from index.models import (
        EntityFixResult as EntityFixResult,
    )
    from index.models import (
        Extraction as Extraction,
    )
    from index.models import (
        FileState as FileState,
    )
    from index.models import (
        FixKind as FixKind,
    )
    from index.models import (
        IndexStatus as IndexStatus,
    )
    from index.models import (
        LineKind as LineKind,
    )
    from index.models import (
        Mention as Mention,
    )
    from index.models import (
        MentionInContext as MentionInContext,
    )
    from index.models import (
        NewBookmark as NewBookmark,
    )
    from index.models import (
        Passage as Passage,
    )
    from index.models import (
        Phase as Phase,
    )
    from index.models import (
        Quote as Quote,
    )
    from index.models import (
        QuoteKind as QuoteKind,
    )
    from index.models import (
        QuoteRecord as QuoteRecord,
    )
    from index.models import (
        RebuildProgress as RebuildProgress,
    )
    from index.models import (
        RebuildReport as RebuildReport,
    )
    from index.models import (
        RelatedArticle as RelatedArticle,
    )
    from index.models import (
        SearchFilter as SearchFilter,
    )
    from index.models import (
        SearchHit as SearchHit,
    )
    from index.models import (
        SearchRequest as SearchRequest,
    )
    from index.models import (
        SearchResults as SearchResults,
    )
    from index.models import (
        SkippedFile as SkippedFile,
    )
    from index.models import (
        SnippetPart as SnippetPart,
    )
    from index.models import (
        SortOrder as SortOrder,
    )
    from index.models import (
        TagBatch as TagBatch,
    )
    from index.models import (
        TagSet as TagSet,
    )
    from index.models import (
        Timeline as Timeline,
    )
    from index.models import (
        TimelineBucket as TimelineBucket,
    )
    from index.sanitize import (
        one_line as one_line,
    )
    from index.sanitize import (
        sanitize_for_terminal as sanitize_for_terminal,
    )
    from index.search.highlight import (
        article_matches as article_matches,
    )
    from index.search.highlight import (
        match_spans as match_spans,
    )
    from index.store.one_file import (
        extract_file as extract_file,
    )
    from index.user.bookmark_files import (
        ImportReport as ImportReport,
    )
    from index.user.bookmark_files import (
        citation as citation,
    )
    from index.user.bookmarks import (
        AnchorReport as AnchorReport,
    )
    from index.user.bookmarks import (
        BookmarkStore as BookmarkStore,
    )
    from index.user.bookmarks import (
        bookmark_for as bookmark_for,
    )
    from index.user.bookmarks import (
        context_around as context_around,
    )
    from index.user.exports import (
        default_export_path as default_export_path,
    )
    from index.user.exports import (
        plural as plural,
    )
    from index.user.exports import (
        write_export as write_export,
    )
    from index.user.history import (
        SavedSearch as SavedSearch,
    )
    from index.user.history import (
        SearchHistory as SearchHistory,
    )
    from index.user.tags import (
        STAR as STAR,
    )


@cache
def _public() -> dict[str, str]:
    """Public name -> its module, read from the `if TYPE_CHECKING:` imports above."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for item in node.body:
                if isinstance(item, ast.ImportFrom) and item.module:
                    found.update((alias.name, item.module) for alias in item.names)
    return found


def __getattr__(name: str) -> Any:
    if name == "__all__":  # `from index import *`
        return sorted(_public())
    module = _public().get(name)
    if module is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_public())
