"""The query language, bad queries and the search API on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library, SearchFilter, SearchRequest, entity_filter, load_config
from tests.configs import write_config


@pytest.fixture(scope="module")
def library(seed_index: Path) -> Library:
    lib = Library(load_config(seed_index))
    assert lib.open().ready
    return lib


def ids(library: Library, query: str, **kwargs: object) -> list[str]:
    results = library.search(SearchRequest(query, **kwargs))  # type: ignore[arg-type]
    return sorted(hit.id[:3] for hit in results.hits)


def test_plain_word_finds_the_four_articles_mentioning_lutnick(library: Library) -> None:
    assert ids(library, "Lutnick") == ["000", "001", "003", "004"]


def test_title_field(library: Library) -> None:
    assert ids(library, "title:snag") == ["002"]


def test_fuzzy_term_finds_misspelling(library: Library) -> None:
    assert ids(library, "Lutnik~") == ["000", "001", "003", "004"]


def test_did_you_mean_when_nothing_found(library: Library) -> None:
    results = library.search(SearchRequest("Lutnik"))
    assert results.total == 0
    assert results.suggestion == "lutnick"


def test_prefix_needs_two_letters_and_expands(library: Library) -> None:
    assert ids(library, "lutn*") == ["000", "001", "003", "004"]
    results = library.search(SearchRequest("l*"))
    assert results.error is not None


def test_as_you_type_treats_last_word_as_prefix(library: Library) -> None:
    assert ids(library, "lutn", as_you_type=True) == ["000", "001", "003", "004"]
    assert ids(library, "lutn") == []


def test_boolean_operators_and_phrases(library: Library) -> None:
    assert ids(library, "Lutnick AND Bessent") == ids(library, "Lutnick Bessent")
    assert "002" in ids(library, "Lutnick OR snag")
    assert "002" not in ids(library, "trade NOT snag")
    assert ids(library, '"artificial deadline"') == ["002"]


def test_stemming_and_exact_mode(library: Library) -> None:
    assert "002" in ids(library, "negotiating")
    exact = library.search(SearchRequest("negotiating", exact=True))
    stemmed = library.search(SearchRequest("negotiating"))
    assert 0 < exact.total <= stemmed.total


def test_date_range_and_sort(library: Library) -> None:
    assert ids(library, "date:[2025-10-01 TO 2025-10-20]") == ["001", "003"]
    newest = library.search(SearchRequest("", sort="date"))
    assert newest.hits[0].id.startswith("002")
    assert newest.total == 5


def test_unicode_forms_match(library: Library) -> None:
    assert ids(library, "ＬＵＴＮＩＣＫ") == ["000", "001", "003", "004"]
    assert ids(library, "Lut\u200bnick") == ["000", "001", "003", "004"]


def test_snippets_flag_matches(library: Library) -> None:
    hit = library.search(SearchRequest("Lutnick")).hits[0]
    assert any(part.is_match and part.text.lower() == "lutnick" for part in hit.snippet)


def test_filters_include_and_exclude(library: Library) -> None:
    excluded = library.search(
        SearchRequest("Lutnick", filters=(SearchFilter("source", "Yonhap", exclude=True),))
    )
    assert sorted(h.id[:3] for h in excluded.hits) == ["000", "001"]


@pytest.mark.parametrize(
    "query",
    [
        "((((",
        '"unbalanced',
        "AND",
        "NOT",
        "news OR",
        "(",
        ")",
        "title:",
        "[a TO",
        "{a TO b}",
        "\\",
        "^2",
        "~",
        "\x00",
        "🙂",
        "שלום",
        "\ud800",
        "(" * 2000,
        "NOT " * 2000,
        "x" * 100_000,
        "*",
        "*a*",
        "?????*",
        "a*",
        "abc~3",
        "nosuchfield:value",
        "person:",
        'said:"',
        "))((",
    ],
)
def test_bad_queries_never_raise(library: Library, query: str) -> None:
    results = library.search(SearchRequest(query))
    assert results.total >= 0


def test_unbalanced_brackets_and_quotes_explain_themselves(library: Library) -> None:
    assert library.search(SearchRequest("((((")).error
    assert library.search(SearchRequest('"unbalanced')).error
    assert "too many" in (library.search(SearchRequest("NOT " * 2000)).error or "")


def test_minus_excludes_and_plus_requires(library: Library) -> None:
    assert ids(library, "Lutnick -Bessent") == ids(library, "Lutnick NOT Bessent")
    assert "000" not in ids(library, 'Lutnick -"sufficient and productive"')
    assert ids(library, "+Lutnick snag") == ids(library, "Lutnick snag")
    assert ids(library, "last-mile") == ["000"]


def test_parsed_description_keeps_fields(library: Library) -> None:
    assert library.search(SearchRequest("title:snag")).parsed == "title:snag"
    assert "NOT" in library.search(SearchRequest("lutnick -tariff")).parsed


def test_short_rare_word_typed_alone_searches_the_whole_text(library: Library) -> None:
    assert ids(library, "koo", as_you_type=True) == ["000", "001", "003"]


def test_short_common_prefix_typed_alone_is_matched_in_titles_only() -> None:
    from index.search.completion import CompletionTable
    from index.search.query import TITLE_ONLY_POSTINGS, parse

    common = CompletionTable(["thank", "their", "they"], [TITLE_ONLY_POSTINGS] * 3)
    rare = CompletionTable(["thank", "their", "they"], [3, 2, 1])
    assert parse("th", common, as_you_type=True).expansions[0].title_only
    assert not parse("th", rare, as_you_type=True).expansions[0].title_only
    assert not parse("rally th", common, as_you_type=True).expansions[0].title_only


def test_sorting_by_date_with_a_query_puts_newest_first(library: Library) -> None:
    results = library.search(SearchRequest("Lutnick", sort="date"))
    dates = [hit.date or "" for hit in results.hits]
    assert results.total == 4
    assert dates == sorted(dates, reverse=True)


def test_date_bounds_filter_a_query(library: Library) -> None:
    bounded = library.search(SearchRequest("Lutnick", date_from="2025-10-01", date_to="2025-10-20"))
    assert sorted(hit.id[:3] for hit in bounded.hits) == ["001", "003"]
    assert bounded.total == 2


def test_include_filter_with_a_partial_word(library: Library) -> None:
    everyone = library.search(SearchRequest("lutn", as_you_type=True))
    only = library.search(
        SearchRequest("lutn", as_you_type=True, filters=(SearchFilter("source", "Yonhap"),))
    )
    assert 0 < only.total < everyone.total
    assert {h.id for h in only.hits} <= {h.id for h in everyone.hits}


def test_a_search_past_its_time_limit_says_so(seed_index: Path) -> None:
    lib = Library(load_config(seed_index))
    assert lib.open().ready
    engine = lib._engine
    assert engine is not None
    engine.time_limit = 0.0
    results = lib.search(SearchRequest("Lutnick"))
    lib.close()
    assert results.timed_out
    assert results.error is not None and "longer than" in results.error


# -- snippets on demand (`Library.with_snippets`) ------------------------------------------


def test_hits_listed_without_snippets_have_none(library: Library) -> None:
    results = library.search(SearchRequest("Lutnick", snippets=0))
    assert results.total == 4 and len(results.hits) == 4
    assert all(hit.snippet == () for hit in results.hits)
    some = library.search(SearchRequest("Lutnick", snippets=1))
    assert [bool(hit.snippet) for hit in some.hits] == [True, False, False, False]


def test_with_snippets_fills_exactly_the_ids_asked_for(library: Library) -> None:
    results = library.search(SearchRequest("Lutnick", snippets=0))
    wanted = (results.hits[3].id, results.hits[1].id)
    filled = library.with_snippets(results, wanted)
    assert filled.request == results.request
    assert filled.total == results.total
    assert [hit.id for hit in filled.hits] == [hit.id for hit in results.hits]
    for before, after in zip(results.hits, filled.hits, strict=True):
        if after.id in wanted:
            assert after.snippet and all(part.text for part in after.snippet)
            assert any(p.is_match and "lutnick" in p.text.lower() for p in after.snippet)
            assert (after.title, after.path, after.date, after.score) == (
                before.title,
                before.path,
                before.date,
                before.score,
            )
        else:
            assert after == before
    # the same snippet a search would have given
    full = library.search(SearchRequest("Lutnick"))
    by_id = {hit.id: hit.snippet for hit in full.hits}
    assert all(hit.snippet == by_id[hit.id] for hit in filled.hits if hit.id in wanted)


def test_with_snippets_keeps_snippets_already_there(library: Library) -> None:
    results = library.search(SearchRequest("Lutnick", snippets=1))
    first = results.hits[0]
    assert first.snippet and not results.hits[1].snippet
    filled = library.with_snippets(results, [hit.id for hit in results.hits])
    assert filled.hits[0] is first
    for hit in filled.hits:
        assert any(p.is_match and "lutnick" in p.text.lower() for p in hit.snippet), hit.id


def test_with_snippets_ignores_unknown_ids(library: Library) -> None:
    results = library.search(SearchRequest("Lutnick", snippets=0))
    assert library.with_snippets(results, ["no-such-article.txt", ""]) == results
    assert library.with_snippets(results, []) == results


def test_with_snippets_on_a_closed_or_unopened_library_changes_nothing(
    seed_index: Path,
) -> None:
    unopened = Library(load_config(seed_index))
    lib = Library(load_config(seed_index))
    try:
        assert lib.open().ready
        results = lib.search(SearchRequest("Lutnick", snippets=0))
        ids = [hit.id for hit in results.hits]
        assert unopened.with_snippets(results, ids) == results
        engine = lib._engine
        assert engine is not None
        engine.close()  # swapped out under a worker: the engine answers IndexClosedError
        assert lib.with_snippets(results, ids) == results
        lib.close()
        assert lib.with_snippets(results, ids) == results
    finally:
        lib.close()
        unopened.close()


def test_or_of_partial_words_searches_both(seed_index: Path) -> None:
    """`koo* OR lutn*`: the parser flattens both expansions into one OR; both stay."""
    library = Library(load_config(seed_index))
    library.open()
    try:
        koo = {h.id for h in library.search(SearchRequest("koo*")).hits}
        lutnick = {h.id for h in library.search(SearchRequest("lutn*")).hits}
        both = {h.id for h in library.search(SearchRequest("koo* OR lutn*")).hits}
        assert koo != lutnick and both == koo | lutnick
    finally:
        library.close()


BLAIR_STORIES = {
    "a1.txt": "Blair sets out plans\n\nPrime Minister Tony Blair said on Monday that the "
    "plans would go ahead. Tony Blair told reporters the country was ready.\n",
    "a2.txt": "Pensions row grows\n\nMr Blair said the pensions plan was fair. Critics said "
    "Mr Blair had not listened to the unions.\n",
    "a3.txt": "Book tour opens\n\nCherie Blair spoke about her new book in London. Mrs Blair "
    "said the tour would visit ten cities.\n",
    "a4.txt": "Markets steady\n\nShares rose on Tuesday as traders waited for the figures "
    "from the central bank.\n",
}


def test_keeping_an_entity_keeps_exactly_the_articles_its_row_counts(tmp_path: Path) -> None:
    """The sidebar's Tony Blair row counts the article that only says "Mr Blair" (and not
    Mrs Blair's): `e` on it keeps exactly those, and `x` drops exactly those."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in BLAIR_STORIES.items():
        (articles / name).write_text(text, encoding="utf-8")
    library = Library(load_config(write_config(tmp_path, articles)))
    try:
        assert library.rebuild(full=True).error is None
        library.open()
        rows = {e.name: e for e in library.entities("PERSON")}
        assert rows["Tony Blair"].articles == 2, rows
        for name, row in rows.items():
            keep = library.search(SearchRequest("", (entity_filter("PERSON", name),)))
            drop = library.search(SearchRequest("", (entity_filter("PERSON", name, True),)))
            assert keep.total == row.articles, (name, [h.id for h in keep.hits])
            assert keep.total + drop.total == len(BLAIR_STORIES)
        kept = library.search(SearchRequest("", (entity_filter("PERSON", "Tony Blair"),)))
        assert sorted(h.id for h in kept.hits) == ["a1.txt", "a2.txt"]
    finally:
        library.close()
