"""What a whole article says about names, and the capitalised-run helpers every cue uses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.extract.gazetteer import Gazetteer
from index.extract.wordlists import (
    DEMONYMS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    ROLE_WORDS,
    STOP,
)

if TYPE_CHECKING:
    from index.extract.tokens import Tok


@dataclass(slots=True)
class DocCues:
    """What the whole article says about names, gathered before spans are chosen."""

    lexicon: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    """Casefolded tokens -> (type, canonical surface) of names typed by a cue somewhere."""
    solo: frozenset[str] = frozenset()
    """Name-shaped words seen standing alone, as a surname is ("Fowler said")."""
    common: frozenset[str] = frozenset()
    """Words the article writes in lower case somewhere: capitalised only where a sentence
    opens ("Sprinters Kostas Kenteris and..."), they do not start a name."""
    sport: bool = False
    sport_strong: bool = False
    """Three or more sport words: a city after "at"/"for"/"against" is then a club too."""


def cap_word(tok: Tok) -> bool:
    return tok.word and tok.cap


def skip_based(toks: Sequence[Tok], j: int) -> int:
    """Past "Amsterdam-based" words: "of Amsterdam-based OneStat.com" names OneStat.com."""
    while j < len(toks) and toks[j].lower.endswith("-based"):
        j += 1
    return j


def cap_span(toks: Sequence[Tok], j: int, limit: int = 4) -> int:
    """End of the capitalised run starting at j ("Basement Jaxx", "Maroon 5", "U2")."""
    n = len(toks)
    k = j
    while k < n and k - j < limit:
        t = toks[k]
        if cap_word(t) and t.lower not in PERSON_TITLES:
            k += 1
        elif (
            k > j
            and t.word
            and t.text.isdigit()
            and len(t.text) <= 2
            and t.start == toks[k - 1].end + 1
        ):
            k += 1
            break
        else:
            break
    return k


def usable(toks: Sequence[Tok], i: int, j: int, gaz: Gazetteer) -> bool:
    first = toks[i]
    if first.lower in STOP or first.text in DEMONYMS or first.lower in ROLE_WORDS:
        return False
    if first.sent_start and first.lower.endswith(("ing", "ed")):
        return False  # "Outgoing Leeds boss", "Injured Chelsea striker"
    if j - i == 1 and (first.text in ORG_HEADS or first.text in PLACE_HEADS):
        return False  # "the Committee chairman"
    if j - i == 1 and first.lower.endswith(("ian", "ean", "ese", "ish")):
        return False  # "Bulgarian", "Venezuelan": nationality words
    if j - i >= 2 and first.text in gaz.given_names:
        return False  # a person's name, not an employer
    return not all(t.lower in ROLE_WORDS or t.text in DEMONYMS for t in toks[i:j])


def is_place(toks: Sequence[Tok], i: int, j: int, gaz: Gazetteer) -> bool:
    surface = " ".join(t.lower for t in toks[i:j])
    for entry in gaz.by_first.get(toks[i].lower, ()):
        if " ".join(entry.tokens) == surface:
            return entry.type == "PLACE"
    return False


def add_cue(cues: DocCues, toks: Sequence[Tok], text: str, i: int, j: int, etype: str) -> None:
    key = tuple(t.lower for t in toks[i:j])
    if key not in cues.lexicon or etype == "ORG":
        cues.lexicon[key] = (etype, text[toks[i].start : toks[j - 1].end])
