"""Normalisation keys for entity names, and merging of entities across articles.

`alias_key` is what the index stores in keyword fields and what the corpus view groups
by, so two spellings of one entity ("Koo Yoon-cheol" / "Koo Yun-cheol", "U.S." /
"United States") must give the same key, and the key must be cheap to compute.
"""

from __future__ import annotations

import re
import unicodedata
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
