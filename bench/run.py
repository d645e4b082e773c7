"""`python -m bench.run --corpus ../shared/corpora/bbc [--quick] [--sizes 10000,100000]`.

Measures Dateline where the user feels it (rebuild, keystroke to highlighted hits in the
API and to painted results in the app, one changed file to searchable, cold start, memory)
next to tantivy and naive Whoosh on the same corpus and queries in the same run, prints a
table and writes bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from bench import corpus as corpus_mod
from bench.baselines import NaiveWhoosh, Tantivy
from bench.figures import CorpusResult, Latencies, TypingFigures
from bench.probe import pick_sequences, timed_keystrokes, typing_sequences
from bench.queries import BenchQuery, build_queries, subsample
from bench.report import kept_million_section, print_table, render
from bench.screens_rows import measure_screens

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
RESULTS = HERE / "RESULTS.md"
IDLE_SECONDS = 30.0
"""How long the idle probe watches the app do nothing."""
FULL_BUDGET_S = 40 * 60
"""A corpus whose estimated Dateline rebuild exceeds this is skipped (and said so)."""


# -- measuring helpers ------------------------------------------------------------------


def timed_queries(
    run: Callable[[BenchQuery], object], queries: Iterable[BenchQuery], budget: float = 1e9
) -> Latencies:
    """Run queries in order until the time budget is used; each timed on its own."""
    lat = Latencies()
    started = time.perf_counter()
    for query in queries:
        t0 = time.perf_counter()
        run(query)
        lat.add(query.kind, (time.perf_counter() - t0) * 1000)
        if time.perf_counter() - started > budget:
            break
    return lat


class TreeRss:
    """Samples the summed RSS of every descendant process (build workers included)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self.largest_mb = 0.0
        """The largest RSS any one of those processes had at a sample."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            parents: dict[int, int] = {}
            rss: dict[int, int] = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            total = 0
            for pid in parents:
                node, depth = pid, 0
                while node in parents and depth < 20:
                    node, depth = parents[node], depth + 1
                    if node == me:
                        total += rss[pid]
                        self.largest_mb = max(self.largest_mb, rss[pid] / 2**20)
                        break
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(self.interval)


def children_maxrss_mb() -> float:
    """Largest peak RSS of any single waited-for child so far (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# -- one corpus -------------------------------------------------------------------------


def _write_config(work: Path, roots: list[Path]) -> Path:
    config = work / "config.yaml"
    config.write_text(
        "articles: [" + ", ".join(json.dumps(str(r)) for r in roots) + "]\n"
        f"index_dir: {json.dumps(str(work / 'ix'))}\n"
        f"bookmarks: {json.dumps(str(work / 'bookmarks.sqlite3'))}\n"
        "watch: false\n",
        encoding="utf-8",
    )
    return config


def _python() -> str:
    return sys.executable


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("DATELINE_CONFIG", None)
    return env


def measure_extraction(corpus: Path, sample: int = 200) -> tuple[float, float]:
    """Per-article ms of cleaning and of entity + quote extraction, one process."""
    from index.articles.cleaning import clean_text
    from index.extract.article import extract
    from index.extract.corrections import EntityRules

    paths = sorted(corpus.rglob("*.txt"))[:sample]
    texts = [corpus_mod.read_text(p) for p in paths]
    t0 = time.perf_counter()
    cleaned = [clean_text(t) for t in texts]
    t1 = time.perf_counter()
    rules = EntityRules()
    for c in cleaned:
        extract(c.text, c.blocks, rules)
    t2 = time.perf_counter()
    n = max(1, len(texts))
    return (t1 - t0) * 1000 / n, (t2 - t1) * 1000 / n


def _searchable(library: object, word: str, timeout: float = 10.0) -> bool:
    from index import Library, SearchRequest

    assert isinstance(library, Library)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        library.refresh()
        if library.search(SearchRequest(word, limit=1, snippets=1)).total:
            return True
        time.sleep(0.01)
    return False


def measure_updates(library: object, scratch: Path, result: CorpusResult) -> None:
    """One added and one edited file → searchable, through the real incremental rebuild
    told which file changed, as the app's folder watcher tells it."""
    from index import Library

    assert isinstance(library, Library)
    stamp = str(int(time.time()))
    added = scratch / f"added-{stamp}.txt"
    word = "zqxadded" + stamp
    added.write_text(
        f"Added story {word}\n\nThe {word} report was filed today, said Mr Smith.\n",
        encoding="utf-8",
    )
    t0 = time.perf_counter()
    report = library.rebuild(full=False, paths=[str(added)])
    ok = report.error is None and _searchable(library, word)
    result.update_add_s = time.perf_counter() - t0 if ok else -1.0
    edited = scratch / "edited.txt"
    word = "zqxedited" + stamp
    edited.write_text(
        edited.read_text(encoding="utf-8") + f"\nA late change mentions {word}.\n",
        encoding="utf-8",
    )
    t0 = time.perf_counter()
    report = library.rebuild(full=False, paths=[str(edited)])
    ok = report.error is None and _searchable(library, word)
    result.update_edit_s = time.perf_counter() - t0 if ok else -1.0


def _names_saved(index_dir: Path, timeout: float = 120.0) -> float | None:
    """Wait until the last rebuild child has saved the corpus names (it does so at low
    priority once the update is searchable): keystrokes are timed on a settled library,
    not against that background work. Seconds waited, or None if they never came."""
    from index.corpus.namestore import path_for
    from index.store.generations import read_current

    name = read_current(index_dir)
    if name is None:
        return None
    target = path_for(index_dir, name)
    started = time.perf_counter()
    while not target.is_file():
        if time.perf_counter() - started > timeout:
            return None
        time.sleep(0.05)
    return time.perf_counter() - started


def compile_checkout() -> None:
    """Compile the checkout's bytecode, as installing does (see `measure_cold_start`)."""
    subprocess.run(
        [_python(), "-m", "compileall", "-q", "index", "tui"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )


def run_probe(*args: object, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m bench.probe ARGS…` in a fresh interpreter on this checkout."""
    return subprocess.run(
        [_python(), "-m", "bench.probe", *map(str, args)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=timeout,
        check=False,
    )


def measure_idle(config: Path, result: CorpusResult, seconds: float) -> None:
    """CPU the app uses while nobody types, its folder watch on (a fresh process)."""
    proc = run_probe("idle", config, seconds, timeout=seconds + 120)
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        result.idle_core_pct = float(data["core_pct"])
        result.idle_seconds = float(data["seconds"])
    except (ValueError, IndexError, KeyError):
        result.idle_note = "idle probe failed: " + (proc.stderr.strip()[-200:] or "?")


def measure_cold_start(config: Path, titles: list[str], result: CorpusResult) -> None:
    """App start to a populated first screen: headless via Pilot, and in tmux.

    The checkout's bytecode is compiled first, as installing compiles it: with
    PYTHONDONTWRITEBYTECODE set (or a read-only checkout) every start would otherwise
    compile the app's modules from source, which no installed copy does.
    """
    if not (REPO / "tui" / "app.py").is_file():
        result.cold_note = "tui/app.py not written yet"
        return
    compile_checkout()
    runs: list[float] = []
    for _ in range(3):
        t0 = time.time()
        proc = run_probe("headless", config, t0, 10, timeout=60)
        try:
            seconds = float(json.loads(proc.stdout.strip().splitlines()[-1])["seconds"])
        except (ValueError, IndexError, KeyError):
            result.cold_note = "headless probe failed: " + (proc.stderr.strip()[-200:] or "?")
            break
        if seconds > 0:
            runs.append(seconds)
    result.cold_headless_s = statistics.median(runs) if runs else None
    if shutil.which("tmux"):
        result.cold_tmux_s = _tmux_start(config, titles)


def _tmux_start(config: Path, titles: list[str], timeout: float = 15.0) -> float | None:
    """Launch `dateline` in a detached tmux pane; poll until an article title is painted."""
    session = f"dlbench{os.getpid()}"
    probes = {t[:25] for t in titles if len(t) >= 12}
    dateline = Path(_python()).with_name("dateline")
    command = f"{dateline} --config {config}"
    t0 = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "140", "-y", "45", command],
        check=False,
        env=_env(),
    )
    found: float | None = None
    try:
        while time.perf_counter() - t0 < timeout:
            pane = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if any(p in pane for p in probes):
                found = time.perf_counter() - t0
                break
            time.sleep(0.02)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)
    return found


def measure_search_rss(config: Path, queries: list[BenchQuery], result: CorpusResult) -> None:
    """A fresh process opens the library and runs 200 searches; its RSS is the figure."""
    qfile = config.parent / "queries.json"
    qfile.write_text(json.dumps([q.text for q in queries]), encoding="utf-8")
    proc = run_probe("rss", config, qfile, 200)
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        result.notes.append("RSS probe failed: " + proc.stderr.strip()[-200:])
        return
    result.open_s = float(data["open_s"])
    result.search_rss_mb = float(data["rss_mb"])
    result.search_peak_mb = float(data["peak_mb"])


def measure_typing(
    config: Path, queries: list[BenchQuery], result: CorpusResult, keys: int, budget: float
) -> None:
    """Keystroke → painted results through the app, in a fresh process driven by Pilot.

    About `keys` keystrokes: typing sequences spread over the query set are added until
    they hold that many; the probe also stops starting sequences after `budget` seconds.
    """
    if not (REPO / "tui" / "app.py").is_file():
        result.typing_note = "tui/app.py not written yet"
        return
    texts = [q.text for q in queries]
    qfile = config.parent / "queries.json"
    qfile.write_text(json.dumps(texts), encoding="utf-8")
    sequences = typing_sequences(texts)
    count = next(
        (
            n
            for n in range(1, len(sequences) + 1)
            if timed_keystrokes(pick_sequences(sequences, n)) >= keys
        ),
        len(sequences),
    )
    t0 = time.perf_counter()
    try:
        proc = run_probe("typing", config, qfile, count, budget, timeout=budget + 120)
    except subprocess.TimeoutExpired:
        result.typing_note = f"typing probe killed after {budget + 120:.0f} s"
        return
    wall = time.perf_counter() - t0
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        result.typing = TypingFigures(
            n=int(data["n"]),
            median_ms=float(data["median_ms"]),
            p95_ms=float(data["p95_ms"]),
            max_ms=float(data["max_ms"]),
            timeouts=int(data["timeouts"]),
            sequences=int(data["sequences"]),
            search_median_ms=float(data["search_median_ms"]),
            search_p95_ms=float(data["search_p95_ms"]),
            gc2_count=int(data["gc2_count"]),
            gc2_median_ms=float(data["gc2_median_ms"]),
            typing_s=float(data["seconds"]),
            wall_s=wall,
        )
    except (ValueError, IndexError, KeyError, TypeError):
        tail = proc.stdout.strip()[-200:] + proc.stderr.strip()[-200:]
        result.typing_note = "typing probe failed: " + (tail or "?")


def bench_corpus(
    name: str,
    folder: Path,
    queries: list[BenchQuery],
    naive_budget: float,
    naive_limit: int,
    titles: list[str],
    typing_keys: int = 0,
    typing_budget: float = 60.0,
) -> CorpusResult:
    """Build all three engines on `folder` and run the query set on each.

    With `typing_keys`, about that many keystrokes are also typed into the app (Pilot).
    """
    from index import Library, SearchRequest, load_config

    articles = sum(1 for _ in folder.rglob("*.txt"))
    result = CorpusResult(name, articles)
    work = OUT / f"work-{name}"
    shutil.rmtree(work, ignore_errors=True)
    scratch = work / "scratch"
    scratch.mkdir(parents=True)
    first = sorted(folder.rglob("*.txt"))[0]
    (scratch / "edited.txt").write_text(corpus_mod.read_text(first), encoding="utf-8")
    config = _write_config(work, [folder, scratch])

    print(f"[{name}] measuring cleaning + extraction cost per article", flush=True)
    result.clean_ms, result.extract_ms = measure_extraction(folder)

    print(f"[{name}] Dateline full rebuild of {articles} articles", flush=True)
    library = Library(load_config(config))
    before = children_maxrss_mb()
    compile_checkout()
    with TreeRss() as tree:
        t0 = time.perf_counter()
        report = library.rebuild(full=True)
        result.build_s = time.perf_counter() - t0
        if not report.error:
            # A person opens the app as soon as the rebuild says it is done, while its
            # child still works out the corpus names; that child's memory counts too.
            print(f"[{name}] first start after the rebuild (tmux)", flush=True)
            result.cold_first_tmux_s = _tmux_start(config, titles) if shutil.which("tmux") else None
            waited = _names_saved(Path(library.config.index_dir))
            if waited is None:
                result.notes.append("The full rebuild's child never saved the corpus names.")
    result.build_tree_peak_mb = tree.peak_mb
    result.build_largest_mb = tree.largest_mb
    result.build_error = report.error
    result.build_rate = report.articles / result.build_s if result.build_s else 0.0
    print(f"[{name}]   {result.build_s:.1f} s, {result.build_rate:.0f} articles/s", flush=True)
    if report.error:
        result.notes.append(f"rebuild failed: {report.error}")
        library.close()
        return result

    print(f"[{name}] incremental updates", flush=True)
    measure_updates(library, scratch, result)
    # Read only now: the rebuild child ends (and is waited for) after it has reported,
    # once it has saved the corpus names or seen the next update start.
    after = children_maxrss_mb()
    result.build_child_peak_mb = after if after > before else before
    result.build_largest_mb = max(result.build_largest_mb, result.build_child_peak_mb)
    names = _names_saved(Path(library.config.index_dir))
    if names is not None:
        result.notes.append(
            f"Keystrokes timed once the last update's child had saved the corpus names "
            f"(waited {names:.1f} s)."
        )

    print(f"[{name}] Dateline: {len(queries)} keystroke queries", flush=True)
    for warm in ("the", "minister", "economy growth"):
        library.search(SearchRequest(warm, as_you_type=True, limit=10, snippets=10))

    def dateline(q: BenchQuery) -> object:
        return library.search(SearchRequest(q.text, as_you_type=True, limit=10, snippets=10))

    result.dateline = timed_queries(dateline, queries)
    library.close()

    print(f"[{name}] search RSS probe (200 searches in a fresh process)", flush=True)
    measure_search_rss(config, queries, result)
    print(f"[{name}] cold start", flush=True)
    measure_cold_start(config, titles, result)
    print(f"[{name}] app idle with its folder watch on", flush=True)
    measure_idle(config, result, IDLE_SECONDS)
    if typing_keys:
        print(
            f"[{name}] typing in the app: ~{typing_keys} keystrokes to painted results (Pilot)",
            flush=True,
        )
        measure_typing(config, queries, result, typing_keys, typing_budget)
        print(f"[{name}] every screen and panel in the app (Pilot)", flush=True)
        run = partial(subprocess.run, env=_env(), cwd=REPO)
        result.screens, result.screens_note = measure_screens(run, _python(), config, 900.0)

    print(f"[{name}] tantivy build + queries", flush=True)
    tan = Tantivy(OUT / f"tantivy-{name}", folder)
    result.tantivy_build_s = tan.build_seconds
    for first_query in queries[:3]:
        tan.search(first_query)
    result.tantivy = timed_queries(tan.search, queries)
    del tan

    print(
        f"[{name}] naive Whoosh build (cached) + queries (budget {naive_budget:.0f} s)", flush=True
    )
    stamp = (
        (folder / ".complete").read_text(encoding="utf-8")
        if (folder / ".complete").is_file()
        else str(articles)
    )
    naive = NaiveWhoosh(OUT / f"naive-{name}", folder, f"{name} {stamp}")
    result.naive_build_s, result.naive_cached = naive.build_seconds, naive.cached
    sample = subsample(queries, naive_limit)
    result.naive = timed_queries(naive.search, sample, naive_budget)
    naive.close()
    ran = sample[: len(result.naive.ms)]
    by_text = {q.text: m for q, m in zip(queries, result.dateline.ms, strict=True)}
    for q in ran:
        result.dateline_same.add(q.kind, by_text[q.text])
    return result


# -- main -------------------------------------------------------------------------------


def typing_plan(name: str, big: bool, quick: bool) -> tuple[int, float]:
    """(keystrokes, seconds budget) of the app typing probe for one corpus; 0: not run.

    Only the synthetic sizes have targets for it. About 0.15 s per keystroke at 10k (the
    probe waits for each paint, and Pilot for an idle app), plus ~3 s to start.
    """
    if name == "bbc":
        return 0, 0.0
    if quick:
        return 60, 25.0
    return (80, 120.0) if big else (150, 60.0)


def main(argv: list[str] | None = None) -> int:
    """Generate corpora, benchmark each, print the table, write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpora/bbc")
    parser.add_argument("--quick", action="store_true", help="BBC + 10k, fewer queries (< 5 min)")
    parser.add_argument("--sizes", default=None, help="synthetic sizes (default 10000,100000)")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bbc = Path(args.corpus).resolve()
    if not bbc.is_dir():
        print(f"{bbc}: corpus folder not found", file=sys.stderr)
        return 2
    sizes = [int(s) for s in (args.sizes or ("10000" if args.quick else "10000,100000")).split(",")]
    source = corpus_mod.load_source(bbc)
    titles = [t for ts in source.titles.values() for t in ts]
    queries = build_queries(source, sessions=14 if args.quick else 40)
    print(f"{len(queries)} queries; corpora: bbc + {sizes}", flush=True)
    results: dict[str, CorpusResult] = {}
    skipped: list[str] = []
    plan: list[tuple[str, Path]] = [("bbc", bbc)]
    for size in sizes:
        print(f"generating (or reusing) the {size}-article corpus", flush=True)
        plan.append((f"{size // 1000}k", corpus_mod.generate(bbc, size, source=source)))
    for name, folder in plan:
        ten = results.get("10k")
        count = sum(1 for _ in folder.rglob("*.txt"))
        if ten is not None and ten.build_rate > 0:
            estimate = count / ten.build_rate * 1.3
            if estimate > FULL_BUDGET_S:
                reason = (
                    f"{name}: estimated Dateline rebuild {estimate / 60:.0f} min exceeds "
                    f"{FULL_BUDGET_S // 60} min budget"
                )
                print("skipping " + reason, flush=True)
                skipped.append(reason)
                continue
        big = count > 50_000
        budget = 20.0 if args.quick else (240.0 if big else 90.0)
        limit = 60 if args.quick else 200
        keys, typing_budget = typing_plan(name, big, args.quick)
        results[name] = bench_corpus(
            name, folder, queries, budget, limit, titles, keys, typing_budget
        )
    elapsed = time.perf_counter() - started
    print()
    print_table(results)
    output = Path(args.output)
    kept = kept_million_section(output)
    output.write_text(
        render(results, args.quick, skipped, elapsed) + "\n".join(kept) + ("\n" if kept else ""),
        encoding="utf-8",
    )
    print(f"\nwrote {args.output} in {elapsed / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
