"""The indexing shortcuts give exactly what Whoosh's own machinery gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.fields import TEXT
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool

from index.postingpool import ChunkedPostingPool
from index.schema import FastText, exact_analyzer, stemmed_analyzer

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

AWKWARD = [
    "",
    "   ",
    "the",
    "The the THE of a",
    "A a the quick brown fox; the end.",
    "ﬁnance Ｆｕｌｌ-width u.s. U.S.A. e.g. 3.14 dotted.words.here",
    "soft\u00adhyphen zero\u200bwidth joiner\u200d here",
    "İstanbul STRASSE straße Ǆemal",
    "repeat repeat repeat the repeat running runs ran",
    "“Curly quotes” and ‘single’ ones — dashes – too",
]


@pytest.mark.parametrize("stemmed", [True, False])
@pytest.mark.parametrize("boost", [1.0, 2.0])
def test_fast_text_indexes_like_whoosh_text(stemmed: bool, boost: float) -> None:
    fast = FastText(stemmed=stemmed, field_boost=boost)
    stock = TEXT(analyzer=stemmed_analyzer() if stemmed else exact_analyzer(), field_boost=boost)
    texts = [*AWKWARD, *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir()))]
    for text in texts:
        assert sorted(fast.index(text)) == sorted(stock.index(text)), text[:60]


def _postings(count: int) -> list[tuple[str, bytes, int, float, bytes]]:
    rng = random.Random(3)
    return [
        (
            rng.choice(["body", "exact", "title"]),
            rng.choice(["alpha", "beta", "gamma", "δέλτα"]).encode() + bytes([rng.randrange(50)]),
            docnum,
            float(rng.randrange(1, 4)),
            bytes(rng.randrange(256) for _ in range(rng.randrange(6))),
        )
        for docnum in range(count)
    ]


def test_chunked_pool_spills_and_returns_the_stock_order(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("index.postingpool.CHUNK", 7)
    items = _postings(3_000)
    pools = []
    for cls in (PostingPool, ChunkedPostingPool):
        storage = FileStorage(str(tmp_path))
        pool = cls(storage, None, limitmb=1)
        pool.limit = 20_000  # bytes: force several spilled runs
        for item in items:
            pool.add(item)
        assert pool.runs, "the pool never spilled"
        pools.append(list(pool.iter_postings()))
    assert pools[0] == pools[1] == sorted(items)
