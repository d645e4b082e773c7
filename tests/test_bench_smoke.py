"""The benchmark harness works: corpus generator and query set on a tiny synthetic input.

No timings are asserted (they belong in bench/RESULTS.md, not in unit tests).
"""

from __future__ import annotations

from pathlib import Path

from bench.corpus import generate, load_source
from bench.queries import build_queries, subsample

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
