"""RESULTS.md and the table on stdout, from one run's figures."""

from __future__ import annotations

import os
import platform
import time
from importlib import metadata
from pathlib import Path

from bench.figures import CorpusResult
from bench.screens_rows import screen_details
from bench.targets import target_rows

HERE = Path(__file__).resolve().parent
MILLION_HEADING = "## A million articles (`make bench-1m`)"
"""The section `make bench-1m` writes; a `make bench` run keeps it (it takes hours)."""


def kept_million_section(path: Path) -> list[str]:
    """The million-article section of the `RESULTS.md` being replaced, if it has one."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    start = text.find(MILLION_HEADING)
    if start < 0:
        return []
    end = text.find("\n## ", start + len(MILLION_HEADING))
    return ["", text[start : end if end >= 0 else len(text)].rstrip("\n")]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on."""
    cpu = "unknown"
    try:
        for line in (
            Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines()
        ):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        ("cores (nproc)", str(os.cpu_count())),
        ("CPU", cpu),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("whoosh-reloaded", _version("whoosh-reloaded")),
        ("textual", _version("textual")),
        ("tantivy", _version("tantivy")),
        ("date", time.strftime("%Y-%m-%d %H:%M")),
    ]


def detail_table(r: CorpusResult) -> list[str]:
    """Per-kind latencies of the three engines on one corpus."""
    lines = [
        f"### {r.name}: {r.articles} articles",
        "",
        "| query kind | n | Dateline median / p95 ms | tantivy median / p95 ms | naive Whoosh median / p95 ms (n) |",
        "|---|---|---|---|---|",
    ]
    kinds = sorted(set(r.dateline.kinds), key=r.dateline.kinds.index)
    for kind in [*kinds, None]:
        label = kind or "**all**"
        naive = (
            f"{r.naive.median(kind):.1f} / {r.naive.p95(kind):.1f} ({len(r.naive.of(kind))})"
            if r.naive.of(kind)
            else "—"
        )
        lines.append(
            f"| {label} | {len(r.dateline.of(kind))} | {r.dateline.median(kind):.1f} / {r.dateline.p95(kind):.1f} "
            f"| {r.tantivy.median(kind):.1f} / {r.tantivy.p95(kind):.1f} | {naive} |"
        )
    lines += [
        "",
        f"- Dateline full rebuild: {r.build_s:.1f} s = {r.build_rate:.0f} articles/s; peak RSS of the "
        f"rebuild process tree {r.build_tree_peak_mb:.0f} MB (largest single process "
        f"{r.build_child_peak_mb:.0f} MB). tantivy build {r.tantivy_build_s:.1f} s; naive Whoosh "
        f"build {r.naive_build_s:.1f} s{' (cached from an earlier run)' if r.naive_cached else ' (procs=2, multisegment)'}.",
        f"- Per article, one process: cleaning {r.clean_ms:.2f} ms, entity + quote extraction "
        f"{r.extract_ms:.2f} ms.",
        f"- Incremental: added file searchable in {r.update_add_s:.2f} s, edited file in "
        f"{r.update_edit_s:.2f} s (child process start, update, verify, swap, refresh).",
        f"- Fresh process: library open {r.open_s * 1000:.0f} ms; after 200 searches RSS "
        f"{r.search_rss_mb:.0f} MB, peak {r.search_peak_mb:.0f} MB.",
        *_typing_details(r),
        *screen_details(r.screens, r.screens_note),
        *[f"- {note}" for note in r.notes],
        "",
    ]
    return lines


def _typing_details(r: CorpusResult) -> list[str]:
    t = r.typing
    if t is None:
        return [f"- App typing (Pilot): {r.typing_note}."] if r.typing_note else []
    return [
        f"- App typing (Pilot, one key after each paint): {t.n} keystrokes in {t.sequences} "
        f"sequences, keystroke → painted results median {t.median_ms:.1f} / p95 "
        f"{t.p95_ms:.1f} / max {t.max_ms:.1f} ms, {t.timeouts} timeouts; `Library.search` "
        f"inside it (the app's limit, snippets for the rows on screen) median {t.search_median_ms:.1f} / p95 "
        f"{t.search_p95_ms:.1f} ms; {t.gc2_count} full garbage collections "
        f"(median {t.gc2_median_ms:.0f} ms each); {t.typing_s:.0f} s typing, "
        f"{t.wall_s:.0f} s with start-up."
    ]


def render(
    results: dict[str, CorpusResult], quick: bool, skipped: list[str], elapsed: float
) -> str:
    """RESULTS.md."""
    rows = target_rows(results)
    out = [
        "# Dateline benchmark results",
        "",
        f"Produced by `python -m bench.run{' --quick' if quick else ''}` in {elapsed / 60:.1f} min "
        "(see bench/README.md for what each figure means). Single runs on a noisy 2-core "
        "machine: read ratios, not single times.",
        "",
        "| machine | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine()],
        "",
        "## Targets",
        "",
        "| target | measured | target | met? | Dateline ÷ tantivy | naive ÷ Dateline (same queries) |",
        "|---|---|---|---|---|---|",
        *[
            f"| {r.target} | {r.measured} | {r.goal} | {r.met} | {r.vs_tantivy} | {r.naive_ratio} |"
            for r in rows
        ],
        "",
    ]
    if skipped:
        out += ["Skipped: " + "; ".join(skipped), ""]
    out += ["## Details", ""]
    for r in results.values():
        out += detail_table(r)
    notes = HERE / "notes.md"
    if notes.is_file():
        out += [notes.read_text(encoding="utf-8").strip()]
    return "\n".join(out) + "\n"


def print_table(results: dict[str, CorpusResult]) -> None:
    """The target table on stdout."""
    rows = target_rows(results)
    width = max(len(r.target) for r in rows)
    for r in rows:
        print(
            f"{r.target:<{width}}  {r.measured:<38} {r.goal:<18} {r.met:<16} {r.vs_tantivy} {r.naive_ratio}"
        )
