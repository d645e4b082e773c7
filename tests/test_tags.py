"""Tags and stars on articles: stored apart from the index, found by the query language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import DatelineError, Library, SearchFilter, SearchRequest, load_config
from index.user.tags import STAR, clean_tag, split_tag_terms
from tests.test_cli import dateline


def test_tag_terms_come_out_of_the_query() -> None:
    terms = split_tag_terms('tariff tag:Lede -tag:"old news" NOT tag:x starred:yes')
    assert terms.query == "tariff"
    assert terms.required == ("lede", STAR)
    assert terms.excluded == ("old news", "x")
    assert split_tag_terms("starred:no").excluded == (STAR,)
    assert split_tag_terms("starred:maybe").problem is not None
    assert split_tag_terms("plain words").query == "plain words"


def test_tags_are_cleaned() -> None:
    assert clean_tag("  #Lede \x1b]0;x\x07 ") == "lede"
    with pytest.raises(ValueError):
        clean_tag("#")
    with pytest.raises(ValueError):
        clean_tag("x" * 61)


def ids(library: Library, query: str, **extra: object) -> list[str]:
    results = library.search(SearchRequest(query, limit=50, **extra))  # type: ignore[arg-type]
    return sorted(hit.id[:3] for hit in results.hits)


def test_tags_filter_search_and_survive_a_full_rebuild(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    assert library.rebuild(full=True).error is None
    library.open()
    try:
        first = library.search(SearchRequest("Lutnick")).hits[0].id
        assert library.tag(first, "#Lede") is True
        assert library.tag(first, "lede") is False  # already tagged
        assert library.tag(first, STAR)
        assert library.tags_of(first) == ["lede", STAR]
        assert ids(library, "tag:lede") == [first[:3]]
        assert ids(library, "starred:yes") == [first[:3]]
        everything = ids(library, "")
        assert ids(library, "starred:no") == [i for i in everything if i != first[:3]]
        assert first[:3] not in ids(library, "Lutnick -tag:lede")
        assert ids(library, "", filters=(SearchFilter("tag", "lede"),)) == [first[:3]]
        assert ids(library, "tag:nosuchtag") == []
        # tag terms are terms of the query language: OR, brackets and NOT combine them
        lutnick = ids(library, "Lutnick")
        assert ids(library, "tag:lede OR Lutnick") == lutnick
        assert ids(library, "tag:nosuchtag OR Lutnick") == lutnick
        assert ids(library, "(tag:lede OR tag:nosuchtag) Lutnick") == [first[:3]]
        assert ids(library, "Lutnick NOT (tag:lede)") == [i for i in lutnick if i != first[:3]]
        assert ids(library, "tag:lede OR starred:no") == everything
        read = library.search(SearchRequest("tag:lede OR Lutnick")).parsed
        assert read.startswith("(tag:lede OR") and "qzx" not in read
        results = library.search(SearchRequest("tag:lede"))
        assert results.request.query == "tag:lede"  # the client's request, not the rewrite
        assert library.rebuild(full=True).error is None
        library.open()
        assert ids(library, "tag:lede") == [first[:3]]
        assert library.tag_counts() == [("lede", 1), (STAR, 1)]
        assert library.untag(first, "lede") and ids(library, "tag:lede") == []
        with pytest.raises(DatelineError):
            library.tag("no-such-article.txt", "x")
    finally:
        library.close()


def test_a_tag_follows_its_article_to_a_new_file_name(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    assert library.rebuild(full=True).error is None
    library.open()
    try:
        articles = seed_copy.parent / "articles"
        old = next(articles.glob("002_*.txt"))
        library.tag(old.name, "snag")
        old.rename(articles / "renamed-story.txt")
        assert library.rebuild().error is None
        library.open()
        assert [h.id for h in library.search(SearchRequest("tag:snag")).hits] == [
            "renamed-story.txt"
        ]
        assert library.tags_of("renamed-story.txt") == ["snag"]
    finally:
        library.close()


def test_cli_tags(seed_index: Path) -> None:
    config = ("--config", str(seed_index))
    listed = json.loads(dateline("tags", "list", "--json", *config).stdout)
    assert isinstance(listed, list)
    seed = next((seed_index.parent / "articles").glob("004_*.txt"))
    added = json.loads(
        dateline("tags", "add", str(seed), "cli-tag", "starred", "--json", *config).stdout
    )
    assert added["tags"] == ["cli-tag", STAR] and added["changed"] == ["cli-tag", STAR]
    found = json.loads(dateline("search", "tag:cli-tag", "--json", *config).stdout)
    assert [hit["id"] for hit in found["hits"]] == [seed.name]
    removed = dateline("tags", "remove", seed.name, "cli-tag", "starred", *config).stdout
    assert "no tags" in removed
    missing = dateline("tags", "add", "nope.txt", "x", *config, check=False)
    assert missing.returncode == 2 and "not an indexed article" in missing.stderr


def test_bookmark_exports_carry_their_articles_tags(tmp_path: Path) -> None:
    from index.models import NewBookmark
    from index.user.bookmarks import BookmarkStore
    from index.user.tags import TagStore

    path = tmp_path / "user.sqlite3"
    store = BookmarkStore(path, library="lib")
    store.add(NewBookmark("a.txt", "p", "T", None, "Quoted words", 0, 12, tags=("mine",)))
    store.add(NewBookmark("b.txt", "p", "U", None, "Other words", 0, 11))
    tags = TagStore(path, library="lib")
    tags.add("a.txt", "text of a", "Lede")
    tags.add("a.txt", "text of a", "=follow up")
    TagStore(path, library="other").add("b.txt", "text of b", "not this library")
    by_id = {row["article_id"]: row for row in json.loads(store.export("json"))}
    assert by_id["a.txt"]["article_tags"] == ["=follow up", "lede"]
    assert by_id["a.txt"]["tags"] == ["mine"]  # the bookmark's own tags stay apart
    assert by_id["b.txt"]["article_tags"] == []
    csv_text = store.export("csv")
    assert "article_tags" in csv_text.splitlines()[0]
    assert "'=follow up lede" in csv_text  # a spreadsheet never runs it
    assert "Article tags: #=follow up #lede" in store.export("markdown")
    # the export imports back without the article tags becoming bookmark tags
    other = BookmarkStore(tmp_path / "copy.sqlite3")
    other.import_text(csv_text, "csv")
    assert {b.tags for b in other.list()} == {("mine",), ()}


def test_tags_add_and_remove_by_query_from_the_shell(seed_copy: Path) -> None:
    config = ("--config", str(seed_copy))
    dateline("index", *config)
    done = dateline("tags", "add", "--query", "Lutnick", "lede", "#Follow Up", *config)
    assert done.returncode == 0, done.stderr
    assert "Tagged 4 articles matching 'Lutnick' with lede, follow up (8 changes)." in done.stdout
    found = json.loads(dateline("search", "tag:lede", "--json", *config).stdout)
    assert found["total"] == 4
    done = dateline("tags", "remove", "--query", "Lutnick tariff", "lede", "--json", *config)
    report = json.loads(done.stdout)
    assert report["removed"] and report["tags"] == ["lede"] and report["complete"]
    left = json.loads(dateline("search", "tag:lede", "--json", *config).stdout)["total"]
    assert left == 4 - report["matched"]
    # an article id with no tag after it is a usage error, not a silent no-op
    listed = json.loads(dateline("search", "Lutnick", "--json", *config).stdout)
    lone = dateline("tags", "add", listed["hits"][0]["id"], *config, check=False)
    assert lone.returncode == 2 and "say which tags" in lone.stderr
