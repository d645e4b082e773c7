"""Entities and quotes of one article, offline, with the user's corrections applied.

Only title, sub-head and body blocks are read: captions, bylines and boilerplate name
people and places that the story itself does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from index.extract.budget import UNLIMITED, Budget
from index.extract.corrections import EntityRules
from index.extract.entities import extract_entities
from index.extract.names import alias_key
from index.extract.quotes import extract_quotes
from index.models import SCOPE_KINDS, Block, Entity, Extraction, Mention, Quote

_DEFAULT_RULES = EntityRules()


@lru_cache(maxsize=8)
def _user_pattern(rules: EntityRules) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    """One regex over every spelling the user listed, so their names are always found."""
    spellings: dict[str, tuple[str, str]] = {}
    for item in rules.canonical:
        for surface in (item.name, *item.aliases):
            spellings[surface] = (item.type, item.name)
    if not spellings:
        return None, {}
    alternation = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), spellings


def _user_spans(
    text: str, blocks: Sequence[Block], rules: EntityRules
) -> list[tuple[int, int, str, str]]:
    pattern, spellings = _user_pattern(rules)
    if pattern is None:
        return []
    found: list[tuple[int, int, str, str]] = []
    for block in blocks:
        for m in pattern.finditer(text, block.start, block.end):
            etype, name = spellings[m.group()]
            found.append((m.start(), m.end(), etype, name))
    return found


def extract(
    text: str,
    blocks: Sequence[Block],
    rules: EntityRules | None = None,
    budget: Budget = UNLIMITED,
) -> Extraction:
    """Entities (sorted by first mention) and quotes found in an article's story blocks.

    Raises OverBudget when the budget runs out first.
    """
    rules = rules or _DEFAULT_RULES
    scope = [b for b in blocks if b.kind in SCOPE_KINDS and b.end > b.start]
    never = frozenset(alias_key(s) for s in rules.split)
    result = extract_entities(text, scope, never, _user_spans(text, scope, rules), budget)
    quotes = extract_quotes(text, scope, result.person_refs, result.descriptors, budget)
    entities = result.entities
    renamed: dict[str, str] = {}
    if not rules.empty:
        entities, renamed = apply_rules(entities, rules)
    if renamed:
        quotes = [
            Quote(
                q.text,
                q.kind,
                renamed.get(q.speaker, q.speaker) if q.speaker else None,
                q.speaker_desc,
                q.start,
                q.end,
            )
            for q in quotes
        ]
    kept = {e.name for e in entities if e.type == "PERSON"}
    quotes = [
        q
        if q.speaker is None or q.speaker in kept
        else Quote(q.text, q.kind, None, q.speaker_desc, q.start, q.end)
        for q in quotes
    ]
    return Extraction(tuple(entities), tuple(quotes))


def apply_rules(
    entities: Sequence[Entity], rules: EntityRules
) -> tuple[list[Entity], dict[str, str]]:
    """Apply canonical names, merges, splits and ignores; return entities and renames."""
    target: dict[str, tuple[str, str | None]] = {}
    for group in rules.merge:
        for name in group:
            target[alias_key(name)] = (group[0], None)
    for item in rules.canonical:
        for surface in (item.name, *item.aliases):
            target[alias_key(surface)] = (item.name, item.type)
    ignore = {alias_key(n) for n in rules.ignore}
    split = {alias_key(n) for n in rules.split}

    merged: dict[tuple[str, str], list[Entity]] = {}
    order: list[tuple[str, str]] = []
    renamed: dict[str, str] = {}
    for entity in entities:
        keys = [alias_key(entity.name), *(alias_key(a) for a in entity.aliases)]
        if any(k in ignore for k in keys):
            continue
        mentions = tuple(m for m in entity.mentions if alias_key(m.text) not in split)
        if not mentions:
            continue
        name, etype = entity.name, entity.type
        for key in keys:
            if key in target:
                name, new_type = target[key]
                etype = new_type or etype
                break
        if name != entity.name:
            renamed[entity.name] = name
        slot = (etype, name)
        if slot not in merged:
            merged[slot] = []
            order.append(slot)
        merged[slot].append(Entity(etype, name, entity.aliases, mentions))
    out: list[Entity] = []
    for etype, name in order:
        parts = merged[(etype, name)]
        aliases: list[str] = [name]
        mention_set: set[Mention] = set()
        for part in parts:
            for alias in part.aliases:
                if alias not in aliases and alias_key(alias) not in split:
                    aliases.append(alias)
            mention_set.update(part.mentions)
        mentions = tuple(sorted(mention_set, key=lambda m: (m.start, m.end)))
        out.append(Entity(etype, name, tuple(aliases), mentions))
    out.sort(key=lambda e: (e.mentions[0].start, e.name))
    return out, renamed
