"""The write side of the search engine: Whoosh documents, segment writers, and the check of a
freshly written index. The builder (`index.store.build`) drives these without touching Whoosh.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.query import Every, Term
from whoosh.writing import SegmentWriter

from index.extract.names import alias_key
from index.models import Article, LineKind
from index.search.codec import DatelineCodec
from index.search.schema import ENTITY_FIELDS, INDEX_NAME, build_schema, exact_analyzer
from index.search.storage import plain_storage
from index.search.termpool import TermPool

_EXACT = exact_analyzer()
MIN_DIGEST_WORDS = 20
"""Shorter stories are never called duplicates (two empty notes are not one story)."""


def _keys(values: Iterable[str]) -> str:
    keys = {alias_key(v).replace(",", " ") for v in values if v}
    return ",".join(sorted(k for k in keys if k))


_WORDS = re.compile(r"\w+")


def story_digest(article: Article) -> str:
    """What two copies of one story share: the words of its title and story, case folded.

    Spacing, punctuation and page furniture (captions, boilerplate) do not count, so a
    story saved twice, or re-saved with different line breaks, has one digest.
    """
    parts = [article.meta.title or ""]
    parts.extend(
        article.text[b.start : b.end]
        for b in article.blocks
        if b.kind in (LineKind.SUBHEAD, LineKind.BODY)
    )
    words = _WORDS.findall(" ".join(parts).casefold())
    if len(words) < MIN_DIGEST_WORDS:
        return ""  # too little text to call two articles the same story
    return hashlib.blake2b(
        " ".join(words).encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


def whoosh_document(article: Article) -> dict[str, Any]:
    """The fields Whoosh indexes for one article (text lives in the article store)."""
    parts: dict[LineKind, list[str]] = {}
    for block in article.blocks:
        parts.setdefault(block.kind, []).append(article.text[block.start : block.end])
    title = article.meta.title or ""
    body = "\n".join(parts.get(LineKind.SUBHEAD, []) + parts.get(LineKind.BODY, []))
    doc: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "body": body,
        "exact": f"{title}\n{body}",
        "captions": "\n".join(parts.get(LineKind.CAPTION, [])),
        "date": article.meta.date or "",
        "source_name": article.meta.source or "",
        "author": _keys(article.meta.authors),
        "source": _keys([article.meta.source or ""]),
        "digest": story_digest(article),
    }
    by_type: dict[str, list[str]] = {}
    aliases_of: dict[str, tuple[str, ...]] = {}
    for entity in article.entities:
        field = ENTITY_FIELDS.get(entity.type)
        if field is not None:
            by_type.setdefault(field, []).extend((entity.name, *entity.aliases))
        if entity.type == "PERSON":
            aliases_of[entity.name] = (entity.name, *entity.aliases)
    for field, values in by_type.items():
        doc[field] = _keys(values)
    speakers: list[str] = []
    for quote in article.quotes:
        if quote.speaker:
            speakers.extend(aliases_of.get(quote.speaker, (quote.speaker,)))
    doc["said"] = _keys(speakers)
    return doc


def exact_words(text: str) -> set[str]:
    """The distinct words the exact field indexes for `text`."""
    return {token.text for token in _EXACT(text)}


class IndexWriter:
    """One Whoosh writer over a generation folder, fed Articles.

    `full` starts an empty index, `update` changes a cloned one, `segment` writes one
    fresh segment of a parallel build (the parent lists the workers' segments together).
    """

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    @classmethod
    def full(cls, gen_dir: Path, limitmb: int) -> IndexWriter:
        """A writer over a new, empty index in `gen_dir`."""
        ix = FileStorage(str(gen_dir)).create_index(build_schema(), indexname=INDEX_NAME)
        return cls(ix.writer(limitmb=limitmb, codec=DatelineCodec()))

    @classmethod
    def update(cls, gen_dir: Path, limitmb: int) -> IndexWriter:
        """A writer over the existing index in `gen_dir` (a clone of the previous one)."""
        ix = plain_storage(gen_dir).open_index(indexname=INDEX_NAME)
        return cls(ix.writer(limitmb=limitmb, codec=DatelineCodec()))

    @classmethod
    def segment(cls, gen_dir: Path, limitmb: int) -> IndexWriter:
        """A worker's writer of one fresh segment (no lock: the parent holds the index)."""
        ix = FileStorage(str(gen_dir)).open_index(indexname=INDEX_NAME)
        return cls(_BulkSegmentWriter(ix, _lk=False, limitmb=limitmb, codec=DatelineCodec()))

    def add(self, article: Article) -> None:
        """Index a new article."""
        self._writer.add_document(**whoosh_document(article))

    def replace(self, article: Article) -> set[str]:
        """Index a changed or new article in place of its old version; its exact words."""
        document = whoosh_document(article)
        self._writer.update_document(**document)
        return exact_words(document["exact"])

    def delete(self, article_id: str) -> None:
        """Remove an article from the index."""
        self._writer.delete_by_term("id", article_id)

    def commit(self) -> None:
        """Write everything added so far as the index's new state."""
        self._writer.commit()

    def commit_segments(self, segments: list[Any]) -> None:
        """Make the workers' finished segments the whole index (a parallel build)."""
        writer = self._writer
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()

    def finish_segment(self) -> Any:
        """Close a worker's segment; the segment to pass to `commit_segments`, or None."""
        writer = self._writer
        if writer._added:
            return writer._finalize_segment()
        writer._close_segment()
        return None

    def cancel(self) -> None:
        """Abandon the writer (its generation folder is about to be removed)."""
        with contextlib.suppress(Exception):
            self._writer.cancel()


def verify_index(gen_dir: Path, first_id: str | None) -> int:
    """Open the new index, check it answers and holds `first_id`; its document count."""
    ix = plain_storage(gen_dir).open_index(indexname=INDEX_NAME)
    try:
        doc_count = int(ix.doc_count())
        with ix.searcher() as searcher:
            if first_id is not None:
                # Finding a stored article proves the index answers; matching every
                # document (which scores them all) would cost O(articles) per update.
                if len(searcher.search(Term("id", first_id), limit=1)) != 1:
                    raise RuntimeError("a stored article cannot be found in the new index")
            elif doc_count and len(searcher.search(Every(), limit=1)) == 0:
                raise RuntimeError("the new index answers no query")
    finally:
        ix.close()
    for leftover in gen_dir.glob("*WRITELOCK*"):
        with contextlib.suppress(OSError):
            os.unlink(leftover)
    return doc_count


class _CachedLengths:
    """A per-document reader whose field lengths are read once per field, not per posting.

    Writing a segment's postings asks for the field length of the posting's document
    once per posting (~450 per article); Whoosh answers each through a column reader.
    """

    def __init__(self, reader: Any, doc_count: int) -> None:
        self._reader = reader
        self._doc_count = doc_count
        self._lengths: dict[str, list[Any]] = {}

    def field_lengths(self, fieldname: str) -> list[Any]:
        """Every document's length in one field, by document number."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = [read(d, fieldname, 0) for d in range(self._doc_count)]
            self._lengths[fieldname] = lengths
        return lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        lengths = self.field_lengths(fieldname)
        if 0 <= docnum < len(lengths):
            return lengths[docnum]
        return self._reader.doc_field_length(docnum, fieldname, default)

    def close(self) -> None:
        self._reader.close()


class _BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer for a fresh segment: postings grouped by term, lengths cached."""

    def __init__(self, ix: Any, limitmb: int, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(limitmb, tempdir=getattr(self._tempstorage, "folder", None))

    def per_document_reader(self) -> Any:
        reader = super().per_document_reader()
        return _CachedLengths(reader, int(self.docnum))

    def _flush_segment(self) -> None:
        # As Whoosh's, but the field writer gets the pool itself: whole lists per term.
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool)
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()
