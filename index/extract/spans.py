"""Candidate mentions and what an article's entity pass produces: the shared vocabulary
of the extraction modules (spans, person references, clusters, name-shape word lists)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.extract.gazetteer import gazetteer
from index.extract.tokens import Tok
from index.extract.wordlists import (
    DEMONYMS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    ROLE_HEADS,
    ROLE_WORDS,
    STOP,
)
from index.models import Entity

# --- word lists --------------------------------------------------------------------------

"""Capitalised words that are not names even when capitalised (sentence starts, headlines)."""

"""Words that, capitalised right before a name, say the name is a person's."""

"""Lower-case words allowed in a title or role description next to a name."""

GENERIC_HEADS = frozenset({"aide", "official", "officer", "the"})


FUNCTION = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"})
CONNECTORS = frozenset({"of", "and", "&", "for", "de", "the", "du", "des", "la", "le", "von"})
PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "al", "bin"})

KOREAN_GIVEN = re.compile(r"^[A-Z][a-z]{1,6}-[a-z]{1,6}$")
SYLLABLE = re.compile(
    r"^(?:kk|tt|pp|ss|jj|ch|[gknmbsjhtpdrlyw])?(?:wae|yeo|yae|eo|eu|ae|oe|wa|wo|wi|ui|ya|yo"
    r"|yu|ye|a|e|i|o|u)(?:ng|n|m|l|k|p|t|b|g)?$",
    re.IGNORECASE,
)
PINYIN = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao"
    r"|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|uo|ui|un|ue|a|e|i|o|u)){2,3}$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(
    r"^(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)?$"
    r"|^(?:Al|El|Abu|Bin|Ibn)-[A-Z][a-zà-ÿ'’]+$"
)
_PARTICLE_NAME = re.compile(r"^(?:al|el|as|ash|ad|ul|abu|bin|ibn)-[A-Z][a-zà-ÿ'’]+$")
"""Arabic family names with their article or "son of": "al-Assad", "el-Sisi"."""
INITIAL = re.compile(r"^[A-Z]\.?$")
"""A middle initial, with or without its period ("George W Bush", "George W. Bush")."""
INITIALS = re.compile(r"^[A-Z]{1,2}\.?$")
"""Initials written before an Indian or Malaysian name ("KT", "K", "Ch")."""
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}$")

# --- results -----------------------------------------------------------------------------


@dataclass(slots=True)
class Span:
    """A candidate entity mention over tokens [i, j) of one block's token list."""

    i: int
    j: int
    type: str
    priority: int
    canonical: str | None = None
    start: int = 0
    end: int = 0
    family_first: bool = False
    single: bool = False
    """A PERSON span that is only a surname (from a title cue)."""
    initiative: bool = False
    cue: bool = False
    """Typed by document-level evidence (index/extract/cues.py): its type beats the gazetteer's."""


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A place where a person is named, resolved or (shared surname) not."""

    start: int
    end: int
    name: str | None
    candidates: tuple[str, ...]
    title: frozenset[str] = frozenset()


@dataclass(slots=True)
class EntityResult:
    """What the entity pass hands to quote attribution and to the caller."""

    entities: list[Entity]
    person_refs: list[PersonRef]
    descriptors: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Cluster:
    type: str
    name: str | None = None
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    full_names: list[str] = field(default_factory=list)
    family: str | None = None
    initiative: bool = False
    acronym: str | None = None
    parent: int = -1


# --- helpers -----------------------------------------------------------------------------


PRODUCT_NOUNS = frozenset(
    [
        "product",
        "products",
        "browser",
        "software",
        "phone",
        "phones",
        "console",
        "device",
        "devices",
        "version",
        "app",
    ]
)
TOLD = frozenset({"told", "tells", "telling"})
"""After these a name is the listener, often a newspaper ("told Svenska Dagbladet")."""
ORG_MODIFIERS = frozenset(
    {
        "national",
        "international",
        "central",
        "world",
        "federal",
        "state",
        "global",
        "general",
        "new",
    }
)


def title_case_block(toks: list[Tok]) -> bool:
    words = [t for t in toks if t.word and len(t.text) > 3 and not t.text[0].isdigit()]
    if len(words) < 3:
        return False
    caps = sum(1 for t in words if t.cap)
    return caps / len(words) >= 0.75


def name_word(tok: Tok) -> bool:
    """A token that can be part of a person's name ("al-Assad" and "bin-Laden" included)."""
    if not tok.cap:
        return _PARTICLE_NAME.match(tok.text) is not None
    return (
        not tok.upper
        and tok.lower not in STOP
        and tok.lower not in PERSON_TITLES
        and tok.text not in ORG_HEADS
        and tok.text not in PLACE_HEADS
        and tok.text not in DEMONYMS
        and _NAME_WORD.match(tok.text) is not None
    )


def gaz_single(tok: Tok) -> bool:
    gaz = gazetteer()
    return any(len(e.tokens) == 1 for e in gaz.by_first.get(tok.lower, ()))


def descriptor_words(toks: list[Tok], i: int, j: int, taken: set[int]) -> set[str]:
    """Title words before a name and an appositive after it, for role-phrase matching.

    Only cells outside [i, j) are looked up in taken, so the name's own cells may be in it.
    """
    words: set[str] = set()
    k = i - 1
    while k >= 0 and i - k <= 7 and k not in taken:
        t = toks[k]
        if t.text in {"’s", "'s", ",", "(", ")", "“", "”", '"', ";", ":", "."}:
            break
        if t.cap or t.lower in ROLE_WORDS or (t.lower == "and" and k - 1 >= 0 and toks[k - 1].cap):
            if t.lower != "the":
                words.add(t.lower)
            k -= 1
            continue
        break
    n = len(toks)
    if j + 1 < n and toks[j].text == ",":
        k = j + 1
        article = toks[k].lower in {"the", "a", "an"}
        if article:
            k += 1
        seg2: list[str] = []
        first = k
        while (
            k < n
            and k - j <= 12
            and k not in taken
            and toks[k].text not in {",", ".", ";", ":", "(", ")"}
        ):
            seg2.append(toks[k].lower)
            k += 1
        if (
            seg2
            and (article or seg2[0] in ROLE_WORDS or toks[first].cap)
            and any(w in ROLE_HEADS for w in seg2)
        ):
            words.update(seg2)
    if i >= 2 and toks[i - 1].text == ",":
        k = i - 2
        seg: list[str] = []
        while k >= 0 and i - k <= 12 and toks[k].text not in {",", ".", ";", ":", "(", ")"}:
            seg.append(toks[k].lower)
            k -= 1
        if seg and any(w in ROLE_HEADS for w in seg) and seg[-1] in {"the", "a", "an"}:
            words.update(seg)
    return {w for w in words if w not in {"the", "a", "an", "of", "for", "and"}}


def initials_of(toks: list[Tok], i: int, j: int) -> str:
    """The capital initials of tokens [i, j) ("Korea Trade-Investment Promotion" -> KTIP)."""
    out = []
    for t in toks[i:j]:
        if t.lower in CONNECTORS or not t.word:
            continue
        for part in t.text.split("-"):
            if part and part[0].isupper():
                out.append(part[0])
    return "".join(out)


def acronym_matches(acronym: str, initials: str) -> bool:
    """Whether an acronym abbreviates a phrase with these initials (a few may be skipped)."""
    letters = "".join(c for c in acronym if c.isalpha())
    if len(initials) < 2 or not letters:
        return False
    if letters == initials:
        return True
    if len(letters) < 3 or initials[0] != letters[0] or initials[-1] != letters[-1]:
        return False
    if not 0 < len(initials) - len(letters) <= 2:
        return False
    it = iter(initials)
    return all(c in it for c in letters)


def root_of(clusters: list[Cluster], i: int) -> int:
    """Union-find root of a cluster."""
    while clusters[i].parent >= 0:
        i = clusters[i].parent
    return i
