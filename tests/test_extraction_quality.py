"""The extractor meets the quality targets on the hand-labelled seeds."""

from __future__ import annotations

from pathlib import Path

from bench.score_extraction import format_table, score

ROOT = Path(__file__).resolve().parent.parent


def test_seed_quality_targets() -> None:
    scores = score(ROOT / "tests/data/seeds.yaml", ROOT / "seeds")
    table = format_table(scores)
    overall = scores.overall
    assert overall.precision >= 0.95, table
    assert overall.recall >= 0.95, table
    assert scores.quotes.recall >= 0.95, table
    assert scores.quotes.precision >= 0.90, table
    assert scores.speaker_accuracy >= 0.90, table
