"""Saved web pages are articles: the story's text and the page's metadata, nothing else."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index import Library, SearchRequest, load_config
from index.articles.loader import SkipFile, load_text
from index.articles.webpage import read_page
from tests.configs import write_config
from tests.conftest import REPO
from tests.test_cli import dateline

PAGE = REPO / "tests" / "data" / "saved_page.html"
"""A news page written for these tests: menus, an ad, a script, comments, a footer."""


def test_a_page_gives_its_story_and_metadata_without_page_furniture() -> None:
    page = read_page(PAGE.read_bytes())
    assert page.text.startswith("Harbour council approves flood barrier\n\nThe harbour council")
    assert page.text.count("Harbour council approves flood barrier") == 1
    for furniture in ("Sport", "insurance", "subscribe", "reader 42", "Cookie", "pwned"):
        assert furniture not in page.text
    assert page.meta.title == "Harbour council approves flood barrier"
    assert page.meta.date == "2024-03-05"
    assert page.meta.source == "The Coastal Gazette"
    assert page.meta.authors == ("Maria Okonkwo",)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"<html><body><nav>Home</nav></body></html>",
        b"\xff\xfe\x00\x00<<<<<>>>>" * 100,
        b"<html>" + b"<div>" * 50_000 + b"</html>",
    ],
    ids=["empty", "menu-only", "garbage-bytes", "deep-nesting"],
)
def test_a_page_without_a_story_is_skipped_with_a_reason(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(SkipFile) as reason:
        load_text(str(path))
    assert str(reason.value)


def test_a_saved_page_is_searchable_by_a_phrase_and_shows_its_title(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(PAGE, articles / "flood.htm")
    (articles / "note.txt").write_text("Unrelated\n\nA story about bees and honey.\n")
    library = Library(load_config(write_config(tmp_path, articles)))
    try:
        report = library.rebuild(full=True)
        assert report.error is None and report.articles == 2
        library.open()
        results = library.search(SearchRequest('"movable flood barrier"'))
        assert [hit.id for hit in results.hits] == ["flood.htm"]
        hit = results.hits[0]
        assert hit.title == "Harbour council approves flood barrier" and hit.date == "2024-03-05"
        assert library.search(SearchRequest("insurance")).total == 0  # the ad is not indexed
        article = library.article("flood.htm")
        assert article is not None and article.meta.authors == ("Maria Okonkwo",)
        assert any("most important decision" in q.text for q in article.quotes)
    finally:
        library.close()


def test_extract_shows_what_was_read_from_a_page() -> None:
    data = json.loads(dateline("extract", str(PAGE), "--json").stdout)
    record = data[0] if isinstance(data, list) else data
    assert record["meta"]["title"] == "Harbour council approves flood barrier"
    assert record["meta"]["source"] == "The Coastal Gazette"
