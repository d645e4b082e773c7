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
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from index.extract.corrections import EntityRules
from index.extract.gazetteer import gazetteer
from index.extract.names import TITLE_WORDS, alias_key

DOMINANCE = 4
"""A short form joins the commonest candidate when it has at least this many times the
articles of the next one and at least half the candidates' articles together."""
CONTEXT_MIN = 3
CONTEXT_RATIO = 2
"""Otherwise (with a `context`) it joins the candidate whose articles share at least
CONTEXT_MIN other entities with its own and CONTEXT_RATIO times as many as the next one."""

Context = Callable[[Collection[str]], Mapping[str, Collection[str]]]
"""PERSON names -> for each, the entities ("TYPE:key") in the articles that name it."""
_MALE = frozenset({"mr", "sir", "lord", "baron", "king", "prince", "father"})
_FEMALE = frozenset(
    {"mrs", "ms", "miss", "dame", "lady", "baroness", "queen", "princess", "madam", "mme"}
)
_GENDER_TITLES = _MALE | _FEMALE
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


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A PERSON spelling split into its titles and its name words."""

    titles: tuple[str, ...]
    words: tuple[str, ...]
    gender: str = ""
    """m or f from a gender title (Mr, Mrs...), "" if none or both."""
    offices: frozenset[str] = frozenset()
    """The titles that are not a gender title (president, minister...)."""

    @property
    def full(self) -> bool:
        return len(self.words) >= 2


@lru_cache(maxsize=262144)
def parse_person(name: str) -> _Parsed:
    """Titles and name words: "Thursday Mr Blair" -> (mr,), (Blair,).

    Words before the last title are dropped (they are a title's qualifiers such as "Prime"
    or junk glued on by the extractor); a name is never left empty.
    """
    raw = [w for w in name.replace(".", ". ").split() if w.strip(".")]
    words = [w.rstrip(".") for w in raw]
    folded = [w.casefold() for w in words]
    last = -1
    for i, word in enumerate(folded[:-1]):
        if word in TITLE_WORDS:
            last = i
    titles = tuple(w for w in folded[: last + 1] if w in TITLE_WORDS)
    male = any(t in _MALE for t in titles)
    female = any(t in _FEMALE for t in titles)
    gender = "m" if male and not female else "f" if female and not male else ""
    offices = frozenset(t for t in titles if t not in _GENDER_TITLES)
    return _Parsed(titles, tuple(words[last + 1 :]), gender, offices)


def _surname_keys(parsed: _Parsed) -> set[str]:
    """The words a short form of this full name may use: the last, or an East Asian first."""
    keys = {alias_key(parsed.words[-1])}
    gaz = gazetteer()
    first = parsed.words[0].casefold()
    if first in gaz.korean_surnames or first in gaz.chinese_surnames:
        keys.add(alias_key(parsed.words[0]))
    return keys


def _compatible(a: _Parsed, b: _Parsed) -> bool:
    """Same surname and the same given name (or one is the other's initial)."""
    if alias_key(a.words[-1]) != alias_key(b.words[-1]):
        return False
    ga, gb = a.words[0].casefold(), b.words[0].casefold()
    if ga == gb:
        middle_a = {w.casefold() for w in a.words[1:-1] if len(w) > 1}
        middle_b = {w.casefold() for w in b.words[1:-1] if len(w) > 1}
        return not (middle_a and middle_b and middle_a != middle_b)
    if _undoubled(ga) == _undoubled(gb):
        return True  # Elliot / Eliot, Phillip / Philip
    return (len(ga) == 1 and gb.startswith(ga)) or (len(gb) == 1 and ga.startswith(gb))


def _short_key(alias: str) -> str:
    """The key of a one-word (after titles) spelling, or "" for a full name."""
    parsed = parse_person(alias)
    return alias_key(parsed.words[0]) if len(parsed.words) == 1 else ""


def _undoubled(word: str) -> str:
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])


def row_gender(name: str, aliases: Iterable[str]) -> str:
    """m, f or "" from the gender titles a row's spellings use (both or neither: "")."""
    return _gender_of((name, *aliases))


@lru_cache(maxsize=262144)
def _gender_of(spellings: tuple[str, ...]) -> str:
    seen = {parse_person(a).gender for a in spellings} - {""}
    return seen.pop() if len(seen) == 1 else ""


class _Union:
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
            for short in {_short_key(a) for a in row.aliases} - {""}:
                attested[(unit, short)] += row.articles

    groups = _Union()
    people = [u for u in weight if u[0] == "PERSON"]
    _join_others([u for u in weight if u[0] != "PERSON"], aliases_of, groups)
    _join_people(people, aliases_of, weight, attested, groups, split, context)

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
    groups: _Union,
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


@dataclass
class _Person:
    """A group of full-name rows being built: one real person."""

    units: list[tuple[str, str, str]]
    parsed: list[_Parsed]
    articles: int = 0
    surnames: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)
    offices: set[str] = field(default_factory=set)
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


def _join_people(
    units: list[tuple[str, str, str]],
    aliases_of: Mapping[tuple[str, str, str], set[str]],
    weight: Counter[tuple[str, str, str]],
    attested: Counter[tuple[tuple[str, str, str], str]],
    groups: _Union,
    split: set[str],
    context: Context | None = None,
) -> None:
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
            if q.full and _compatible(p, q):
                groups.union(unit, ("PERSON", alias_key(" ".join(q.words))))
        by_pair[(alias_key(p.words[0][:1]), alias_key(p.words[-1]))].append(unit)
    for candidates in by_pair.values():
        for i, a in enumerate(candidates):
            for b in candidates[i + 1 :]:
                if _compatible(parsed[a], parsed[b]):
                    groups.union(a, b)

    persons: dict[object, _Person] = {}
    for unit in full:
        root = groups.find(unit)
        person = persons.setdefault(root, _Person([], []))
        p = parsed[unit]
        person.units.append(unit)
        person.parsed.append(p)
        person.articles += weight[unit]
        person.surnames |= _surname_keys(p)
        person.given.add(alias_key(p.words[0]))
        for key in _surname_keys(p) | {alias_key(w) for w in p.words}:
            person.attested[key] += attested[(unit, key)]
        person.male += weight[unit] if unit[2] == "m" else 0
        person.female += weight[unit] if unit[2] == "f" else 0
        person.female_given |= p.words[0] in gazetteer().female_given
        own = {alias_key(w) for w in p.words}
        for alias in aliases_of[unit]:
            q = parse_person(alias)
            person.offices |= q.offices
            if not q.full and q.words and alias_key(q.words[0]) in own:
                person.surnames.add(alias_key(q.words[0]))
        person.offices |= p.offices

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
            groups.union(("PERSON-short", *anchor), unit)


def _pick(
    unit: tuple[str, str, str],
    p: _Parsed,
    key: str,
    persons: Mapping[object, _Person],
    by_surname: Mapping[str, list[object]],
    by_given: Mapping[str, list[object]],
    aliases_of: Mapping[tuple[str, str, str], set[str]],
) -> tuple[object | None, list[object]]:
    """The full-name person a short form means (None when that is not clear), and the
    candidates it was chosen from, commonest first."""
    offices = set(p.offices)
    for alias in aliases_of[unit]:
        offices |= parse_person(alias).offices
    gender = unit[2]
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


def _display(
    units: list[tuple[str, str, str]],
    weight: Counter[tuple[str, str, str]],
    preferred: set[str],
    aliases_of: Mapping[tuple[str, str, str], set[str]],
) -> str:
    """The name a group is shown under: the user's, else the commonest full name, else
    the commonest spelling without its office title ("Mrs" kept when only women are
    meant, so "Mrs Howard" never reads as Michael Howard's row)."""
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
    if all(u[2] == "f" for u in units):
        for spelling in sorted((a for u in units for a in aliases_of[u]), key=len):
            parsed = parse_person(spelling)
            if parsed.gender == "f" and _plain(parsed.words) == name:
                title = next(w for w in spelling.split() if w.casefold().rstrip(".") in _FEMALE)
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
