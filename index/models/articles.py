"""The records of one article: its lines, metadata, entities, quotes and file state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuoteKind(StrEnum):
    """What a quoted span is: speech worth bookmarking, a short fragment, or scare quotes."""

    FULL = "full"
    PARTIAL = "partial"
    SCARE = "scare"


class FileState(StrEnum):
    """An indexed article's file now: as indexed, edited since, or gone."""

    OK = "ok"
    CHANGED = "changed"
    GONE = "gone"


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
