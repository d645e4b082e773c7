"""`python -m bench.million --corpus ../shared/corpora/bbc [--size 1000000]` (`make bench-1m`).

Where does one machine stop being enough? Generates `--size` synthetic articles with the
bench generator, rebuilds them from scratch and records what a person would notice: the
rebuild's time and peak memory, the cold start to a populated screen, a keystroke's p95
(in the API and painted in the app), the first paint of who said what, and the index's
size on disk. Writes its table into bench/RESULTS.md (replacing the previous one) with
per-article figures, so runs at different sizes show what grows faster than the library.

Not part of `make bench` or CI: a million articles take hours to generate and rebuild.
Test it with a small `--size` (e.g. 20000).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus as corpus_mod
from bench.figures import CorpusResult, percentile
from bench.queries import build_queries
from bench.report import MILLION_HEADING, machine
from bench.run import (
    OUT,
    REPO,
    RESULTS,
    TreeRss,
    _env,
    _python,
    _write_config,
    children_maxrss_mb,
    measure_cold_start,
    measure_typing,
    timed_queries,
)

HEADING = MILLION_HEADING
NAMES_WAIT_S = 3600.0
"""How long to wait for the rebuild child to save the corpus names (see
index/corpus/namestore.py) before who said what is opened."""


@dataclass(slots=True)
class MillionResult:
    """What one run measured."""

    articles: int
    generate_s: float = 0.0
    build_s: float = 0.0
    build_error: str | None = None
    tree_peak_mb: float = 0.0
    child_peak_mb: float = 0.0
    names_s: float | None = None
    """Seconds from the rebuild's end until the corpus names were saved."""
    index_mb: float = 0.0
    store_mb: float = 0.0
    keystroke_median_ms: float = 0.0
    keystroke_p95_ms: float = 0.0
    queries: int = 0
    speakers_first_ms: float | None = None
    speakers_complete_ms: float | None = None
    speakers_filter_p95_ms: float | None = None
    speakers_note: str = ""
    run: CorpusResult = field(default_factory=lambda: CorpusResult("1m", 0))


def _disk_mb(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths if p.is_file()) / 2**20


def _wait_for_names(index_dir: Path, timeout: float) -> float | None:
    """Seconds until the current generation's names file appears (None: it did not)."""
    from index.corpus.namestore import path_for
    from index.store.generations import read_current

    name = read_current(index_dir)
    if name is None:
        return None
    target = path_for(index_dir, name)
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if target.is_file():
            return time.perf_counter() - started
        time.sleep(0.2)
    return None


def _speakers(config: Path, result: MillionResult, timeout: float) -> None:
    """Who said what through the app: `W` to the first paint with quotes, to complete."""
    try:
        proc = subprocess.run(
            [
                *(_python(), "-m", "bench.screens_paint", str(config), "--bookmarks", "0"),
                *("--only", "who_said_what", "--words", "minister"),
            ],
            capture_output=True,
            text=True,
            env=_env(),
            cwd=REPO,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        result.speakers_note = f"probe stopped after {timeout:.0f} s"
        return
    try:
        values = json.loads(proc.stdout.strip().splitlines()[-1])["items"]["who_said_what"]
        result.speakers_first_ms = float(values["first_ms"])
        result.speakers_complete_ms = float(values["complete_ms"])
        result.speakers_filter_p95_ms = float(values.get("filter_p95_ms", "nan"))
    except (KeyError, ValueError, IndexError, TypeError):
        result.speakers_note = "probe failed: " + (proc.stderr.strip()[-200:] or "?")


def measure(bbc: Path, size: int, quick: bool) -> MillionResult:
    """Generate, rebuild and probe one library of `size` articles."""
    from index import Library, SearchRequest, load_config

    source = corpus_mod.load_source(bbc)
    titles = [t for ts in source.titles.values() for t in ts]
    print(f"generating (or reusing) the {size}-article corpus", flush=True)
    t0 = time.perf_counter()
    folder = corpus_mod.generate(bbc, size, source=source)
    result = MillionResult(size, generate_s=time.perf_counter() - t0)
    work = OUT / f"work-million-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = _write_config(work, [folder])

    print(f"full rebuild of {size} articles", flush=True)
    library = Library(load_config(config))
    before = children_maxrss_mb()
    with TreeRss(interval=0.5) as tree:
        t0 = time.perf_counter()
        report = library.rebuild(full=True)
        result.build_s = time.perf_counter() - t0
    result.tree_peak_mb = tree.peak_mb
    result.build_error = report.error
    if report.error:
        library.close()
        return result
    index_dir = work / "ix"
    print("waiting for the corpus names the rebuild child saves", flush=True)
    result.names_s = _wait_for_names(index_dir, NAMES_WAIT_S)
    time.sleep(1.0)  # the child exits after saving them, and is waited for
    result.child_peak_mb = max(before, children_maxrss_mb())
    generation = index_dir / (report.generation or "")
    result.index_mb = _disk_mb(list(generation.iterdir())) if generation.is_dir() else 0.0
    result.store_mb = _disk_mb(list(generation.glob("articles*.sqlite3")))

    print("keystrokes through the API", flush=True)
    queries = build_queries(source, sessions=14 if quick else 40)
    for warm in ("the", "minister", "economy growth"):
        library.search(SearchRequest(warm, as_you_type=True, limit=10, snippets=10))
    latencies = timed_queries(
        lambda q: library.search(SearchRequest(q.text, as_you_type=True, limit=10, snippets=10)),
        queries,
        budget=120.0,
    )
    library.close()
    result.queries = len(latencies.ms)
    result.keystroke_median_ms = latencies.median()
    result.keystroke_p95_ms = percentile(latencies.ms, 95)

    print("cold start", flush=True)
    measure_cold_start(config, titles, result.run)
    print("typing in the app (Pilot)", flush=True)
    measure_typing(config, queries, result.run, 40 if quick else 80, 60.0 if quick else 180.0)
    print("who said what", flush=True)
    _speakers(config, result, timeout=1800.0)
    return result


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def table(result: MillionResult) -> list[str]:
    """The run's section of RESULTS.md."""
    n = result.articles
    run = result.run
    cold = " / ".join(
        "—" if v is None else f"{v:.2f} s" for v in (run.cold_headless_s, run.cold_tmux_s)
    )
    typing = (
        f"{run.typing.p95_ms:.1f} ms ({run.typing.median_ms:.1f}), {run.typing.n} keys"
        if run.typing
        else f"not measured ({run.typing_note or '?'})"
    )
    rate = n / result.build_s if result.build_s else 0.0
    speakers = (
        f"{_ms(result.speakers_first_ms)} (all quotes read {_ms(result.speakers_complete_ms)}; "
        f"filter key p95 {_ms(result.speakers_filter_p95_ms)})"
        if result.speakers_first_ms is not None
        else result.speakers_note or "not measured"
    )
    names = "not saved" if result.names_s is None else f"{result.names_s:.1f} s after it"
    built = (
        f"{result.build_s:.0f} s ({rate:.0f} articles/s, {1000 / rate:.1f} ms/article)"
        if rate
        else "—"
    )
    rows = [
        (
            "full rebuild",
            f"failed: {result.build_error}" if result.build_error else built,
            "completes",
        ),
        (
            "rebuild peak RSS (all processes / largest one)",
            f"{result.tree_peak_mb:.0f} MB / {result.child_peak_mb:.0f} MB",
            "largest ≤ 400 MB",
        ),
        ("corpus names saved by the rebuild child", names, ""),
        ("cold start to populated first screen (headless / tmux)", cold, "≤ 2 s"),
        (
            "keystroke → top 10 + snippets (API), p95 (median)",
            f"{result.keystroke_p95_ms:.1f} ms ({result.keystroke_median_ms:.1f}), "
            f"{result.queries} queries",
            "≤ 100 ms",
        ),
        ("keystroke → painted results in the app (Pilot), p95 (median)", typing, "≤ 100 ms"),
        ("who said what: `W` → first paint with quotes", speakers, "≤ 200 ms"),
        (
            "index size on disk (of which article store)",
            f"{result.index_mb:.0f} MB ({result.store_mb:.0f} MB); "
            f"{result.index_mb * 1024 / max(1, n):.1f} KB/article",
            "",
        ),
    ]
    when = dict(machine())["date"]
    generated = (
        f"generated in {result.generate_s:.0f} s" if result.generate_s >= 1 else "corpus cached"
    )
    lines = [
        HEADING,
        "",
        f"{n:,} generated articles ({generated}), {when}, "
        f"`python -m bench.million --size {n}`. Per-article figures are there to compare "
        "runs at different sizes: a figure per article that grows with the library is "
        "what stops one machine first.",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    return lines


def write_section(lines: list[str], path: Path = RESULTS) -> None:
    """Replace this run's section of RESULTS.md (or add it at the end)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    start = text.find(HEADING)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    else:
        end = text.find("\n## ", start + len(HEADING))
        rest = text[end + 1 :] if end >= 0 else ""
        text = text[:start] + "\n".join(lines) + ("\n" + rest if rest else "")
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, write it into RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpora/bbc")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="fewer queries and keystrokes")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    bbc = Path(args.corpus).resolve()
    if not bbc.is_dir():
        print(f"{bbc}: corpus folder not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = measure(bbc, args.size, args.quick)
    lines = table(result)
    print("\n".join(lines))
    write_section(lines, Path(args.output))
    print(json.dumps({"minutes": round((time.perf_counter() - started) / 60, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
