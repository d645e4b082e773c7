"""Entity fixes: the rule edits, the corrections file (round trip, malformed, undo), and
a merge on the seeds that changes the entity list after an update of only the articles
naming them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import CorrectionError, EntityFix, FixKind, Library, load_config
from index.extract import rule_edits
from index.extract.code_digest import extractor_digest
from index.extract.corrections import CanonicalName, EntityRules, rules_digest
from index.extract.rules_file import read_rules_file, render_rules
from index.store import generations
from index.user.corrections_store import CorrectionsStore
from tests.configs import write_config


def test_merge_folds_groups_sharing_a_name_and_keeps_the_first_shown() -> None:
    rules = rule_edits.merge(EntityRules(), ["A Corp", "B Corp"])
    rules = rule_edits.merge(rules, ["B Corp", "C Corp"])
    assert rules.merge == (("B Corp", "C Corp", "A Corp"),)
    with pytest.raises(ValueError):
        rule_edits.merge(rules, ["A Corp", "a corp"])


def test_split_ignore_rename_retype() -> None:
    rules = rule_edits.merge(EntityRules(), ["Kim Yong-beom", "Kim"])
    rules = rule_edits.split(rules, "Kim Yong-beom", "Kim")
    assert rules.merge == () and rules.split == ("Kim",)
    rules = rule_edits.ignore(rule_edits.ignore(rules, "Reuters"), "reuters")
    assert rules.ignore == ("Reuters",)
    rules = rule_edits.rename(rules, "Koo Yun-cheol", "Koo Yoon-cheol", ["Minister Koo"])
    assert rules.merge == (("Koo Yoon-cheol", "Koo Yun-cheol", "Minister Koo"),)
    rules = rule_edits.retype(rules, "APEC", "org", ["APEC forum"])
    assert rules.canonical == (CanonicalName("APEC", "ORG", ("APEC forum",)),)
    with pytest.raises(ValueError, match="not an entity type"):
        rule_edits.retype(rules, "APEC", "COMPANY")


def test_file_round_trip_keeps_a_header_and_the_rules(tmp_path: Path) -> None:
    rules = EntityRules(
        (CanonicalName("Koo Yun-cheol", "PERSON", ("Koo Yoon-cheol",)),),
        ("Reuters", "[@click=app.quit]x[/]"),
        (("Commerce Department", "US Department of Commerce"),),
        ("Kim",),
    )
    path = tmp_path / "entities.yaml"
    path.write_text(render_rules(rules), encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("# ")
    assert read_rules_file(path) == (rules, ())
    assert rules_digest(rules) != rules_digest(EntityRules())


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("merge:\n  - [a, b\nignore: [x]\n", ":3"),
        ("- just\n- a list\n", ":1"),
        ("a: &a [1]\nb: *a\n", ":1"),
    ],
)
def test_a_malformed_file_applies_nothing_and_names_file_and_line(
    tmp_path: Path, text: str, line: str
) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems = read_rules_file(path)
    assert rules == EntityRules()
    assert len(problems) == 1 and problems[0].startswith(f"{path}{line}")
    with pytest.raises(CorrectionError, match=r"entities\.yaml"):
        CorrectionsStore(str(path)).change(lambda r: rule_edits.ignore(r, "X"))
    assert path.read_text(encoding="utf-8") == text  # never overwritten


def test_config_merges_the_file_and_warns_without_failing(tmp_path: Path) -> None:
    config_path = write_config(tmp_path, tmp_path, "entities:\n  ignore: [Reuters]\n# keep me\n")
    before = config_path.read_text(encoding="utf-8")
    store = CorrectionsStore(str(tmp_path / "entities.yaml"))
    store.change(lambda r: rule_edits.ignore(r, "AP"))
    config = load_config(config_path)
    assert config.corrections == str(tmp_path / "entities.yaml")
    assert config.entities.ignore == ("Reuters", "AP")
    assert config_path.read_text(encoding="utf-8") == before
    (tmp_path / "entities.yaml").write_text("ignore: [unclosed\n", encoding="utf-8")
    config = load_config(config_path)
    assert config.entities.ignore == ("Reuters",)
    assert any("entities.yaml:2" in w for w in config.warnings)


def test_corrections_key_resolves_against_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "fixes").mkdir()
    (tmp_path / "fixes" / "mine.yaml").write_text("ignore: [AP]\n", encoding="utf-8")
    config = load_config(write_config(tmp_path, tmp_path, "corrections: fixes/mine.yaml\n"))
    assert config.corrections == str(tmp_path / "fixes" / "mine.yaml")
    assert config.entities.ignore == ("AP",)


def test_undo_restores_the_previous_file_once(tmp_path: Path) -> None:
    store = CorrectionsStore(str(tmp_path / "entities.yaml"))
    assert not store.can_undo()
    store.change(lambda r: rule_edits.ignore(r, "AP"))
    first = (tmp_path / "entities.yaml").read_text(encoding="utf-8")
    store.change(lambda r: rule_edits.ignore(r, "Reuters"))
    before, after = store.undo()
    assert before.ignore == ("AP", "Reuters") and after.ignore == ("AP",)
    assert (tmp_path / "entities.yaml").read_text(encoding="utf-8") == first
    with pytest.raises(CorrectionError, match="no entity change to undo"):
        store.undo()


def test_without_a_config_file_fixes_are_refused() -> None:
    with pytest.raises(CorrectionError, match="--config"):
        CorrectionsStore(None).change(lambda r: r)


def _people(library: Library) -> dict[str, int]:
    return {e.name: e.mentions for e in library.entities("PERSON", limit=1000)}


def test_merge_on_the_seeds_reextracts_only_the_articles_naming_them(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        before = _people(library)
        assert "Kim Jung-kwan" in before and "Kim Yong-beom" in before
        naming = set()
        for name in ("Kim Yong-beom", "Kim Jung-kwan"):
            naming |= {m.article_id for m in library.mentions("PERSON", name)}
        result = library.correct_entities(
            EntityFix(FixKind.MERGE, ("Kim Yong-beom", "Kim Jung-kwan"), "PERSON")
        )
        assert result.report.error is None
        assert result.message == "Merged Kim Jung-kwan into Kim Yong-beom."
        assert result.report.updated == len(naming) < result.report.articles
        after = _people(library)
        assert "Kim Jung-kwan" not in after
        assert after["Kim Yong-beom"] > before["Kim Yong-beom"]

        current = generations.open_current(library.root)
        assert current is not None
        manifest = generations.read_manifest(current.path)
        assert manifest["rules"] == rules_digest(library.config.entities)
        assert library.rebuild().updated == 0  # the rules are recorded: nothing to redo

        undone = library.correct_entities(EntityFix(FixKind.UNDO))
        assert undone.report.error is None
        assert _people(library) == before
    finally:
        library.close()


def test_a_hand_edit_is_applied_by_the_next_plain_update(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        (seed_copy.parent / "entities.yaml").write_text("ignore: [Donald Trump]\n")
    finally:
        library.close()
    library = Library(load_config(seed_copy))
    try:
        library.open()
        report = library.rebuild()
        assert report.error is None and report.updated == report.articles
        assert "Donald Trump" not in _people(library)
    finally:
        library.close()


def test_a_corrections_file_in_a_system_folder_is_refused(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, tmp_path, "corrections: /etc/dateline.yaml\n"))
    assert config.corrections == str(tmp_path / "entities.yaml")
    assert any('"corrections" /etc/dateline.yaml is a system folder' in w for w in config.warnings)


def test_an_update_after_an_extractor_upgrade_reextracts_every_article(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        assert library.rebuild().updated == 0  # same extractor: nothing to redo
        status = library.status()
        assert status.generation is not None
        manifest_path = Path(library.config.index_dir) / status.generation / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        assert manifest["extractor"] == extractor_digest()
        manifest["extractor"] = "an older extractor"
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        report = library.rebuild()
        assert report.error is None and report.updated == report.articles == 5
        assert library.rebuild().updated == 0
    finally:
        library.close()
