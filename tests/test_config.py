"""config.yaml: defaults, warnings with file:line, type traps and path rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

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


@pytest.mark.parametrize(
    ("key", "ok"),
    [("ctrl+b", True), ("f5", True), ("x", True), ("B", True), ("slash", True),
     ("question_mark", True), ("shift+tab", True), ("ctrl+shift+z", True), ("f24", False),
     ("[b]x[/]", False), ("ctrl+", False), ("a b", False), ("foo", False), ("hyper+", False)],
)  # fmt: skip
def test_keymap_keys_are_checked(key: str, ok: bool) -> None:
    from index.config import valid_key

    assert valid_key(key) is ok


def test_yaml_aliases_are_bounded(tmp_path: Path) -> None:
    from index.yaml_reading import LineLoader as _Loader
    from index.yaml_reading import YamlTooLarge, load_yaml_bounded

    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    with pytest.raises(YamlTooLarge):
        load_yaml_bounded(bomb, _Loader)
    assert load_yaml_bounded("a: &a [1, 2]\nb: *a\n", _Loader)["b"] == [1, 2]
    with pytest.raises(yaml.YAMLError):  # refers to itself: refused, no hang
        load_yaml_bounded("a: &a [*a]\n", _Loader)
    warnings = load_config(config_from(tmp_path, bomb)).warnings
    assert len(warnings) == 1 and "aliases expand" in warnings[0]


def test_unsafe_places_for_the_index_and_bookmarks(tmp_path: Path) -> None:
    from index.config import unsafe_place

    assert unsafe_place("/", "folder") == "is a system folder"
    assert unsafe_place("/etc", "folder") == "is a system folder"
    assert unsafe_place("/usr/local/share/x", "folder") == "is a system folder"
    assert unsafe_place("/dev/null", "file") == "is a system folder"
    assert unsafe_place(str(tmp_path), "file") == "is a folder, not a database file"
    os.mkfifo(tmp_path / "fifo")
    assert "special file" in (unsafe_place(str(tmp_path / "fifo"), "file") or "")
    (tmp_path / "f").write_text("x")
    assert unsafe_place(str(tmp_path / "f"), "folder") == "is not a folder"
    assert unsafe_place(str(tmp_path / "new"), "folder") is None
    assert unsafe_place(str(tmp_path), "folder") is None


@pytest.mark.parametrize("articles", ["/", "~"])
def test_articles_may_not_be_the_machine_or_home(tmp_path: Path, articles: str) -> None:
    with pytest.raises(ConfigError, match='"articles"'):
        load_config(config_from(tmp_path, f"articles: {articles!r}\n"))


def test_library_id_is_stable_and_order_free(tmp_path: Path) -> None:
    one = load_config(config_from(tmp_path, "articles: [a, b]\n")).library_id
    two = load_config(config_from(tmp_path, "articles: [b, a]\n")).library_id
    three = load_config(config_from(tmp_path, "articles: [a]\n")).library_id
    assert one == two != three and len(one) == 12
