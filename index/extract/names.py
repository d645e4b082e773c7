"""Normalisation keys for entity names, and merging of entities across articles.

`alias_key` is what the index stores in keyword fields and what the corpus view groups
by, so two spellings of one entity ("Koo Yoon-cheol" / "Koo Yun-cheol", "U.S." /
"United States") must give the same key, and the key must be cheap to compute.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from index.extract.gazetteer import gazetteer
from index.extract.wordlists import PERSON_TITLES

_MONTH_ABBR = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"'s\b")
_PER_CENT = re.compile(r"\bper\s*cent\b|%")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_DROP = re.compile(r"[^\w$€£¥₩]+")
_TOKEN_SPLIT = re.compile(r"[\s\-/]+")
_ROMANISATION = (("oo", "u"), ("ee", "i"))

TITLE_WORDS = frozenset(t.rstrip(".") for t in PERSON_TITLES) | frozenset(
    {
        "commerce",
        "defence",
        "defense",
        "deputy",
        "duchess",
        "duke",
        "earl",
        "education",
        "energy",
        "executive",
        "finance",
        "foreign",
        "health",
        "home",
        "industry",
        "interior",
        "labor",
        "labour",
        "manager",
        "prime",
        "trade",
        "treasury",
        "vice",
    }
)
"""Words that make a PERSON alias a title form ("President Lee") rather than a name."""


def _fold(text: str) -> str:
    for old, new in _ROMANISATION:
        text = text.replace(old, new)
    return text


@lru_cache(maxsize=262144)
def alias_key(name: str) -> str:
    """A spelling-insensitive key: 'Koo Yoon-cheol' and 'Koo Yun-cheol' share one."""
    key = _base_key(name)
    return _synonyms().get(key, key)


def _base_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    if text.startswith("the "):
        text = text[4:]
    text = _POSSESSIVE.sub("", text)
    text = _PER_CENT.sub(" percent", text)
    text = _DECIMAL.sub("_", text)
    parts: list[str] = []
    for raw in _TOKEN_SPLIT.split(text):
        token = _DROP.sub("", raw).replace("_", ".")
        if not token:
            continue
        parts.append(_MONTH_ABBR.get(token, token))
    return _fold("".join(parts))


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Keys of listed spellings -> key of their canonical name (US, U.S., America -> us)."""
    table: dict[str, str] = {}
    for canonical, spellings in gazetteer().aliases.items():
        target = _base_key(canonical)
        for spelling in spellings:
            table.setdefault(_base_key(spelling), target)
    return table


def is_full_name(alias: str) -> bool:
    """True for a PERSON alias that names the person ("Tony Blair"), not "Mr Blair"."""
    words = alias.replace(".", " ").split()
    return len(words) >= 2 and words[0].casefold() not in TITLE_WORDS


_NAME_ONLY_TYPES = frozenset({"DATE", "MONEY", "PERCENT"})


def merge_corpus(rows: Iterable[tuple[str, str, tuple[str, ...]]]) -> dict[tuple[str, str], str]:
    """Map (type, name) to one corpus-wide name, so spellings across articles become one.

    Rows whose keys meet are unioned; the most frequent spelling names the group. PERSON rows
    are joined only through full-name aliases: "Mr Brown" must not fuse every Brown.
    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def union(a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    names: Counter[tuple[str, str]] = Counter()
    for etype, name, aliases in rows:
        names[(etype, name)] += 1
        node = (etype, "\0" + name)
        parent.setdefault(node, node)
        keys = {alias_key(name)}
        if etype not in _NAME_ONLY_TYPES:
            for alias in aliases:
                if etype != "PERSON" or is_full_name(alias):
                    keys.add(alias_key(alias))
            if etype == "PERSON" and not is_full_name(name):
                keys = {alias_key(name)}
        for key in keys:
            if not key:
                continue
            knode = (etype, key)
            parent.setdefault(knode, knode)
            union(node, knode)

    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for etype, name in names:
        groups.setdefault(find((etype, "\0" + name)), []).append((etype, name))
    result: dict[tuple[str, str], str] = {}
    for members in groups.values():
        best = max(members, key=lambda m: (names[m], len(m[1].split()), m[1]))
        for member in members:
            result[member] = best[1]
    return result
