"""Fixtures for the reliability matrix, and the summary line that counts its rows.

Every test is tagged `@pytest.mark.row(n, ...)` with the matrix rows it checks; at the end
pytest prints `reliability matrix: N rows passed, M skipped (reasons), F failed`.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from index import Config, Library, load_config
from tests.configs import write_config

REPO = Path(__file__).resolve().parents[2]
NEW_ROWS = {
    33: "escape sequences in a stored note/tag never reach the edit form's Input values",
    34: "escape sequences never reach an export file, stdout or --json output",
    35: "CSV export neutralises spreadsheet formulas; the file imports back unchanged",
    36: "undecodable bytes in any CLI argument: one sentence, exit 2, nothing stored",
    37: "a lone surrogate stored by an older version: exports and --json stay valid UTF-8",
    38: "an export that fails leaves the target untouched and no temporary file",
    39: "exports never overwrite silently; the app's default is the documents folder",
    40: "import with 1e400, 40-digit offsets, lone surrogates: every bad row reported",
    41: "an import that fails midway adds nothing (one transaction)",
    42: "index_dir that is a system folder is refused and nothing is written there",
    43: "bookmarks that is a device, a FIFO or a folder is refused with one sentence",
    44: "articles that is / or the home folder is refused with one sentence",
    45: "YAML alias bombs in config and bookmark imports are refused at once",
    46: "an oversized config file is refused without being parsed",
    47: "a killed rebuild's half-written generation is removed by the next rebuild",
    48: "Excel CSV (BOM, ';' separators, CRLF) imports",
    49: "YAML 1.1 traps in imported tags (no, yes, 010) are kept as typed",
    50: "keymap values that are not keys (f24, markup, spaces) are reported by key",
    51: "two libraries sharing one bookmark database never touch each other's bookmarks",
    52: "a bookmark database from an older version migrates and keeps every bookmark",
    53: "exports cite the outlet, ISO 8601 times, whole-word context; counts are plural-right",
    54: "a 10 MB bookmark import is saved whole, or reported",
    55: "an article that is one 50,000-item bullet list indexes, bookmarks and exports",
    56: "a config with every value of the wrong type starts with defaults and one warning each",
    57: "emoji, right-to-left script, CJK and combining marks survive export and import",
    58: "CSV cells with newlines, quotes, commas and CR survive; stdout has no U+FFFD",
    59: "extract --json on a file full of escapes writes no raw control byte",
    60: "a note or tags typed with escape sequences are stored stripped",
    61: "footer keys do not pile up while keys change focus and screens (memory)",
    62: "a hostile corrections file applies nothing, runs nothing and is never overwritten",
}
"""Rows added to RELIABILITY.md's 32: each is a finding of a hostile walk-through."""
MATRIX_ROWS = tuple(range(1, 33)) + tuple(sorted(NEW_ROWS))

_WORDS = [
    "minister",
    "economy",
    "market",
    "council",
    "harbour",
    "river",
    "election",
    "budget",
    "court",
    "strike",
    "energy",
    "railway",
    "school",
    "hospital",
    "farmer",
    "festival",
    "museum",
    "police",
    "weather",
    "bridge",
    "factory",
    "village",
    "parliament",
    "treaty",
    "border",
    "airport",
    "mayor",
    "teacher",
    "union",
    "bank",
    "export",
    "harvest",
]


def story(i: int, words: int = 150, seed: int = 0) -> str:
    """A plain generated article: a title line, a blank line, then body sentences."""
    rng = random.Random(seed * 100_003 + i)
    sentences = []
    for _ in range(max(1, words // 10)):
        chosen = [rng.choice(_WORDS) for _ in range(9)]
        sentences.append(f"The {' '.join(chosen)} story{i}.")
    return f"Story number {i} about the {_WORDS[i % len(_WORDS)]}\n\n" + " ".join(sentences) + "\n"


def make_articles(folder: Path, count: int, words: int = 150, start: int = 0) -> list[Path]:
    """`count` generated .txt articles in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"a{i:04d}.txt"
        path.write_text(story(i, words), encoding="utf-8")
        paths.append(path)
    return paths


def build(config_path: Path, full: bool = True) -> Library:
    """Open a Library on `config_path` and build its index; asserts the build worked."""
    library = Library(load_config(config_path))
    report = library.rebuild(full=full)
    assert report.error is None, report.error
    status = library.open()
    assert status.ready, status.message
    return library


def rebuild_request(config: Config, full: bool = True) -> str:
    """The JSON argument of `python -m index.store.rebuild`, as `run_rebuild` passes it."""
    import json

    return json.dumps(
        {
            "config": config.source,
            "roots": list(config.articles),
            "index_dir": config.index_dir,
            "full": full,
            "max_bytes": config.max_file_bytes,
        }
    )


def child_env() -> dict[str, str]:
    """The environment for child Pythons: the repo importable, bytecode as usual."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_cli(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """Run `python -m tui.cli ARGS` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        timeout=timeout,
    )


@dataclass
class Corpus:
    """A folder of articles with a config beside it (index not built until asked)."""

    folder: Path
    articles: Path
    config_path: Path
    libraries: list[Library] = field(default_factory=list)

    @property
    def config(self) -> Config:
        return load_config(self.config_path)

    def library(self, build_first: bool = False) -> Library:
        library = build(self.config_path) if build_first else Library(self.config)
        self.libraries.append(library)
        return library

    @property
    def index_dir(self) -> Path:
        return Path(self.config.index_dir)


@pytest.fixture
def corpus_factory(tmp_path: Path) -> Iterator[Callable[..., Corpus]]:
    """Make corpora of generated articles; every Library opened through them is closed."""
    made: list[Corpus] = []

    def make(count: int = 20, words: int = 150, name: str = "lib", extra: str = "") -> Corpus:
        folder = tmp_path / name
        folder.mkdir()
        articles = folder / "articles"
        make_articles(articles, count, words)
        corpus = Corpus(folder, articles, write_config(folder, articles, extra))
        made.append(corpus)
        return corpus

    yield make
    for corpus in made:
        for library in corpus.libraries:
            library.close()


@pytest.fixture
def small_corpus(corpus_factory: Callable[..., Corpus]) -> Corpus:
    """20 generated articles, index not yet built."""
    return corpus_factory(20)


# -- the summary line ----------------------------------------------------------------------

_ROW_TESTS: dict[int, list[str]] = {}
_OUTCOMES: dict[str, tuple[str, str]] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "row(*numbers): the RELIABILITY.md matrix rows a test checks"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for marker in item.iter_markers("row"):
            for number in marker.args:
                _ROW_TESTS.setdefault(int(number), []).append(item.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or (report.when == "setup" and not report.passed) or report.failed:
        previous = _OUTCOMES.get(report.nodeid)
        if previous is not None and previous[0] == "failed":
            return
        reason = ""
        if report.skipped and isinstance(report.longrepr, tuple):
            reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        _OUTCOMES[report.nodeid] = (report.outcome, reason)


def matrix_summary() -> str:
    """One line: rows passed, skipped (with reasons) and failed, plus rows never run."""
    passed: list[int] = []
    skipped: dict[int, str] = {}
    failed: list[int] = []
    missing: list[int] = []
    for row in MATRIX_ROWS:
        outcomes = [_OUTCOMES[n] for n in _ROW_TESTS.get(row, []) if n in _OUTCOMES]
        if not outcomes:
            missing.append(row)
        elif any(o == "failed" for o, _ in outcomes):
            failed.append(row)
        elif any(o == "passed" for o, _ in outcomes) and not all(
            o == "skipped" for o, _ in outcomes
        ):
            passed.append(row)
            reasons = [r for o, r in outcomes if o == "skipped"]
            if reasons:
                skipped_part = f"row {row} partly: {reasons[0]}"
                skipped.setdefault(-row, skipped_part)
        else:
            skipped[row] = next(r for o, r in outcomes if o == "skipped")
    full_skips = {r: why for r, why in skipped.items() if r > 0}
    partial = [why for r, why in skipped.items() if r < 0]
    line = f"reliability matrix: {len(passed)} rows passed, {len(full_skips)} skipped"
    notes = [f"row {r}: {why}" for r, why in sorted(full_skips.items())] + partial
    if notes:
        line += " (" + "; ".join(notes) + ")"
    line += f", {len(failed)} failed"
    if failed:
        line += " (rows " + ", ".join(map(str, failed)) + ")"
    if missing and len(missing) < len(MATRIX_ROWS):
        line += "; not run: rows " + ", ".join(map(str, missing))
    return line


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _ROW_TESTS and _OUTCOMES:
        terminalreporter.write_line(matrix_summary())
