"""Rows 33-41 and 51-60: hostile bookmarks, exports and imports, mostly through the real CLI.

Strings with escape sequences are planted straight into the database (as an older version,
another tool or a synced copy could have stored them), so each row checks the gate on the
way out, not only the one on the way in.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from index import BookmarkStore, BookmarkStoreError, NewBookmark, load_config
from index.user.exports import ExportError, default_export_path, write_export
from tests.configs import write_config
from tests.reliability.conftest import REPO, Corpus, build, child_env, run_cli

HOSTILE = (
    "clip\x1b]52;c;aGVsbG8gd29ybGQ=\x1b\\ title\x1b]2;pwned\x1b\\ "
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ csi\u009b31m red "
    "\u202eevil\u202c nul\x00 bel\x1b]0;t\x07 clear\x1b[2J end"
)
"""OSC 52 / 2 / 8 ended by ESC \\, C1 CSI, a bidi override, NUL, BEL-ended OSC 0, CSI 2J."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal acts on (tab and newline are fine)."""
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def assert_inert(text: str, where: str) -> None:
    found = RAW.search(text)
    assert found is None, f"{where}: raw {found.group()!r} at {found.start()}"
    for escaped in ("\\u001b", "\\u009b", "\\u202e", "\\u0000"):
        assert escaped not in text, f"{where}: {escaped} survived (escaped, but still there)"


def raw_insert(db: Path, **fields: Any) -> None:
    """A row written past the store's gate, as an older version could have."""
    store = BookmarkStore(db)
    store.count()  # creates the schema
    store.close()
    row = {
        "article_id": "a0001.txt", "path": "/p/a0001.txt", "title": "Title", "date": None,
        "quote": "Story number 1", "start": 0, "end": 14, "speaker": None,
        "speaker_desc": None, "context_before": "", "context_after": "", "note": "",
        "tags": "[]", "kind": "quote", "created": 1_700_000_000.0, "status": "ok",
    }  # fmt: skip
    row.update(fields)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            f"INSERT INTO bookmarks ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            tuple(row.values()),
        )
    conn.close()


def count(db: Path) -> int:
    store = BookmarkStore(db)
    try:
        return store.count()
    finally:
        store.close()


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("dateline: "), result.stderr
    return lines[0]


@pytest.fixture
def planted(small_corpus: Corpus) -> Corpus:
    """A corpus whose bookmark database holds one raw hostile bookmark."""
    raw_insert(
        small_corpus.folder / "bookmarks.sqlite3",
        note=HOSTILE,
        tags=json.dumps([HOSTILE, "=cmd|'/C calc'!A0", "ok"]),
        title=HOSTILE,
        speaker=HOSTILE,
        context_before='=HYPERLINK("http://evil.example")',
    )
    return small_corpus


@pytest.mark.row(33)
async def test_edit_form_inputs_never_hold_escape_sequences(planted: Corpus) -> None:
    from textual.widgets import Input

    from tui.app import DatelineApp
    from tui.screens.bookmark_form import BookmarkForm
    from tui.screens.bookmarks import BookmarksScreen

    build(planted.config_path).close()
    app = DatelineApp(load_config(planted.config_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.main_screen.query_one("#results").focus()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        for key in ("n", "t"):
            await pilot.press(key)
            await pilot.pause()
            form = app.screen
            assert isinstance(form, BookmarkForm)
            for field in form.query(Input):
                assert_inert(field.value, f"{key}: #{field.id}")
            assert "clip" in form.query_one("#note", Input).value
            await pilot.press("escape")
            await pilot.pause()


@pytest.mark.row(34)
def test_exports_stdout_and_json_carry_no_escape_bytes(planted: Corpus, tmp_path: Path) -> None:
    config = str(planted.config_path)
    for fmt, ext in (("markdown", "md"), ("csv", "csv"), ("json", "json")):
        target = tmp_path / f"out.{ext}"
        result = run_cli(
            "bookmarks", "export", "--format", fmt, "-o", str(target), "--config", config
        )
        assert result.returncode == 0, result.stderr
        assert_inert(target.read_bytes().decode("utf-8"), str(target))
        result = run_cli("bookmarks", "export", "--format", fmt, "--config", config)
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout, f"{fmt} to stdout")
        assert "clip" in result.stdout and "evil" in result.stdout
    result = run_cli("bookmarks", "list", "--json", "--config", config)
    assert result.returncode == 0, result.stderr
    assert_inert(result.stdout, "list --json")
    assert json.loads(result.stdout)[0]["note"].startswith("clip")
    listed = run_cli("bookmarks", "list", "--config", config)
    assert_inert(listed.stdout, "list")


@pytest.mark.row(35)
def test_csv_export_neutralises_formulas_and_imports_back(planted: Corpus, tmp_path: Path) -> None:
    db = planted.folder / "bookmarks.sqlite3"
    for i, start in enumerate(("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")):
        quote = f"{start} formula {i}" if i < 4 else f"formula {i}"
        raw_insert(db, quote=quote, note=start + "note", start=i + 10)
    config = str(planted.config_path)
    target = tmp_path / "out.csv"
    result = run_cli(
        "bookmarks", "export", "--format", "csv", "-o", str(target), "--config", config
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 7
    for row in rows:
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (key, value)
    assert any(row["quote"] == "'=1+1 formula 0" for row in rows)
    assert any(row["note"] == "'@SUM(A1)note" for row in rows)
    assert any(row["context_before"].startswith("'=HYPERLINK") for row in rows)
    # the file imports back to the same bookmarks: every one is already there
    result = run_cli("bookmarks", "import", str(target), "--json", "--config", config)
    report = json.loads(result.stdout)
    assert report["added"] == 0 and report["duplicates"] == 7, report


@pytest.mark.row(36)
def test_undecodable_cli_arguments_are_one_sentence(small_corpus: Corpus) -> None:
    build(small_corpus.config_path).close()
    config = str(small_corpus.config_path)
    bad = "\udcff\udcfe"  # the bytes 0xff 0xfe, as Python hands undecodable argv to us
    commands = [
        ("bookmarks", "add", "a0001.txt", "Story number 1", "--tag", bad),
        ("bookmarks", "add", "a0001.txt", "Story number 1", "--note", "x" + bad),
        ("bookmarks", "add", "a0001" + bad, "Story"),
        ("entities", "--type", bad),
        ("search", "story" + bad),
        ("extract", str(small_corpus.articles / f"caf{bad}.txt")),
        ("bookmarks", "import", str(small_corpus.folder / f"in{bad}.json")),
        ("bookmarks", "export", "-o", str(small_corpus.folder / f"out{bad}.md")),
    ]
    for command in commands:
        line = one_sentence(run_cli(*command, "--config", config))
        assert "not valid UTF-8" in line, line
        assert RAW.search(line) is None
    assert count(small_corpus.folder / "bookmarks.sqlite3") == 0
    assert not any("out" in p.name for p in small_corpus.folder.iterdir() if p.suffix == ".md")


@pytest.mark.row(37)
def test_a_stored_lone_surrogate_never_breaks_output(small_corpus: Corpus, tmp_path: Path) -> None:
    db = small_corpus.folder / "bookmarks.sqlite3"
    raw_insert(db, tags='["\\udcff\\udcfe", "fine"]')  # what `--tag $'\xff\xfe'` used to store
    config = str(small_corpus.config_path)
    target = tmp_path / "out.md"
    target.write_text("keep me\n", encoding="utf-8")
    for fmt in ("markdown", "csv", "json"):
        exported = subprocess.run(
            [sys.executable, "-m", "tui.cli", "bookmarks", "export", "--format", fmt,
             "--config", config],
            capture_output=True, cwd=REPO, env=child_env(), timeout=120,
        )  # fmt: skip
        assert exported.returncode == 0, exported.stderr
        exported.stdout.decode("utf-8")  # strict: raises on invalid UTF-8
    listed = subprocess.run(
        [sys.executable, "-m", "tui.cli", "bookmarks", "list", "--json", "--config", config],
        capture_output=True, cwd=REPO, env=child_env(), timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert "fine" in json.loads(listed.stdout.decode("utf-8"))[0]["tags"]
    result = run_cli("bookmarks", "export", "-o", str(target), "--config", config)
    assert "already exists" in one_sentence(result)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    result = run_cli("bookmarks", "export", "-o", str(target), "--force", "--config", config)
    assert result.returncode == 0, result.stderr
    assert "Story number 1" in target.read_bytes().decode("utf-8")


@pytest.mark.row(38)
def test_a_failed_export_leaves_the_target_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bookmarks.md"
    target.write_text("the old export\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportError) as caught:
        write_export(target, "new text " * 1000, force=True)
    monkeypatch.undo()
    assert "No space left" in str(caught.value) and "nothing was changed" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.md"]
    # through the CLI: a folder that does not exist is a sentence, not a traceback
    folder = tmp_path / "lib"
    folder.mkdir()
    config = write_config(folder, folder / "articles")
    line = one_sentence(
        run_cli("bookmarks", "export", "-o", str(tmp_path / "no" / "x.md"), "--config", str(config))
    )
    assert "cannot write" in line


@pytest.mark.row(39)
def test_exports_never_overwrite_and_default_to_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    first = default_export_path("md")
    assert first == home / "Documents" / "dateline-bookmarks.md"
    write_export(first, "one\n")
    second = default_export_path("md")
    assert second == home / "Documents" / "dateline-bookmarks-2.md"
    with pytest.raises(ExportError, match="already exists"):
        write_export(first, "two\n")
    assert first.read_text() == "one\n"
    shutil.rmtree(home / "Documents")
    assert default_export_path("csv") == home / "dateline-bookmarks.csv"
    assert not list(tmp_path.glob("dateline-bookmarks*")), "an export landed in the current folder"


@pytest.mark.row(40)
def test_import_reports_every_bad_row_and_saves_the_rest(small_corpus: Corpus) -> None:
    source = small_corpus.folder / "in.json"
    source.write_text(
        "[\n"
        '{"quote": "good one", "article_id": "a.txt"},\n'
        '{"quote": "huge float", "article_id": "a.txt", "start": 1e400},\n'
        '{"quote": "huge int", "article_id": "a.txt", "start": '
        "1234567890123456789012345678901234567890},\n"
        '{"quote": "bad \\ud800 text", "article_id": "a.txt"},\n'
        '{"quote": "negative", "article_id": "a.txt", "end": -5},\n'
        '{"quote": "good two", "article_id": "b.txt", "start": "12"}\n'
        "]\n",
        encoding="utf-8",
    )
    result = run_cli(
        "bookmarks", "import", str(source), "--json", "--config", str(small_corpus.config_path)
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == 2, report
    problems = report["problems"]
    assert [p.split(":")[0] for p in problems] == ["entry 2", "entry 3", "entry 4", "entry 5"]
    assert "start" in problems[0] and "start" in problems[1] and "end" in problems[3]
    assert "undecodable" in problems[2]
    store = BookmarkStore(small_corpus.folder / "bookmarks.sqlite3")
    assert sorted(b.quote for b in store.list()) == ["good one", "good two"]
    assert store.integrity_ok()
    store.close()


@pytest.mark.row(41)
def test_an_import_that_fails_midway_adds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(NewBookmark("a.txt", "p", "t", None, "kept", 0, 4))
    rows = [{"quote": f"row {i}", "article_id": "a.txt", "start": i} for i in range(50)]
    calls = {"n": 0}
    real_insert = store._insert

    def failing_insert(conn: sqlite3.Connection, new: NewBookmark) -> int | None:
        calls["n"] += 1
        if calls["n"] == 30:
            raise sqlite3.OperationalError("database or disk is full")
        return real_insert(conn, new)

    monkeypatch.setattr(store, "_insert", failing_insert)
    with pytest.raises(BookmarkStoreError):
        store.import_text(json.dumps(rows), "json")
    monkeypatch.undo()
    assert [b.quote for b in store.list()] == ["kept"]
    assert store.import_text(json.dumps(rows), "json").added == 50
    store.close()


@pytest.mark.row(51)
def test_two_libraries_share_a_database_without_touching_each_other(tmp_path: Path) -> None:
    shared = tmp_path / "shared.sqlite3"
    configs = []
    for name, body in (("one", "The harbour opened today"), ("two", "A river flooded the town")):
        folder = tmp_path / name
        (folder / "articles").mkdir(parents=True)
        (folder / "articles" / "same.txt").write_text(f"Headline {name}\n\n{body}.\n")
        configs.append(write_config(folder, folder / "articles", f"bookmarks: {str(shared)!r}\n"))
        # write_config already names a bookmarks file: the last `bookmarks:` wins in YAML
    one, two = (build(c) for c in configs)
    assert one.config.bookmarks == two.config.bookmarks == str(shared)
    article = one.article("same.txt")
    assert article is not None
    start = article.text.index("harbour")
    saved = one.bookmarks.add(NewBookmark("same.txt", article.path, article.title, None,
                                          "harbour", start, start + 7))  # fmt: skip
    assert saved.library == one.config.library_id != two.config.library_id
    # a bookmark saved before libraries were recorded, whose quote is only in library two
    raw_insert(shared, article_id="same.txt", quote="river", start=0, end=5, created=1.0)
    for library in (two, one, two):
        assert library.rebuild(full=True).error is None
    by_quote = {b.quote: b for b in BookmarkStore(shared).list()}
    assert by_quote["harbour"].status == "ok" and by_quote["harbour"].start == start
    assert by_quote["harbour"].library == one.config.library_id
    assert by_quote["river"].library == two.config.library_id
    other = two.article("same.txt")
    assert other is not None  # re-anchored (moved, then ok) in its own library only
    assert by_quote["river"].status == "ok" and by_quote["river"].start == other.text.index("river")
    one.close()
    two.close()


@pytest.mark.row(52)
def test_an_old_database_migrates_and_keeps_every_bookmark(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE bookmarks (id INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL,"
        " path TEXT NOT NULL, title TEXT NOT NULL, date TEXT, quote TEXT NOT NULL,"
        " start INTEGER NOT NULL, end INTEGER NOT NULL, speaker TEXT, speaker_desc TEXT,"
        " context_before TEXT NOT NULL DEFAULT '', context_after TEXT NOT NULL DEFAULT '',"
        " note TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]',"
        " kind TEXT NOT NULL DEFAULT 'quote', created REAL NOT NULL,"
        " status TEXT NOT NULL DEFAULT 'ok');"
    )
    with conn:
        for i in range(5):
            conn.execute(
                "INSERT INTO bookmarks (article_id, path, title, quote, start, end, created, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (f"a{i}.txt", "p", "t", f"quote {i}", i, i + 7, 1000.0 + i, f"note {i}"),
            )
    conn.close()
    store = BookmarkStore(db, library="lib")
    items = store.list()
    assert [b.quote for b in items] == [f"quote {i}" for i in reversed(range(5))]
    assert all(b.library == "" and b.source is None for b in items)
    added = store.add(NewBookmark("b.txt", "p", "t", None, "new", 0, 3, source="Wire"))
    assert added.library == "lib" and added.source == "Wire"
    assert store.count() == 6 and store.integrity_ok()
    store.close()
    assert BookmarkStore(db).count() == 6  # opening again does not migrate twice


@pytest.mark.row(53)
def test_exports_cite_outlet_iso_time_whole_words_and_count_right(
    small_corpus: Corpus, tmp_path: Path
) -> None:
    words = " ".join(f"word{i}" for i in range(60))
    (small_corpus.articles / "wire.txt").write_text(
        "Harbour deal agreed\n\nSEOUL, Oct. 17 (Test Wire) – "
        f"{words} The minister said the harbour deal was done. {words}\n",
        encoding="utf-8",
    )
    build(small_corpus.config_path).close()
    config = str(small_corpus.config_path)
    result = run_cli(
        "bookmarks", "add", "wire.txt", "the harbour deal was done", "--config", config
    )
    assert result.returncode == 0, result.stderr
    target = tmp_path / "one.json"
    result = run_cli(
        "bookmarks", "export", "--format", "json", "-o", str(target), "--config", config
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"Exported 1 bookmark to {target}."
    item = json.loads(target.read_text(encoding="utf-8"))[0]
    assert item["source"] == "Test Wire"
    assert ISO.match(item["created"]), item["created"]
    text = (small_corpus.articles / "wire.txt").read_text(encoding="utf-8")
    assert item["context_before"] and item["context_after"]
    assert re.search(rf"(^|\s){re.escape(item['context_before'].split()[0])}\s", text)
    assert re.search(rf"\s{re.escape(item['context_after'].split()[-1])}(\s|$)", text)
    markdown = run_cli("bookmarks", "export", "--config", config).stdout
    assert "Test Wire" in markdown and re.search(r"Saved \d{4}-\d\d-\d\dT", markdown)
    csv_text = run_cli("bookmarks", "export", "--format", "csv", "--config", config).stdout
    assert next(csv.DictReader(io.StringIO(csv_text)))["source"] == "Test Wire"
    run_cli("bookmarks", "add", "wire.txt", "The minister said", "--config", config)
    result = run_cli("bookmarks", "export", "-o", str(tmp_path / "two.md"), "--config", config)
    assert result.stderr.strip() == f"Exported 2 bookmarks to {tmp_path / 'two.md'}."


@pytest.mark.row(54)
def test_a_10_mb_import_is_saved_whole(small_corpus: Corpus) -> None:
    rows = [
        {"quote": f"q{i} " + "x" * 1000, "article_id": f"a{i % 20:04d}.txt", "start": i,
         "note": "y" * 1000, "tags": ["big", f"t{i % 7}"]}
        for i in range(5000)
    ]  # fmt: skip
    source = small_corpus.folder / "big.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    assert source.stat().st_size > 10_000_000
    result = run_cli(
        "bookmarks", "import", str(source), "--json", "--config", str(small_corpus.config_path),
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout) == {"added": 5000, "duplicates": 0, "problems": []}
    assert count(small_corpus.folder / "bookmarks.sqlite3") == 5000


@pytest.mark.row(55)
def test_one_50k_item_bullet_list_article(small_corpus: Corpus, tmp_path: Path) -> None:
    bullets = "".join(f"- item {i} of the list\n" for i in range(50_000))
    (small_corpus.articles / "list.txt").write_text(
        "The longest list\n\n" + bullets, encoding="utf-8"
    )
    config = str(small_corpus.config_path)
    result = run_cli("index", "--full", "--json", "--config", config, timeout=600)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == 21
    found = json.loads(run_cli("search", "longest", "--json", "--config", config).stdout)
    assert [h["id"] for h in found["hits"]] == ["list.txt"]
    result = run_cli("bookmarks", "add", "list.txt", "item 49999 of the list", "--config", config)
    assert result.returncode == 0, result.stderr
    result = run_cli("bookmarks", "export", "-o", str(tmp_path / "l.md"), "--config", config)
    assert result.returncode == 0 and "item 49999" in (tmp_path / "l.md").read_text()


@pytest.mark.row(57)
def test_real_world_unicode_survives_export_and_import(tmp_path: Path) -> None:
    texts = ["日本語の引用", "مرحبا بالعالم", "emoji 😀🇰🇷", "e\u0301 combining", "ｆｕｌｌ ﬁ"]
    store = BookmarkStore(tmp_path / "a.sqlite3")
    for i, text in enumerate(texts):
        store.add(NewBookmark("a.txt", "p", text, None, text, i, i + len(text), note=text,
                              tags=(text.split()[0],)))  # fmt: skip
    for fmt in ("json", "csv"):
        other = BookmarkStore(tmp_path / f"{fmt}.sqlite3")
        report = other.import_text(store.export(fmt), fmt)
        assert report.added == len(texts) and not report.problems, report
        assert sorted((b.quote, b.note, b.title) for b in other.list()) == sorted(
            (t, t, t) for t in texts
        )
        other.close()
    store.close()


@pytest.mark.row(58)
def test_csv_cells_with_newlines_quotes_and_commas_round_trip(small_corpus: Corpus) -> None:
    db = small_corpus.folder / "bookmarks.sqlite3"
    note = 'first line\nsecond, with "quotes"; and a semicolon'
    store = BookmarkStore(db)
    store.add(NewBookmark("a.txt", "p", "Title, with comma", None, "a \"quoted\" quote", 0, 5,
                          note=note))  # fmt: skip
    store.close()
    result = run_cli(
        "bookmarks", "export", "--format", "csv", "--config", str(small_corpus.config_path)
    )
    assert result.returncode == 0, result.stderr
    assert "\ufffd" not in result.stdout and "\r" not in result.stdout
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["note"] == note and row["title"] == "Title, with comma"
    other = BookmarkStore(small_corpus.folder / "other.sqlite3")
    assert other.import_text(result.stdout, "csv").added == 1
    assert other.list()[0].note == note
    other.close()


@pytest.mark.row(59)
def test_extract_json_of_a_file_full_of_escapes_is_inert(tmp_path: Path) -> None:
    hostile = HOSTILE.replace("\x00", "")  # a NUL would make it a binary file (row 2)
    (tmp_path / "articles").mkdir()
    article = tmp_path / "articles" / "evil.txt"
    article.write_text(f"Headline {hostile}\n\nBody {hostile} ends.\n", encoding="utf-8")
    folder = tmp_path / "lib"
    folder.mkdir()
    config = write_config(folder, tmp_path / "articles")
    result = run_cli("extract", str(article), "--json", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert RAW.search(result.stdout) is None
    data = json.loads(result.stdout)
    assert "\x1b" not in data["text"] and "\u202e" not in data["text"]
    text = run_cli("extract", str(article), "--config", str(config))
    assert text.returncode == 0 and RAW.search(text.stdout) is None


@pytest.mark.row(60)
def test_typed_notes_and_tags_are_stored_stripped(small_corpus: Corpus) -> None:
    build(small_corpus.config_path).close()
    config = str(small_corpus.config_path)
    typed = HOSTILE.replace("\x00", "")  # argv cannot carry NUL
    result = run_cli(
        "bookmarks", "add", "a0001.txt", "Story number 1", "--note", typed, "--tag", typed,
        "--tag", "#plain", "--json", "--config", config,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    db = small_corpus.folder / "bookmarks.sqlite3"
    conn = sqlite3.connect(db)
    note, tags = conn.execute("SELECT note, tags FROM bookmarks").fetchone()
    conn.close()
    assert RAW.search(note) is None and "\x1b" not in json.loads(tags)[0]
    assert note.startswith("clip") and "evil" in note and "plain" in json.loads(tags)
    store = BookmarkStore(db)
    updated = store.update(store.list()[0].id, note="again " + HOSTILE, tags=[HOSTILE])
    assert updated is not None and RAW.search(updated.note + " ".join(updated.tags)) is None
    store.close()


@pytest.mark.row(61)
async def test_footer_keys_do_not_pile_up_under_a_key_flood(small_corpus: Corpus) -> None:
    import gc

    from textual.widgets._footer import FooterKey

    from tui.app import DatelineApp

    build(small_corpus.config_path).close()
    app = DatelineApp(load_config(small_corpus.config_path))

    def live_keys() -> int:
        gc.collect()
        return sum(isinstance(o, FooterKey) for o in gc.get_objects())

    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        keys = ["tab", "shift+tab", "tab", "B", "j", "escape"]
        for key in keys * 3:  # warm-up: every screen and footer state once
            await pilot.press(key)
        await pilot.pause()
        before = live_keys()
        for key in keys * 20:  # every press changes focus or screen: the footer recomposes
            await pilot.press(key)
        await pilot.pause()
        assert live_keys() <= before + 40, "footer keys are kept after each recompose"
