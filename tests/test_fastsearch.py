"""The block codec and the whole-list evaluator, checked against Whoosh and brute force.

Whoosh's own union matchers miscount in some shapes (an array union inside an AND, the
binary union tree on long lists), so counts are checked against plain set arithmetic
over each word's documents, and scores against Whoosh's score for each single word.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage

from index.search.codec import DatelineCodec, encode_block, read_ids_weights, read_values
from index.search.completion import CompletionTable, write_table
from index.search.evaluate import Unsupported
from index.search.fastsearch import FastSearcher
from index.search.postings import read_postings
from index.search.query import parse
from index.search.schema import build_schema

VOCABULARY = [f"w{i:03d}" for i in range(60)] + ["alpha", "alpine", "beta", "bet", "better"]


def _document(rng: random.Random, number: int) -> dict[str, Any]:
    # A skewed vocabulary: low-numbered words are common, so lists span many blocks.
    words = [VOCABULARY[min(int(rng.expovariate(0.08)), len(VOCABULARY) - 1)] for _ in range(40)]
    return {
        "id": f"doc{number:04d}",
        "path": f"doc{number:04d}.txt",
        "title": " ".join(words[:4]),
        "body": " ".join(words),
        "exact": " ".join(words),
        "date": f"2024-{1 + number % 12:02d}-{1 + number % 5:02d}",
        "person": "koo" if number % 7 == 0 else "kim",
    }


def _build(folder: Path, codec: Any) -> Any:
    rng = random.Random(7)
    ix = FileStorage(str(folder)).create_index(build_schema(), indexname="t")
    for start, stop in ((0, 400), (400, 650)):  # two segments
        writer = ix.writer(codec=codec)
        for number in range(start, stop):
            writer.add_document(**_document(rng, number))
        writer.commit(merge=False)
    writer = ix.writer(codec=codec)
    for number in (3, 5, 401, 402):
        writer.delete_by_term("id", f"doc{number:04d}")
    writer.commit(merge=False)
    write_table(folder, "t")
    return ix


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    index = _build(tmp_path_factory.mktemp("blocks"), DatelineCodec())
    yield index
    index.close()


@pytest.fixture(scope="module")
def searcher(ix: Any) -> Iterator[Any]:
    with ix.searcher() as found:
        yield found


@pytest.fixture(scope="module")
def completions(ix: Any) -> CompletionTable:
    return CompletionTable.load(Path(ix.storage.folder))


def test_blocks_round_trip_every_value_kind() -> None:
    ids = array("I", [3, 10, 400, 70_000, 70_001])
    weight_sets = [[1.0] * 5, [1.0, 2.0, 3.0, 1.0, 255.0], [1.5, 2.0, 3.0, 4.0, 300.0]]
    value_sets: list[tuple[Any, list[bytes]]] = [
        (None, [b"ab", b"", b"xyz" * 40, b"q", b"\x00\xff"]),
        (0, []),
        (2, [b"aa", b"bb", b"cc", b"dd", b"ee"]),
    ]
    for weights in weight_sets:
        for fixed, values in value_sets:
            for level in (0, 3):
                block = encode_block(ids, array("f", weights), values, fixed, level)
                got_ids, got_weights = read_ids_weights(block, len(ids))
                got_values = read_values(block, len(ids))
                assert got_ids == list(ids)
                assert [float(w) for w in got_weights] == pytest.approx(weights)
                if fixed is None:
                    assert got_values == tuple(values)
                elif fixed == 0:
                    assert got_values is None
                else:
                    assert got_values == b"".join(values)


def test_block_index_reads_the_same_postings_as_whoosh_w3(tmp_path: Path, ix: Any) -> None:
    plain = _build(tmp_path, W3Codec())
    try:
        with plain.reader() as expected, ix.reader() as actual:
            for fieldname in ("title", "body", "exact", "person"):
                terms = list(expected.field_terms(fieldname))
                assert terms == list(actual.field_terms(fieldname))
                kind = (
                    "positions"
                    if expected.schema[fieldname].format.supports("positions")
                    else "weight"
                )
                for term in terms:
                    want = list(expected.postings(fieldname, term).items_as(kind))
                    assert want == list(actual.postings(fieldname, term).items_as(kind))
    finally:
        plain.close()


def test_bulk_postings_match_the_matcher(searcher: Any) -> None:
    for sub, _ in searcher.subsearchers:
        reader = sub.reader()
        for term in list(reader.field_terms("exact"))[:30]:
            matcher = reader.postings("exact", term)
            expected = [
                (m, w) for m, w in zip(matcher.all_ids(), _weights(reader, term), strict=True)
            ]
            child = reader.postings("exact", term)
            ids, weights = read_postings(getattr(child, "child", child))
            deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            got = [(d, float(w)) for d, w in zip(ids, weights, strict=True) if d not in deleted]
            assert got == expected


def _weights(reader: Any, term: str) -> list[float]:
    matcher = reader.postings("exact", term)
    found = []
    while matcher.is_active():
        found.append(float(matcher.weight()))
        matcher.next()
    return found


def _docs(searcher: Any, node: Any) -> set[int]:
    """Brute force: each word's documents, combined with set arithmetic."""
    if type(node) is wq.Term:
        return set(node.docs(searcher))
    if isinstance(node, wq.Or):
        return set().union(*(_docs(searcher, sub) for sub in node.subqueries))
    if isinstance(node, wq.And):
        found: set[int] | None = None
        for sub in node.subqueries:
            if isinstance(sub, wq.Not):
                continue
            part = _docs(searcher, sub)
            found = part if found is None else found & part
        assert found is not None
        for sub in node.subqueries:
            if isinstance(sub, wq.Not):
                found -= _docs(searcher, sub.query)
        return found
    raise AssertionError(f"unexpected node {node!r}")


def _scores(searcher: Any, node: Any) -> dict[int, float]:
    """Expected scores: Whoosh's score for each single word, summed as BM25F adds them."""
    if type(node) is wq.Term:
        results = searcher.search(node, limit=None)
        return {hit.docnum: hit.score for hit in results}
    if isinstance(node, wq.Or):
        total: dict[int, float] = {}
        for sub in node.subqueries:
            for docnum, score in _scores(searcher, sub).items():
                total[docnum] = total.get(docnum, 0.0) + score
        return {d: s * node.boost for d, s in total.items()}
    if isinstance(node, wq.And):
        keep = _docs(searcher, node)
        total = dict.fromkeys(keep, 0.0)
        for sub in node.subqueries:
            if isinstance(sub, wq.Not):
                total = {d: s + 1.0 for d, s in total.items()}
                continue
            part = _scores(searcher, sub)
            total = {d: s + part[d] for d, s in total.items()}
        return total
    raise AssertionError(f"unexpected node {node!r}")


QUERIES = [
    "w000",
    "w001 w002",
    "al",
    "be",
    "w000 be",
    "w003 alp",
    "w001 OR w040",
    "w001 -w002",
    "w005 NOT be",
    "(w001 OR w007) w02",
    "person:koo w00",
]


@pytest.mark.parametrize("text", QUERIES)
def test_counts_and_scores_match_brute_force(
    searcher: Any, completions: CompletionTable, text: str
) -> None:
    query = parse(text, completions, as_you_type=True).query
    ranked = FastSearcher(searcher).search(query, 10)
    expected = _scores(searcher, query)
    assert ranked.total == len(expected) == len(_docs(searcher, query))
    best = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert [d for d, _ in best] == list(ranked.docnums)
    assert [s for _, s in best] == pytest.approx(list(ranked.scores), rel=1e-9)


PHRASES = ['"w000 w001"', '"w001 w000 w002"', '"w000 w002"~3', '"w001 w001"', 'w003 "w000 w001"']


@pytest.mark.parametrize(
    "text", [*QUERIES, *PHRASES, "title:w003", "w00*", "w001 REQUIRE w002", "w001 ANDMAYBE w040"]
)
def test_whoosh_unlimited_search_agrees(
    searcher: Any, completions: CompletionTable, text: str
) -> None:
    # With a result limit Whoosh drops union matches that cannot reach the top ten and
    # then miscounts; without one it visits every match, so its order and count are true.
    query = parse(text, completions, as_you_type=True).query
    ranked = FastSearcher(searcher).search(query, 10)
    results = searcher.search(query, limit=None)
    assert ranked.total == len(results)
    assert list(ranked.scores) == pytest.approx([hit.score for hit in results[:10]], rel=1e-9)


def test_whoosh_with_a_limit_miscounts_unions(searcher: Any) -> None:
    """Why the evaluator exists: the stock top-ten search undercounts a two-field word."""
    query = wq.Or([wq.Term("title", "w001", boost=2.0), wq.Term("body", "w001")])
    limited = len(searcher.search(query, limit=10, optimize=False))
    assert FastSearcher(searcher).search(query, 10).total == len(_docs(searcher, query))
    assert limited < len(_docs(searcher, query))


def test_sorting_by_date_matches_whoosh(searcher: Any) -> None:
    query = wq.Term("exact", "w001")
    ranked = FastSearcher(searcher).search(query, 25, by_date=True)
    results = searcher.search(query, limit=25, sortedby="date", reverse=True)
    dates = [searcher.stored_fields(d)["date"] for d in ranked.docnums]
    assert dates == sorted(dates, reverse=True)
    assert list(ranked.docnums) == [hit.docnum for hit in results]
    everything = FastSearcher(searcher).search(wq.Every(), 10, by_date=True)
    assert list(everything.docnums) == [
        hit.docnum for hit in searcher.search(wq.Every(), limit=10, sortedby="date", reverse=True)
    ]


def test_filters_and_exclusions(searcher: Any) -> None:
    fast = FastSearcher(searcher)
    query = wq.Term("exact", "w000")
    koo = fast.matching(wq.Term("person", "koo"))
    only = fast.search(query, 1000, allowed=koo)
    without = fast.search(query, 1000, excluded=koo)
    everything = fast.search(query, 1000)
    assert only.total + without.total == everything.total
    assert set(only.docnums) | set(without.docnums) == set(everything.docnums)
    koo_docs = _docs(searcher, wq.Term("person", "koo"))
    assert set(only.docnums) <= koo_docs
    assert not set(without.docnums) & koo_docs


def test_deleted_documents_never_match(searcher: Any) -> None:
    ranked = FastSearcher(searcher).search(wq.Every(), 1000)
    assert ranked.total == searcher.doc_count()
    stored = {searcher.stored_fields(d)["id"] for d in ranked.docnums}
    assert not stored & {"doc0003", "doc0005", "doc0401", "doc0402"}


def test_unsupported_shapes_are_refused(searcher: Any) -> None:
    with pytest.raises(Unsupported):
        FastSearcher(searcher).search(wq.DisjunctionMax([wq.Term("exact", "w000")]), 10)


@pytest.mark.parametrize("text", ["w000", "w001 w002", "person:koo w00", '"w000 w001"'])
def test_matching_ids_are_the_stored_ids_of_every_match(
    searcher: Any, completions: CompletionTable, text: str
) -> None:
    query = parse(text, completions, as_you_type=True).query
    expected = {
        searcher.stored_fields(hit.docnum)["id"] for hit in searcher.search(query, limit=None)
    }
    assert FastSearcher(searcher).matching_ids(query) == expected
