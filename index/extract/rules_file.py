"""The corrections file (`entities.yaml` beside config.yaml): read it, and write it back.

Fixes made from the app or the command line are saved here rather than in config.yaml, so
the user's config (its comments and layout) is never rewritten. The file holds the same
shape as config.yaml's `entities:` section, at the top level. A file that is not valid
YAML applies nothing and gives one sentence naming the file and line; never raises.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from index.extract.corrections import EntityRules, parse_entity_rules, rules_data

MAX_RULES_BYTES = 1024 * 1024
"""A corrections file is a few hundred lines; anything bigger is refused, not parsed."""
HEADER = (
    "# Dateline's corrections to entity extraction, written by `dateline entities …` and the\n"
    "# sidebar (merge, split, ignore, rename, retype). Safe to edit by hand; applied at every\n"
    "# update on top of the `entities:` section of config.yaml.\n"
)


def read_rules_file(path: str | os.PathLike[str]) -> tuple[EntityRules, tuple[str, ...]]:
    """The rules in the file and one sentence per problem; a missing file is no rules."""
    where = str(path)
    nothing = "none of its corrections are applied"
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RULES_BYTES + 1)
    except FileNotFoundError:
        return EntityRules(), ()
    except IsADirectoryError:
        return EntityRules(), (f"{where}: is a folder, not a corrections file; {nothing}.",)
    except OSError as error:
        return EntityRules(), (f"{where}: cannot be read ({error.strerror}); {nothing}.",)
    if len(raw) > MAX_RULES_BYTES:
        return EntityRules(), (f"{where}: is too big for a corrections file; {nothing}.",)
    try:
        data = _load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return EntityRules(), (f"{where}: is not UTF-8 text; {nothing}.",)
    except (yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error) or "not valid YAML"
        return EntityRules(), (f"{where}{line}: {problem}; {nothing}.",)
    if data is None:
        return EntityRules(), ()
    if not isinstance(data, dict):
        return EntityRules(), (
            f"{where}:1: should be a mapping of canonical, ignore, merge or split; {nothing}.",
        )
    return parse_entity_rules(data, where)


class _Aliased(yaml.YAMLError):
    """An anchor used twice: refused, since `&a [*a, *a]` nested is a billion laughs."""

    def __init__(self, line: int) -> None:
        super().__init__("YAML aliases (*name) are not allowed here")
        self.problem = "YAML aliases (*name) are not allowed here"
        self.problem_mark = yaml.Mark("", 0, line, 0, "", 0)


def _load(text: str) -> object:
    """safe_load, refusing any node reached twice (an alias) before constructing."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        seen: set[int] = set()
        stack: list[yaml.Node] = [node]
        while stack:
            current = stack.pop()
            if id(current) in seen:
                raise _Aliased(current.start_mark.line)
            seen.add(id(current))
            if isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
            elif isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    stack.extend((key, value))
        return loader.construct_document(node)
    finally:
        loader.dispose()


def render_rules(rules: EntityRules) -> str:
    """The file's text for `rules`: the header, then plain block YAML (or an empty mapping)."""
    data = rules_data(rules)
    body = (
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
        if data
        else "{}\n"
    )
    return HEADER + body


def default_rules_path(config_path: str | None) -> Path | None:
    """`entities.yaml` beside the config file, or None when no config file is in use."""
    return Path(config_path).resolve().parent / "entities.yaml" if config_path else None
