"""`dateline entities merge|split|ignore|rename|retype|undo`, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.test_cli import dateline


def people(config: Path) -> dict[str, Any]:
    out = dateline("entities", "--type", "PERSON", "--json", "--config", str(config)).stdout
    return {e["name"]: e for e in json.loads(out)}


def test_merge_then_undo_from_the_shell(seed_copy: Path) -> None:
    config = str(seed_copy)
    dateline("index", "--config", config)
    before = people(seed_copy)
    done = dateline("entities", "merge", "Kim Yong-beom", "Kim Jung-kwan", "--config", config)
    assert done.stdout.splitlines()[0] == "Merged Kim Jung-kwan into Kim Yong-beom."
    after = people(seed_copy)
    assert "Kim Jung-kwan" not in after
    assert after["Kim Yong-beom"]["mentions"] > before["Kim Yong-beom"]["mentions"]
    assert "merge:" in (seed_copy.parent / "entities.yaml").read_text(encoding="utf-8")

    dateline("entities", "undo", "--config", config)
    assert people(seed_copy) == before


def test_rename_retype_ignore_split(seed_copy: Path) -> None:
    config = str(seed_copy)
    dateline("index", "--config", config)
    dateline("entities", "rename", "Howard Lutnick", "Secretary Lutnick", "--config", config)
    assert "Secretary Lutnick" in people(seed_copy)
    dateline("entities", "retype", "Secretary Lutnick", "org", "--config", config)
    assert "Secretary Lutnick" not in people(seed_copy)
    orgs = json.loads(dateline("entities", "--type", "ORG", "--json", "--config", config).stdout)
    assert "Secretary Lutnick" in {e["name"] for e in orgs}
    dateline("entities", "ignore", "Donald Trump", "--config", config)
    assert "Donald Trump" not in people(seed_copy)
    result = dateline("entities", "split", "Kim Yong-beom", "Kim", "--json", "--config", config)
    assert json.loads(result.stdout)["message"] == "Kim no longer counts as Kim Yong-beom."


def test_bad_fixes_are_one_sentence_and_exit_2(seed_copy: Path) -> None:
    config = str(seed_copy)
    dateline("index", "--config", config)
    bad = dateline("entities", "retype", "APEC", "COMPANY", "--config", config, check=False)
    assert bad.returncode == 2 and "not an entity type" in bad.stderr
    bad = dateline("entities", "undo", "--config", config, check=False)
    assert bad.returncode == 2 and "no entity change to undo" in bad.stderr
    assert not (seed_copy.parent / "entities.yaml").exists()
