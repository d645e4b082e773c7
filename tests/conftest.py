"""Shared fixtures: every test runs with its own cache, data dir and config, never the user's."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.configs import write_config

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "data" / "seeds.yaml"
BBC = REPO.parent / "shared" / "corpora" / "bbc"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point XDG dirs at a temp folder and forget any DATELINE_CONFIG of the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("DATELINE_CONFIG", raising=False)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of the seeds and a built index, made once per session."""
    from index import Library, load_config

    folder = tmp_path_factory.mktemp("seedlib")
    articles = folder / "articles"
    shutil.copytree(SEEDS, articles)
    config = write_config(folder, articles)
    library = Library(load_config(config))
    report = library.rebuild(full=True)
    library.close()
    assert report.error is None, report.error
    return config


@pytest.fixture
def seed_copy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of the seeds with its own (not yet built) index: tests may mutate it."""
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    yield write_config(tmp_path, articles)
