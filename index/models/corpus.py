"""The records of the corpus views: entity counts, mentions, quotes, related articles, fixes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from index.models.articles import Quote
from index.models.indexing import RebuildReport


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
