"""Rows 23-25: query fuzz, pathological and expensive queries never crash or stall.

Searches go through `Library.search`, which must always return results or a plain
sentence, within a deadline, whatever the user types.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from index import Library, SearchRequest, SearchResults
from index.search.query import PREFIX_EXPANSIONS, QueryProblem, parse
from tests.configs import write_config
from tests.reliability.conftest import make_articles

FUZZ_ATOMS = [
    '"', '"news', "AND", "NOT", "news OR", "(", ")", "title:", "[a TO", "{a TO b}", "\\",
    "^2", "~", "\x00", "😀", "مرحبا", "\ud800", "*", "?", "story7", "minister", "harbour~2",
    "ha*", "said:", "person:", "date:2024", "-", "+", ":", "''", "OR OR", "NOT NOT", "\u202e",
    "ｆｕｌｌ", "ﬁ", "\u00ad", "[", "]", "{", "}", "/", "&&", "||", "!", "~3", "a~", "%", "\t",
    "\n", "title:(a OR", "body:", "exact:", "*a*", "?????*", "story*", "\u200b", "e\u0301",
]  # fmt: skip


@pytest.fixture(scope="module")
def term_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """300 articles with many distinct words (tens of thousands of terms)."""
    folder = tmp_path_factory.mktemp("terms")
    articles = folder / "articles"
    make_articles(articles, 300, words=150)
    rng = random.Random(25)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for i in range(300):
        words = " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(200)
        )
        (articles / f"w{i:04d}.txt").write_text(f"Word list {i}\n\n{words}.\n")
    config = write_config(folder, articles)
    from index import load_config

    library = Library(load_config(config))
    report = library.rebuild(full=True)
    assert report.error is None, report.error
    library.open()
    yield library
    library.close()


@pytest.fixture(scope="module")
def story_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """100 generated stories (a small vocabulary keeps 10k searches quick)."""
    from index import load_config

    folder = tmp_path_factory.mktemp("stories")
    make_articles(folder / "articles", 100, words=100)
    library = Library(load_config(write_config(folder, folder / "articles")))
    report = library.rebuild(full=True)
    assert report.error is None, report.error
    library.open()
    yield library
    library.close()


def _checked(library: Library, query: str) -> SearchResults:
    result = library.search(SearchRequest(query, limit=10, snippets=0))
    assert result.error is None or "\n" not in result.error
    assert "Traceback" not in (result.error or "")
    return result


@pytest.mark.slow
@pytest.mark.row(23)
def test_query_fuzz_10k_strings_never_raise(story_library: Library) -> None:
    rng = random.Random(23)
    queries = list(FUZZ_ATOMS)
    while len(queries) < 10_000:
        kind = rng.random()
        if kind < 0.6:
            queries.append(" ".join(rng.choice(FUZZ_ATOMS) for _ in range(rng.randint(1, 6))))
        elif kind < 0.9:
            queries.append("".join(rng.choice(FUZZ_ATOMS) for _ in range(rng.randint(1, 8))))
        else:
            queries.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 30))))
    for query in queries:
        _checked(story_library, query)
    assert story_library.status().ready, "a query damaged the index"


@pytest.mark.row(24)
@pytest.mark.parametrize(
    "query",
    ["(" * 2000, "NOT " * 2000, "a" * 100_000, "(a " * 2000, "x:" * 5000, '"' * 3001],
    ids=["parens", "nots", "100k-token", "nested-terms", "fields", "quotes"],
)
def test_pathological_queries_are_fast_with_a_message(term_library: Library, query: str) -> None:
    # Bounded by the caps checked before parsing (length, nesting, operators), not by a clock.
    result = _checked(term_library, query)
    assert result.error, "a pathological query should say what was done with it"


@pytest.mark.row(25)
@pytest.mark.parametrize("query", ["*", "*a*", "?????*", "a*", "abc~3", "e*", "zz~2 OR qq~2"])
def test_expensive_queries_are_refused_or_cut(term_library: Library, query: str) -> None:
    # The work is bounded by count: a partial or fuzzy word stands for a capped number of
    # whole words, and no open-ended wildcard or fuzzy term reaches Whoosh.
    engine = term_library._engine
    assert engine is not None
    try:
        parsed = parse(query, engine.completions)
    except QueryProblem:
        parsed = None
    if parsed is not None:
        assert all(len(e.words) <= PREFIX_EXPANSIONS for e in parsed.expansions)
        leaves = [type(node).__name__ for node in parsed.query.leaves()]
        assert not {"Wildcard", "FuzzyTerm", "Prefix"} & set(leaves), leaves
    result = _checked(term_library, query)
    assert result.error is None or result.error.endswith(".")
