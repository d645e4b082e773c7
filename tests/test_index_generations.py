"""Index generations: a killed rebuild never takes the previous index down."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import Library, load_config
from index.store import rebuild as rebuild_module
from index.store.generations import PREFIX, read_current
from tests.configs import write_config
from tests.conftest import REPO


def _make_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = " ".join(f"word{j % 97} story{i} sentence." for j in range(120))
        (folder / f"a{i:04d}.txt").write_text(f"Story number {i}\n\n{body}\n", encoding="utf-8")


def test_killed_full_rebuild_leaves_previous_generation_serving(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _make_articles(articles, 150)
    config_path = write_config(tmp_path, articles)
    config = load_config(config_path)
    library = Library(config)
    assert library.rebuild(full=True).error is None
    before = read_current(Path(config.index_dir))
    _make_articles(articles, 400)

    request = {
        "config": str(config_path),
        "roots": list(config.articles),
        "index_dir": config.index_dir,
        "full": True,
        "max_bytes": config.max_file_bytes,
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "index.store.rebuild", json.dumps(request)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if '"indexing"' in line:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    assert read_current(Path(config.index_dir)) == before
    fresh = Library(config)
    status = fresh.open()
    assert status.ready and status.articles == 150
    assert fresh.search(__import__("index").SearchRequest("story7")).total >= 1
    # The next rebuild runs without manual cleanup and removes the orphan.
    report = fresh.rebuild(full=True)
    assert report.error is None and report.articles == 400
    generations = [p for p in Path(config.index_dir).iterdir() if p.name.startswith(PREFIX)]
    assert len(generations) <= 2
    fresh.close()
    library.close()


def test_second_rebuild_while_one_runs_reports_busy(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _make_articles(articles, 300)
    config = load_config(write_config(tmp_path, articles))
    from index.store import generations

    root = Path(config.index_dir)
    generations.ensure_private_dir(root)
    with generations.rebuild_lock(root):
        report = Library(config).rebuild(full=True)
    assert report.error is not None and "already running" in report.error


def test_incremental_update_reindexes_only_what_changed(seed_copy: Path) -> None:
    config = load_config(seed_copy)
    library = Library(config)
    assert library.rebuild(full=True).articles == 5
    unchanged = library.rebuild()
    assert (unchanged.reindexed, unchanged.removed) == (0, 0)

    seed = next(Path(config.articles[0]).glob("002_*.txt"))
    time.sleep(0.01)
    seed.touch()
    touched = library.rebuild()
    assert touched.error is None
    assert (touched.added, touched.updated, touched.removed) == (0, 1, 0)

    (Path(config.articles[0]) / "new.txt").write_text("Zebra crossing\n\nA zebra story.\n")
    seed.unlink()
    changed = library.rebuild()
    assert (changed.added, changed.updated, changed.removed) == (1, 0, 1)
    assert library.status().articles == 5
    assert library.search(__import__("index").SearchRequest("zebra")).total == 1
    assert library.search(__import__("index").SearchRequest("title:snag")).total == 0
    library.close()


def test_damaged_generation_is_quarantined_not_unpickled(seed_copy: Path) -> None:
    config = load_config(seed_copy)
    library = Library(config)
    library.rebuild(full=True)
    library.close()
    root = Path(config.index_dir)
    current = root / str(read_current(root))
    toc = next(current.glob("*.toc"))
    toc.write_bytes(b"\x80\x04garbage")
    damaged = Library(config)
    status = damaged.open()
    assert not status.ready
    assert status.message is not None and "rebuild" in status.message
    assert read_current(root) is None or not (root / str(read_current(root))).exists()
    assert damaged.rebuild(full=True).error is None
    assert damaged.status().articles == 5
    damaged.close()


def test_a_search_on_a_replaced_engine_is_served_by_the_new_one(seed_copy: Path) -> None:
    from index import SearchRequest

    config = load_config(seed_copy)
    library = Library(config)
    library.rebuild(full=True)
    old = library._engine
    assert old is not None
    other = Library(config)
    assert other.rebuild(full=True).error is None
    assert library.refresh()
    assert old.closed
    # A worker still holding the old engine gets the new one's answer, not "damaged".
    results = library.search(SearchRequest("Lutnick"))
    assert results.total == 4 and results.error is None
    assert library.status().ready
    other.close()
    library.close()


def test_failing_progress_callback_leaves_no_rebuild_running(seed_copy: Path) -> None:
    from index.store import generations

    config = load_config(seed_copy)
    library = Library(config)

    def explode(_: object) -> None:
        raise RuntimeError("client went away")

    with pytest.raises(RuntimeError):
        library.rebuild(full=True, progress=explode)
    assert not generations.is_locked(Path(config.index_dir))
    assert library.rebuild(full=True).error is None
    library.close()


def test_a_rebuild_leaves_a_spare_child_for_the_next_and_close_stops_it(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    children: list[subprocess.Popen[str]] = []
    try:
        assert library.rebuild(on_start=children.append).error is None
        assert library.rebuild(on_start=children.append).error is None
        # the second rebuild ran in the child started (imports done) during the first
        assert all("--stdin" in child.args for child in children)  # type: ignore[operator]
        spare = rebuild_module._Spare._ready
        assert spare is not None and spare.child.poll() is None
    finally:
        library.close()
    assert rebuild_module._Spare._ready is None
    assert spare.child.poll() is not None


def test_a_full_rebuild_keeps_the_generation_it_replaced_until_the_next(seed_copy: Path) -> None:
    # A reader that read the pointer just before the swap is still opening that generation.
    library = Library(load_config(seed_copy))
    root = Path(library.config.index_dir)
    try:
        names: list[str] = []
        for _ in range(3):
            assert library.rebuild(full=True).error is None
            name = read_current(root)
            assert name is not None
            names.append(name)
        kept = sorted(p.name for p in root.iterdir() if p.name.startswith(PREFIX))
        assert kept == sorted(names[1:])
    finally:
        library.close()
