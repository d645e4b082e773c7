"""What the search tells the user: field names survive did-you-mean, typed words are shown
(never stems or alias keys), and a broken date range gets a sentence."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index import Config, Library, SearchRequest
from tests.app_fixtures import app_config, seed_app_index

__all__ = ["app_config", "seed_app_index"]


@pytest.fixture
def library(app_config: Config) -> Iterator[Library]:
    lib = Library(app_config)
    lib.open()
    try:
        yield lib
    finally:
        lib.close()


def test_did_you_mean_leaves_field_names_alone(library: Library) -> None:
    results = library.search(SearchRequest("org:APECC tarif"))
    assert results.total < 2
    assert results.suggestion is not None
    assert results.suggestion.startswith("org:")  # not "or:APECC"
    assert "tariff" in results.suggestion


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("Greene", "Greene", "green"),
        ("person:Greene", "person=Greene", "grine"),
        ("said:Koo", "said=Koo", "=ku"),
        ("title:Negotiations", "title:Negotiations", "negoti"),
        ("negotiating talks", "negotiating", "negotiat "),
    ],
)
def test_the_query_is_described_as_typed(
    library: Library, query: str, shown: str, hidden: str
) -> None:
    parsed = library.search(SearchRequest(query)).parsed
    assert shown in parsed
    assert hidden not in parsed + " "


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("date:[2025-10", "closing bracket"),
        ("date:[yesterday TO today]", "dates such as 2025-10-01"),
        ("apec date:[2025-10", "closing bracket"),
    ],
)
def test_a_broken_date_range_is_a_sentence(library: Library, query: str, words: str) -> None:
    results = library.search(SearchRequest(query))
    assert results.error is not None and words in results.error
    assert "date:[2025-10-01 TO 2025-10-31]" in results.error


def test_a_reversed_date_range_is_searched_the_right_way_round(library: Library) -> None:
    forward = library.search(SearchRequest("date:[2025-10-01 TO 2025-10-31]"))
    backward = library.search(SearchRequest("date:[2025-10-31 TO 2025-10-01]"))
    assert forward.total > 0 and backward.total == forward.total
    assert backward.error is not None and "backwards" in backward.error
