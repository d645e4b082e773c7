"""The updated article store: a base shared by hard link plus a small delta.

An update must read exactly like a full rebuild of the same files, never write into the
previous generation's files, and leave every file of the new one checkable by its
manifest.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from index import Library, SearchRequest, load_config
from index.errors import IndexDamagedError
from index.extract.corrections import EntityRules
from index.store import articledb, generations
from index.store.build import build
from index.store.build_request import BuildRequest
from tests.configs import write_config
from tests.conftest import REPO, SEEDS

WORDS = ("Lutnick", "tariff", "minister", "zebra", "harbour", "Koo", "Seoul", "said:Lutnick")


def _built(config_path: Path) -> tuple[Library, Path]:
    """A library fully built from `config_path`, and its article folder."""
    library = Library(load_config(config_path))
    assert library.rebuild(full=True).error is None
    return library, Path(library.config.articles[0])


def _current(library: Library) -> Path:
    status = library.status()
    assert status.generation is not None, status.message
    return Path(library.config.index_dir) / status.generation


def _ids(library: Library) -> list[str]:
    engine = library._require()
    conn, lock = engine.db()
    with lock:
        return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]


def _view(library: Library) -> dict[str, Any]:
    """Everything a reader sees of the store, in comparable form."""
    ids = _ids(library)
    return {
        "ids": ids,
        "articles": [library.article(i) for i in ids],
        "related": {i: library.related(i) for i in ids},
        "entities": library.entities(limit=10_000),
        "mentions": library.mentions("PERSON", "Howard Lutnick"),
        "quotes": library.quotes(),
        "totals": [library.search(SearchRequest(w)).total for w in WORDS],
        "count": library.status().articles,
        "needs_update": library.needs_update(),
    }


def _full_view(tmp_path: Path, articles: Path, name: str) -> dict[str, Any]:
    """What a full rebuild of the same files shows."""
    folder = tmp_path / name
    folder.mkdir()
    library = Library(load_config(write_config(folder, articles)))
    try:
        assert library.rebuild(full=True).error is None
        return _view(library)
    finally:
        library.close()


def _edit_round(articles: Path, round_: int) -> None:
    """Edit, add and remove files (an article may change in several rounds)."""
    time.sleep(0.01)
    edited = next(articles.glob("002_*.txt"))
    edited.write_text(
        edited.read_text(encoding="utf-8")
        + f'\n"We will keep talking, round {round_}," said Howard Lutnick.\n',
        encoding="utf-8",
    )
    first = next(articles.glob("001_*.txt")).read_text(encoding="utf-8")
    copy_of = "\n\n".join(first.split("\n\n")[1:3])
    (articles / f"new{round_}.txt").write_text(
        f"Zebra harbour story {round_}\n\n{copy_of}\n\nA zebra was seen in the harbour.\n",
        encoding="utf-8",
    )
    if round_ == 1:
        next(articles.glob("004_*.txt")).unlink()
    if round_ == 2:
        (articles / "new1.txt").unlink()


def test_updates_read_like_a_full_rebuild_and_share_the_base(
    seed_copy: Path, tmp_path: Path
) -> None:
    library, articles = _built(seed_copy)
    built = _current(library)
    assert not (built / articledb.DELTA).exists()
    base = os.stat(built / articledb.FILENAME).st_ino
    for round_ in (1, 2, 3):
        previous = _current(library)
        _edit_round(articles, round_)
        report = library.rebuild()
        assert report.error is None, report.error
        current = _current(library)
        assert current != previous
        # The base is the full build's file, shared, never copied or written.
        assert os.stat(current / articledb.FILENAME).st_ino == base
        assert (current / articledb.DELTA).is_file()
        generations.verify(previous, full=True)
        generations.verify(current, full=True)
        assert _view(library) == _full_view(tmp_path, articles, f"full{round_}")
    library.close()


def _build_in_process(config_path: Path) -> None:
    config = load_config(config_path)
    request = BuildRequest(
        roots=config.articles,
        index_dir=config.index_dir,
        full=False,
        max_bytes=config.max_file_bytes,
        rules=EntityRules(),
        workers=1,
    )
    report = build(request, lambda _: None)
    assert report.error is None, report.error


def test_a_grown_delta_is_folded_into_a_new_base(
    seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library, articles = _built(seed_copy)
    _edit_round(articles, 1)
    _build_in_process(seed_copy)
    library.refresh()
    with_delta = _current(library)
    assert (with_delta / articledb.DELTA).is_file()

    monkeypatch.setattr(articledb, "COMPACT_MIN", 0)
    _edit_round(articles, 2)
    _build_in_process(seed_copy)
    library.refresh()
    compacted = _current(library)
    assert not (compacted / articledb.DELTA).exists()
    assert (
        os.stat(compacted / articledb.FILENAME).st_ino
        != os.stat(with_delta / articledb.FILENAME).st_ino
    )
    generations.verify(with_delta, full=True)
    generations.verify(compacted, full=True)
    assert _view(library) == _full_view(tmp_path, articles, "full")
    library.close()


@pytest.fixture
def updated(seed_copy: Path) -> Path:
    """A seed library updated once (its current generation has a delta); closed."""
    config = load_config(seed_copy)
    library = Library(config)
    assert library.rebuild(full=True).error is None
    _edit_round(Path(config.articles[0]), 1)
    assert library.rebuild().error is None
    current = _current(library)
    library.close()
    assert (current / articledb.DELTA).is_file()
    return current


def _flip_middle(path: Path) -> None:
    """Damage bytes in the middle of a file, keeping its size and mtime."""
    st = path.stat()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    with open(path, "r+b") as handle:
        handle.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.mark.parametrize("name", [articledb.FILENAME, articledb.DELTA])
def test_damage_to_a_carried_forward_or_delta_store_is_detected(updated: Path, name: str) -> None:
    path = updated / name
    # The base's entry is carried forward from the previous manifest, not re-hashed.
    generations.verify(updated, full=True)
    _flip_middle(path)
    generations.verify(updated)  # size and mtime unchanged: the cheap check trusts them
    with pytest.raises(IndexDamagedError, match="corrupted"):
        generations.verify(updated, full=True)
    os.utime(path)  # a changed mtime makes even the cheap check hash the file
    with pytest.raises(IndexDamagedError, match="corrupted"):
        generations.verify(updated)


def test_truncated_delta_and_unlisted_store_are_refused(updated: Path) -> None:
    delta = updated / articledb.DELTA
    spare = updated.parent / "spare"
    shutil.copyfile(delta, spare)
    with open(delta, "r+b") as handle:
        handle.truncate(delta.stat().st_size // 2)
    with pytest.raises(IndexDamagedError, match="size"):
        generations.verify(updated)
    shutil.copyfile(spare, delta)
    generations.verify(updated)
    (updated / "planted.sqlite3").write_bytes(b"")
    with pytest.raises(IndexDamagedError, match="unexpected"):
        generations.verify(updated)


def _as_format_1(gen_dir: Path) -> None:
    """Make a generation look like the old code built it: one store, format-1 manifest."""
    conn = sqlite3.connect(gen_dir / articledb.FILENAME)
    conn.execute("DROP INDEX articles_fingerprint")
    conn.commit()
    conn.close()
    manifest = generations.read_manifest(gen_dir)
    doc_count = manifest["doc_count"]
    assert isinstance(doc_count, int)
    generations.write_manifest(gen_dir, doc_count, {})
    data = json.loads((gen_dir / generations.MANIFEST).read_text(encoding="utf-8"))
    data["format"] = 1
    (gen_dir / generations.MANIFEST).write_text(json.dumps(data), encoding="utf-8")


def test_an_index_built_by_the_old_code_is_served_and_updated(
    seed_copy: Path, tmp_path: Path
) -> None:
    library, articles = _built(seed_copy)
    config = library.config
    old = _current(library)
    library.close()
    _as_format_1(old)

    library = Library(config)
    assert library.open().ready
    assert library.search(SearchRequest("Lutnick")).total == 4
    _edit_round(articles, 1)
    assert library.rebuild().error is None
    assert generations.read_manifest(_current(library))["format"] == generations.FORMAT
    generations.verify(old, full=True)
    assert _view(library) == _full_view(tmp_path, articles, "full")
    library.close()


def test_a_manifest_of_an_unknown_format_is_rebuilt(seed_copy: Path) -> None:
    config = load_config(seed_copy)
    library = Library(config)
    assert library.rebuild(full=True).error is None
    current = _current(library)
    library.close()
    data = json.loads((current / generations.MANIFEST).read_text(encoding="utf-8"))
    data["format"] = generations.FORMAT + 1
    (current / generations.MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    library = Library(config)
    status = library.open()
    assert not status.ready and status.message is not None and "rebuild" in status.message
    report = library.rebuild()
    assert report.error is None and report.full and report.articles == 5
    library.close()


@pytest.mark.slow
def test_killed_updates_leave_the_previous_generation_intact(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    config_path = write_config(tmp_path, articles)
    config = load_config(config_path)
    root = Path(config.index_dir)
    library = Library(config)
    assert library.rebuild(full=True).error is None
    _edit_round(articles, 1)
    assert library.rebuild().error is None  # the current generation has a delta
    request = json.dumps(
        {
            "config": str(config_path),
            "roots": list(config.articles),
            "index_dir": config.index_dir,
            "full": False,
            "max_bytes": config.max_file_bytes,
        }
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    rng = random.Random(7)
    for attempt in range(12):
        before = generations.read_current(root)
        assert before is not None
        (articles / f"more{attempt}.txt").write_text(f"More okapi news {attempt}\n\nOkapis.\n")
        child = subprocess.Popen(
            [sys.executable, "-m", "index.store.rebuild", request],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        # Whatever the moment, the generation that was current is still whole.
        generations.verify(root / before, full=True)
        current = generations.open_current(root)
        assert current is not None
        generations.verify(current.path, full=True)
        fresh = Library(config)
        assert fresh.open().ready
        assert fresh.search(SearchRequest("Lutnick")).total >= 1
        fresh.close()
    report = library.rebuild()
    assert report.error is None, report.error
    assert report.articles == 17 and library.search(SearchRequest("okapi")).total == 12
    library.close()


def test_a_generation_pruned_while_it_is_checked_gives_way_to_the_new_one(
    updated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = updated.parent
    newer = generations.read_current(root)
    assert newer == updated.name
    older = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != newer)
    assert older, "an update keeps the previous generation"
    real_verify = generations.verify
    calls: list[str] = []

    def pruned_mid_check(gen_dir: Path, full: bool = False) -> dict[str, object]:
        calls.append(gen_dir.name)
        if gen_dir.name == older[-1]:
            # another process swapped in `newer` and pruned this one mid-check
            generations.swap_current(root, root / newer)
            raise FileNotFoundError(gen_dir / "gone.seg")
        return real_verify(gen_dir, full)

    generations.swap_current(root, root / older[-1])
    monkeypatch.setattr(generations, "verify", pruned_mid_check)
    current = generations.open_current(root)
    assert current is not None and current.name == newer
    assert calls == [older[-1], newer]
    # a file gone while CURRENT still names its generation is damage, said plainly
    generations.swap_current(root, root / older[-1])

    def vanished(gen_dir: Path, full: bool = False) -> dict[str, object]:
        raise FileNotFoundError(gen_dir / "gone.seg")

    monkeypatch.setattr(generations, "verify", vanished)
    with pytest.raises(IndexDamagedError, match="vanished while it was checked"):
        generations.open_current(root)
