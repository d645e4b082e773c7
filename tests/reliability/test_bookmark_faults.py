"""Rows 22 (bookmark half), 26, 27, 28: no fault or hostile file ever loses a bookmark."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from index import BookmarkStore, BookmarkStoreError, NewBookmark
from tests.configs import write_config
from tests.reliability.conftest import REPO, child_env, run_cli


def _new(i: int, note: str = "") -> NewBookmark:
    return NewBookmark(
        article_id=f"a{i:04d}.txt",
        path=f"/articles/a{i:04d}.txt",
        title=f"Story {i}",
        date="2024-01-02",
        quote=f"quote {i}",
        start=i,
        end=i + 7,
        note=note,
    )


_ADDER = """
import sys, time
from index import BookmarkStore, NewBookmark
store = BookmarkStore(sys.argv[1])
tag, count = sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
for i in range(count):
    store.add(NewBookmark(f"{tag}{i}.txt", "p", "t", None, f"{tag} quote {i}", 0, 5))
    print(i, flush=True)
store.close()
"""


def _adder(db: Path, tag: str, count: int, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[no-any-return]
        [sys.executable, "-c", _ADDER, str(db), tag, str(count)],
        cwd=REPO,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.row(22)
def test_disk_full_during_bookmark_save_keeps_the_store(tmp_path: Path) -> None:
    db = tmp_path / "bookmarks.sqlite3"
    store = BookmarkStore(db)
    for i in range(20):
        store.add(_new(i))
    store.close()
    before = db.read_bytes()
    code = (
        "import sys\nfrom index import BookmarkStore, BookmarkStoreError, NewBookmark\n"
        "store = BookmarkStore(sys.argv[1])\n"
        "try:\n"
        "    store.add(NewBookmark('big.txt', 'p', 't', None, 'big', 0, 3, note='x' * 500_000))\n"
        "    print('saved')\n"
        "except BookmarkStoreError as error:\n"
        "    print('error:', error)\n"
    )
    for limit, expected in ((64 * 1024, "not saved"), (16 * 1024, "cannot open")):
        # 64 KiB: the WAL cannot grow to hold the new row; 16 KiB: not even the -shm file.
        result = subprocess.run(
            [sys.executable, "-c", code, str(db)],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=child_env(),
            preexec_fn=_limit_file_size(limit),
            timeout=60,
        )
        assert "Traceback" not in result.stderr, result.stderr
        out = result.stdout.strip()
        assert out.startswith("error:"), out
        assert expected in out and "\n" not in out
        assert "damaged" not in out, "a full disk was blamed on the file"
    store = BookmarkStore(db)
    assert store.integrity_ok()
    assert store.count() == 20
    assert {b.quote for b in store.list()} == {f"quote {i}" for i in range(20)}
    retried = store.add(_new(99, note="x" * 500_000))  # space is back: the retry succeeds
    assert store.get(retried.id) is not None and store.count() == 21
    store.close()
    assert before  # the old bytes were never truncated away mid-save


@pytest.mark.row(22)
def test_write_error_from_sqlite_becomes_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(_new(1))

    class FullDisk:
        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> bool:
            return bool(self.real.__exit__(*exc))  # type: ignore[arg-type]

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.real.execute(sql, *args)  # type: ignore[arg-type]

    real = store._connect()
    monkeypatch.setattr(store, "_conn", FullDisk(real))
    with pytest.raises(BookmarkStoreError, match="not saved"):
        store.add(_new(2))
    monkeypatch.setattr(store, "_conn", real)
    assert store.count() == 1 and store.integrity_ok()
    store.add(_new(2))
    assert store.count() == 2
    store.close()


@pytest.mark.slow
@pytest.mark.row(26)
def test_kill_9_during_bookmark_saves_20_times(tmp_path: Path) -> None:
    db = tmp_path / "bookmarks.sqlite3"
    rng = random.Random(26)
    last = 0
    for round_number in range(20):
        child = _adder(db, f"r{round_number}-", 200)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        store = BookmarkStore(db)
        assert store.integrity_ok()
        count = store.count()
        assert count >= last, "a kill lost committed bookmarks"
        quotes = [b.quote for b in store.list()]
        assert len(quotes) == len(set(quotes))
        last = count
        store.close()
    assert last > 0


@pytest.mark.row(27)
def test_two_processes_add_150_each_and_keep_300(tmp_path: Path) -> None:
    db = tmp_path / "bookmarks.sqlite3"
    BookmarkStore(db).count()  # create it first, as a running app would have
    children = [_adder(db, tag, 150) for tag in ("left-", "right-")]
    for child in children:
        _out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    store = BookmarkStore(db)
    assert store.count() == 300
    assert store.integrity_ok()
    # ... and concurrent deletes remove exactly what they name.
    ids = sorted(b.id for b in store.list())
    store.close()
    code = (
        "import sys\nfrom index import BookmarkStore\n"
        "store = BookmarkStore(sys.argv[1])\n"
        "for i in sys.argv[2].split(','): store.remove(int(i))\n"
    )
    halves = [ids[0::2][:50], ids[1::2][:50]]
    removers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db), ",".join(map(str, half))],
            cwd=REPO,
            env=child_env(),
        )
        for half in halves
    ]
    for remover in removers:
        assert remover.wait(timeout=120) == 0
    store = BookmarkStore(db)
    assert store.count() == 200
    store.close()


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
)


@pytest.mark.row(28)
@pytest.mark.parametrize(
    ("name", "text", "ok"),
    [
        ("invalid", "- quote: [unclosed\n  article_id: x\n", 0),
        ("tabs", "- quote: one\n\tarticle_id: a.txt\n", 0),
        # YAML 1.1 reads `no` as False; an import keeps it as the text typed (row 49)
        ("quote-no", "- quote: no\n  article_id: a.txt\n- quote: kept\n  article_id: a.txt\n", 2),
        ("duplicate-keys", "- quote: first\n  quote: second\n  article_id: a.txt\n", 1),
        ("missing-fields", "- note: nothing else\n- quote: fine\n  article_id: b.txt\n", 1),
        ("billion-laughs", BILLION_LAUGHS, 0),
        ("recursive", "- &a [*a]\n", 0),
        ("not-a-list", "just a string\n", 0),
    ],
)
def test_hand_edited_bookmark_files_import_safely(
    tmp_path: Path, name: str, text: str, ok: int
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    config = write_config(folder, folder / "articles")
    store = BookmarkStore(folder / "bookmarks.sqlite3")
    store.add(_new(1))
    store.close()
    source = tmp_path / f"{name}.yaml"
    source.write_text(text, encoding="utf-8")
    original = source.read_bytes()
    result = run_cli("bookmarks", "import", str(source), "--config", str(config), "--json")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 0:
        report = json.loads(result.stdout)
        assert report["added"] == ok, report
        for problem in report["problems"]:
            assert "\n" not in problem
        if name in ("invalid", "tabs"):
            assert "line" in report["problems"][0]
    assert source.read_bytes() == original, "the import file was changed"
    store = BookmarkStore(folder / "bookmarks.sqlite3")
    assert store.count() == 1 + ok and store.integrity_ok()
    store.close()


@pytest.mark.row(28)
def test_python_object_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "yaml-marker"
    payload = f'- !!python/object/apply:os.system ["touch {marker}"]\n'
    store = BookmarkStore(tmp_path / "b.sqlite3")
    report = store.import_text(payload, "yaml")
    assert report.added == 0 and report.problems
    from index.config import load_config

    cfg = tmp_path / "config.yaml"
    cfg.write_text(f'theme: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert load_config(cfg).warnings
    assert not marker.exists()
    store.close()


@pytest.mark.slow
@pytest.mark.row(28)
def test_10_mb_import_file_does_not_hang(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.sqlite3")
    row = '- {quote: "' + "x" * 1000 + '", article_id: a.txt, note: "' + "y" * 1000 + '"}\n'
    text = row * (10 * 1024 * 1024 // len(row))
    report = store.import_text(text, "yaml")
    assert (report.added <= 1 and report.problems) or report.added >= 1
    assert store.integrity_ok()
    store.close()


@pytest.mark.row(28)
@pytest.mark.parametrize("cut", [0, 50, 3000])
def test_truncated_bookmark_database_is_never_overwritten(tmp_path: Path, cut: int) -> None:
    db = tmp_path / "bookmarks.sqlite3"
    store = BookmarkStore(db)
    for i in range(50):
        store.add(_new(i, note="n" * 200))
    store.close()
    data = db.read_bytes()
    damaged = data[: cut or len(data) // 2] if cut else b"\0" * 100 + data[100:]
    db.write_bytes(damaged)
    store = BookmarkStore(db)
    try:
        messages = []
        for action in (store.count, store.list, lambda: store.add(_new(77))):
            try:
                action()
            except BookmarkStoreError as error:
                messages.append(str(error))
        assert messages, "a damaged database was used as if it were fine"
        assert all("\n" not in m for m in messages)
    finally:
        store.close()
    assert db.read_bytes() == damaged, "the damaged database was overwritten"
