"""Coverage over time: matching articles per day, week or month, with empty periods kept.

The periods run without gaps from the first dated match to the last, so a chart of them
shows silence as well as peaks. Articles without a usable date are counted apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from index.models import SearchRequest, Timeline, TimelineBucket

PERIODS = ("day", "week", "month")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
DAY_SPAN = 92
"""Spans up to about three months are shown by day."""
WEEK_SPAN = 2 * 366
"""Spans up to two years by week; longer ones by month."""


def parse_date(text: str) -> dt.date | None:
    """An article date ("2025-10-17", or "2025-10" as the first of the month), or None."""
    match = _DATE.match(text or "")
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def choose_period(first: dt.date, last: dt.date) -> str:
    """Day, week or month, whichever gives a readable number of bars for the span."""
    span = (last - first).days
    if span <= DAY_SPAN:
        return "day"
    if span <= WEEK_SPAN:
        return "week"
    return "month"


def _period_start(day: dt.date, by: str) -> dt.date:
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def _next_start(start: dt.date, by: str) -> dt.date:
    if by == "week":
        return start + dt.timedelta(days=7)
    if by == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + dt.timedelta(days=1)


def _label(start: dt.date, by: str) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def build_timeline(
    request: SearchRequest, counts: Mapping[str, int], by: str | None = None
) -> Timeline:
    """Bucket per-date match counts into gap-free periods (`by`, or chosen by the span)."""
    if by is not None and by not in PERIODS:
        return Timeline(request, by, error=f"Unknown period {by!r}: use day, week or month.")
    undated = 0
    dated: dict[dt.date, int] = {}
    for text, count in counts.items():
        day = parse_date(text)
        if day is None:
            undated += count
        else:
            dated[day] = dated.get(day, 0) + count
    if not dated:
        return Timeline(request, by or "day", undated=undated)
    first, last = min(dated), max(dated)
    period = by or choose_period(first, last)
    per_start: dict[dt.date, int] = {}
    for day, count in dated.items():
        start = _period_start(day, period)
        per_start[start] = per_start.get(start, 0) + count
    buckets: list[TimelineBucket] = []
    start = _period_start(first, period)
    while start <= last:
        following = _next_start(start, period)
        end = following - dt.timedelta(days=1)
        buckets.append(
            TimelineBucket(
                _label(start, period), start.isoformat(), end.isoformat(), per_start.get(start, 0)
            )
        )
        start = following
    return Timeline(request, period, tuple(buckets), undated)
