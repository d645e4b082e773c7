"""Edits to a set of entity rules, one per fix the user can make: pure functions.

Each takes the corrections file's rules and returns new ones; names are compared by
`alias_key`, so "Koo Yoon-cheol" and "Koo Yun-cheol" are one name here as in extraction.
Invalid fixes raise ValueError with one sentence.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.extract.corrections import ENTITY_TYPES, CanonicalName, EntityRules
from index.extract.names import alias_key

TYPE_NAMES = "PERSON, ORG, PLACE, MONEY, PERCENT, DATE or INITIATIVE"


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """Names in order, stripped, without blanks or a second spelling of the same key."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        name = " ".join(name.split())
        key = alias_key(name)
        if name and key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def _keys(names: Iterable[str]) -> set[str]:
    return {alias_key(n) for n in names} - {""}


def merge(rules: EntityRules, names: Iterable[str], members: Iterable[str] = ()) -> EntityRules:
    """One entity from `names`, shown as the first; `members` are more spellings that
    mean them (the other names the library shows under them). Groups already sharing a
    name are folded in, so merging three entities two at a time gives one group."""
    wanted = _unique(names)
    if len(wanted) < 2:
        raise ValueError("Merging needs two or more different names.")
    group = list(_unique((*wanted, *members)))
    keys = _keys(group)
    kept: list[tuple[str, ...]] = []
    for old in rules.merge:
        if _keys(old) & keys:
            group.extend(n for n in old if alias_key(n) not in keys)
            keys |= _keys(old)
        else:
            kept.append(old)
    split = tuple(s for s in rules.split if alias_key(s) not in _keys(wanted))
    return EntityRules(rules.canonical, rules.ignore, (*kept, tuple(group)), split)


def split(rules: EntityRules, entity: str, alias: str) -> EntityRules:
    """Stop `alias` meaning `entity` (or anyone): dropped from groups, never resolved."""
    alias = " ".join(alias.split())
    key = alias_key(alias)
    if not key:
        raise ValueError("Give the alias to split off.")
    if key == alias_key(entity):
        raise ValueError(f"{alias} is the entity's own name; rename it instead.")
    groups = tuple(
        g
        for g in (tuple(n for n in group if alias_key(n) != key) for group in rules.merge)
        if len(g) >= 2
    )
    canonical = tuple(
        CanonicalName(c.name, c.type, tuple(a for a in c.aliases if alias_key(a) != key))
        for c in rules.canonical
    )
    splits = rules.split if key in _keys(rules.split) else (*rules.split, alias)
    return EntityRules(canonical, rules.ignore, groups, splits)


def ignore(rules: EntityRules, name: str) -> EntityRules:
    """Never show `name` as an entity."""
    name = " ".join(name.split())
    if not alias_key(name):
        raise ValueError("Give the name to ignore.")
    if alias_key(name) in _keys(rules.ignore):
        return rules
    return EntityRules(rules.canonical, (*rules.ignore, name), rules.merge, rules.split)


def rename(rules: EntityRules, entity: str, new: str, members: Iterable[str] = ()) -> EntityRules:
    """Show `entity` (and its `members`, its other spellings) as `new`."""
    new = " ".join(new.split())
    if not alias_key(new):
        raise ValueError("Give the new name.")
    key = alias_key(entity)
    if alias_key(new) == key and new == entity:
        raise ValueError(f"{entity} already has that name.")
    canonical = tuple(
        CanonicalName(new, c.type, _unique((*c.aliases, c.name))) if alias_key(c.name) == key else c
        for c in rules.canonical
    )
    kept = [g for g in rules.merge if alias_key(g[0]) != key]
    old = [n for g in rules.merge if alias_key(g[0]) == key for n in g]
    # The new name may share the old one's key (a change of spelling): keep both.
    group = (new, *(n for n in _unique((entity, *old, *members)) if n != new))
    merged = (*kept, group) if len(group) >= 2 else tuple(kept)
    return EntityRules(canonical, rules.ignore, merged, rules.split)


def retype(
    rules: EntityRules, entity: str, new_type: str, aliases: Iterable[str] = ()
) -> EntityRules:
    """Make `entity` (found by its name or `aliases`) an entity of `new_type`."""
    etype = new_type.strip().upper()
    if etype not in ENTITY_TYPES:
        raise ValueError(f"{new_type!r} is not an entity type (use {TYPE_NAMES}).")
    key = alias_key(entity)
    if not key:
        raise ValueError("Give the entity to retype.")
    found = [c for c in rules.canonical if alias_key(c.name) == key]
    spellings = _unique((*(a for c in found for a in c.aliases), *aliases))
    spellings = tuple(a for a in spellings if alias_key(a) != key)
    item = CanonicalName(found[0].name if found else entity, etype, spellings)
    others = tuple(c for c in rules.canonical if alias_key(c.name) != key)
    return EntityRules((*others, item), rules.ignore, rules.merge, rules.split)
