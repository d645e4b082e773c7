"""Entity fixes from the sidebar: each key saves a correction, the update runs, and the
sidebar shows the corrected entities when it lands."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, OptionList

from index import Config, load_config
from tests.app_fixtures import app_config, make_app, seed_app_index, settle, wait_until
from tests.test_cli import dateline
from tui.app import DatelineApp
from tui.screens.choice_form import ChoiceForm
from tui.screens.help import HelpScreen
from tui.screens.rename_form import RenameForm
from tui.widgets.entity_sidebar import EntityList, EntitySidebar

__all__ = ["app_config", "seed_app_index"]


def sidebar(app: DatelineApp) -> EntitySidebar:
    return app.main_screen.query_one(EntitySidebar)


def names(app: DatelineApp, entity_type: str = "PERSON") -> set[str]:
    return {e.name for e in sidebar(app).entities if e.type == entity_type}


def focus_entity(app: DatelineApp, name: str) -> None:
    side = sidebar(app)
    entity_list = side.query_one(EntityList)
    entity_list.focus()
    option_id = next(i for i, e in side._by_id.items() if e.name == name)
    entity_list.highlighted = entity_list.get_option_index(option_id)


def corrections(config: Config) -> str:
    assert config.corrections is not None
    path = Path(config.corrections)
    return path.read_text(encoding="utf-8") if path.exists() else ""


async def test_merge_two_rows_then_undo(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert {"Kim Yong-beom", "Kim Jung-kwan"} <= names(app)
        focus_entity(app, "Kim Yong-beom")
        await pilot.press("M")
        assert sidebar(app).marked is not None
        focus_entity(app, "Kim Jung-kwan")
        await pilot.press("M")
        assert await wait_until(pilot, lambda: "Kim Jung-kwan" not in names(app))
        assert "Kim Yong-beom" in names(app) and sidebar(app).marked is None
        assert "Kim Jung-kwan" in corrections(app_config)
        # Done when: the merge made in the sidebar shows in `dateline entities --json`.
        assert app_config.source is not None
        listed = dateline("entities", "--type", "PERSON", "--json", "--config", app_config.source)
        people = {e["name"]: e for e in json.loads(listed.stdout)}
        assert "Kim Jung-kwan" not in people and "Kim Yong-beom" in people
        await pilot.press("U")
        assert await wait_until(pilot, lambda: "Kim Jung-kwan" in names(app))


async def test_ignore_rename_retype_split(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        focus_entity(app, "Donald Trump")
        await pilot.press("I")
        assert await wait_until(pilot, lambda: "Donald Trump" not in names(app))

        focus_entity(app, "Howard Lutnick")
        await pilot.press("C")
        assert await wait_until(pilot, lambda: isinstance(app.screen, RenameForm))
        app.screen.query_one(Input).value = "Secretary Lutnick"
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: "Secretary Lutnick" in names(app))

        focus_entity(app, "Secretary Lutnick")
        await pilot.press("Y")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ChoiceForm))
        await pilot.press("j")  # PERSON -> ORG
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: "Secretary Lutnick" in names(app, "ORG"))

        focus_entity(app, "Kim Yong-beom")
        await pilot.press("S")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ChoiceForm))
        form = app.screen
        assert isinstance(form, ChoiceForm) and "Kim" in form.choices
        form.query_one(OptionList).highlighted = form.choices.index("Kim")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: "split:" in corrections(app_config))
        await settle(pilot, app)
        assert app.is_running


async def test_fix_keys_are_in_help_with_ids(app_config: Config) -> None:
    app = make_app(app_config)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot, app)
        sidebar(app).query_one(EntityList).focus()
        await pilot.press("question_mark")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one("#help-text").render())
        for binding_id in ("entity_merge", "entity_split", "entity_ignore", "entity_undo"):
            assert binding_id in text


async def test_fix_keys_remap_by_id(app_config: Config) -> None:
    assert app_config.source is not None
    path = Path(app_config.source)
    path.write_text(
        path.read_text(encoding="utf-8") + "keymap: {entity_ignore: ctrl+g}\n", encoding="utf-8"
    )
    app = make_app(load_config(str(path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        focus_entity(app, "Scott Bessent")
        await pilot.press("ctrl+g")
        assert await wait_until(pilot, lambda: "Scott Bessent" not in names(app))
