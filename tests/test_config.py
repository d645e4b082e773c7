"""config.yaml: defaults, warnings with file:line, type traps and path rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index import ConfigError, load_config


def config_from(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_loads_without_warnings() -> None:
    config = load_config(Path(__file__).resolve().parent.parent / "config.yaml")
    assert config.warnings == ()
    assert config.articles[0].endswith("seeds")
    assert config.search.sort == "relevance"


def test_relative_paths_resolve_against_the_config_file(tmp_path: Path) -> None:
    config = load_config(config_from(tmp_path, "articles: [news]\nbookmarks: b.sqlite3\n"))
    assert config.articles == (str(tmp_path / "news"),)
    assert config.bookmarks == str(tmp_path / "b.sqlite3")


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    config = load_config(config_from(tmp_path, "articles: [x]\nthemee: nord\n"))
    assert any(":2:" in w and 'did you mean "theme"' in w for w in config.warnings)


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("search:\n  limit: yes\n", lambda c: c.search.limit == 200),
        ('search:\n  limit: "big"\n', lambda c: c.search.limit == 200),
        ("search:\n  sort: no\n", lambda c: c.search.sort == "relevance"),
        ("watch: 010\n", lambda c: c.watch is True),
        ("theme: 12:30\n", lambda c: c.theme == "textual-dark"),
        ("index_dir: 5\n", lambda c: "index-" in c.index_dir),
    ],
)
def test_wrong_types_warn_with_line_and_use_the_default(
    tmp_path: Path, text: str, check: object
) -> None:
    config = load_config(config_from(tmp_path, text))
    assert check(config)  # type: ignore[operator]
    assert config.warnings and str(tmp_path / "config.yaml") in config.warnings[0]


@pytest.mark.parametrize("text", ["", "just a string\n", "- a\n- b\n", "a:\n\tb: 1\n", "x: [\n"])
def test_broken_files_fall_back_to_defaults(tmp_path: Path, text: str) -> None:
    config = load_config(config_from(tmp_path, text))
    assert config.articles


def test_utf16_config_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes("theme: nord\n".encode("utf-16"))
    assert load_config(path).theme == "nord"


def test_index_inside_article_folder_is_refused(tmp_path: Path) -> None:
    config = load_config(config_from(tmp_path, "articles: [news]\nindex_dir: news/.ix\n"))
    assert not config.index_dir.startswith(str(tmp_path / "news"))
    assert any("inside an article folder" in w for w in config.warnings)


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_environment_variable_selects_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_from(tmp_path, "theme: nord\n")
    monkeypatch.setenv("DATELINE_CONFIG", str(path))
    monkeypatch.chdir(tmp_path.parent)
    assert load_config().theme == "nord"
    assert os.environ["DATELINE_CONFIG"] == str(path)


def test_python_object_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"theme: !!python/object/apply:os.system ['touch {marker}']\n"
    config = load_config(config_from(tmp_path, text))
    assert not marker.exists()
    assert config.warnings
