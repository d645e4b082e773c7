"""Fast search: the best or newest documents for a query, each story counted once.

Evaluates whole posting lists (`evaluate.py`) instead of Whoosh's matcher tree, with the
scores and tie-breaks Whoosh gives, and evaluates date order and date ranges (filters).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.scoring import BM25F

from index.search.copies import docnum_groups
from index.search.evaluate import Evaluator, Scores, Unsupported, check_supported
from index.search.postings import Segment


@dataclass(frozen=True, slots=True)
class Ranked:
    """Top documents (global docnums, best first) and how many matched in all."""

    docnums: tuple[int, ...]
    scores: tuple[float, ...]
    total: int


class FastSearcher:
    """Evaluates supported queries over one Whoosh searcher; one search at a time."""

    def __init__(self, searcher: Any, groups: dict[str, list[str]] | None = None) -> None:
        """`groups`: the generation's copies table (see `copies.py`), else read here."""
        weighting = searcher.weighting
        if type(weighting) is not BM25F or weighting._field_B:
            raise Unsupported("only Whoosh's default BM25F weighting is reproduced")
        self._searcher = searcher
        self._evaluator = Evaluator(searcher, float(weighting.B), float(weighting.K1))
        subs = [(searcher, 0)] if searcher.is_atomic() else searcher.subsearchers
        self._segments = [Segment(sub, offset) for sub, offset in subs]
        self._offsets = [segment.offset for segment in self._segments]
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
        self._evaluator.deadline = deadline
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
        counts: Counter[str] = Counter()
        for segment, scores in self._every_match(query, allowed, excluded, deadline):
            dates = segment.dates()
            counts.update(_date_text(dates[docnum]) for docnum in scores)
        return counts

    def matching_ids(
        self,
        query: Any,
        allowed: list[set[int]] | None = None,
        excluded: list[set[int]] | None = None,
        deadline: float = float("inf"),
    ) -> set[str]:
        """The article ids of every document matching `query`, unranked: what counting
        over all matches needs, without building hits."""
        found: set[str] = set()
        for segment, scores in self._every_match(query, allowed, excluded, deadline):
            ids = segment.ids()
            found.update(ids[docnum] for docnum in scores)
        return found

    def _every_match(
        self,
        query: Any,
        allowed: list[set[int]] | None,
        excluded: list[set[int]] | None,
        deadline: float,
    ) -> Iterator[tuple[Segment, Scores]]:
        """Each segment's live matches (a story stored in several files once)."""
        check_supported(query)
        self._evaluator.deadline = deadline
        seen: set[Any] = set()
        for index, segment in enumerate(self._segments):
            yield segment, self._segment_matches(index, segment, query, allowed, excluded, seen)

    def _segment_matches(
        self,
        index: int,
        segment: Segment,
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
        scores = self._evaluator.scores(segment, query, restrict)
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
        self._evaluator.deadline = deadline
        return [set(self._evaluator.scores(segment, query, None)) for segment in self._segments]


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


def _date_text(value: Any) -> str:
    """A date column value as text ("" when the article has no date)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value or "")
