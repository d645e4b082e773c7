"""The real terminal: drive `python -m tui` in tmux as a person would.

A new user's first session (the walkthrough) at 120×40 and 80×24, and a bookmark that
survives a restart. Keys go in as tmux sends them, several in one burst; every step
waits for what the screen shows next, never for a fixed time.
"""

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
from tests.app_fixtures import REPO, app_config, seed_app_index

__all__ = ["app_config", "seed_app_index"]

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Tmux:
    """One detached tmux session running the app."""

    def __init__(
        self, config: Config, env: dict[str, str], size: tuple[int, int] = (120, 40)
    ) -> None:
        self.name = f"dateline-test-{uuid.uuid4().hex[:8]}"
        self.config = config
        self.env = env
        self.width, self.height = size

    def start(self) -> None:
        # COLUMNS/LINES from the test process would override the real window size.
        command = f"env -u COLUMNS -u LINES {sys.executable} -m tui --config {self.config.source}"
        exports = [f"-e{key}={value}" for key, value in self.env.items()]
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(self.width),
             "-y", str(self.height), *exports, "-c", str(REPO), command],
            check=True,
        )  # fmt: skip
        # Another tmux client or session on the same server can shrink a new window: pin it.
        subprocess.run(
            ["tmux", "set-option", "-t", self.name, "window-size", "manual"], check=False
        )
        subprocess.run(
            ["tmux", "resize-window", "-t", self.name, "-x", str(self.width), "-y",
             str(self.height)],
            check=False,
        )  # fmt: skip

    def send(self, *keys: str) -> None:
        """Named keys (Enter, Escape, Tab), all in one burst."""
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

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 60.0) -> str:
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
        session.type("/sufficient productive")
        session.wait_for(lambda s: " 1 result " in s or " 1 result\n" in s, "a search")
        session.send("Enter", "Enter")
        session.wait_for(lambda s: "In this article" in s and "match 1/" in s, "the article")
        session.type("]]b")
        session.wait_for(lambda s: "Note" in s and "Tags" in s, "the bookmark form")
        session.type("tmux-note-42")
        session.send("Tab")
        session.type("apec")
        session.send("Enter")
        session.wait_for(lambda s: "1 bookmark" in s, "the saved bookmark")
        session.type("q")
        session.wait_gone()

        session = Tmux(app_config, tmux_env)
        session.start()
        session.wait_for(lambda s: "5 results" in s, "the restart")
        session.type("B")  # the app starts in the results list: B is a key, not a letter
        screen = session.wait_for(lambda s: "tmux-note-42" in s, "the bookmark after restart")
        assert "#apec" in screen
        session.type("q")
        session.wait_gone()
    finally:
        session.kill()


# -- a new user's first session ----------------------------------------------------------------


def lines(screen: str) -> list[str]:
    return screen.splitlines()


def showing(title: str) -> Callable[[str], bool]:
    """A screen titled `title`, painted to its footer."""
    return lambda screen: title in screen and footer_drawn(screen)


def back_from(title: str) -> Callable[[str], bool]:
    """The reader again, with its article, after a screen titled `title`."""
    return lambda screen: title not in screen and "match " in screen


def changed_from(before: str) -> Callable[[str], bool]:
    return lambda screen: screen != before


def footer_drawn(screen: str) -> bool:
    """The screen is painted to its last line (a new screen paints its footer last)."""
    rows = lines(screen)
    return bool(rows) and "Commands" in rows[-1]


def query_box(screen: str) -> str:
    """What the search box holds (empty when it shows its placeholder)."""
    row = next(line for line in lines(screen) if line.startswith(" / "))
    text = row[3:].split("  ")[0].strip()
    return "" if text.startswith("Search titles") else text


def footer_words() -> set[str]:
    """Every word a footer key may show (descriptions and key names): a cut one ("He",
    "U") is not among them."""
    from textual.binding import Binding

    from tui.app import DatelineApp
    from tui.screens.help import binding_sections
    from tui.screens.speakers import SpeakersScreen

    words = {"Commands", "esc", "tab", "enter", "delete", "backspace"}
    owners = [owner for _, owner in binding_sections(DatelineApp)] + [SpeakersScreen]
    for owner in owners:
        for cls in getattr(owner, "__mro__", [owner]):
            for item in getattr(cls, "BINDINGS", []):
                if isinstance(item, Binding):
                    words.update(item.description.split())
    return words


FOOTER_WORDS = footer_words()


def assert_nothing_cut(screen: str, width: int) -> None:
    """No line is wider than the terminal, and the footer shows only whole keys."""
    for line in lines(screen):
        assert len(line) <= width, line
    footer = lines(screen)[-1]
    words = [w for w in footer.replace("▏", " ").split() if len(w) > 1 and w[0].isalpha()]
    cut = [w for w in words if w not in FOOTER_WORDS]
    assert not cut, f"footer cut: {footer!r}"
    assert "Quit" in footer and "Commands" in footer, footer
    header = lines(screen)[0]
    if header.startswith(" Dateline"):
        assert "indexed" in header and not header.rstrip().endswith("·"), header


def top_hit_title(config: Config, query: str) -> str:
    from index import Library, SearchRequest

    library = Library(config)
    try:
        library.open()
        return library.search(SearchRequest(query, as_you_type=True)).hits[0].title
    finally:
        library.close()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_walkthrough_of_a_first_session(
    app_config: Config, tmux_env: dict[str, str], size: tuple[int, int]
) -> None:
    width = size[0]
    title_start = " ".join(top_hit_title(app_config, "kim tariff").split()[:4])
    session = Tmux(app_config, tmux_env, size)
    session.start()
    try:
        screen = session.wait_for(lambda s: "5 results" in s, "the first results")
        assert_nothing_cut(screen, width)
        # ? right after launch is help, not a letter in the search box
        session.type("?")
        session.wait_for(lambda s: "Dateline — keys" in s, "help")
        session.send("Escape")
        screen = session.wait_for(lambda s: "Dateline — keys" not in s, "help closed")
        assert query_box(screen) == ""
        # /kim tariff ↵ ↵ in one burst: the top hit opens at its first match
        session.type("/kim tariff")
        session.send("Enter", "Enter")
        screen = session.wait_for(lambda s: "match 1/" in s, "the top hit at its first match")
        assert title_start in screen, f"not the top hit ({title_start!r}):\n{screen}"
        assert query_box(screen) == "kim tariff"
        assert_nothing_cut(screen, width)
        session.type("n")
        session.wait_for(lambda s: "match 2/" in s, "the next match")
        # ] then b: the form; a note and Enter save it
        session.type("]b")
        session.wait_for(lambda s: "Note" in s and "Tags" in s, "the bookmark form")
        session.type("first session note")
        session.send("Enter")
        session.wait_for(lambda s: "1 bookmark" in s and "Tags" not in s, "the saved bookmark")
        # scrolled away from the quote, B ↵ brings it back on screen
        session.type("G")
        session.wait_for(lambda s: "│▌ " not in s, "the quote scrolled off screen")
        session.type("B")
        session.wait_for(lambda s: "first session note" in s, "the bookmarks screen")
        session.send("Enter")
        # the quote cursor (▌ in the article's gutter, right of its border) is on screen
        screen = session.wait_for(lambda s: "│▌ " in s, "the article at the quote")
        assert_nothing_cut(screen, width)
        # who said what, related, concordance: each opens and Esc comes back
        for key, title in (("W", "Who said what"), ("o", "Related to")):
            session.type(key)
            screen = session.wait_for(showing(title), title)
            assert_nothing_cut(screen, width)
            session.send("Escape")
            session.wait_for(back_from(title), f"back from {key}")
        session.type("E" if width < 100 else "\t")
        session.wait_for(lambda s: "PEOPLE" in s, "the entities")
        session.type("c")
        screen = session.wait_for(
            lambda s: "Concordance ·" in s and footer_drawn(s), "the concordance"
        )
        assert_nothing_cut(screen, width)
        session.send("Escape")
        session.wait_for(lambda s: "Concordance ·" not in s, "back from the concordance")
        # Esc until the list is back: the query is kept, nothing stray in the box
        for _ in range(3):
            screen = session.capture()
            if "match " not in screen and "Results" in screen:
                break
            session.send("Escape")
            session.wait_for(changed_from(screen), "escape to take effect")
        screen = session.wait_for(
            lambda s: "Results" in s and "match " not in s, "the results list"
        )
        assert query_box(screen) == "kim tariff"
        assert "4 results" in screen
        assert_nothing_cut(screen, width)
        session.type("q")
        session.wait_gone()
    finally:
        session.kill()
