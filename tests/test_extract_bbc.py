"""extract() runs over the whole BBC corpus without crashing (when the corpus is present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.extract_bbc import run

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc"


@pytest.mark.slow
def test_bbc_corpus_no_crash() -> None:
    if not CORPUS.is_dir():
        pytest.skip("BBC corpus not present at ../shared/corpora/bbc")
    result = run(CORPUS, keep=False)
    assert result.articles > 0
    assert result.crashes == []
    for_each_type = result.entity_types
    assert for_each_type["PERSON"] > 0 and for_each_type["PLACE"] > 0
