"""Scores one segment's matches for a query tree, whole posting lists at a time.

Whoosh walks postings one at a time through a tree of matcher objects, several Python
calls per posting; a two-letter partial word matching most of a 10k library costs 70 ms
that way. Here each term's postings are decoded a block at a time, scored in one pass
with BM25F (the same formula and statistics as Whoosh's default weighting) and combined
as dictionaries: unions add scores, intersections start from the rarest side and look the
others up, exclusions subtract sets. Scored postings of recent terms are cached, because
typing re-runs most of the previous keystroke's terms. Phrases check positions only in
the documents where every word occurs. Scaled ORs, DisjunctionMax and span queries, which
the query box does not produce, raise Unsupported and run through Whoosh's matcher tree.
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_left
from collections import OrderedDict
from typing import Any

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from index.search.codec import BlockLeafMatcher, read_ids_weights, read_values
from index.search.postings import Segment, read_postings

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


class Evaluator:
    """Scores query trees segment by segment for one searcher, caching term scores."""

    def __init__(self, searcher: Any, b: float, k1: float) -> None:
        """`b` and `k1`: the searcher's BM25F parameters."""
        self._searcher = searcher
        self._schema = searcher.schema
        self._b = b
        self._k1 = k1
        self._cache: OrderedDict[tuple[int, str, bytes], tuple[array[int], array[float]]] = (
            OrderedDict()
        )
        self._cached = 0
        self.deadline = float("inf")
        """Past this `time.perf_counter()` value evaluation raises OutOfTime."""

    def scores(self, segment: Segment, node: Any, restrict: set[int] | None) -> Scores:
        """The documents of `segment` matching `node` (within `restrict`), with their scores."""
        if time.perf_counter() > self.deadline:
            raise OutOfTime
        if type(node) is wq.Term:
            return self._term(segment, node, restrict)
        if isinstance(node, wq.AndNot):
            scores = self.scores(segment, node.a, restrict)
            for docnum in self._docs(segment, node.b, set(scores)):
                scores.pop(docnum, None)
            return scores
        if isinstance(node, wq.Require):  # both must match; only the first one scores
            scores = self.scores(segment, node.a, restrict)
            needed = self._docs(segment, node.b, set(scores))
            return {d: s for d, s in scores.items() if d in needed}
        if isinstance(node, wq.AndMaybe):
            scores = self.scores(segment, node.a, restrict)
            extra = self.scores(segment, node.b, set(scores))
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

    def _multiterm(self, segment: Segment, node: Any, restrict: set[int] | None) -> Scores:
        """Prefix, wildcard and range queries: their terms' union (Whoosh's own is faulty)."""
        fieldname = node.field()
        words = [w for w in node._btexts(segment.reader) if w]
        if len(words) == 1:
            return self._term(segment, wq.Term(fieldname, words[0]), restrict)
        union = self._or(segment, wq.Or([wq.Term(fieldname, w) for w in words]), restrict)
        return dict.fromkeys(union, float(node.boost)) if node.constantscore else union

    def _phrase(self, segment: Segment, node: Any, restrict: set[int] | None) -> Scores:
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
        self, segment: Segment, fieldname: str, field: Any, word: str, docs: list[int]
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

    def _leaf(self, segment: Segment, node: Any, restrict: set[int] | None) -> Scores:
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

    def _docs(self, segment: Segment, node: Any, restrict: set[int] | None) -> set[int]:
        return set(self.scores(segment, node, restrict))

    def _or(self, segment: Segment, node: Any, restrict: set[int] | None) -> Scores:
        total: Scores = {}
        for sub in node.subqueries:
            pairs: Any
            if restrict is None and type(sub) is wq.Term and sub.boost == 1.0:
                pairs = zip(*self._scored_postings(segment, sub.fieldname, sub.text), strict=True)
            else:
                pairs = self.scores(segment, sub, restrict).items()
            if not total:
                total = dict(pairs)
                continue
            get = total.get
            for docnum, score in pairs:
                total[docnum] = get(docnum, 0.0) + score
        return _boosted(total, node.boost)

    def _and(self, segment: Segment, node: Any, restrict: set[int] | None) -> Scores:
        positive = [sub for sub in node.subqueries if not isinstance(sub, wq.Not)]
        negative = [sub.query for sub in node.subqueries if isinstance(sub, wq.Not)]
        reader = segment.reader
        positive.sort(key=lambda sub: sub.estimate_size(reader))
        if positive:
            scores = self.scores(segment, positive[0], restrict)
        else:
            scores = dict.fromkeys(
                range(reader.doc_count_all()) if restrict is None else restrict, 0.0
            )
        for sub in positive[1:]:
            if not scores:
                return scores
            part = self.scores(segment, sub, set(scores))
            scores = {d: s + part[d] for d, s in scores.items() if d in part}
        for sub in negative:
            for docnum in self._docs(segment, sub, set(scores)):
                scores.pop(docnum, None)
        # Whoosh scores each NOT clause as a match of weight 1 inside an intersection.
        bonus = float(len(negative))
        if bonus:
            scores = {d: s + bonus for d, s in scores.items()}
        return _boosted(scores, node.boost)

    def _term(self, segment: Segment, node: Any, restrict: set[int] | None) -> Scores:
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
        self, segment: Segment, fieldname: str, text: Any
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


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {docnum: score * boost for docnum, score in scores.items()}


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
