"""The real terminal: drive `python -m tui` in tmux, bookmark a quote, restart, find it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index import Config
from tests.app_fixtures import REPO, app_config, seed_index

__all__ = ["app_config", "seed_index"]

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Tmux:
    """One detached tmux session running the app."""

    def __init__(self, config: Config, env: dict[str, str]) -> None:
        self.name = f"dateline-test-{uuid.uuid4().hex[:8]}"
        self.config = config
        self.env = env

    def start(self) -> None:
        # COLUMNS/LINES from the test process would override the real window size.
        command = f"env -u COLUMNS -u LINES {sys.executable} -m tui --config {self.config.source}"
        exports = [f"-e{key}={value}" for key, value in self.env.items()]
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", *exports,
             "-c", str(REPO), command],
            check=True,
        )  # fmt: skip
        # Another tmux client or session on the same server can shrink a new window: pin it.
        subprocess.run(
            ["tmux", "set-option", "-t", self.name, "window-size", "manual"], check=False
        )
        subprocess.run(
            ["tmux", "resize-window", "-t", self.name, "-x", "120", "-y", "40"], check=False
        )

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def capture(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode
            == 0
        )

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen}")

    def wait_gone(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.alive():
            time.sleep(0.1)
        assert not self.alive(), "the app did not quit"

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def tmux_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    yield {
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "PYTHONPATH": str(REPO),
    }


def test_bookmark_survives_restart(app_config: Config, tmux_env: dict[str, str]) -> None:
    session = Tmux(app_config, tmux_env)
    session.start()
    try:
        session.wait_for(lambda s: "5 results" in s, "the first results")
        session.type("sufficient productive")
        session.wait_for(
            lambda s: "1 result " in s or "1 result\n" in s or " 1 result" in s, "a search"
        )
        session.send("Enter")
        session.send("Enter")
        session.wait_for(lambda s: "In this article" in s and "] Quote" in s, "the article")
        session.type("]")
        session.type("]")
        session.type("b")
        session.wait_for(lambda s: "Note" in s and "Tags" in s, "the bookmark form")
        session.type("tmux-note-42")
        session.send("Enter")
        time.sleep(1.0)  # focus moves to the tags box with a message; keys typed at once race it
        session.type("apec")
        time.sleep(1.0)
        session.send("Enter")
        session.wait_for(lambda s: "1 bookmark" in s, "the saved bookmark")
        session.type("q")
        session.wait_gone()

        session = Tmux(app_config, tmux_env)
        session.start()
        session.wait_for(lambda s: "5 results" in s, "the restart")
        session.send("Escape")  # leave the search box so B is a key, not a letter
        time.sleep(1.0)  # a lone ESC followed at once by a key reads as alt+key
        session.type("B")
        screen = session.wait_for(lambda s: "tmux-note-42" in s, "the bookmark after restart")
        assert "#apec" in screen
        session.type("q")
        session.wait_gone()
    finally:
        session.kill()
