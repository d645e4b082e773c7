"""The bookmark store: save, edit, undo, re-anchor, export and import."""

from __future__ import annotations

import json
from pathlib import Path

from index import BookmarkStore, NewBookmark, citation
from index.models import Article, ArticleMeta
from index.user.bookmarks import anchor


def new(quote: str = "We will do our best.", start: int = 10) -> NewBookmark:
    return NewBookmark(
        article_id="a.txt",
        path="/x/a.txt",
        title="Talks",
        date="2025-10-27",
        quote=quote,
        start=start,
        end=start + len(quote),
        speaker="Kim Jung-kwan",
        note="n",
        tags=("#apec", "trade", "apec"),
    )


def test_add_edit_delete_and_undo(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.sqlite3")
    saved = store.add(new())
    assert saved.tags == ("apec", "trade")
    edited = store.update(saved.id, note="deadline stance", tags=["x"])
    assert edited is not None and edited.note == "deadline stance" and edited.tags == ("x",)
    removed = store.remove(saved.id)
    assert removed is not None and store.count() == 0
    store.restore(removed)
    assert store.get(saved.id) == removed
    assert store.list("deadline")[0].id == saved.id
    assert store.list("nothing-like-it") == []


def test_survives_reopen_and_two_connections(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    first, second = BookmarkStore(path), BookmarkStore(path)
    first.add(new("one"))
    second.add(new("two"))
    first.close()
    assert {b.quote for b in BookmarkStore(path).list()} == {"one", "two"}
    assert second.integrity_ok()


def test_reanchor_marks_ok_moved_orphaned() -> None:
    text = "xxxxxxxxxxWe will do our best. More."
    article = Article("a.txt", "/x/a.txt", text, (), ArticleMeta())
    store_bookmark = BookmarkStore(":memory:").add(new())
    assert anchor(store_bookmark, article)[0] == "ok"
    moved = Article("a.txt", "/x/a.txt", "Intro. " + text, (), ArticleMeta())
    status, start, _ = anchor(store_bookmark, moved)
    assert status == "moved" and moved.text[start:].startswith("We will")
    assert (
        anchor(store_bookmark, Article("a.txt", "/x", "gone", (), ArticleMeta()))[0] == "orphaned"
    )
    assert anchor(store_bookmark, None)[0] == "orphaned"


def test_exports_are_citation_ready(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.sqlite3")
    saved = store.add(new())
    markdown = store.export("markdown")
    assert (
        "> We will do our best." in markdown and "Kim Jung-kwan" in markdown and "#apec" in markdown
    )
    assert json.loads(store.export("json"))[0]["quote"] == "We will do our best."
    assert store.export("csv").splitlines()[0].startswith("article_id,")
    assert citation(saved).startswith("“We will do our best.” — Kim Jung-kwan")


def test_import_skips_duplicates_and_reports_bad_rows(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(new())
    exported = store.export("json")
    report = store.import_text(exported, "json")
    assert (report.added, report.duplicates) == (0, 1)
    report = store.import_text('[{"quote": ""}, 5, {"quote": "ok", "article_id": "b"}]', "json")
    assert report.added == 1 and len(report.problems) == 2
    bad = store.import_text("a: [\n", "yaml")
    assert bad.added == 0 and "line" in bad.problems[0]
    marker = tmp_path / "pwned"
    store.import_text(f"- !!python/object/apply:os.system ['touch {marker}']\n", "yaml")
    assert not marker.exists()


def test_concurrent_writers_in_one_process_lose_nothing(tmp_path: Path) -> None:
    import threading

    store = BookmarkStore(tmp_path / "b.sqlite3")
    errors: list[BaseException] = []

    def add_many(prefix: str) -> None:
        try:
            for i in range(40):
                store.add(new(f"{prefix}{i}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add_many, args=(p,)) for p in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count() == 120
