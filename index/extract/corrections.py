"""The user's corrections to entity extraction, from config.yaml's `entities:` section.

Extraction is rules and gazetteers, so it will sometimes be wrong; these rules let a user
fix it once and have the fix applied at every rebuild. The YAML shape:

```yaml
entities:
  canonical:            # names to use, with the spellings that mean them
    - {name: Koo Yun-cheol, type: PERSON, aliases: [Koo Yoon-cheol, Finance Minister Koo]}
  ignore: [Reuters]     # never show these as entities
  merge:                # each group is one entity; the first name is the one shown
    - [Commerce Department, US Department of Commerce]
  split: [Kim]          # never resolve this alias to anyone
```

Types are PERSON, ORG, PLACE, MONEY, PERCENT, DATE and INITIATIVE. Malformed parts are
skipped with a one-sentence warning; parsing never raises.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

ENTITY_TYPES = frozenset({"PERSON", "ORG", "PLACE", "MONEY", "PERCENT", "DATE", "INITIATIVE"})


@dataclass(frozen=True, slots=True)
class CanonicalName:
    """A name the user wants shown, with its type and the spellings that mean it."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityRules:
    """Parsed `entities:` section; the default applies no corrections."""

    canonical: tuple[CanonicalName, ...] = ()
    ignore: tuple[str, ...] = ()
    merge: tuple[tuple[str, ...], ...] = ()
    split: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when there is nothing to apply."""
        return not (self.canonical or self.ignore or self.merge or self.split)


def _names(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, str) for v in value):
        return None
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())


def parse_entity_rules(data: object, where: str) -> tuple[EntityRules, tuple[str, ...]]:
    """Read the `entities:` section; bad parts are dropped with a warning, never raised."""
    warnings: list[str] = []
    if data is None:
        return EntityRules(), ()
    if not isinstance(data, Mapping):
        return EntityRules(), (
            f"{where}: entities must be a mapping with canonical, ignore, merge or split; "
            "ignoring it.",
        )
    for key in data:
        if key not in {"canonical", "ignore", "merge", "split"}:
            warnings.append(
                f"{where}: entities.{key} is not a known setting "
                "(use canonical, ignore, merge or split); ignoring it."
            )

    canonical: list[CanonicalName] = []
    raw_canonical = data.get("canonical")
    if raw_canonical is not None and not isinstance(raw_canonical, list):
        warnings.append(f"{where}: entities.canonical must be a list of names; ignoring it.")
    elif isinstance(raw_canonical, list):
        for i, item in enumerate(raw_canonical, 1):
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                warnings.append(
                    f"{where}: entities.canonical item {i} needs a name; ignoring that item."
                )
                continue
            name = str(item["name"]).strip()
            etype = str(item.get("type", "PERSON")).strip().upper()
            if etype not in ENTITY_TYPES:
                warnings.append(
                    f"{where}: entities.canonical item {i} has unknown type {etype!r} "
                    "(use PERSON, ORG, PLACE, MONEY, PERCENT, DATE or INITIATIVE); "
                    "ignoring that item."
                )
                continue
            aliases = _names(item.get("aliases", []))
            if aliases is None:
                warnings.append(
                    f"{where}: entities.canonical item {i} aliases must be a list of names; "
                    "using the name alone."
                )
                aliases = ()
            if name:
                canonical.append(CanonicalName(name, etype, aliases))

    lists: dict[str, tuple[str, ...]] = {}
    for key in ("ignore", "split"):
        raw = data.get(key)
        if raw is None:
            lists[key] = ()
            continue
        parsed = _names(raw)
        if parsed is None:
            warnings.append(f"{where}: entities.{key} must be a list of names; ignoring it.")
            parsed = ()
        lists[key] = parsed

    merge: list[tuple[str, ...]] = []
    raw_merge = data.get("merge")
    if raw_merge is not None and not isinstance(raw_merge, list):
        warnings.append(f"{where}: entities.merge must be a list of name lists; ignoring it.")
    elif isinstance(raw_merge, list):
        for i, group in enumerate(raw_merge, 1):
            names = _names(group)
            if names is None or len(names) < 2:
                warnings.append(
                    f"{where}: entities.merge item {i} must list two or more names; "
                    "ignoring that item."
                )
                continue
            merge.append(names)

    rules = EntityRules(tuple(canonical), lists["ignore"], tuple(merge), lists["split"])
    return rules, tuple(warnings)


def combine(first: EntityRules, second: EntityRules) -> EntityRules:
    """Both sets of rules; `second` (the corrections file) is applied after `first`."""
    return EntityRules(
        first.canonical + second.canonical,
        first.ignore + second.ignore,
        first.merge + second.merge,
        first.split + second.split,
    )


def rules_data(rules: EntityRules) -> dict[str, object]:
    """Plain data in the `entities:` shape, for writing a file or hashing; empty parts left out."""
    data: dict[str, object] = {}
    if rules.canonical:
        data["canonical"] = [
            {"name": c.name, "type": c.type, "aliases": list(c.aliases)} for c in rules.canonical
        ]
    if rules.ignore:
        data["ignore"] = list(rules.ignore)
    if rules.merge:
        data["merge"] = [list(group) for group in rules.merge]
    if rules.split:
        data["split"] = list(rules.split)
    return data


def rules_digest(rules: EntityRules) -> str:
    """A short hash of the rules: a generation records it, so an update can tell that the
    rules changed since (by a hand edit) and re-extract what they touch."""
    text = json.dumps(rules_data(rules), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def changed_names(old: EntityRules, new: EntityRules) -> set[str]:
    """Names in rules that one side has and the other lacks (whole items compared)."""
    names: set[str] = set()
    for part_old, part_new in (
        (old.canonical, new.canonical),
        (old.merge, new.merge),
        (old.ignore, new.ignore),
        (old.split, new.split),
    ):
        gone = [x for x in part_old if x not in part_new]
        added = [x for x in part_new if x not in part_old]
        for item in (*gone, *added):
            if isinstance(item, CanonicalName):
                names.update((item.name, *item.aliases))
            elif isinstance(item, tuple):
                names.update(item)
            else:
                names.add(item)
    return names
