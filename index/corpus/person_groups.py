"""Joins PERSON rows into people: agreeing full names, then short forms ("Mr Blair") to one.

The rules are listed once, in `names.py`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field

from index.corpus.spellings import ParsedName, compatible, parse_person, surname_keys
from index.extract.gazetteer import gazetteer
from index.extract.names import alias_key

DOMINANCE = 4
"""A short form joins the commonest candidate when it has at least this many times the
articles of the next one and at least half the candidates' articles together."""
CONTEXT_MIN = 3
CONTEXT_RATIO = 2
"""Otherwise (with a `context`) it joins the candidate whose articles share at least
CONTEXT_MIN other entities with its own and CONTEXT_RATIO times as many as the next one."""

GIVEN_NAME_TITLES = frozenset({"king", "queen", "prince", "princess", "pope", "sir", "dame"})
"""Titles followed by a given name, not a surname: "Prince Charles" is not Ray Charles,
"Sir Clive" is Clive Woodward (a peer's "Lord Hattersley" is a surname)."""

Context = Callable[[Collection[str]], Mapping[str, Collection[str]]]
"""PERSON names -> for each, the entities ("TYPE:key") in the articles that name it."""


class UnionFind:
    """Disjoint sets of rows (and the keys that join them), with path compression."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, node: object) -> object:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: object, b: object) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class _Person:
    """A group of full-name rows being built: one real person."""

    units: list[tuple[str, str, str]]
    parsed: list[ParsedName]
    articles: int = 0
    surnames: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)
    offices: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    """Every title any of this person's spellings carries ("sir", "prince", "mr"…)."""
    male: int = 0
    female: int = 0
    female_given: bool = False
    """Called by a given name mostly borne by women ("Carly Fiorina"): "Ms Fiorina" may
    join her even when no row of hers carries a Ms/Mrs title."""
    attested: Counter[str] = field(default_factory=Counter)
    """Short-form key -> articles in which this person's own row was called by it."""

    @property
    def gender(self) -> str:
        if self.male > self.female:
            return "m"
        if self.female > self.male:
            return "f"
        return "f" if self.female_given and not self.male else ""


def join_people(
    units: list[tuple[str, str, str]],
    aliases_of: Mapping[tuple[str, str, str], set[str]],
    weight: Counter[tuple[str, str, str]],
    attested: Counter[tuple[tuple[str, str, str], str]],
    groups: UnionFind,
    split: set[str],
    context: Context | None = None,
) -> None:
    """Join `units` (PERSON rows: type, name, gender) in `groups`; `split` keys stay apart."""
    parsed = {u: parse_person(u[1]) for u in units}
    full = [u for u in units if parsed[u].full]
    short = [u for u in units if not parsed[u].full]

    # Full names: same key, or the same given name and surname.
    by_pair: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for unit in full:
        p = parsed[unit]
        groups.union(unit, ("PERSON", alias_key(" ".join(p.words))))
        for alias in aliases_of[unit]:
            q = parse_person(alias)
            if q.full and compatible(p, q):
                groups.union(unit, ("PERSON", alias_key(" ".join(q.words))))
        by_pair[(alias_key(p.words[0][:1]), alias_key(p.words[-1]))].append(unit)
    for candidates in by_pair.values():
        for i, a in enumerate(candidates):
            for b in candidates[i + 1 :]:
                if compatible(parsed[a], parsed[b]):
                    groups.union(a, b)

    persons: dict[object, _Person] = {}
    women = gazetteer().female_given
    for unit in full:
        root = groups.find(unit)
        person = persons.setdefault(root, _Person([], []))
        p = parsed[unit]
        person.units.append(unit)
        person.parsed.append(p)
        person.articles += weight[unit]
        person.surnames |= surname_keys(p)
        person.given.add(alias_key(p.words[0]))
        for key in surname_keys(p) | {alias_key(w) for w in p.words}:
            person.attested[key] += attested[(unit, key)]
        person.male += weight[unit] if unit[2] == "m" else 0
        person.female += weight[unit] if unit[2] == "f" else 0
        person.female_given |= p.words[0] in women
        own = {alias_key(w) for w in p.words}
        for alias in aliases_of[unit]:
            q = parse_person(alias)
            person.offices |= q.offices
            person.titles.update(q.titles)
            if (
                not q.full
                and q.words
                and alias_key(q.words[0]) in own
                and not GIVEN_NAME_TITLES.intersection(q.titles)
            ):
                person.surnames.add(alias_key(q.words[0]))
        person.offices |= p.offices
        person.titles.update(p.titles)

    by_surname: dict[str, list[object]] = defaultdict(list)
    by_given: dict[str, list[object]] = defaultdict(list)
    for root, person in persons.items():
        for key in person.surnames:
            by_surname[key].append(root)
        for key in person.given:
            by_given[key].append(root)

    leftovers: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    ambiguous: list[tuple[tuple[str, str, str], str, list[object]]] = []
    for unit in short:
        p = parsed[unit]
        key = alias_key(" ".join(p.words))
        if not key or key in split or alias_key(unit[1]) in split:
            continue
        target, choices = _pick(unit, p, key, persons, by_surname, by_given, aliases_of)
        if target is not None:
            groups.union(target, unit)
        elif len(choices) > 1 and context is not None:
            ambiguous.append((unit, key, choices))
        else:
            leftovers[(key, unit[2])].append(unit)
    if ambiguous and context is not None:
        for unit, key, target in _by_context(ambiguous, persons, context):
            if target is not None:
                groups.union(target, unit)
            else:
                leftovers[(key, unit[2])].append(unit)

    # Short forms nobody claims: one row per surname and gender; ungendered ones join the
    # only gendered group of their surname.
    genders: dict[str, set[str]] = defaultdict(set)
    for key, gender in leftovers:
        if gender:
            genders[key].add(gender)
    for (key, gender), members in leftovers.items():
        anchor = (key, gender)
        if not gender and len(genders[key]) == 1:
            anchor = (key, next(iter(genders[key])))
        for unit in members:
            # "King Edward" and "Prince Edward" are two people, whoever "Edward" is
            titled = sorted(GIVEN_NAME_TITLES.intersection(parsed[unit].titles))
            groups.union(("PERSON-short", *anchor, *titled[:1]), unit)


def _pick(
    unit: tuple[str, str, str],
    p: ParsedName,
    key: str,
    persons: Mapping[object, _Person],
    by_surname: Mapping[str, list[object]],
    by_given: Mapping[str, list[object]],
    aliases_of: Mapping[tuple[str, str, str], set[str]],
) -> tuple[object | None, list[object]]:
    """The full-name person a short form means (None when that is not clear), and the
    candidates it was chosen from, commonest first."""
    offices = set(p.offices)
    titles = set(p.titles)
    for alias in aliases_of[unit]:
        q = parse_person(alias)
        offices |= q.offices
        titles.update(q.titles)
    gender = unit[2]
    given_titles = titles & GIVEN_NAME_TITLES
    if given_titles and len(p.words) == 1:
        # a given name: only someone called by it under the same title ("Sir Clive")
        candidates = [
            r
            for r in by_given.get(key, ())
            if persons[r].titles & given_titles and _agrees(persons[r].gender, gender)
        ]
        offices = set()
    else:
        candidates = [r for r in by_surname.get(key, ()) if _agrees(persons[r].gender, gender)]
    if offices:
        titled = [r for r in candidates if persons[r].offices & offices]
        if not titled:
            titled = [
                r
                for r in by_given.get(key, ())
                if persons[r].offices & offices and _agrees(persons[r].gender, gender)
            ]
        if titled:
            candidates = titled
    if gender == "f":  # "Mrs Blair" is never taken for a man nobody called Mrs/Ms
        candidates = [r for r in candidates if persons[r].gender == "f"]
    if not candidates:
        return None, []
    by_use = sorted(candidates, key=lambda r: -persons[r].attested[key])
    if len(by_use) > 1:
        used, next_used = persons[by_use[0]].attested[key], persons[by_use[1]].attested[key]
        if used >= 2 and used >= DOMINANCE * next_used:
            return by_use[0], by_use
    ranked = sorted(candidates, key=lambda r: -persons[r].articles)
    top = persons[ranked[0]].articles
    if len(ranked) == 1:
        return ranked[0], ranked
    total = sum(persons[r].articles for r in ranked)
    if top >= DOMINANCE * persons[ranked[1]].articles and 2 * top >= total:
        return ranked[0], ranked
    return None, ranked


def _by_context(
    ambiguous: list[tuple[tuple[str, str, str], str, list[object]]],
    persons: Mapping[object, _Person],
    context: Context,
) -> Iterator[tuple[tuple[str, str, str], str, object | None]]:
    """Settle short forms several people could be by the company they keep: the candidate
    whose articles share the most other entities with the short form's articles, when it
    shares at least CONTEXT_MIN of them and CONTEXT_RATIO times the next candidate."""
    names = {unit[1] for unit, _, _ in ambiguous}
    for _, _, candidates in ambiguous:
        for root in candidates:
            names.update(u[1] for u in persons[root].units)
    seen = context(names)
    profiles: dict[object, set[str]] = {}
    for unit, key, candidates in ambiguous:
        mine = {k for k in seen.get(unit[1], ()) if key not in k}
        scores: list[tuple[int, object]] = []
        for root in candidates:
            if root not in profiles:
                profiles[root] = set().union(*(seen.get(u[1], ()) for u in persons[root].units))
            scores.append((len(mine & profiles[root]), root))
        scores.sort(key=lambda item: -item[0])
        best, second = scores[0][0], scores[1][0]
        chosen = scores[0][1] if best >= CONTEXT_MIN and best >= CONTEXT_RATIO * second else None
        yield unit, key, chosen


def _agrees(a: str, b: str) -> bool:
    """Two genders (m, f or "" for unknown) that may be one person's."""
    return not a or not b or a == b
