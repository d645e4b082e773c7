"""One Whoosh segment read in bulk: a term's postings, field-length norms, dates, digests.

Whoosh's matchers hand these over one posting at a time; reading whole blocks and whole
columns here is what lets `evaluate.py` score a term in one pass.
"""

from __future__ import annotations

from array import array
from itertools import accumulate, repeat
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length

from index.search.codec import BlockLeafMatcher, read_ids_weights


class Segment:
    """One segment's searcher, its place in the global numbering and its length norms."""

    def __init__(self, searcher: Any, offset: int) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self.reader = reader
        self.offset = offset
        self.deleted: frozenset[int] = (
            reader.deleted_docs_set if reader.has_deletions() else frozenset()
        )
        self._norms: dict[str, array[float]] = {}
        self._dates: list[Any] | None = None
        self._ids: list[str] | None = None

    def digests(self) -> list[Any]:
        """Every document's story digest (b"" when none, or the index predates them)."""
        count = self.reader.doc_count_all()
        # An index built before digests has no such field (has_column raises KeyError).
        if "digest" not in self.reader.schema or not self.reader.has_column("digest"):
            return [b""] * count
        column = self.reader.column_reader("digest", translate=False)
        return [column[d] for d in range(count)]

    def ids(self) -> list[str]:
        """The article id of every document (read once, from the id terms' postings).

        An id term naming one document records it in its term info, so this reads the
        term list, not every stored record (0.2 s for 50,000 documents, against 1.5 s).
        """
        if self._ids is None:
            count = self.reader.doc_count_all()
            found: list[str | None] = [None] * count
            for term, info in self.reader.iter_field("id"):
                if info.doc_frequency() == 1 and 0 <= info.min_id() < count:
                    found[info.min_id()] = term.decode("utf-8") if isinstance(term, bytes) else term
            for docnum, value in enumerate(found):
                if value is None:  # an id stored twice in this segment (one copy deleted)
                    found[docnum] = str(self.searcher.stored_fields(docnum).get("id", ""))
            self._ids = [value or "" for value in found]
        return self._ids

    def dates(self) -> list[Any]:
        """The sortable date of every document (read once, on the first date sort)."""
        if self._dates is None:
            count = self.reader.doc_count_all()
            if self.reader.has_column("date"):
                column = self.reader.column_reader("date", translate=False)
                self._dates = [column[d] for d in range(count)]
            else:
                self._dates = [b""] * count
        return self._dates

    def norms(self, fieldname: str, avgfl: float, b: float, k1: float) -> array[float]:
        """K1 * ((1 - B) + B * length / avgfl) per document, the per-document part of BM25."""
        norms = self._norms.get(fieldname)
        if norms is None:
            raw = _length_bytes(self.reader, fieldname)
            by_byte = [k1 * ((1 - b) + b * byte_to_length(i) / avgfl) for i in range(256)]
            by_byte[0] = k1 * ((1 - b) + b * 1 / avgfl)  # Whoosh falls back to length 1
            norms = array("d", map(by_byte.__getitem__, raw))
            self._norms[fieldname] = norms
        return norms


def _length_bytes(reader: Any, fieldname: str) -> bytes:
    """The segment's field-length column as one byte per document (0 past its end)."""
    doccount = reader.doc_count_all()
    perdoc = reader._perdoc  # the length column has no public bulk read
    column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return bytes(doccount)
    count = min(column._count, doccount)
    raw = column._dbfile.get(column._basepos, count) if count else b""
    return bytes(raw) + bytes(doccount - len(raw))


def read_postings(matcher: Any) -> tuple[list[int], list[float]]:
    """Every (docnum, weight) of one term in one segment, decoded a block at a time."""
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, BlockLeafMatcher):
        while True:
            block_ids, block_weights = read_ids_weights(matcher.block_data(), matcher._blocklength)
            ids.extend(block_ids)
            weights.extend(block_weights)
            if matcher._lastblock:
                return ids, weights
            matcher._goto(matcher._nextoffset)
    if isinstance(matcher, W3LeafMatcher):
        while True:
            if matcher._data is None:  # block-level reads are not public
                matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
            if block_weights is None:
                weights.extend(repeat(1.0, count))
            elif isinstance(block_weights, float):
                weights.extend(repeat(block_weights, count))
            else:
                weights.extend(block_weights)
            if matcher._lastblock:
                return ids, weights
            matcher._goto(matcher._nextoffset)
    if isinstance(matcher, ListMatcher) and not matcher._all_weights:
        ids = list(matcher._ids)
        raw = matcher._weights
        return ids, list(raw) if raw else [1.0] * len(ids)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights
