"""Remark groups built as quotes stream in are the groups `group_remarks` makes."""

from __future__ import annotations

from index.corpus.passages import group_remarks
from index.corpus.remarks import RemarkTable
from index.models import Quote, QuoteRecord


def _record(n: int, speaker: str | None, text: str, kind: str = "full") -> QuoteRecord:
    return QuoteRecord(
        f"a{n}",
        f"Title {n}",
        f"2025-01-{n:02d}",
        "Wire",
        Quote(text, kind, speaker, None, 0, len(text)),
    )


QUOTES = [
    _record(1, "Kim", "We had sufficient talks on tariffs and investment this week."),
    _record(2, "Lee", "We had sufficient talks on tariffs and investment this week."),
    _record(3, "Kim", "We had a sufficient and productive discussion on tariffs."),
    _record(4, "Kim", "The weather in Seoul was pleasant for the delegation."),
    _record(5, None, "We had sufficient talks on tariffs and investment this week."),
    _record(6, "Kim", "Productive discussion, sufficient progress on tariffs overall."),
    _record(7, "Lee", "a historic step", kind="partial"),
    _record(8, "Lee", "a historic step", kind="partial"),
]


def test_streamed_groups_match_group_remarks() -> None:
    table = RemarkTable()
    table.add(QUOTES[:3])
    changed = table.add(QUOTES[3:])
    full = [q for q in QUOTES if q.quote.kind == "full"]
    expected = group_remarks(full, lambda r: r.quote)
    got = [g.records for g in table.groups if g.records[0].quote.kind == "full"]
    assert got == expected
    assert [len(g) for g in got] == [3, 1, 1, 1]
    assert 0 in changed  # the sixth quote joined the first group
    # partial quotes are listed, each on its own, and the filter text holds their words
    partial = [g for g in table.groups if g.records[0].quote.kind == "partial"]
    assert [len(g.records) for g in partial] == [1, 1]
    assert "historic" in partial[0].haystack and "lee" in partial[0].haystack
