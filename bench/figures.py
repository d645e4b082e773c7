"""The figures one benchmark run collects, per corpus (filled in by `bench.run`)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.screens_rows import ScreenFigures


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th), 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(slots=True)
class Latencies:
    """Per-query milliseconds of one engine, with each query's kind."""

    ms: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def add(self, kind: str, ms: float) -> None:
        """Record one query."""
        self.ms.append(ms)
        self.kinds.append(kind)

    def of(self, kind: str | None = None) -> list[float]:
        """Times of one kind (all when None)."""
        return [m for m, k in zip(self.ms, self.kinds, strict=True) if kind is None or k == kind]

    def median(self, kind: str | None = None) -> float:
        """Median ms."""
        values = self.of(kind)
        return statistics.median(values) if values else 0.0

    def p95(self, kind: str | None = None) -> float:
        """95th percentile ms."""
        return percentile(self.of(kind), 95)


@dataclass(frozen=True, slots=True)
class TypingFigures:
    """Search-as-you-type through the app: `python -m bench.probe typing` (Pilot)."""

    n: int
    """Keystrokes timed (every one from a sequence's 2nd character)."""
    median_ms: float
    p95_ms: float
    max_ms: float
    timeouts: int
    """Keystrokes whose results were not painted within the probe's cap (3 s)."""
    sequences: int
    search_median_ms: float
    """`Library.search` alone, as the app calls it (its limit, snippets for the rows on screen)."""
    search_p95_ms: float
    gc2_count: int
    """Full garbage collections while typing, and their median pause."""
    gc2_median_ms: float
    typing_s: float
    """Time spent typing; `wall_s` adds interpreter start, app start and first screen."""
    wall_s: float


@dataclass(slots=True)
class CorpusResult:
    """Everything measured on one corpus."""

    name: str
    articles: int
    build_s: float = 0.0
    build_rate: float = 0.0
    build_tree_peak_mb: float = 0.0
    build_child_peak_mb: float = 0.0
    build_largest_mb: float = 0.0
    """Largest single rebuild process, sampled (or its waited-for peak, if higher)."""
    build_error: str | None = None
    update_add_s: float = 0.0
    update_edit_s: float = 0.0
    dateline: Latencies = field(default_factory=Latencies)
    dateline_same: Latencies = field(default_factory=Latencies)
    tantivy: Latencies = field(default_factory=Latencies)
    naive: Latencies = field(default_factory=Latencies)
    tantivy_build_s: float = 0.0
    naive_build_s: float = 0.0
    naive_cached: bool = False
    open_s: float = 0.0
    search_rss_mb: float = 0.0
    search_peak_mb: float = 0.0
    cold_headless_s: float | None = None
    cold_tmux_s: float | None = None
    cold_note: str = ""
    cold_first_tmux_s: float | None = None
    """`dateline` in tmux started right after the full rebuild returned (names still due)."""
    idle_core_pct: float | None = None
    """CPU the app used while idle with its folder watch on, as a share of one core."""
    idle_seconds: float = 0.0
    idle_note: str = ""
    typing: TypingFigures | None = None
    typing_note: str = ""
    screens: dict[str, ScreenFigures] = field(default_factory=dict)
    """Each screen and panel through the app (`bench.screens_paint`), by item."""
    screens_note: str = ""
    extract_ms: float = 0.0
    clean_ms: float = 0.0
    notes: list[str] = field(default_factory=list)
