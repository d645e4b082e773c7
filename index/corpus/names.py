"""One row per real person or organisation across the library.

Each article names its entities on its own ("Tony Blair" in one, "Mr Blair" or "Blair" in
another where the full name never appears). This module maps every per-article row to a
corpus-wide name, from the rows alone (no list of people):

- full names are joined when their keys meet or when they agree on given name and surname
  ("George Bush" / "George W. Bush");
- a short form (a surname alone, or titles plus a surname: "Mr Blair", "President Bush") is
  joined to the full-name person with that surname when that person is the only candidate,
  or clearly dominant (see `DOMINANCE`) in how often articles naming them in full also
  call them by that short form, or else in articles, after ruling out candidates known to
  be of the other gender (Mr/Sir/Lord vs Mrs/Ms/Miss/Dame/Lady, from the titles their own
  rows use) and preferring candidates called by the same office title ("President Bush"
  -> the Bush ever called President);
- a titled given name ("President George") joins the one person with that given name who
  is called by that title, when no one has it as a surname;
- a short form several people could be goes to the one whose articles share clearly the
  most other entities with its own (when the caller can say which entities those are);
- short forms left over are grouped by surname and gender and shown without the office
  title ("Bush"), a female group with its title ("Mrs Howard"), so two people who share a
  surname stay apart;
- the user's corrections (`entities:` in config.yaml) win: their names are shown as given,
  and a `split` alias is never joined to anyone.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from index.corpus.person_groups import Context, UnionFind, join_people
from index.corpus.spellings import FEMALE_TITLES, parse_person, row_gender, short_key
from index.extract.corrections import EntityRules
from index.extract.names import alias_key

_ORG_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "plc",
        "llc",
        "ag",
        "sa",
        "nv",
        "group",
        "holdings",
    }
)
_NAME_ONLY_TYPES = frozenset({"DATE", "MONEY", "PERCENT"})


@dataclass(frozen=True, slots=True)
class CorpusRow:
    """Distinct per-article entity rows: type, name, aliases, and in how many articles."""

    type: str
    name: str
    aliases: tuple[str, ...]
    articles: int = 1
    stored: str | None = None
    """The aliases as the store holds them (JSON), when read from it."""


@dataclass
class CorpusNames:
    """Per-article rows -> corpus-wide names (built once per index generation)."""

    by_row: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(type, name, aliases as stored JSON) -> corpus name."""
    by_gender: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(type, name, gender) -> corpus name, for callers holding the aliases as a tuple."""
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    """(type, name) -> the corpus name of that name's commonest row (no aliases known)."""
    members: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """(type, corpus name) -> every per-article name shown under it."""

    def name(self, etype: str, name: str, aliases: Iterable[str] | None = None) -> str:
        """The corpus name of a row; `aliases` (when known) separate Mrs X from Mr X."""
        if aliases is not None and etype == "PERSON":
            found = self.by_gender.get((etype, name, row_gender(name, aliases)))
            if found is not None:
                return found
        return self.by_name.get((etype, name), name)

    def row_name(self, etype: str, name: str, aliases_json: str) -> str:
        """`name` for a row read from the store (aliases still JSON)."""
        found = self.by_row.get((etype, name, aliases_json))
        if found is not None:
            return found
        return self.name(etype, name, json.loads(aliases_json))

    def local_names(self, etype: str, corpus: str) -> set[str]:
        """Every per-article name that may be shown as `corpus`."""
        return self.members.get((etype, corpus), set()) | {corpus}


def resolve(
    rows: Iterable[CorpusRow], rules: EntityRules | None = None, context: Context | None = None
) -> CorpusNames:
    """Map every row to its corpus-wide name (see the module docstring for the rules).

    `context`, when given, is asked once about the short forms that several people could
    be and their candidates (see `_by_context`)."""
    rows = list(rows)
    rules = rules or EntityRules()
    preferred: set[str] = {item.name for item in rules.canonical}
    preferred.update(group[0] for group in rules.merge)
    split = {alias_key(s) for s in rules.split}

    unit_of: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    weight: Counter[tuple[str, str, str]] = Counter()
    aliases_of: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    attested: Counter[tuple[tuple[str, str, str], str]] = Counter()
    for row in rows:
        gender = row_gender(row.name, row.aliases) if row.type == "PERSON" else ""
        unit = (row.type, row.name, gender)
        stored = row.stored
        if stored is None:
            stored = json.dumps(list(row.aliases), ensure_ascii=False)
        unit_of[(row.type, row.name, stored)] = unit
        weight[unit] += row.articles
        aliases_of[unit].update(row.aliases)
        if row.type == "PERSON" and len(parse_person(row.name).words) > 1:
            for short in {short_key(a) for a in row.aliases} - {""}:
                attested[(unit, short)] += row.articles

    groups = UnionFind()
    people = [u for u in weight if u[0] == "PERSON"]
    _join_others([u for u in weight if u[0] != "PERSON"], aliases_of, groups)
    join_people(people, aliases_of, weight, attested, groups, split, context)

    members: dict[object, list[tuple[str, str, str]]] = defaultdict(list)
    for unit in weight:
        members[groups.find(unit)].append(unit)
    by_unit: dict[tuple[str, str, str], str] = {}
    for units in members.values():
        shown = _display(units, weight, preferred, aliases_of)
        for unit in units:
            by_unit[unit] = shown

    result = CorpusNames()
    for key, unit in unit_of.items():
        result.by_row[key] = by_unit[unit]
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for unit, shown in by_unit.items():
        etype, name, gender = unit
        result.by_gender[unit] = shown
        result.members.setdefault((etype, shown), set()).add(name)
        if (etype, name) not in best or weight[unit] > best[(etype, name)][0]:
            best[(etype, name)] = (weight[unit], shown)
    result.by_name = {key: shown for key, (_, shown) in best.items()}
    return result


def _join_others(
    units: list[tuple[str, str, str]],
    aliases_of: Mapping[tuple[str, str, str], set[str]],
    groups: UnionFind,
) -> None:
    """Organisations, places and the rest: rows meet through any spelling's key."""
    for unit in units:
        etype, name, _ = unit
        keys = {alias_key(name)}
        if etype not in _NAME_ONLY_TYPES:
            keys.update(alias_key(a) for a in aliases_of[unit])
            if etype == "ORG":
                keys.update(_org_core(a) for a in (name, *aliases_of[unit]))
        for key in keys - {""}:
            groups.union(unit, (etype, key))


def _org_core(name: str) -> str:
    """The key of an organisation name without its legal suffix ("Apple Inc" -> apple)."""
    words = name.replace(",", " ").replace(".", " ").split()
    while len(words) > 1 and words[-1].casefold() in _ORG_SUFFIXES:
        words.pop()
    return alias_key(" ".join(words))


_PEERAGE = frozenset(
    {"lord", "lady", "baroness", "baron", "dame", "sir", "king", "queen", "prince", "princess"}
)
"""Titles that stay with the name they go with ("Lord Falconer", "Baroness Kennedy",
"Prince Charles")."""


def _display(
    units: list[tuple[str, str, str]],
    weight: Counter[tuple[str, str, str]],
    preferred: set[str],
    aliases_of: Mapping[tuple[str, str, str], set[str]],
) -> str:
    """The name a group is shown under: the user's, else the commonest full name, else
    the commonest spelling without its office title ("Lord" kept, as is "Mrs" when only
    women are meant, so "Mrs Howard" never reads as Michael Howard's row)."""
    for unit in units:
        if unit[1] in preferred:
            return unit[1]
    if units[0][0] != "PERSON":
        best = max(units, key=lambda u: (weight[u], len(u[1].split()), u[1]))
        return best[1]
    full = [u for u in units if parse_person(u[1]).full]
    if full:
        best = max(full, key=lambda u: (weight[u], len(parse_person(u[1]).words), u[1]))
        return _plain(parse_person(best[1]).words)
    best = max(units, key=lambda u: (weight[u], u[1]))
    name = _plain(parse_person(best[1]).words)
    for spelling in sorted((a for u in units for a in aliases_of[u]), key=len):
        words = spelling.split()
        if len(words) > 1 and words[0].casefold() in _PEERAGE and _plain(tuple(words[1:])) == name:
            return spelling  # "Lord Falconer" is his name as much as "Falconer"
    if all(u[2] == "f" for u in units):
        for spelling in sorted((a for u in units for a in aliases_of[u]), key=len):
            parsed = parse_person(spelling)
            if parsed.gender == "f" and _plain(parsed.words) == name:
                title = next(
                    w for w in spelling.split() if w.casefold().rstrip(".") in FEMALE_TITLES
                )
                return f"{title} {name}"
    return name


def _plain(words: tuple[str, ...]) -> str:
    """Name words joined, without a possessive ("Mr Taylor's" -> "Taylor")."""
    text = " ".join(words)
    for suffix in ("'s", "’s"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def merge_corpus(rows: Iterable[tuple[str, str, tuple[str, ...]]]) -> dict[tuple[str, str], str]:
    """Map (type, name) to one corpus-wide name; one row per article (see corpus_names)."""
    counts: Counter[tuple[str, str, tuple[str, ...]]] = Counter(
        (etype, name, tuple(aliases)) for etype, name, aliases in rows
    )
    names = resolve(CorpusRow(t, n, a, c) for (t, n, a), c in counts.items())
    return {(t, n): names.name(t, n) for t, n, _ in counts}
