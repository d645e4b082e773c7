"""The benchmark harness works: corpus generator, query set and the app typing probe, on
tiny inputs (the seeds), never ../shared.

No timings are asserted (they belong in bench/RESULTS.md, not in unit tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.corpus import generate, load_source
from bench.probe import pick_sequences, timed_keystrokes, typing_sequences
from bench.queries import build_queries, subsample
from index import Config
from tests.app_fixtures import REPO, app_config, seed_app_index

__all__ = ["app_config", "seed_app_index"]

_ARTICLES = {
    "politics/001.txt": (
        "Blair warns on election timing\n\n"
        "Tony Blair said the election would be fought on the economy. "
        "Michael Howard said the Conservatives were ready.\n\n"
        '"We will win," said Mr Howard. The campaign starts in spring.\n'
    ),
    "business/001.txt": (
        "Markets rally on growth figures\n\n"
        "Shares rose sharply after growth figures beat forecasts. "
        "Gordon Brown said the figures showed strength.\n\n"
        "Analysts expect interest rates to stay unchanged this month.\n"
    ),
}


def _tiny_corpus(folder: Path) -> Path:
    for name, text in _ARTICLES.items():
        path = folder / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder / "src"


def test_generator_is_deterministic_and_cached(tmp_path: Path) -> None:
    source_dir = _tiny_corpus(tmp_path)
    first = generate(source_dir, 30, out=tmp_path / "a")
    second = generate(source_dir, 30, out=tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*.txt"))
    assert len(files) == 30
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.txt"))
    sample = files[0]
    assert (first / sample).read_text(encoding="utf-8") == (second / sample).read_text(
        encoding="utf-8"
    )
    title, blank, *_ = (first / sample).read_text(encoding="utf-8").splitlines()
    assert title and blank == ""
    stamp = (first / ".complete").stat().st_mtime_ns
    assert generate(source_dir, 30, out=tmp_path / "a") == first
    assert (first / ".complete").stat().st_mtime_ns == stamp


def test_query_set_types_like_a_person(tmp_path: Path) -> None:
    source = load_source(_tiny_corpus(tmp_path))
    assert "Tony Blair" in source.names or "Michael Howard" in source.names
    queries = build_queries(source, sessions=6)
    assert queries == build_queries(source, sessions=6)
    kinds = {q.kind for q in queries}
    assert {"prefix2", "prefix3", "phrase", "fuzzy", "entity", "two-word"} <= kinds
    assert all(len(q.partial) >= 2 for q in queries if q.partial)
    assert any(q.text.startswith('person:"') for q in queries)
    small = subsample(queries, 10)
    assert len(small) == 10 and all(q in queries for q in small)


def test_typing_sequences_are_what_a_person_typed() -> None:
    texts = ["wi", "wil", "wilk", "th", "the", "mike", "mike n", "mike ne", '"a b"', "fo~"]
    sequences = typing_sequences(texts)
    assert sequences == ["wilk", "the", "mike ne", '"a b"', "fo~"]
    assert timed_keystrokes(sequences) == 3 + 2 + 6 + 4 + 2
    assert pick_sequences(sequences, 2) == ["wilk", "mike ne"]
    assert pick_sequences(sequences, 9) == sequences


def test_typing_probe_paints_every_keystroke(app_config: Config, tmp_path: Path) -> None:
    """`python -m bench.probe typing` types into the real app and sees each result painted."""
    assert app_config.source is not None
    config = Path(app_config.source)
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps(["lu", "lut", "lutn", '"trade talks"']), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bench.probe", "typing", str(config), str(queries), "2", "60"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["keystrokes"] == data["n"] == 3 + 12
    assert data["sequences"] == 2
    assert data["timeouts"] == data["mistyped"] == data["unverified"] == 0
    assert 0 < data["median_ms"] <= data["p95_ms"] <= data["max_ms"]


def test_target_table_says_how_far_each_miss_is() -> None:
    from bench.figures import CorpusResult, Latencies
    from bench.targets import target_rows

    fast, slow = Latencies(), Latencies()
    for kind, mine, theirs in (("word", 2.0, 1.0), ("two-word", 9.0, 1.0), ("phrase", 20.0, 1.0)):
        fast.add(kind, theirs)
        slow.add(kind, mine)
    result = CorpusResult("100k", 100_000, build_s=500.0, build_rate=200.0)
    result.dateline, result.tantivy = slow, fast
    result.build_largest_mb, result.idle_core_pct, result.idle_seconds = 800.0, 0.5, 30.0
    rows = {row.target: row for row in target_rows({"100k": result})}
    assert rows["10k: all targets"].met == "skipped"
    assert rows["100k: two-word queries (API), p95"].met == "no (2.2× off)"  # 9× against ≤ 4×
    assert rows["100k: phrase queries (API), p95"].met == "no (5.0× off)"  # 20× against ≤ 4×
    assert rows["100k: phrase queries (API), p95 time"].goal == "≤ 15 ms"
    assert rows["100k: phrase queries (API), p95 time"].met == "no (1.3× off)"
    assert rows["100k: rebuild peak RSS, largest process (all processes)"].met == "no (2.0× off)"
    assert rows["100k: app idle, watching its folders (share of one core)"].met == "yes"
    assert rows["100k: keystroke → painted results in the app (Pilot), p95 (median)"].met == (
        "pending"
    )
