"""Updates told which files changed (by the watcher) look only at those files.

Listing a library of a million files takes seconds; the one file that changed must not
wait for it. When the named paths cannot tell enough (a folder moved, a link), the update
lists the library as before.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import Library, SearchRequest, load_config
from index.articles.loader import named_files
from tests.configs import write_config
from tests.conftest import SEEDS


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    (articles / "README.txt").write_text("About these files\n", encoding="utf-8")
    built = Library(load_config(write_config(tmp_path, articles)))
    assert built.rebuild(full=True).error is None
    built.open()
    yield built
    built.close()


def _folder(library: Library) -> Path:
    return Path(library.config.articles[0])


def _hits(library: Library, query: str) -> list[str]:
    return [h.id for h in library.search(SearchRequest(query, limit=50)).hits]


def test_a_named_edit_add_and_removal_are_applied(library: Library) -> None:
    folder = _folder(library)
    edited = next(folder.glob("002_*.txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA zebra crossed.\n")
    added = folder / "new-story.txt"
    added.write_text("Harbour reopens\n\nThe harbour reopened on Monday.\n", encoding="utf-8")
    removed = next(folder.glob("004_*.txt"))
    removed.unlink()
    report = library.rebuild(paths=[str(edited), str(added), str(removed)])
    assert report.error is None
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert report.unchanged == 3  # five seeds, one edited, one removed
    assert report.articles == 5
    assert _hits(library, "zebra") == [edited.name]
    assert _hits(library, "harbour") == ["new-story.txt"]
    assert removed.name not in _hits(library, "")
    # the README the full build refused is still reported, not forgotten
    assert [Path(s.path).name for s in report.skipped] == ["README.txt"]


def test_only_the_named_files_are_looked_at(library: Library) -> None:
    folder = _folder(library)
    (folder / "unnamed.txt").write_text("Quiet file\n\nNobody named this one.\n")
    named = folder / "named.txt"
    named.write_text("Named file\n\nThe watcher saw this one.\n", encoding="utf-8")
    report = library.rebuild(paths=[str(named)])
    assert report.error is None and report.added == 1
    assert _hits(library, "watcher") == ["named.txt"]
    assert _hits(library, "nobody") == []  # not listed: the next listing finds it
    assert library.rebuild().added == 1
    assert _hits(library, "nobody") == ["unnamed.txt"]


def test_a_new_folder_makes_the_update_list_the_library(library: Library) -> None:
    folder = _folder(library)
    moved = folder / "moved"
    moved.mkdir()
    (moved / "inside.txt").write_text("Inside story\n\nFound inside a new folder.\n")
    report = library.rebuild(paths=[str(moved)])
    assert report.error is None and report.added == 1
    assert _hits(library, "inside") == ["moved/inside.txt"]


def test_named_paths_are_checked_like_a_listing(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    (root / ".hidden").mkdir(parents=True)
    (root / "story.txt").write_text("Story\n\nText.\n")
    (root / ".hidden" / "secret.txt").write_text("Secret\n\nText.\n")
    (root / "LICENSE.md").write_text("Licence\n")
    os.mkfifo(root / "pipe.txt")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Elsewhere\n\nText.\n")
    found = named_files(
        (str(root),),
        [
            str(root / "story.txt"),
            str(root / ".hidden" / "secret.txt"),
            str(root / "LICENSE.md"),
            str(root / "pipe.txt"),
            str(root / "gone.txt"),
            str(root / "story.txt.swp"),
        ],
    )
    assert found is not None
    assert [f.relpath for f in found.files] == ["story.txt"]
    assert sorted(Path(s.path).name for s in found.skipped) == ["LICENSE.md", "pipe.txt"]
    assert found.gone == ["gone.txt"]
    assert named_files((str(root),), [str(outside)]) is None  # outside every root
    (root / "link.txt").symlink_to(root / "story.txt")
    assert named_files((str(root),), [str(root / "link.txt")]) is None
