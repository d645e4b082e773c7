"""Row 62: a hostile or broken corrections file (entities.yaml) beside config.yaml.

Whatever it holds, loading the config gives one sentence naming the file, applies none
of it, runs no code, and an entity fix refuses to overwrite it (the user's hand edit is
theirs to repair).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index import CorrectionError, EntityFix, FixKind, Library, load_config
from tests.configs import write_config
from tests.reliability.test_guards import BOMB

HOSTILE: dict[str, bytes] = {
    "bomb": BOMB.encode(),
    "python-object": b"ignore: !!python/object/apply:os.system ['touch MARKER']\n",
    "not-a-mapping": b"- Reuters\n- AP\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\xff\xfe" * 50,
    "huge": b"ignore: [" + b"x, " * 400_000 + b"]\n",
    "tabs": b"merge:\n\t- [a, b]\n",
}


@pytest.mark.row(62)
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_corrections_file(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    articles = tmp_path / "articles"
    articles.mkdir()
    config_path = write_config(tmp_path, articles, "entities:\n  ignore: [Reuters]\n")
    target = tmp_path / "entities.yaml"
    target.write_bytes(HOSTILE[kind])
    config = load_config(config_path)
    assert config.entities.ignore == ("Reuters",)  # config.yaml's own rules still apply
    problems = [w for w in config.warnings if "entities.yaml" in w]
    assert len(problems) == 1 and "none of its corrections are applied" in problems[0]
    library = Library(config)
    try:
        with pytest.raises(CorrectionError, match="entities"):
            library.correct_entities(EntityFix(FixKind.IGNORE, ("AP",)))
    finally:
        library.close()
    assert target.read_bytes() == HOSTILE[kind]
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.row(62)
def test_a_folder_in_place_of_the_file(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (tmp_path / "entities.yaml").mkdir()
    config = load_config(write_config(tmp_path, articles))
    assert any("is a folder" in w for w in config.warnings)
    library = Library(config)
    try:
        with pytest.raises(CorrectionError):
            library.correct_entities(EntityFix(FixKind.IGNORE, ("AP",)))
    finally:
        library.close()
