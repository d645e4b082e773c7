"""Small shipped word lists (places, organisations, given names, family names).

They are plain text files under index/extract/data/, read once per process: lists the user can
read and extend, not a model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One spelling of a known place or organisation."""

    tokens: tuple[str, ...]
    """The spelling split on spaces, casefolded, for matching token runs."""
    surface: str
    canonical: str
    type: str
    exact_case: bool
    """Acronyms such as US or WHO match only in capitals, never the words us or who."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Everything loaded from index/extract/data/, indexed for the extractor."""

    by_first: dict[str, tuple[GazEntry, ...]]
    """Entries keyed by their first casefolded token, longest first."""
    canonical_type: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    """Canonical name -> all its listed spellings."""
    given_names: frozenset[str]
    korean_surnames: frozenset[str]
    chinese_surnames: frozenset[str]
    cities: frozenset[str] = frozenset()
    """Casefolded spellings listed under "# Cities": places that also name sports clubs."""
    female_given: frozenset[str] = frozenset()
    """Given names mostly borne by women ("Mrs Howard" is not Michael Howard)."""


def _lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def split_tokens(surface: str) -> tuple[str, ...]:
    """Split a spelling as the extractor's tokens will be split (commas stand alone)."""
    return tuple(surface.replace(",", " , ").casefold().split())


_WORD_NAMES = frozenset(
    {
        "Beverly",
        "Daisy",
        "Florence",
        "Hazel",
        "Iris",
        "Kay",
        "Madonna",
        "Rose",
        "Violet",
        "Virginia",
    }
)
"""Women's names that are as often a flower, a place or a singer: gender evidence only."""


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the lists once; later calls return the same object."""
    by_first: dict[str, list[GazEntry]] = {}
    canonical_type: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    cities: set[str] = set()
    for line in _city_lines():
        cities.update(n.strip().casefold() for n in line.split("|") if n.strip())
    for filename, etype in (("places.txt", "PLACE"), ("orgs.txt", "ORG")):
        for line in _lines(filename):
            names = [n.strip() for n in line.split("|") if n.strip()]
            canonical = names[0]
            canonical_type.setdefault(canonical, etype)
            aliases[canonical] = tuple(names)
            for surface in names:
                tokens = split_tokens(surface)
                letters = surface.replace(".", "").replace("-", "")
                exact = letters.isupper() and len(letters) <= 5
                entry = GazEntry(tokens, surface, canonical, etype, exact)
                by_first.setdefault(tokens[0], []).append(entry)
    frozen = {k: tuple(sorted(v, key=lambda e: -len(e.tokens))) for k, v in by_first.items()}
    female = frozenset(w for line in _lines("female_given_names.txt") for w in line.split())
    given = frozenset(w for line in _lines("given_names.txt") for w in line.split())
    # Women's names start a person too, unless they are also a place or a common word.
    given |= {w for w in female if w.casefold() not in cities and w not in _WORD_NAMES}
    korean: set[str] = set()
    chinese: set[str] = set()
    for line in _lines("east_asian_surnames.txt"):
        label, _, words = line.partition(":")
        (korean if label.strip() == "korean" else chinese).update(words.split())
    return Gazetteer(
        frozen,
        canonical_type,
        aliases,
        given,
        frozenset(korean),
        frozenset(chinese),
        frozenset(cities),
        female,
    )


def _city_lines() -> list[str]:
    """Lines of places.txt from its "# Cities" heading to the next heading."""
    out: list[str] = []
    inside = False
    for line in (_DATA / "places.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            inside = line.casefold().startswith("# cities")
        elif inside and line.strip():
            out.append(line.strip())
    return out
