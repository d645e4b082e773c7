"""Rows 6 (CLI half), 29, 30, 31, 32: markup payloads, config traps, unsafe paths,
warnings-as-errors imports and a short soak."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from index import Library, SearchRequest, load_config
from index.store.generations import PREFIX
from tests.configs import write_config
from tests.reliability.conftest import REPO, Corpus, make_articles, run_cli

MARKUP = [
    "[@click=app.quit]x[/]",
    "[ @click=app.simulate_key('ctrl+d')]x[/]",
    "[link=https://evil.example]x[/link]",
    "[/[b]",
    "[Reuters]",
    "[/]",
    "[@click=app.screenshot('x.svg','/tmp')]shot[/]",
]


def markup_corpus(corpus: Corpus) -> None:
    """Markup in file names, titles and bodies (file names cannot hold '/')."""
    for i, payload in enumerate(MARKUP):
        name = payload.replace("/", "∕")
        (corpus.articles / f"m{i} {name}.txt").write_text(
            f"{payload} headline {i}\n\nThe markup{i} story says {payload} plainly, and the "
            f"council agreed with the minister about the harbour budget on Tuesday.\n\n"
            f"A second paragraph quotes {payload} again before the vote was taken.\n",
            encoding="utf-8",
        )


@pytest.mark.row(6)
def test_markup_payloads_pass_through_cli_json_literally(small_corpus: Corpus) -> None:
    markup_corpus(small_corpus)
    Library(small_corpus.config).rebuild(full=True)
    for i, payload in enumerate(MARKUP):
        result = run_cli(
            "search", f"markup{i}", "--json", "--config", str(small_corpus.config_path)
        )
        assert result.returncode == 0, result.stderr
        hits = json.loads(result.stdout)["hits"]
        assert len(hits) == 1
        assert hits[0]["title"] == f"{payload} headline {i}"
        assert hits[0]["id"] == f"m{i} {payload.replace('/', '∕')}.txt"
        assert payload in hits[0]["snippet"] or f"markup{i}" in hits[0]["snippet"]
        text = run_cli("search", f"markup{i}", "--config", str(small_corpus.config_path))
        assert text.returncode == 0 and f"{payload} headline {i}" in text.stdout


CONFIG_TRAPS: list[tuple[str, bytes, str]] = [
    ("empty", b"", ""),
    ("not-a-mapping", b"- just\n- a list\n", "mapping"),
    ("scalar", b"hello\n", "mapping"),
    ("typo", b"max_resluts: 5\nthem: dark\n", 'did you mean "theme"'),
    ("nested-typo", b"search:\n  limt: 5\n", 'did you mean "search.limit"'),
    ("wrong-types", b'max_file_mb: "big"\nsearch:\n  limit: yes\nindex_dir: 5\n', "should be"),
    ("yaml11-no", b"watch: no\ntheme: no\n", "theme"),
    ("yaml11-octal", b"max_file_mb: 010\n", ""),
    ("yaml11-sexagesimal", b"search:\n  time_limit: 12:30\n", ""),
    ("bool-as-int", b"max_file_mb: true\nsearch:\n  limit: false\n", "should be"),
    ("tab-indent", b"search:\n\tlimit: 5\n", ":2:"),
    ("invalid", b"search: [unclosed\n", "config.yaml:"),
    ("utf16", "theme: textual-light\n".encode("utf-16"), ""),
    ("huge-int", b"max_file_mb: 99999999999999999999\n", "between"),
]


@pytest.mark.row(29)
@pytest.mark.parametrize(
    ("name", "data", "warning"), CONFIG_TRAPS, ids=[t[0] for t in CONFIG_TRAPS]
)
def test_config_traps_start_with_defaults_and_a_warning(
    tmp_path: Path, name: str, data: bytes, warning: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(data)
    config = load_config(path)  # never raises for bad content
    text = " ".join(config.warnings)
    if warning:
        assert warning in text, config.warnings
    for line in config.warnings:
        assert "\n" not in line and str(path) in line
    assert isinstance(config.max_file_mb, int) and not isinstance(config.max_file_mb, bool)
    assert isinstance(config.search.limit, int) and not isinstance(config.search.limit, bool)
    assert isinstance(config.theme, str)
    assert isinstance(config.watch, bool)
    assert 1 <= config.max_file_mb <= 1024
    if name == "yaml11-no":
        assert config.theme == "textual-dark" and config.watch is False
    if name == "yaml11-octal":
        assert config.max_file_mb == 5 and config.warnings  # never YAML 1.1's 8
    if name == "yaml11-sexagesimal":
        assert config.search.time_limit <= 10.0  # never 750
    if name == "utf16":
        assert config.theme == "textual-light"
    result = run_cli("bookmarks", "list", "--config", str(path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if warning:
        assert "warning:" in result.stderr


@pytest.mark.row(29)
def test_missing_config_file_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("search", "x", "--config", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not found" in lines[0]
    cwd_default = load_config(None)
    assert cwd_default.warnings == () or all("\n" not in w for w in cwd_default.warnings)


@pytest.mark.row(30)
def test_index_dir_inside_articles_is_refused(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    make_articles(articles, 3)
    path = tmp_path / "config.yaml"
    path.write_text(f"articles: [{str(articles)!r}]\nindex_dir: {str(articles / 'ix')!r}\n")
    config = load_config(path)
    assert not config.index_dir.startswith(str(articles))
    assert any("pla" in w and "index_dir" in w for w in config.warnings), config.warnings


@pytest.mark.row(30)
def test_index_dir_that_is_a_link_is_refused_and_left_alone(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    make_articles(articles, 3)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / "CURRENT").write_text("ix-1-1\n")
    (elsewhere / "ix-1-1").mkdir()
    os.symlink(elsewhere, tmp_path / "ix")
    config = load_config(write_config(tmp_path, articles))
    assert any("link" in w and "index_dir" in w for w in config.warnings), config.warnings
    assert not config.index_dir.startswith(str(elsewhere))
    library = Library(config)
    library.open()
    report = library.rebuild(full=True)
    assert report.error is None, report.error
    assert sorted(p.name for p in elsewhere.iterdir()) == ["CURRENT", "ix-1-1"]
    library.close()


@pytest.mark.row(30)
def test_world_writable_index_dir_is_made_private(small_corpus: Corpus) -> None:
    root = small_corpus.index_dir
    root.mkdir(mode=0o777)
    os.chmod(root, 0o777)
    library = small_corpus.library(build_first=True)
    assert root.stat().st_mode & 0o077 == 0
    assert library.status().ready


@pytest.mark.row(31)
def test_python_W_error_X_dev_imports(tmp_path: Path) -> None:
    code = "import index, whoosh.index, whoosh.analysis, whoosh.qparser, index.store.build, tui.cli"
    env = {
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),  # no cached bytecode to hide behind
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-W", "error", "-X", "dev", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    cli = subprocess.run(
        [sys.executable, "-W", "error", "-X", "dev", "-m", "tui.cli", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@pytest.mark.slow
@pytest.mark.row(32)
def test_soak_searches_and_rebuild_swaps(corpus_factory: Callable[..., Corpus]) -> None:
    corpus = corpus_factory(40)
    library = corpus.library(build_first=True)
    words = ["story1", "minister", "harbour OR river", "bud*", "electon~", '"the budget"']
    for word in words:  # warm caches before the baseline
        library.search(SearchRequest(word))
    fds, rss = _fds(), _rss_kb()
    searches = 0
    for swap in range(10):
        (corpus.articles / f"soak{swap}.txt").write_text(f"Soak {swap}\n\nsoak{swap} story.\n")
        report = library.rebuild()
        assert report.error is None, report.error
        assert library.refresh() or library.status().generation == report.generation
        for i in range(200):
            result = library.search(SearchRequest(words[i % len(words)], limit=20))
            assert result.error is None or "\n" not in result.error
            searches += 1
        assert library.search(SearchRequest(f"soak{swap}")).total == 1
    assert searches == 2000
    assert _fds() <= fds + 5, f"descriptors grew from {fds} to {_fds()}"
    assert _rss_kb() < rss + 100 * 1024, f"RSS grew from {rss} kB to {_rss_kb()} kB"
    assert len([p for p in corpus.index_dir.iterdir() if p.name.startswith(PREFIX)]) <= 2
