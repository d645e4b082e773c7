"""Rows 42-50 and 56: unsafe paths, hostile config files, imports as spreadsheets write them.

Each runs the real CLI in a child process where it can; the environment points the
user's cache and data folders into the test's own folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index import Library, load_config
from index.store.generations import MANIFEST, PREFIX, read_current
from tests.configs import write_config
from tests.reliability.conftest import REPO, Corpus, build, child_env, make_articles

BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True)
)
"""Nine aliases a level, eight levels: 43 million values once expanded."""


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = child_env()
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env.pop("DATELINE_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=300,
    )  # fmt: skip


def sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dateline: "), result.stderr
    return lines[0]


def config_file(tmp_path: Path, text: str) -> Path:
    articles = tmp_path / "articles"
    if not articles.exists():
        make_articles(articles, 3)
    path = tmp_path / "config.yaml"
    path.write_text(f"articles: {str(articles)!r}\nwatch: false\n{text}", encoding="utf-8")
    return path


def _snapshot(folder: str) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


@pytest.mark.row(42)
@pytest.mark.parametrize("folder", ["/", "/etc", "/usr/share/dateline-ix", "/dev/shm"])
def test_system_folder_as_index_dir_is_refused(tmp_path: Path, folder: str) -> None:
    parent = folder if os.path.isdir(folder) else os.path.dirname(folder)
    before = _snapshot(parent)
    config = config_file(tmp_path, f"index_dir: {folder!r}\n")
    result = cli(tmp_path, "index", "--config", str(config))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    warning = next(line for line in result.stderr.splitlines() if '"index_dir"' in line)
    assert f"{config}:3" in warning and "system folder" in warning and "default" in warning
    assert _snapshot(parent) == before, "something was written into a system folder"
    assert not os.path.exists(folder) or folder in ("/", "/etc", "/dev/shm")
    assert "/dateline/index-" in load_config(config).index_dir


@pytest.mark.row(43)
def test_device_fifo_or_folder_as_bookmarks_is_refused(tmp_path: Path) -> None:
    journal = Path("/dev/null-journal")
    existed = journal.exists()
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    (tmp_path / "folder.sqlite3").mkdir()
    for target, why in (
        ("/dev/null", "system folder"),
        (str(fifo), "special file"),
        (str(tmp_path / "folder.sqlite3"), "is a folder"),
    ):
        config = config_file(tmp_path, f"bookmarks: {target!r}\n")
        line = sentence(cli(tmp_path, "bookmarks", "list", "--config", str(config)))
        assert f"{config}:3" in line and '"bookmarks"' in line and why in line, line
        assert "set it to a file of your own" in line
    assert journal.exists() == existed
    assert fifo.is_fifo()


@pytest.mark.row(44)
@pytest.mark.parametrize("articles", ["/", "~"])
def test_whole_machine_or_home_as_articles_is_refused(tmp_path: Path, articles: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"articles: {articles!r}\nindex_dir: {str(tmp_path / 'ix')!r}\n")
    line = sentence(cli(tmp_path, "index", "--config", str(config)))
    assert '"articles"' in line and ("whole machine" in line or "home folder" in line), line
    assert not (tmp_path / "ix").exists(), "a crawl started"


@pytest.mark.row(45)
def test_yaml_alias_bombs_are_refused(tmp_path: Path) -> None:
    config = config_file(tmp_path, BOMB)
    result = cli(tmp_path, "bookmarks", "list", "--config", str(config))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "aliases expand" in result.stderr and "built-in defaults" in result.stderr
    source = tmp_path / "bomb.yaml"
    source.write_text(BOMB + "rows: [*h]\n", encoding="utf-8")
    clean = config_file(tmp_path, "")
    result = cli(tmp_path, "bookmarks", "import", str(source), "--json", "--config", str(clean))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == 0 and "aliases expand" in report["problems"][0]


@pytest.mark.row(46)
def test_an_oversized_config_is_refused_unread(tmp_path: Path) -> None:
    config = config_file(tmp_path, "# padding\n" * 200_000)
    assert config.stat().st_size > 1024 * 1024
    line = sentence(cli(tmp_path, "bookmarks", "list", "--config", str(config)))
    assert "too big for a config file" in line and str(config) in line


@pytest.mark.row(47)
def test_half_written_generations_are_removed_by_the_next_rebuild(small_corpus: Corpus) -> None:
    library = build(small_corpus.config_path)
    root = small_corpus.index_dir
    current = read_current(root)
    partial = root / f"{PREFIX}1-99999"
    partial.mkdir()
    (partial / "_MAIN_1.toc").write_bytes(b"x" * 4096)  # a killed rebuild's leftovers
    finished = root / f"{PREFIX}2-99999"
    finished.mkdir()
    (finished / MANIFEST).write_text("{}")
    # Even a rebuild that then fails (the article folder is gone) cleans up first.
    small_corpus.articles.rename(small_corpus.folder / "moved")
    report = library.rebuild(full=True)
    assert report.error is not None and "not found" in report.error
    assert not partial.exists(), "the half-written generation is still there"
    assert finished.exists(), "a finished generation is the garbage collector's business"
    assert read_current(root) == current
    library.close()


@pytest.mark.row(48)
def test_excel_csv_with_bom_semicolons_and_crlf_imports(tmp_path: Path) -> None:
    config = config_file(tmp_path, "")
    source = tmp_path / "excel.csv"
    source.write_bytes(
        b"\xef\xbb\xbfarticle_id;quote;note;tags\r\n"
        b"a.txt;We will do our best.;first, with comma;trade apec\r\n"
        b'b.txt;"Semi; colon inside";second;\r\n'
    )
    result = cli(tmp_path, "bookmarks", "import", str(source), "--json", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"added": 2, "duplicates": 0, "problems": []}
    listed = json.loads(
        cli(tmp_path, "bookmarks", "list", "--json", "--config", str(config)).stdout
    )
    by_id = {b["article_id"]: b for b in listed}
    assert by_id["a.txt"]["note"] == "first, with comma" and by_id["a.txt"]["tags"] == [
        "trade",
        "apec",
    ]
    assert by_id["b.txt"]["quote"] == "Semi; colon inside"


@pytest.mark.row(49)
def test_yaml_11_traps_in_imported_tags_stay_as_typed(tmp_path: Path) -> None:
    config = config_file(tmp_path, "")
    source = tmp_path / "in.yaml"
    source.write_text(
        "- {article_id: a.txt, quote: no, tags: [no, yes, on, '010', 010, 12:30, 7]}\n"
    )
    result = cli(tmp_path, "bookmarks", "import", str(source), "--json", "--config", str(config))
    assert json.loads(result.stdout)["added"] == 1, result.stdout + result.stderr
    listed = json.loads(
        cli(tmp_path, "bookmarks", "list", "--json", "--config", str(config)).stdout
    )
    assert listed[0]["quote"] == "no"
    assert listed[0]["tags"] == ["no", "yes", "on", "010", "12:30", "7"]


@pytest.mark.row(50)
def test_keymap_values_that_are_not_keys_are_reported(tmp_path: Path) -> None:
    config = config_file(
        tmp_path,
        "keymap:\n"
        "  bookmarks.note: f24\n"
        "  bookmarks.tags: '[b]t[/b]'\n"
        "  bookmarks.copy: 'a b'\n"
        "  bookmarks.undo: 'ctrl+u, f5'\n"
        "  bookmarks.delete: ctrl+d\n",
    )
    loaded = load_config(config)
    assert dict(loaded.keymap) == {"bookmarks.undo": "ctrl+u,f5", "bookmarks.delete": "ctrl+d"}
    for line, key, value in ((4, "note", "f24"), (5, "tags", "[b]t[/b]"), (6, "copy", "a b")):
        assert any(
            f"{config}:{line}:" in w and f"keymap.bookmarks.{key}" in w and value in w
            for w in loaded.warnings
        ), loaded.warnings
    result = cli(tmp_path, "bookmarks", "list", "--config", str(config))
    assert result.stderr.count("is not a key Dateline can bind") == 3


@pytest.mark.row(56)
def test_a_config_with_every_value_of_the_wrong_type(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "articles: 5\nindex_dir: [1]\nbookmarks: {a: 1}\nsearch: fast\nkeymap: [x]\n"
        "theme: 7\nentities: x\nwatch: maybe\nmax_file_mb: big\n",
        encoding="utf-8",
    )
    loaded = load_config(config)
    for _number, key in enumerate(
        ["articles", "index_dir", "bookmarks", "search", "keymap", "theme", "watch",
         "max_file_mb"], start=1,
    ):  # fmt: skip
        assert any(f'"{key}"' in w for w in loaded.warnings), (key, loaded.warnings)
    assert len(loaded.warnings) >= 8
    assert loaded.watch is True and loaded.max_file_mb == 5 and loaded.theme == "textual-dark"
    assert loaded.bookmarks.startswith(str(Path.home())) or "XDG_DATA_HOME" in os.environ
    result = cli(tmp_path, "bookmarks", "list", "--config", str(config))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("warning:") == len(loaded.warnings)
    library = Library(load_config(config))
    assert not library.open().ready  # no index yet: a sentence, not a crash
    library.close()


def test_write_config_helper_stays_valid(tmp_path: Path) -> None:
    assert load_config(write_config(tmp_path, tmp_path / "a")).warnings == ()
