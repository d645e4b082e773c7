"""Shared fixtures for the app tests: a seed index built once per session, copied per test.

Tests never touch the user's config or caches: every app gets a temp config, and
XDG_CACHE_HOME / XDG_DATA_HOME point into the test's temp folder.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from index import (
    Config,
    Library,
    load_config,
)
from tests.configs import write_config
from tui.app import DatelineApp

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def build_index(folder: Path, articles: Path) -> Config:
    """Write a config for `articles` in `folder` and build its index (a child process)."""
    config = load_config(str(write_config(folder, articles)))
    library = Library(config)
    try:
        report = library.rebuild(full=True)
        assert report.error is None, report.error
    finally:
        library.close()
    return config


@pytest.fixture(scope="session")
def seed_app_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds indexed once per session; tests copy it."""
    folder = tmp_path_factory.mktemp("seed-index")
    build_index(folder, SEEDS)
    return folder


@pytest.fixture
def app_config(
    seed_app_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Config]:
    """A private copy of the seed index with an empty bookmark store."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("DATELINE_CONFIG", raising=False)
    shutil.copytree(seed_app_index / "ix", tmp_path / "ix")
    (tmp_path / "ix").chmod(0o700)
    yield load_config(str(write_config(tmp_path, SEEDS)))


def make_app(config: Config) -> DatelineApp:
    """A `DatelineApp` on `config`, with the real library behind it."""
    return DatelineApp(config)


async def wait_idle(pilot: Pilot[Any], app: DatelineApp, seconds: float = 10.0) -> None:
    """Let workers finish, debounced work (the sidebar's entities) run, and results land."""
    deadline = time.monotonic() + seconds
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
        while _debouncing(app) and time.monotonic() < deadline:
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
    await pilot.pause()


def palette_prompts(app: DatelineApp) -> list[str]:
    """What the open command palette lists, top first (empty while it is still searching)."""
    from textual.widgets import OptionList

    try:
        palette = app.screen.query_one("CommandList", OptionList)
    except Exception:
        return []
    return [str(palette.get_option_at_index(i).prompt) for i in range(palette.option_count)]


async def wait_for_palette(
    pilot: Pilot[Any], app: DatelineApp, text: str, *, top: bool = True
) -> list[str]:
    """Wait until the palette's top hit (or with `top=False` any hit) holds `text`: its
    search runs in the background, so a fixed pause is too short on a busy machine."""

    def listed() -> bool:
        prompts = palette_prompts(app)
        return any(text in p for p in (prompts[:1] if top else prompts))

    assert await wait_until(pilot, listed), palette_prompts(app)
    return palette_prompts(app)


async def settle(pilot: Pilot[Any], app: DatelineApp) -> None:
    """Let workers finish and their results land on screen."""
    await wait_idle(pilot, app)
    await pilot.pause()


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 30.0
) -> bool:
    """Poll `condition` between short pauses until it holds: tests wait for a state, never
    for a fixed time (the bound is generous, since a busy machine is slow, not wrong)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


def _debouncing(app: DatelineApp) -> bool:
    try:
        return app.main_screen.entities_pending
    except LookupError:
        return False
