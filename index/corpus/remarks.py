"""Who said what, built as quotes stream in: remark groups and a compact filter table.

`passages.group_remarks` compares every quote with every group (quadratic: 15 s on 2,225
articles). A remark only ever groups with quotes by the same speaker that share a
meaningful word, so here each speaker keeps an index from word stems to its groups and a
new quote is compared only with the groups it shares a stem with, in the same order as
`group_remarks` would (the first matching group wins), so the grouping is the same.
Partial quotes are listed too, each as its own group (too short to compare).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.corpus.passages import Opening, content_stems, remark_opening, same_opening
from index.models import QuoteKind, QuoteRecord


@dataclass(slots=True)
class RemarkGroup:
    """One remark: its wordings in date order, who said it and the text a filter searches."""

    records: list[QuoteRecord]
    speaker: str | None
    haystack: str
    _keys: list[tuple[frozenset[str], Opening]] = field(default_factory=list)
    """(content stems, opening) of each wording, computed once."""


@dataclass
class RemarkTable:
    """Every remark group so far, in the order of each group's first wording."""

    groups: list[RemarkGroup] = field(default_factory=list)
    _stems: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def add(self, records: Iterable[QuoteRecord]) -> list[int]:
        """Add quotes (in date order); returns the indexes of the groups that changed."""
        return sorted({self._place(record) for record in records})

    def _place(self, record: QuoteRecord) -> int:
        quote = record.quote
        stems = content_stems(quote.text) if quote.kind == QuoteKind.FULL else frozenset()
        key = (stems, remark_opening(quote.text))
        if quote.speaker is not None and stems:
            by_stem = self._stems[quote.speaker]
            candidates = sorted({g for s in stems for g in by_stem.get(s, ())})
            for index in candidates:
                group = self.groups[index]
                if any(_same(key, other) for other in group._keys):
                    group.records.append(record)
                    group._keys.append(key)
                    group.haystack += "\n" + _haystack(record)
                    self._index(index, quote.speaker, stems)
                    return index
        index = len(self.groups)
        self.groups.append(RemarkGroup([record], quote.speaker, _haystack(record), [key]))
        if quote.speaker is not None and stems:
            self._index(index, quote.speaker, stems)
        return index

    def _index(self, index: int, speaker: str, stems: frozenset[str]) -> None:
        by_stem = self._stems[speaker]
        for stem in stems:
            groups = by_stem[stem]
            if not groups or groups[-1] != index:
                groups.append(index)


def _same(a: tuple[frozenset[str], Opening], b: tuple[frozenset[str], Opening]) -> bool:
    """`passages.same_remark` on precomputed stems and openings (speakers already equal)."""
    sa, sb = a[0], b[0]
    if not sa or not sb:
        return False
    shared = sa & sb
    if len(shared) / min(len(sa), len(sb)) >= 0.5:
        return True
    return same_opening(shared, a[1], b[1])


def _haystack(record: QuoteRecord) -> str:
    """What the filter words are looked for in: quote, speaker, title and source."""
    return " ".join(
        (record.quote.text, record.quote.speaker or "", record.title, record.source or "")
    ).casefold()
