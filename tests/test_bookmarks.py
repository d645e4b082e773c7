"""The bookmark store: save, edit, undo, re-anchor, export and import."""

from __future__ import annotations

import json
from pathlib import Path

from index import BookmarkStore, NewBookmark, citation, context_around
from index.models import Article, ArticleMeta
from index.user.bookmarks import AnchorReport, anchor


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


def test_strip_controls_removes_whole_sequences() -> None:
    from index.sanitize import strip_controls

    cases = {
        "a\x1b]52;c;aGVsbG8=\x1b\\b": "ab",
        "x\x1b]2;title\x07y": "xy",
        "\x1b]8;;https://e.example\x1b\\link\x1b]8;;\x1b\\": "link",
        "c\u009b31mz": "cz",
        "n\x00ul": "nul",
        "\x1b[2Jclear": "clear",
        "\u202eevil": "⁇evil",
        "lone \ud800": "lone \ufffd",
        "plain text, tab\tand\nnewline": "plain text, tab\tand\nnewline",
    }
    for raw, expected in cases.items():
        assert strip_controls(raw) == expected, raw
    assert strip_controls("\x1b]" * 10_000).count("\x1b") == 0


def test_csv_cells_never_start_a_formula() -> None:
    from index.sanitize import csv_cell

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(start + "1") == "'" + start + "1"
    assert csv_cell("plain") == "plain" and csv_cell("") == ""


def test_context_is_cut_at_whole_words() -> None:
    text = "alpha beta gamma delta QUOTE epsilon zeta eta theta"
    start = text.index("QUOTE")
    before, after = context_around(text, start, start + 5, width=14)
    assert before == "gamma delta"  # "beta" was cut by the window: left out, not "eta"
    assert after == "epsilon zeta"
    assert context_around(text, 0, 5, width=6) == ("", "beta")


def test_exports_carry_source_iso_time_and_safe_cells(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(NewBookmark("a.txt", "p", "T", None, "=SUM(A1)", 0, 8, source="Wire"))
    item = json.loads(store.export("json"))[0]
    assert item["source"] == "Wire" and item["created"].endswith("Z") and "T" in item["created"]
    row = store.export("csv").splitlines()[1]
    assert ",'=SUM(A1)," in row and "Wire" in row
    assert "Wire" in store.export("markdown")
    # the CSV imports back to the same quote (the protective ' is taken off again)
    other = BookmarkStore(tmp_path / "c.sqlite3")
    other.import_text(store.export("csv"), "csv")
    assert other.list()[0].quote == "=SUM(A1)"


def test_reanchor_keeps_to_its_own_library(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    mine, theirs = BookmarkStore(path, library="one"), BookmarkStore(path, library="two")
    saved = theirs.add(new())
    report = mine.reanchor(lambda article_id: None)  # library one has no such article
    assert report == AnchorReport(0, 0, 0)
    assert mine.get(saved.id) == saved  # not orphaned by the other library
    assert theirs.reanchor(lambda article_id: None).orphaned == 1
