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
from index.extract.gazetteer import gazetteer
from index.extract.names import alias_key
from index.extract.quotes import extract_quotes
from index.extract.wordlists import STOP
from index.models import SCOPE_KINDS, Block, Entity, Extraction, LineKind, Mention, Quote

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
    entities = list(result.entities)
    headings = _heading_speakers(text, scope, entities)
    if len(entities) > len(result.entities):
        entities.sort(key=lambda e: (e.mentions[0].start, e.name))
    quotes = extract_quotes(text, scope, result.person_refs, result.descriptors, budget, headings)
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


_CAPS_NAME = re.compile(r"^(?:[A-Z][A-Z'’-]+ ){1,3}[A-Z][A-Z'’-]+$")


def _heading_speakers(text: str, scope: Sequence[Block], entities: list[Entity]) -> dict[int, str]:
    """Sub-heads that are only a person's name in capitals ("JOHN SMITH", "JANE DOE, 45"):
    block index -> the person, added to entities when the story names them nowhere else."""
    out: dict[int, str] = {}
    for b, block in enumerate(scope):
        if block.kind is not LineKind.SUBHEAD:
            continue
        raw = text[block.start : block.end]
        head = raw.split(",")[0].strip()
        if not _CAPS_NAME.match(head) or any(w.lower() in STOP for w in head.split()):
            continue
        name = " ".join(w.capitalize() for w in head.split())
        key = alias_key(name)
        known = next(
            (
                e
                for e in entities
                if e.type == "PERSON" and key in {alias_key(a) for a in (e.name, *e.aliases)}
            ),
            None,
        )
        if known is None:
            if head.split()[0].capitalize() not in gazetteer().given_names:
                continue  # only a known first name makes a capitals line a person's name
            start = block.start + raw.index(head)
            known = Entity("PERSON", name, (name, head), (Mention(start, start + len(head), head),))
            entities.append(known)
        out[b] = known.name
    return out


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
