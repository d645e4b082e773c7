"""Turn an entity fix from the sidebar or the command line into a saved correction.

The user names entities as the library shows them (corpus-wide names, which stand for
several spellings across articles); the correction must reach each article's own
spelling, so the names are expanded to the entity's aliases before they are saved.
The names a change touches are returned, so the update re-extracts only the articles
naming them.
"""

from __future__ import annotations

from collections.abc import Callable

from index.config import Config
from index.errors import CorrectionError
from index.extract import rule_edits
from index.extract.corrections import ENTITY_TYPES, EntityRules, changed_names, combine
from index.extract.rules_file import read_rules_file
from index.models import EntityCount, EntityFix, FixKind
from index.user.corrections_store import CorrectionsStore

Find = Callable[[str, str | None], EntityCount | None]
"""The library's `find_entity`: a corpus entity by any of its names, or None."""


def _lookup(
    find: Find, name: str, entity_type: str | None
) -> tuple[str, str | None, tuple[str, ...]]:
    """(name as shown, type, aliases) of the entity called `name`; as given when unknown."""
    entity = find(name, entity_type) if name.strip() else None
    if entity is None:
        return " ".join(name.split()), entity_type, ()
    return entity.name, entity.type, entity.aliases


def save_fix(fix: EntityFix, store: CorrectionsStore, find: Find) -> tuple[str, tuple[str, ...]]:
    """Save `fix` in the corrections file: (one sentence saying what changed, the names
    whose articles to re-extract). Raises CorrectionError when the fix is refused."""
    if fix.kind == FixKind.UNDO:
        before, after = store.undo()
        return "Undid the last entity change.", _touched(before, after, ())
    if not fix.names or not all(n.strip() for n in fix.names):
        raise CorrectionError(f"Say which entity to {fix.kind}.")
    found = [_lookup(find, n, fix.entity_type) for n in fix.names]
    name, _, aliases = found[0]
    extra = tuple(a for _, _, alist in found for a in alist)
    edit: Callable[[EntityRules], EntityRules]
    if fix.kind == FixKind.MERGE:
        types = {t for _, t, _ in found if t}
        if len(types) > 1:
            raise CorrectionError(
                f"Only entities of one type can be merged ({', '.join(sorted(types))}); "
                "change a type first."
            )
        shown = [n for n, _, _ in found]

        def edit(rules: EntityRules) -> EntityRules:
            return rule_edits.merge(rules, shown, extra)

        others = ", ".join(shown[1:])
        message = f"Merged {others} into {shown[0]}."
    elif fix.kind == FixKind.SPLIT:
        alias = " ".join(fix.value.split())

        def edit(rules: EntityRules) -> EntityRules:
            return rule_edits.split(rules, name, alias)

        message = f"{alias} no longer counts as {name}."
    elif fix.kind == FixKind.IGNORE:

        def edit(rules: EntityRules) -> EntityRules:
            return rule_edits.ignore(rules, name)

        message = f"{name} is no longer shown as an entity."
    elif fix.kind == FixKind.RENAME:
        new = " ".join(fix.value.split())

        def edit(rules: EntityRules) -> EntityRules:
            return rule_edits.rename(rules, name, new, aliases)

        message = f"{name} is now shown as {new}."
    elif fix.kind == FixKind.RETYPE:
        new_type = fix.value.strip().upper()
        if new_type not in ENTITY_TYPES:
            raise CorrectionError(
                f"{fix.value.strip()!r} is not an entity type (use {rule_edits.TYPE_NAMES})."
            )

        def edit(rules: EntityRules) -> EntityRules:
            return rule_edits.retype(rules, name, new_type, aliases)

        message = f"{name} is now a {new_type}."
    else:
        raise CorrectionError(f"Unknown entity fix {fix.kind!r}.")
    before, after = store.change(edit)
    if before == after:
        return "Nothing changed: that correction is already saved.", ()
    return message, _touched(before, after, (name, *extra))


def _touched(before: EntityRules, after: EntityRules, more: tuple[str, ...]) -> tuple[str, ...]:
    """Every name the change added or removed, plus the entities' own spellings."""
    return tuple(sorted(changed_names(before, after) | {n for n in more if n.strip()}))


def rules_in_force(config: Config) -> EntityRules:
    """config.yaml's `entities:` section, then the corrections file as it is now."""
    if config.corrections is None:
        return config.entities
    rules, _ = read_rules_file(config.corrections)
    return combine(config.entity_section, rules)
