"""Batch search and coverage over time: the use cases, the library calls and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import Library, SearchRequest, batch_queries, load_config
from index.corpus.timeline import build_timeline, choose_period, parse_date
from tests.test_cli import dateline


def test_batch_file_skips_blank_lines_and_comments() -> None:
    queries, warnings = batch_queries("# people\nLutnick\n\n  Kim Jung-kwan  \n#tariff\r\nAPEC\n")
    assert queries == ["Lutnick", "Kim Jung-kwan", "APEC"]
    assert warnings == []


def test_batch_file_too_long_is_cut_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("index.corpus.batch.MAX_QUERIES", 2)
    queries, warnings = batch_queries("a\nb\nc\nd\n")
    assert queries == ["a", "b"]
    assert len(warnings) == 1 and "line 3" in warnings[0]


def test_timeline_keeps_empty_days_and_counts_undated_apart() -> None:
    request = SearchRequest("x")
    timeline = build_timeline(request, {"2025-10-17": 2, "2025-10-20": 1, "": 3, "junk": 1})
    assert timeline.by == "day"
    assert [b.label for b in timeline.buckets] == [
        "2025-10-17",
        "2025-10-18",
        "2025-10-19",
        "2025-10-20",
    ]
    assert [b.count for b in timeline.buckets] == [2, 0, 0, 1]
    assert timeline.undated == 4 and timeline.total == 7
    assert timeline.peak is not None and timeline.peak.label == "2025-10-17"


def test_timeline_weeks_start_on_monday_and_months_roll_over_the_year() -> None:
    weeks = build_timeline(SearchRequest(), {"2025-10-15": 1, "2025-10-20": 2}, "week")
    assert [(b.label, b.start, b.end, b.count) for b in weeks.buckets] == [
        ("2025-W42", "2025-10-13", "2025-10-19", 1),
        ("2025-W43", "2025-10-20", "2025-10-26", 2),
    ]
    months = build_timeline(SearchRequest(), {"2024-12-31": 1, "2025-02": 1}, "month")
    assert [b.label for b in months.buckets] == ["2024-12", "2025-01", "2025-02"]
    assert [b.count for b in months.buckets] == [1, 0, 1]
    assert months.buckets[0].end == "2024-12-31"


def test_timeline_period_follows_the_span() -> None:
    start = parse_date("2020-01-01")
    assert start is not None
    assert choose_period(start, start) == "day"
    assert choose_period(start, parse_date("2020-06-01") or start) == "week"
    assert choose_period(start, parse_date("2024-01-01") or start) == "month"
    assert parse_date("2025-02-30") is None and parse_date("") is None


def test_timeline_rejects_an_unknown_period() -> None:
    assert build_timeline(SearchRequest(), {}, "year").error is not None


def test_library_batch_and_timeline_agree_with_search(seed_index: Path) -> None:
    library = Library(load_config(seed_index))
    library.open()
    try:
        rows = library.batch(["Lutnick", "tariff", '"unclosed', "zzznotaword"], top=2)
        totals = {row.query: row.total for row in rows}
        assert totals["Lutnick"] == library.search(SearchRequest("Lutnick")).total == 4
        assert totals["zzznotaword"] == 0
        assert len(rows[0].hits) == 2
        broken = rows[2]
        assert broken.error  # the sentence travels with the row; later rows still ran
        timeline = library.timeline(SearchRequest("Lutnick"))
        assert timeline.error is None
        assert timeline.total == 4
        assert sum(b.count for b in timeline.buckets) + timeline.undated == 4
        dated = [h.date for h in library.search(SearchRequest("Lutnick", sort="date")).hits]
        assert timeline.undated == sum(1 for d in dated if not d)
        if rows[0].newest is not None:
            assert rows[0].newest == max(d for d in dated if d)
        unbalanced = library.timeline(SearchRequest("(((( Lutnick"))
        assert unbalanced.notices and unbalanced.total == 4
    finally:
        library.close()


def test_cli_batch_json_and_text(seed_index: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("\ufeff# five names\nLutnick\nKim Jung-kwan\n\nAPEC\ntariff\nTrump\n")
    data = json.loads(dateline("batch", str(names), "--json", "--config", str(seed_index)).stdout)
    assert [row["query"] for row in data] == ["Lutnick", "Kim Jung-kwan", "APEC", "tariff", "Trump"]
    assert data[0]["total"] == 4 and len(data[0]["hits"]) == 3
    text = dateline("batch", str(names), "--config", str(seed_index)).stdout
    assert text.splitlines()[0].split()[:2] == ["Lutnick", "4"]


def test_cli_batch_bad_file_is_one_sentence(seed_index: Path, tmp_path: Path) -> None:
    missing = dateline(
        "batch", str(tmp_path / "nope.txt"), "--config", str(seed_index), check=False
    )
    assert missing.returncode == 2 and "cannot be read" in missing.stderr
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    bad = dateline("batch", str(binary), "--config", str(seed_index), check=False)
    assert bad.returncode == 2 and "UTF-8" in bad.stderr and "Traceback" not in bad.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    none = dateline("batch", str(empty), "--config", str(seed_index), check=False)
    assert none.returncode == 2 and "no queries" in none.stderr


def test_cli_timeline_json_counts_by_date_with_undated_apart(seed_index: Path) -> None:
    data = json.loads(dateline("timeline", "Lutnick", "--json", "--config", str(seed_index)).stdout)
    assert data["total"] == 4
    assert sum(b["count"] for b in data["buckets"]) + data["undated"] == 4
    assert data["by"] in ("day", "week", "month")
    text = dateline("timeline", "Lutnick", "--by", "month", "--config", str(seed_index)).stdout
    assert text.strip().splitlines()[-1].startswith("4 articles by month")
