"""The screens probe in `make bench`: run `bench.screens_paint` in a fresh process, keep its
figures, and turn them into target rows (first paint ≤ 200 ms, filter key p95 ≤ 50 ms; the
targets are set at 100k, shown with the same goal at 10k) and a details line per item."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIRST_GOAL_MS = 200.0
FILTER_GOAL_MS = 50.0
BOOKMARKS = 10_000
LABELS = {
    "who_said_what": "who said what",
    "concordance": "concordance of the commonest person",
    "related": "related (longest top article)",
    "entity_sidebar": "entity sidebar, broad query",
    "bookmarks": "bookmarks (10,000)",
    "palette_commands": "palette: commands",
    "palette_entities": "palette: entities",
    "palette_articles": "palette: articles",
    "palette_saved": "palette: saved searches",
    "explain": "explain",
}
"""Each item as the table names it (the keys are `bench.screens_paint.ITEMS`)."""


@dataclass(frozen=True, slots=True)
class ScreenFigures:
    """One screen or panel through the app (`python -m bench.screens_paint`)."""

    first_ms: float | None
    """Key → first update showing the useful state (None: not measured, see `note`)."""
    complete_ms: float | None = None
    """Key → the update at which a streaming screen has everything."""
    filter_p95_ms: float | None = None
    filter_keys: int = 0
    rows: int | None = None
    note: str = ""


def measure_screens(
    run: Callable[..., subprocess.CompletedProcess[str]], python: str, config: Path, budget: float
) -> tuple[dict[str, ScreenFigures], str]:
    """Every item's figures and a note ("" when the probe ran); `run` is subprocess.run
    with the bench's environment."""
    try:
        proc = run(
            [python, "-m", "bench.screens_paint", str(config), "--bookmarks", str(BOOKMARKS)],
            capture_output=True,
            text=True,
            timeout=budget,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {}, f"screens probe killed after {budget:.0f} s"
    try:
        items: dict[str, dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])["items"]
        return {name: _figures(values) for name, values in items.items()}, ""
    except (ValueError, IndexError, KeyError, TypeError, AttributeError):
        tail = proc.stdout.strip()[-200:] + proc.stderr.strip()[-200:]
        return {}, "screens probe failed: " + (tail or "?")


def _figures(values: dict[str, Any]) -> ScreenFigures:
    def number(key: str) -> float | None:
        value = values.get(key)
        return None if value is None else float(value)

    rows = values.get("rows")
    return ScreenFigures(
        first_ms=number("first_ms"),
        complete_ms=number("complete_ms"),
        filter_p95_ms=number("filter_p95_ms"),
        filter_keys=int(values.get("filter_keys", 0)),
        rows=None if rows is None else int(rows),
        note=str(values.get("note", "")),
    )


def screen_rows(
    key: str, screens: dict[str, ScreenFigures], note: str, met: Callable[[bool, float, float], str]
) -> list[tuple[str, str, str, str]]:
    """(target, measured, goal, met) per item: first paint, then filter key p95 if any."""
    if not screens:
        return [
            (f"{key}: screens first paint", f"pending ({note or 'not measured'})", "", "pending")
        ]
    out: list[tuple[str, str, str, str]] = []
    for name, figures in screens.items():
        label = f"{key}: {LABELS.get(name, name)}"
        first = figures.first_ms
        goal = f"≤ {FIRST_GOAL_MS:.0f} ms"
        if first is None:
            out.append((f"{label} first paint", f"not measured ({figures.note})", goal, "no"))
        else:
            shown = f"{first:.0f} ms"
            if figures.complete_ms is not None:
                shown += f" (complete {figures.complete_ms:.0f} ms)"
            out.append(
                (
                    f"{label} first paint",
                    shown,
                    goal,
                    met(first <= FIRST_GOAL_MS, first, FIRST_GOAL_MS),
                )
            )
        p95 = figures.filter_p95_ms
        if p95 is not None:
            out.append(
                (
                    f"{label} filter key p95",
                    f"{p95:.0f} ms ({figures.filter_keys} keys)",
                    f"≤ {FILTER_GOAL_MS:.0f} ms",
                    met(p95 <= FILTER_GOAL_MS, p95, FILTER_GOAL_MS),
                )
            )
    return out


def screen_details(screens: dict[str, ScreenFigures], note: str) -> list[str]:
    """One details line: every item's figures, rows shown and notes."""
    if not screens:
        return [f"- Screens through the app (Pilot): {note}."] if note else []
    parts = []
    for name, f in screens.items():
        bits = [f"first {_ms(f.first_ms)}"]
        if f.complete_ms is not None:
            bits.append(f"complete {_ms(f.complete_ms)}")
        if f.filter_p95_ms is not None:
            bits.append(f"filter key p95 {_ms(f.filter_p95_ms)} over {f.filter_keys} keys")
        if f.rows is not None:
            bits.append(f"{f.rows} rows")
        if f.note:
            bits.append(f.note)
        parts.append(f"{LABELS.get(name, name)}: {', '.join(bits)}")
    return [
        f"- Screens through the app (Pilot, key → first update showing the useful state, "
        f"{BOOKMARKS:,} bookmarks seeded): " + "; ".join(parts) + "."
    ]


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"
