"""Related articles, shared passages, remark grouping, history and saved searches."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library, Quote, SearchHistory, SearchRequest, load_config
from index.corpus.passages import group_remarks, same_remark


@pytest.fixture(scope="module")
def library(seed_index: Path) -> Library:
    lib = Library(load_config(seed_index))
    assert lib.open().ready
    return lib


def test_rewrites_of_one_story_are_related_with_shared_passages(library: Library) -> None:
    related = library.related("001_084ad907f89998d3.txt")
    assert related and related[0].id == "003_811ac41d5cd2d2bd.txt"
    passage = related[0].passages[0]
    assert passage.words >= 8
    assert passage.text.lower().split()[:3] == passage.other_text.lower().split()[:3]


def test_same_remark_worded_two_ways_is_grouped() -> None:
    one = Quote("We had sufficient talks for two hours,", "full", "Kim Yong-beom", None, 0, 1)
    two = Quote(
        "we had a sufficient and productive discussion.", "full", "Kim Yong-beom", None, 0, 1
    )
    other = Quote(
        "We will do our utmost to ensure a good outcome.", "full", "Kim Yong-beom", None, 0, 1
    )
    assert same_remark(one, two)
    assert not same_remark(one, other)
    assert [len(g) for g in group_remarks([one, other, two], lambda q: q)] == [2, 1]

    juncture = Quote(
        "We are at a juncture when the two countries are engaging in negotiations in the "
        "most sincere atmosphere,",
        "full",
        "Kim Yong-beom",
        None,
        0,
        1,
    )
    visit = Quote(
        "(We are visiting the office) as we want to listen to what it has to say and share "
        "each other's view on shipbuilding industrial cooperation between our country and "
        "the US,",
        "full",
        "Kim Yong-beom",
        None,
        0,
        1,
    )
    assert not same_remark(juncture, visit)  # same opening, "country" shared only late on


def test_word_in_context(library: Library) -> None:
    lines = library.word_in_context("Lutnick")
    assert lines and all(line.match.lower() == "lutnick" for line in lines)


def test_history_and_saved_searches_survive_a_restart(tmp_path: Path) -> None:
    history = SearchHistory(tmp_path / "history.sqlite3")
    history.record(SearchRequest("lutnick"))
    history.record(SearchRequest("lutnick"))
    history.record(SearchRequest("tariff"))
    history.save("trade", SearchRequest("tariff"), {"a", "b"})
    history.close()
    again = SearchHistory(tmp_path / "history.sqlite3")
    assert [r.query for r in again.recent()] == ["tariff", "lutnick"]
    saved = again.saved()
    assert saved[0].name == "trade" and saved[0].seen == frozenset({"a", "b"})
    again.mark_opened("trade", {"a", "b", "c"})
    assert again.saved()[0].seen == frozenset({"a", "b", "c"})


def test_mentions_come_a_page_of_articles_at_a_time_in_date_order(library: Library) -> None:
    person = library.entities("PERSON", None, 1)[0].name
    pages = list(library.mention_pages("PERSON", person, first=1, page=2))
    assert len(pages) >= 2 and len({m.article_id for m in pages[0]}) == 1
    assert all(len({m.article_id for m in page}) <= 2 for page in pages[1:])
    flat = [m for page in pages for m in page]
    assert flat == library.mentions("PERSON", person)
    order = [(m.date or "", m.article_id, m.start) for m in flat]
    assert order == sorted(order) and len(set(order)) == len(order)


def test_phrases_in_many_articles_do_not_relate_them() -> None:
    import sqlite3

    from index.store import corpusdb
    from index.store.near_copies import COMMON

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE shingle_rows (article_id TEXT, hash INTEGER)")
    boilerplate = [(f"wire{i}", 1) for i in range(COMMON + 5)]
    conn.executemany("INSERT INTO shingle_rows VALUES (?, ?)", [*boilerplate, ("a", 1)])
    conn.executemany("INSERT INTO shingle_rows VALUES (?, ?)", [("a", 2), ("b", 2), ("b", 1)])
    assert corpusdb.phrases_shared(conn, [1, 2], "a") == {"b": 1}
    few = [(f"desk{i}", 3) for i in range(3)]
    conn.executemany("INSERT INTO shingle_rows VALUES (?, ?)", [*few, ("a", 3)])
    assert corpusdb.phrases_shared(conn, [2, 3], "a") == {
        "b": 1,
        "desk0": 1,
        "desk1": 1,
        "desk2": 1,
    }
