"""How a PERSON spelling reads (titles, name words, gender); which spellings can be one person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.extract.gazetteer import gazetteer
from index.extract.names import TITLE_WORDS, alias_key

MALE_TITLES = frozenset({"mr", "sir", "lord", "baron", "king", "prince", "father"})
FEMALE_TITLES = frozenset(
    {"mrs", "ms", "miss", "dame", "lady", "baroness", "queen", "princess", "madam", "mme"}
)
GENDER_TITLES = MALE_TITLES | FEMALE_TITLES


@dataclass(frozen=True, slots=True)
class ParsedName:
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
def parse_person(name: str) -> ParsedName:
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
    male = any(t in MALE_TITLES for t in titles)
    female = any(t in FEMALE_TITLES for t in titles)
    gender = "m" if male and not female else "f" if female and not male else ""
    offices = frozenset(t for t in titles if t not in GENDER_TITLES)
    return ParsedName(titles, tuple(words[last + 1 :]), gender, offices)


def surname_keys(parsed: ParsedName) -> set[str]:
    """The words a short form of this full name may use: the last, or an East Asian first."""
    keys = {alias_key(parsed.words[-1])}
    gaz = gazetteer()
    first = parsed.words[0].casefold()
    if first in gaz.korean_surnames or first in gaz.chinese_surnames:
        keys.add(alias_key(parsed.words[0]))
    return keys


def compatible(a: ParsedName, b: ParsedName) -> bool:
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


def short_key(alias: str) -> str:
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
