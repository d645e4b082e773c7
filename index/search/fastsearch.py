"""Whole-list query evaluation for the common query shapes, with the scores Whoosh gives.

Whoosh walks postings one at a time through a tree of matcher objects, several Python
calls per posting; a two-letter partial word matching most of a 10k library costs 70 ms
that way. Here each term's postings are decoded a block at a time, scored in one pass
with BM25F (the same formula and statistics as Whoosh's default weighting) and combined
as dictionaries: unions add scores, intersections start from the rarest side and look the
others up, exclusions subtract sets. Scored postings of recent terms are cached, because
typing re-runs most of the previous keystroke's terms. Phrases check positions only in
the documents where every word occurs; date order and date ranges (filters) are evaluated
here too. Scaled ORs, DisjunctionMax and span queries, which the query box does not
produce, raise Unsupported and run through Whoosh's matcher tree.
"""

from __future__ import annotations

import heapq
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from index.search.codec import BlockLeafMatcher, read_ids_weights, read_values
from index.search.copies import docnum_groups

CACHE_POSTINGS = 600_000
"""Scored postings kept between searches (12 bytes each: about 7 MB)."""
LOOKUP_RATIO = 16
"""Intersect by binary search when the candidates are this many times fewer than a term's
postings; otherwise walk the postings once."""

Scores = dict[int, float]


class Unsupported(Exception):
    """This query shape is left to Whoosh."""


class OutOfTime(Exception):
    """The time limit passed while evaluating; the caller reports a timed-out search."""


@dataclass(frozen=True, slots=True)
class Ranked:
    """Top documents (global docnums, best first) and how many matched in all."""

    docnums: tuple[int, ...]
    scores: tuple[float, ...]
    total: int


class _Segment:
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

    def digests(self) -> list[Any]:
        """Every document's story digest (b"" when none, or the index predates them)."""
        count = self.reader.doc_count_all()
        # An index built before digests has no such field (has_column raises KeyError).
        if "digest" not in self.reader.schema or not self.reader.has_column("digest"):
            return [b""] * count
        column = self.reader.column_reader("digest", translate=False)
        return [column[d] for d in range(count)]

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


class FastSearcher:
    """Evaluates supported queries over one Whoosh searcher; one search at a time."""

    def __init__(self, searcher: Any, groups: dict[str, list[str]] | None = None) -> None:
        """`groups`: the generation's copies table (see `copies.py`), else read here."""
        weighting = searcher.weighting
        if type(weighting) is not BM25F or weighting._field_B:
            raise Unsupported("only Whoosh's default BM25F weighting is reproduced")
        self._searcher = searcher
        self._schema = searcher.schema
        self._b = float(weighting.B)
        self._k1 = float(weighting.K1)
        subs = [(searcher, 0)] if searcher.is_atomic() else searcher.subsearchers
        self._segments = [_Segment(sub, offset) for sub, offset in subs]
        self._offsets = [segment.offset for segment in self._segments]
        self._cache: OrderedDict[tuple[int, str, bytes], tuple[array[int], array[float]]] = (
            OrderedDict()
        )
        self._cached = 0
        self._deadline = 0.0
        self._copies: list[dict[int, Any]] | None = None
        self._groups: dict[Any, list[int]] = {}
        self._stored_groups = groups

    def search(
        self,
        query: Any,
        limit: int,
        allowed: list[set[int]] | None = None,
        excluded: list[set[int]] | None = None,
        by_date: bool = False,
        deadline: float = float("inf"),
    ) -> Ranked:
        """The `limit` best documents for `query` (or the newest, `by_date`).

        Ties are broken as Whoosh breaks them. `allowed` and `excluded` hold, per
        segment, the docnums the filters keep and drop. Raises Unsupported for query
        shapes this module does not reproduce, OutOfTime past `deadline` (`time.perf_counter`).
        """
        check_supported(query)
        self._deadline = deadline
        best: list[tuple[Any, int, float]] = []
        total = 0
        seen: set[Any] = set()
        for index, segment in enumerate(self._segments):
            scores = self._segment_matches(index, segment, query, allowed, excluded, seen)
            total += len(scores)
            offset = segment.offset
            if by_date:
                dates = segment.dates()
                best.extend((dates[d], offset + d, s) for d, s in _top(scores, limit, dates))
            else:
                best.extend((s, offset + d, s) for d, s in _top(scores, limit, None))
        if by_date:  # newest first; on equal dates the later document, as Whoosh does
            best.sort(key=lambda item: (item[0], item[1]), reverse=True)
        else:  # best first; on equal scores the earlier document, as Whoosh does
            best.sort(key=lambda item: (item[0], -item[1]), reverse=True)
        best = best[:limit]
        return Ranked(tuple(d for _, d, _ in best), tuple(s for _, _, s in best), total)

    def date_counts(
        self,
        query: Any,
        allowed: list[set[int]] | None = None,
        excluded: list[set[int]] | None = None,
        deadline: float = float("inf"),
    ) -> Counter[str]:
        """How many documents matching `query` carry each date ("" for undated ones)."""
        check_supported(query)
        self._deadline = deadline
        counts: Counter[str] = Counter()
        seen: set[Any] = set()
        for index, segment in enumerate(self._segments):
            scores = self._segment_matches(index, segment, query, allowed, excluded, seen)
            dates = segment.dates()
            counts.update(_date_text(dates[docnum]) for docnum in scores)
        return counts

    def _segment_matches(
        self,
        index: int,
        segment: _Segment,
        query: Any,
        allowed: list[set[int]] | None,
        excluded: list[set[int]] | None,
        seen: set[Any] | None = None,
    ) -> Scores:
        """One segment's live matches, within the filters, with their scores.

        With `seen` (the story digests already counted in earlier segments), a story
        stored in several files counts once: its first copy stays, later ones go.
        """
        restrict = allowed[index] if allowed is not None else None
        if restrict is not None and not restrict:
            return {}
        scores = self._eval(segment, query, restrict)
        dropped = segment.deleted | excluded[index] if excluded else segment.deleted
        if dropped:
            for docnum in dropped.intersection(scores):
                del scores[docnum]
        if seen is not None:
            copies = self.copies()[index]
            for docnum in sorted(copies.keys() & scores.keys()):
                digest = copies[docnum]
                if digest in seen:
                    del scores[docnum]
                else:
                    seen.add(digest)
        return scores

    def copies(self) -> list[dict[int, Any]]:
        """Per segment, the live documents whose story is stored more than once, with its
        digest (read once per searcher)."""
        if self._copies is None:
            groups: dict[Any, list[int]] = {}
            if self._stored_groups is not None:
                groups = dict(docnum_groups(self._searcher, self._stored_groups))
            else:
                for segment in self._segments:
                    deleted = segment.deleted
                    for docnum, digest in enumerate(segment.digests()):
                        if digest and docnum not in deleted:
                            groups.setdefault(digest, []).append(segment.offset + docnum)
            self._groups = {d: g for d, g in groups.items() if len(g) > 1}
            copies: list[dict[int, Any]] = [{} for _ in self._segments]
            for digest, members in self._groups.items():
                for global_docnum in members:
                    index = self._segment_of(global_docnum)
                    copies[index][global_docnum - self._segments[index].offset] = digest
            self._copies = copies
        return self._copies

    def other_copies(self, docnum: int) -> list[int]:
        """The other documents (global numbers) holding the same story as `docnum`."""
        copies = self.copies()
        index = self._segment_of(docnum)
        digest = copies[index].get(docnum - self._segments[index].offset)
        if digest is None:
            return []
        return [d for d in self._groups[digest] if d != docnum]

    def _segment_of(self, docnum: int) -> int:
        """The index of the segment holding global document `docnum`."""
        return max(0, bisect_right(self._offsets, docnum) - 1)

    def matching(self, query: Any, deadline: float = float("inf")) -> list[set[int]]:
        """Per segment, the docnums a filter query matches (deleted ones included)."""
        check_supported(query)
        self._deadline = deadline
        return [set(self._eval(segment, query, None)) for segment in self._segments]

    def _eval(self, segment: _Segment, node: Any, restrict: set[int] | None) -> Scores:
        if time.perf_counter() > self._deadline:
            raise OutOfTime
        if type(node) is wq.Term:
            return self._term(segment, node, restrict)
        if isinstance(node, wq.AndNot):
            scores = self._eval(segment, node.a, restrict)
            for docnum in self._docs(segment, node.b, set(scores)):
                scores.pop(docnum, None)
            return scores
        if isinstance(node, wq.Require):  # both must match; only the first one scores
            scores = self._eval(segment, node.a, restrict)
            needed = self._docs(segment, node.b, set(scores))
            return {d: s for d, s in scores.items() if d in needed}
        if isinstance(node, wq.AndMaybe):
            scores = self._eval(segment, node.a, restrict)
            extra = self._eval(segment, node.b, set(scores))
            return {d: s + extra.get(d, 0.0) for d, s in scores.items()}
        if isinstance(node, wq.And):
            return self._and(segment, node, restrict)
        if isinstance(node, wq.Or):
            return self._or(segment, node, restrict)
        if isinstance(node, wq.Not):
            everything = range(segment.reader.doc_count_all())
            inside = self._docs(segment, node.query, None)
            candidates = everything if restrict is None else restrict
            return {d: node.boost for d in candidates if d not in inside}
        if isinstance(node, wq.MultiTerm):
            return self._multiterm(segment, node, restrict)
        if isinstance(node, wq.Phrase):
            return self._phrase(segment, node, restrict)
        if isinstance(node, wq.Every) and not node.fieldname:
            candidates = range(segment.reader.doc_count_all()) if restrict is None else restrict
            return dict.fromkeys(candidates, float(node.boost))
        return self._leaf(segment, node, restrict)

    def _multiterm(self, segment: _Segment, node: Any, restrict: set[int] | None) -> Scores:
        """Prefix, wildcard and range queries: their terms' union (Whoosh's own is faulty)."""
        fieldname = node.field()
        words = [w for w in node._btexts(segment.reader) if w]
        if len(words) == 1:
            return self._term(segment, wq.Term(fieldname, words[0]), restrict)
        union = self._or(segment, wq.Or([wq.Term(fieldname, w) for w in words]), restrict)
        return dict.fromkeys(union, float(node.boost)) if node.constantscore else union

    def _phrase(self, segment: _Segment, node: Any, restrict: set[int] | None) -> Scores:
        """Documents holding the words in order, each within `slop` of the one before.

        Scored as Whoosh scores a phrase: the sum of its words' scores. Positions are
        read only for documents that hold every word.
        """
        fieldname, words, slop = node.fieldname, list(node.words), node.slop
        try:
            field = self._schema[fieldname]
        except KeyError:
            return {}
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase on a field without positions")
        if not words:
            return {}
        scores = self._and(segment, wq.And([wq.Term(fieldname, w) for w in words]), restrict)
        if not scores:
            return scores
        docs = sorted(scores)
        positions = {w: self._positions(segment, fieldname, field, w, docs) for w in set(words)}
        steps = range(1, slop + 1)
        kept: Scores = {}
        for docnum, score in scores.items():
            ends = positions[words[0]].get(docnum, [])
            for word in words[1:]:
                allowed = {end + step for end in ends for step in steps}
                ends = [p for p in positions[word].get(docnum, []) if p in allowed]
                if not ends:
                    break
            if ends:
                kept[docnum] = score * node.boost
        return kept

    def _positions(
        self, segment: _Segment, fieldname: str, field: Any, word: str, docs: list[int]
    ) -> dict[int, list[int]]:
        """Where `word` occurs in each of `docs` (sorted), skipping through its postings."""
        try:
            btext = field.to_bytes(word)
        except ValueError:
            return {}
        matcher = segment.reader.postings(fieldname, btext)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        found: dict[int, list[int]] = {}
        if isinstance(matcher, BlockLeafMatcher):
            # Block by block: decode positions only in blocks that hold a wanted document.
            wanted = set(docs)
            decode = field.format.decode_positions
            lowest, highest = docs[0], docs[-1]
            while True:
                if matcher.block_max_id() >= lowest:
                    data = matcher.block_data()
                    ids, _ = read_ids_weights(data, matcher._blocklength)
                    if ids[0] > highest:
                        return found
                    hits = [i for i, docnum in enumerate(ids) if docnum in wanted]
                    if hits:
                        values = read_values(data, matcher._blocklength)
                        for i in hits:
                            found[ids[i]] = decode(values[i])
                if matcher._lastblock:
                    return found
                matcher._goto(matcher._nextoffset)
        for docnum in docs:
            if not matcher.is_active():
                break
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found[docnum] = matcher.value_as("positions")
        return found

    def _leaf(self, segment: _Segment, node: Any, restrict: set[int] | None) -> Scores:
        """Phrases and other leaves: Whoosh's matcher, walked once (it holds no union)."""
        searcher = segment.searcher
        matcher = node.matcher(searcher, searcher.context())
        scores: Scores = {}
        while matcher.is_active():
            docnum = matcher.id()
            if restrict is None or docnum in restrict:
                scores[docnum] = matcher.score()
            matcher.next()
        return scores

    def _docs(self, segment: _Segment, node: Any, restrict: set[int] | None) -> set[int]:
        return set(self._eval(segment, node, restrict))

    def _or(self, segment: _Segment, node: Any, restrict: set[int] | None) -> Scores:
        total: Scores = {}
        for sub in node.subqueries:
            pairs: Any
            if restrict is None and type(sub) is wq.Term and sub.boost == 1.0:
                pairs = zip(*self._scored_postings(segment, sub.fieldname, sub.text), strict=True)
            else:
                pairs = self._eval(segment, sub, restrict).items()
            if not total:
                total = dict(pairs)
                continue
            get = total.get
            for docnum, score in pairs:
                total[docnum] = get(docnum, 0.0) + score
        return _boosted(total, node.boost)

    def _and(self, segment: _Segment, node: Any, restrict: set[int] | None) -> Scores:
        positive = [sub for sub in node.subqueries if not isinstance(sub, wq.Not)]
        negative = [sub.query for sub in node.subqueries if isinstance(sub, wq.Not)]
        reader = segment.reader
        positive.sort(key=lambda sub: sub.estimate_size(reader))
        if positive:
            scores = self._eval(segment, positive[0], restrict)
        else:
            scores = dict.fromkeys(
                range(reader.doc_count_all()) if restrict is None else restrict, 0.0
            )
        for sub in positive[1:]:
            if not scores:
                return scores
            part = self._eval(segment, sub, set(scores))
            scores = {d: s + part[d] for d, s in scores.items() if d in part}
        for sub in negative:
            for docnum in self._docs(segment, sub, set(scores)):
                scores.pop(docnum, None)
        # Whoosh scores each NOT clause as a match of weight 1 inside an intersection.
        bonus = float(len(negative))
        if bonus:
            scores = {d: s + bonus for d, s in scores.items()}
        return _boosted(scores, node.boost)

    def _term(self, segment: _Segment, node: Any, restrict: set[int] | None) -> Scores:
        ids, scores = self._scored_postings(segment, node.fieldname, node.text)
        if restrict is None:
            found = dict(zip(ids, scores, strict=True))
        elif len(restrict) * LOOKUP_RATIO < len(ids):
            found = {}
            size = len(ids)
            for docnum in restrict:
                i = bisect_left(ids, docnum)
                if i < size and ids[i] == docnum:
                    found[docnum] = scores[i]
        else:
            found = {d: s for d, s in zip(ids, scores, strict=True) if d in restrict}
        return _boosted(found, node.boost)

    def _scored_postings(
        self, segment: _Segment, fieldname: str, text: Any
    ) -> tuple[array[int], array[float]]:
        try:
            field = self._schema[fieldname]
            btext = field.to_bytes(text)
        except (KeyError, ValueError):
            return array("i"), array("d")
        key = (id(segment), fieldname, btext)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        reader = segment.reader
        if (fieldname, btext) not in reader:
            empty: tuple[array[int], array[float]] = (array("i"), array("d"))
            return empty
        matcher = reader.postings(fieldname, btext)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child  # deleted documents are dropped once, at the end
        ids, weights = read_postings(matcher)
        if field.scorable:
            parent = self._searcher
            idf = parent.idf(fieldname, btext)
            avgfl = parent.avg_field_length(fieldname) or 1
            norms = segment.norms(fieldname, avgfl, self._b, self._k1)
            lift = self._k1 + 1
            scores = array(
                "d",
                [idf * ((w * lift) / (w + norms[d])) for d, w in zip(ids, weights, strict=True)],
            )
        else:
            scores = array("d", weights)
        entry = (array("i", ids), scores)
        self._remember(key, entry)
        return entry

    def _remember(
        self, key: tuple[int, str, bytes], entry: tuple[array[int], array[float]]
    ) -> None:
        size = len(entry[0])
        if size > CACHE_POSTINGS // 2:
            return
        self._cache[key] = entry
        self._cached += size
        while self._cached > CACHE_POSTINGS:
            _, (old_ids, _) = self._cache.popitem(last=False)
            self._cached -= len(old_ids)


def _top(scores: Scores, limit: int, dates: list[Any] | None) -> list[tuple[int, float]]:
    """The `limit` best (docnum, score) pairs: by score, or by date (see `search` for ties).

    The cut-off value comes from a key-less heap over plain values (C comparisons);
    only the few pairs at or above it are sorted with the tie-break.
    """
    if len(scores) > limit:
        if dates is None:
            cut = heapq.nlargest(limit, scores.values())[-1]
            items = [(d, s) for d, s in scores.items() if s >= cut]
        else:
            cut = heapq.nlargest(limit, map(dates.__getitem__, scores))[-1]
            items = [(d, s) for d, s in scores.items() if dates[d] >= cut]
    else:
        items = list(scores.items())
    if dates is None:
        items.sort(key=lambda item: (-item[1], item[0]))
    else:
        items.sort(key=lambda item: (dates[item[0]], item[0]), reverse=True)
    return items[:limit]


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {docnum: score * boost for docnum, score in scores.items()}


def _date_text(value: Any) -> str:
    """A date column value as text ("" when the article has no date)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value or "")


def check_supported(node: Any) -> None:
    """Raise Unsupported for node types this module does not evaluate (Whoosh does)."""
    if isinstance(node, (wq.Term, wq.MultiTerm)):
        return
    if isinstance(node, wq.Or) and (node.scale or node.minmatch):
        raise Unsupported("scaled Or")
    if isinstance(node, (wq.And, wq.Or)):
        for sub in node.subqueries:
            check_supported(sub)
        return
    if isinstance(node, (wq.AndNot, wq.AndMaybe, wq.Require)):
        check_supported(node.a)
        check_supported(node.b)
        return
    if isinstance(node, wq.Not):
        check_supported(node.query)
        return
    if isinstance(node, (wq.Phrase, wq.Every)) or node is wq.NullQuery:
        return
    raise Unsupported(type(node).__name__)
