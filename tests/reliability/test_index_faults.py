"""Rows 14-22: killed, concurrent, locked, corrupted, malicious and starved rebuilds.

The index is a cache: whatever happens to a rebuild or to the index folder, the previous
complete generation keeps serving, damage is detected before Whoosh unpickles anything,
and the next rebuild heals it without manual cleanup.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from index import Library, NewBookmark, RebuildReport, SearchRequest
from index.search.schema import INDEX_NAME
from index.store.generations import (
    PREFIX,
    QUARANTINE,
    is_locked,
    open_current,
    read_current,
    rebuild_lock,
)
from index.store.rebuild import run_rebuild
from tests.reliability.conftest import REPO, Corpus, child_env, rebuild_request, run_cli


def _generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(PREFIX))


def _bookmark(i: int = 0) -> NewBookmark:
    return NewBookmark(
        article_id=f"a{i:04d}.txt",
        path=f"/nowhere/a{i:04d}.txt",
        title=f"Story number {i}",
        date=None,
        quote=f"quote number {i}",
        start=0,
        end=10,
    )


def _serves(corpus: Corpus, count: int) -> None:
    """A fresh Library opens the current generation with `count` articles and finds one."""
    fresh = Library(corpus.config)
    try:
        status = fresh.open()
        assert status.ready, status.message
        assert status.articles == count
        assert fresh.search(SearchRequest("story7")).total >= 1
    finally:
        fresh.close()


def _spawn_rebuild(corpus: Corpus, full: bool = True) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "index.store.rebuild", rebuild_request(corpus.config, full)],
        cwd=REPO,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.row(14)
def test_kill_9_at_20_random_moments_of_a_rebuild(corpus_factory: Callable[..., Corpus]) -> None:
    corpus = corpus_factory(300, words=200)
    library = corpus.library(build_first=True)
    root = corpus.index_dir
    assert library.status().articles == 300
    # Kills land at progress events, not at clock times: the child reports each phase
    # (scanning, every 25 articles, committing, verifying, swapping) on stdout, and the
    # test kills it right after reading the k-th report, however loaded the machine is.
    timing = _spawn_rebuild(corpus)
    events = [json.loads(line)["phase"] if '"phase"' in line else "report"
              for line in timing.communicate()[0].splitlines()]  # fmt: skip
    assert "swapping" in events, events
    last_before_swap = events.index("swapping")
    rng = random.Random(14)
    kill_after = sorted(rng.randint(1, last_before_swap) for _ in range(20))
    survived_before_swap = 0
    for count in kill_after:
        before = read_current(root)
        child = _spawn_rebuild(corpus)
        assert child.stdout is not None
        for _ in range(count):
            child.stdout.readline()
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        survived_before_swap += read_current(root) == before
        _serves(corpus, 300)
        assert not is_locked(root), "a killed rebuild left its lock held"
    assert survived_before_swap >= 5, "the kills did not land during the build"
    # The next rebuild proceeds without manual cleanup and collects the orphans.
    report = library.rebuild(full=True)
    assert report.error is None, report.error
    assert report.articles == 300
    assert len(_generations(root)) <= 2
    assert not [p for p in root.iterdir() if p.name.startswith(QUARANTINE)]
    assert library.status().articles == 300


@pytest.mark.row(15)
def test_two_rebuilds_at_once_one_builds_other_reports_busy(
    corpus_factory: Callable[..., Corpus],
) -> None:
    corpus = corpus_factory(300, words=400)
    library = corpus.library(build_first=True)
    root = corpus.index_dir
    config = corpus.config
    reports: list[RebuildReport] = []
    done = threading.Event()

    def run() -> None:
        reports.append(run_rebuild(config, full=True))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    polls = 0
    while any(t.is_alive() for t in threads):
        generation = open_current(root)  # raises if CURRENT ever points at a broken generation
        assert generation is not None and generation.doc_count == 300
        polls += 1
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    done.set()
    built = [r for r in reports if r.error is None]
    busy = [r for r in reports if r.error is not None]
    assert len(built) == 1, [r.error for r in reports]
    assert len(busy) == 1 and "already running" in (busy[0].error or ""), busy
    assert "\n" not in (busy[0].error or "")
    assert polls > 5
    assert read_current(root) == built[0].generation
    assert library.refresh()
    assert library.status().articles == 300


_HOLDER = """
import fcntl, os, sys, time
from whoosh.filedb.filestore import FileStorage
root, gen = sys.argv[1], sys.argv[2]
fd = os.open(os.path.join(root, "rebuild.lock"), os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
ix = FileStorage(os.path.join(root, gen)).open_index(indexname="MAIN")
writer = ix.writer()
print("held", flush=True)
time.sleep(120)
"""


def _hold_locks(root: Path) -> subprocess.Popen[str]:
    """A child holding rebuild.lock and the Whoosh write lock of the current generation."""
    name = read_current(root)
    assert name is not None
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(root), name],
        cwd=REPO,
        env=child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.row(16)
def test_stale_locks_of_a_killed_holder_do_not_block(small_corpus: Corpus) -> None:
    library = small_corpus.library(build_first=True)
    root = small_corpus.index_dir
    holder = _hold_locks(root)
    assert is_locked(root)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    name = read_current(root)
    assert name is not None
    assert list((root / name).glob("*WRITELOCK*")), "the stale Whoosh lock file should remain"
    assert not is_locked(root)
    with rebuild_lock(root):
        pass
    (small_corpus.articles / "a9999.txt").write_text("Late story\n\nstory7 again.\n")
    report = library.rebuild()  # incremental: clones the generation with the stale lock file
    assert report.error is None, report.error
    assert report.added == 1
    report = library.rebuild(full=True)
    assert report.error is None, report.error
    assert library.status().articles == 21


@pytest.mark.row(17)
def test_live_lock_held_while_user_searches_and_bookmarks(small_corpus: Corpus) -> None:
    library = small_corpus.library(build_first=True)
    holder = _hold_locks(small_corpus.index_dir)
    try:
        results = library.search(SearchRequest("story3"))
        assert results.error is None and results.total >= 1
        assert library.status().rebuilding
        report = library.rebuild(full=True)  # must not wait for the holder
        assert report.error is not None and "already running" in report.error
        assert "LockError" not in report.error
        before = library.bookmarks.count()
        library.bookmarks.add(_bookmark())
        assert library.bookmarks.count() == before + 1
        assert library.search(SearchRequest("story3")).total >= 1
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()


def _toc(root: Path) -> Path:
    name = read_current(root)
    assert name is not None
    tocs = list((root / name).glob("*.toc"))
    assert len(tocs) == 1, tocs
    return tocs[0]


def _segment(root: Path) -> Path:
    name = read_current(root)
    assert name is not None
    segments = sorted((root / name).glob("*.seg"), key=lambda p: p.stat().st_size)
    assert segments, list((root / name).iterdir())
    return segments[-1]


def _truncate(p: Path) -> None:
    os.truncate(p, p.stat().st_size // 2)


def _zero_fill(p: Path) -> None:
    p.write_bytes(b"\0" * p.stat().st_size)


def _random_bytes(p: Path) -> None:
    data = bytearray(p.read_bytes())
    rng = random.Random(18)
    for _ in range(max(8, len(data) // 50)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    p.write_bytes(bytes(data))


def _delete(p: Path) -> None:
    p.unlink()


def _heals(corpus: Corpus, library: Library, count: int, bookmarks: int) -> None:
    """A fresh open reports damage in one sentence and quarantines; a rebuild heals it."""
    fresh = Library(corpus.config)
    corpus.libraries.append(fresh)
    status = fresh.open()
    assert not status.ready
    assert status.message and "\n" not in status.message
    assert "rebuild" in status.message.lower()
    root = corpus.index_dir
    assert [p for p in root.iterdir() if p.name.startswith(QUARANTINE)], "not quarantined"
    result = fresh.search(SearchRequest("story3"))
    assert result.total == 0 and result.error
    report = fresh.rebuild()
    assert report.error is None, report.error
    assert fresh.status().ready and fresh.status().articles == count
    assert fresh.search(SearchRequest("story3")).total >= 1
    assert fresh.bookmarks.count() == bookmarks
    assert fresh.bookmarks.integrity_ok()


@pytest.mark.row(18)
@pytest.mark.parametrize("damage", [_truncate, _zero_fill, _random_bytes, _delete])
def test_corrupted_toc_is_quarantined_and_rebuilt(
    small_corpus: Corpus, damage: Callable[[Path], None]
) -> None:
    library = small_corpus.library(build_first=True)
    library.bookmarks.add(_bookmark(1))
    library.close()
    damage(_toc(small_corpus.index_dir))
    _heals(small_corpus, library, 20, 1)


@pytest.mark.row(19)
@pytest.mark.parametrize("damage", [_zero_fill, _random_bytes])
def test_corrupted_segment_is_caught_by_the_manifest(
    small_corpus: Corpus, damage: Callable[[Path], None]
) -> None:
    library = small_corpus.library(build_first=True)
    library.bookmarks.add(_bookmark(1))
    library.close()
    damage(_segment(small_corpus.index_dir))
    _heals(small_corpus, library, 20, 1)


@pytest.mark.row(19)
def test_latent_segment_damage_surfaces_as_a_sentence_never_a_crash(
    corpus_factory: Callable[..., Corpus],
) -> None:
    corpus = corpus_factory(60)
    library = corpus.library(build_first=True)
    library.close()
    segment = _segment(corpus.index_dir)
    st = segment.stat()
    data = bytearray(segment.read_bytes())
    middle = len(data) // 4
    data[middle : len(data) - 64] = b"\xa5" * (len(data) - 64 - middle)
    segment.write_bytes(bytes(data))
    os.utime(segment, ns=(st.st_atime_ns, st.st_mtime_ns))  # defeat the cheap stat check
    fresh = Library(corpus.config)
    corpus.libraries.append(fresh)
    status = fresh.open()
    messages: list[str] = []
    if status.ready:
        words = [f"story{i}" for i in range(60)] + ["minister", "harbour", "river", "budget"]
        for word in words:
            result = fresh.search(SearchRequest(word))  # must never raise
            if result.error:
                messages.append(result.error)
            if not fresh.status().ready:
                break
        for i in range(60):
            fresh.article(f"a{i:04d}.txt")  # must never raise
    else:
        messages.append(status.message or "")
    assert messages, "the damage was never noticed"
    assert any("damaged" in m or "rebuild" in m.lower() for m in messages), messages
    assert all("\n" not in m for m in messages)
    report = fresh.rebuild()
    assert report.error is None, report.error
    assert fresh.open().articles == 60


def _payload_toc(path: Path, marker: Path) -> None:
    """Overwrite a Whoosh TOC with one whose pickles create `marker` when loaded."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import _CURRENT_TOC_VERSION, _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, (f"touch {marker}",))

    blob = pickle.dumps(Payload(), 2)
    storage = FileStorage(str(path.parent))
    tmp_name = path.name + ".evil"
    stream = storage.create_file(tmp_name)
    stream.write_varint(_INT_SIZE)
    stream.write_varint(_LONG_SIZE)
    stream.write_varint(_FLOAT_SIZE)
    stream.write_int(-12345)
    stream.write_int(_CURRENT_TOC_VERSION)
    for num in (2, 7, 5):
        stream.write_varint(num)
    stream.write_string(blob)
    stream.write_int(int(path.stem.rsplit("_", 1)[-1]))
    stream.write_int(0)
    stream.write_string(blob)
    stream.close()
    os.replace(path.parent / tmp_name, path)


@pytest.mark.row(20)
def test_crafted_pickle_toc_is_never_unpickled(small_corpus: Corpus, tmp_path: Path) -> None:
    library = small_corpus.library(build_first=True)
    library.bookmarks.add(_bookmark(2))
    library.close()
    root = small_corpus.index_dir
    toc = _toc(root)
    # The trap is real: plain Whoosh runs the payload (checked on a throwaway copy).
    probe_marker = tmp_path / "probe-marker"
    probe = tmp_path / "probe"
    probe.mkdir()
    for item in toc.parent.iterdir():
        (probe / item.name).write_bytes(item.read_bytes())
    _payload_toc(probe / toc.name, probe_marker)
    code = (
        "import sys\nfrom whoosh.filedb.filestore import FileStorage\n"
        "try:\n FileStorage(sys.argv[1]).open_index(indexname='MAIN')\nexcept Exception: pass\n"
    )
    subprocess.run([sys.executable, "-c", code, str(probe)], env=child_env(), check=True)
    assert probe_marker.exists(), "the crafted TOC no longer triggers plain Whoosh"

    marker = tmp_path / "pwned-marker"
    _payload_toc(toc, marker)
    fresh = Library(small_corpus.config)
    small_corpus.libraries.append(fresh)
    status = fresh.open()
    assert not status.ready and status.message and "rebuild" in status.message.lower()
    fresh.search(SearchRequest("story3"))
    result = run_cli("search", "story3", "--json", "--config", str(small_corpus.config_path))
    assert "Traceback" not in result.stderr
    report = fresh.rebuild()
    assert report.error is None, report.error
    assert fresh.status().articles == 20
    assert fresh.bookmarks.count() == 1
    assert not marker.exists(), "the payload ran"


@pytest.mark.row(20)
def test_planted_extra_toc_and_wrong_owner_are_refused(
    small_corpus: Corpus, tmp_path: Path
) -> None:
    library = small_corpus.library(build_first=True)
    library.close()
    root = small_corpus.index_dir
    toc = _toc(root)
    marker = tmp_path / "planted-marker"
    planted = toc.with_name(f"{INDEX_NAME}_99.toc")
    planted.write_bytes(toc.read_bytes())
    _payload_toc(planted, marker)
    fresh = Library(small_corpus.config)
    small_corpus.libraries.append(fresh)
    status = fresh.open()
    assert not status.ready and status.message
    assert fresh.rebuild().error is None
    assert fresh.status().ready
    assert not marker.exists()
    # A world-writable index folder is made private again before anything is opened.
    os.chmod(root, 0o777)
    assert fresh.open().ready
    assert root.stat().st_mode & 0o077 == 0


@pytest.mark.row(21)
def test_read_only_index_folder_keeps_searching_and_says_why(small_corpus: Corpus) -> None:
    if os.geteuid() == 0:
        pytest.skip("runs as root, which ignores chmod 555; run as a normal user to check")
    library = small_corpus.library(build_first=True)
    root = small_corpus.index_dir
    os.chmod(root, 0o555)
    try:
        assert library.search(SearchRequest("story3")).total >= 1
        report = library.rebuild(full=True)
        assert report.error is not None
        assert "permission" in report.error.lower() and "already running" not in report.error
        assert library.search(SearchRequest("story3")).total >= 1
    finally:
        os.chmod(root, 0o700)


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.row(22)
def test_disk_full_during_rebuild_keeps_old_generation(
    corpus_factory: Callable[..., Corpus], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_factory(150, words=300)
    library = corpus.library(build_first=True)
    root = corpus.index_dir
    before = read_current(root)
    real_popen = subprocess.Popen

    def limited_popen(*args: Any, **kwargs: Any) -> Any:
        kwargs["preexec_fn"] = _limit_file_size(64 * 1024)
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", limited_popen)
    report = library.rebuild(full=True)
    monkeypatch.undo()
    assert report.error is not None
    assert "\n" not in report.error and "Traceback" not in report.error
    assert "previous index keeps serving" in report.error
    assert read_current(root) == before
    assert _generations(root) == [before], "the half-written generation was left behind"
    assert not is_locked(root)
    _serves(corpus, 150)
    report = library.rebuild(full=True)
    assert report.error is None, report.error
