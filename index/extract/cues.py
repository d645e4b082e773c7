"""Document-level evidence for names the shipped lists do not know.

A name seen once with a telling context is a name everywhere in the article: "shares in
Fiat" or "Fiat chief executive ..." make every "Fiat" an organisation; "metal group
Motorhead" a band; an acronym used twice ("BJP ... BJP") an organisation; a surname seen
standing alone ("Fowler said", "Fowler's double strike") marks "Robbie Fowler" as a
person. The cues are kinds of context, never particular names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from index.extract.cue_words import (
    ACRONYM,
    AFTER_PLACE,
    AT_ROLES,
    CLUB_PREPOSITIONS,
    CLUB_WORDS,
    NAME_WORD,
    NOT_PLACES,
    OF_ROLES,
    PERFORMED,
    POSSESSIVE,
    PUBLIC_OFFICES,
    ROLE_JOINS,
    ROLE_MODIFIERS,
    SPORT_MIN,
    TITLE_LEAD,
    TRIGGERS,
    WEB_NAME,
)
from index.extract.gazetteer import Gazetteer
from index.extract.wordlists import (
    ACRONYM_STOP,
    DEMONYMS,
    ORG_HEADS,
    ORG_NOUNS,
    ORG_ROLE_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    ROLE_WORDS,
    SPEECH_VERBS,
    SPORT_ROLES,
    SPORT_WORDS,
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
    sport: bool = False
    sport_strong: bool = False
    """Three or more sport words: a city after "at"/"for"/"against" is then a club too."""


def _cap_word(tok: Tok) -> bool:
    return tok.word and tok.cap


def _skip_based(toks: Sequence[Tok], j: int) -> int:
    """Past "Amsterdam-based" words: "of Amsterdam-based OneStat.com" names OneStat.com."""
    while j < len(toks) and toks[j].lower.endswith("-based"):
        j += 1
    return j


def _cap_span(toks: Sequence[Tok], j: int, limit: int = 4) -> int:
    """End of the capitalised run starting at j ("Basement Jaxx", "Maroon 5", "U2")."""
    n = len(toks)
    k = j
    while k < n and k - j < limit:
        t = toks[k]
        if _cap_word(t) and t.lower not in PERSON_TITLES:
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


def _usable(toks: Sequence[Tok], i: int, j: int, gaz: Gazetteer) -> bool:
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


def _place(toks: Sequence[Tok], i: int, j: int, gaz: Gazetteer) -> bool:
    surface = " ".join(t.lower for t in toks[i:j])
    for entry in gaz.by_first.get(toks[i].lower, ()):
        if " ".join(entry.tokens) == surface:
            return entry.type == "PLACE"
    return False


def _add(cues: DocCues, toks: Sequence[Tok], text: str, i: int, j: int, etype: str) -> None:
    key = tuple(t.lower for t in toks[i:j])
    if key not in cues.lexicon or etype == "ORG":
        cues.lexicon[key] = (etype, text[toks[i].start : toks[j - 1].end])


def gather(
    text: str, all_toks: Sequence[Sequence[Tok]], headlines: Sequence[bool], gaz: Gazetteer
) -> DocCues:
    """Collect the article's cues in one pass over its tokens (headline blocks, whose words
    are all capitalised, say nothing)."""
    cues = DocCues()
    sport_seen: set[str] = set()
    acronyms: Counter[str] = Counter()
    solo: set[str] = set()
    for toks in all_toks:
        sport_seen.update(SPORT_WORDS.intersection([t.lower for t in toks]))
    cues.sport = len(sport_seen) >= SPORT_MIN
    cues.sport_strong = len(sport_seen) >= SPORT_MIN + 1
    surnames_cache: list[set[str]] = []

    def surnames() -> set[str]:
        if not surnames_cache:
            surnames_cache.append(_surnames(all_toks, gaz))
        return surnames_cache[0]

    for b, toks in enumerate(all_toks):
        if headlines[b]:
            continue
        n = len(toks)
        if b < 4 and toks and toks[0].upper:
            _dateline_places(cues, toks, text, gaz)
        for i, tok in enumerate(toks):
            low = tok.lower
            if not tok.cap:
                if low in TRIGGERS:
                    _lower_cue(cues, toks, text, i, gaz, surnames)
                continue
            if not tok.word:
                continue
            if low == "in":
                _lower_cue(cues, toks, text, i, gaz, surnames)  # "In Bournemouth, ..."
                continue
            prev = toks[i - 1] if i else None
            nxt = toks[i + 1] if i + 1 < n else None
            if "." in tok.text and WEB_NAME.match(tok.text):
                _add(cues, toks, text, i, i + 1, "ORG")  # "OneStat.com"
            if not tok.word:
                continue
            if (
                tok.upper
                and ACRONYM.match(tok.text)
                and tok.text not in ACRONYM_STOP
                and sum(c.isupper() for c in tok.text) >= 2
            ):
                acronyms[tok.text] += 1
            if (
                low not in STOP
                and (prev is None or not _cap_word(prev) or tok.sent_start)
                and not (nxt is not None and _cap_word(nxt) and not nxt.sent_start)
                and (
                    not tok.sent_start
                    or (nxt is not None and (nxt.lower in SPEECH_VERBS or nxt.text in POSSESSIVE))
                )
                and NAME_WORD.match(tok.text)
            ):
                solo.add(tok.text)
            # "Fiat chief executive Sergio ...", "Norwich boss Nigel ...", "AP President and CEO"
            if (
                prev is not None
                and _cap_word(prev)
                and not (prev.sent_start and prev.lower in STOP)
            ):
                continue
            k = _cap_span(toks, i)
            if (
                k < n
                and toks[k].text == ","
                and _appositive_org(toks, k + 1)
                and _usable(toks, i, k, gaz)
                and not _place(toks, i, k, gaz)
            ):
                _add(cues, toks, text, i, k, "ORG")  # "Akelius, a property company, ..."
            if (
                k < n
                and _regional_office(toks, k)
                and not tok.upper
                and _usable(toks, i, k, gaz)
                and not (tok.sent_start and low in STOP)
                and tuple(t.lower for t in toks[i:k]) not in cues.lexicon
                and not gaz.by_first.get(low)
            ):
                _add(cues, toks, text, i, k, "PLACE")  # "Andhra Pradesh Chief Minister X"
            head = k
            while head < n and head - k < 3 and toks[head].lower in ROLE_MODIFIERS:
                head += 1
            lo_k = k
            if head < n and toks[head].lower not in ORG_ROLE_HEADS and k - i >= 2:
                # a capitalised title inside the run: "AP President", "Kaufman Brothers Analyst"
                for m in range(i + 1, k):
                    if toks[m].lower in ORG_ROLE_HEADS:
                        lo_k, head = m, m
                        break
            while lo_k > i and toks[lo_k - 1].lower in TITLE_LEAD:
                lo_k -= 1
            if lo_k <= i or head >= n or toks[head].lower not in ORG_ROLE_HEADS:
                continue
            if head + 1 < n and toks[head + 1].lower in PUBLIC_OFFICES:
                continue  # "Andhra Pradesh Chief Minister X": a state, not an employer
            if (tok.sent_start and tok.lower in STOP) or not _usable(toks, i, lo_k, gaz):
                continue
            sporting = cues.sport and toks[head].lower in SPORT_ROLES
            tail = head + 1
            while tail < n and toks[tail].lower in ROLE_JOINS:
                tail += 1
            if not sporting and (tail >= n or not _cap_word(toks[tail])):
                continue
            if _place(toks, i, lo_k, gaz) and not (
                sporting and lo_k - i == 1 and tok.lower in gaz.cities
            ):
                continue  # "Nairobi Governor X", "England coach X" (a team, not a company)
            _add(cues, toks, text, i, lo_k, "ORG")
    for acronym, count in acronyms.items():
        key = (acronym.casefold(),)
        if count >= 2 and key not in cues.lexicon and not gaz.by_first.get(key[0]):
            cues.lexicon[key] = ("ORG", acronym)
    if cues.sport:
        _clubs(cues, all_toks, text, gaz)
    cues.solo = frozenset(solo)
    return cues


def _place_after_in(
    cues: DocCues,
    toks: Sequence[Tok],
    text: str,
    i: int,
    gaz: Gazetteer,
    surnames: set[str],
) -> None:
    """ "in Bournemouth", "in Chatham, Kent": one unknown name-shaped word after "in" and
    before punctuation or a time word is a place; so is the word after its comma."""
    n = len(toks)
    tok = toks[i]
    if not _plain_name(tok) or gaz.by_first.get(tok.lower) or tok.text in gaz.given_names:
        return
    if tok.lower.endswith("s") or tok.text in surnames:
        return  # "in Tests", "in Extras"; a surname of someone in the story
    nxt = toks[i + 1] if i + 1 < n else None
    if nxt is not None and not (nxt.text in {",", ".", ";", ":", ")"} or nxt.lower in AFTER_PLACE):
        return
    key = (tok.lower,)
    if key not in cues.lexicon:
        _add(cues, toks, text, i, i + 1, "PLACE")
    if (
        nxt is not None
        and nxt.text in {",", "and"}
        and i + 2 < n
        and _plain_name(toks[i + 2])
        and toks[i + 2].text not in surnames
        and not gaz.by_first.get(toks[i + 2].lower)
    ):  # "in Chatham, Kent", "in Ruiru and Juja"
        after = toks[i + 3] if i + 3 < n else None
        ends = after is None or after.text in {".", ",", ";"} or after.lower in AFTER_PLACE
        if ends and (toks[i + 2].lower,) not in cues.lexicon:
            _add(cues, toks, text, i + 2, i + 3, "PLACE")


def _surnames(all_toks: Sequence[Sequence[Tok]], gaz: Gazetteer) -> set[str]:
    """Words written after a given name or a title somewhere in the article."""
    out: set[str] = set()
    for toks in all_toks:
        for a, b in pairwise(toks):
            if b.cap and (a.text in gaz.given_names or a.lower in PERSON_TITLES):
                out.add(b.text)
    return out


def _plain_name(tok: Tok) -> bool:
    return (
        tok.word
        and tok.cap
        and not tok.upper
        and NAME_WORD.match(tok.text) is not None
        and tok.lower not in STOP
        and tok.text not in DEMONYMS
        and tok.text not in ORG_HEADS
        and tok.lower not in PERSON_TITLES
        and tok.lower.split("-")[0] not in NOT_PLACES
    )


def _dateline_places(cues: DocCues, toks: Sequence[Tok], text: str, gaz: Gazetteer) -> None:
    """ "HYDERABAD/RAJANNA-SIRCILLA: ..." or "MILAN, Sept. 30 ...": the places of a dateline."""
    n = len(toks)
    parts: list[tuple[int, int]] = []
    k = 0
    while k < n and len(parts) < 3:
        j = k
        while j < n and toks[j].upper and toks[j].word and j - k < 4:
            j += 1
        if j == k:
            break
        parts.append((k, j))
        if j < n and toks[j].text == "/":
            k = j + 1
            continue
        if j >= n or toks[j].text not in {":", ",", ">", "(", "–", "—", "-"}:
            return
        break
    for i, j in parts:
        key = tuple(t.lower for t in toks[i:j])
        if key in cues.lexicon or gaz.by_first.get(key[0]) or toks[i].text in ACRONYM_STOP:
            continue
        surface = text[toks[i].start : toks[j - 1].end]
        titled = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in surface.split())
        cues.lexicon[key] = ("PLACE", titled)


def _appositive_org(toks: Sequence[Tok], j: int) -> bool:
    """ "the London-based bank," / "a property company which": an organisation described."""
    n = len(toks)
    if j >= n or toks[j].lower not in {"the", "a", "an"}:
        return False
    for k in range(j + 1, min(n, j + 6)):
        t = toks[k]
        if t.text in {",", ".", ";", "(", ")"}:
            return False
        if t.lower in ORG_NOUNS and not t.cap:
            after = toks[k + 1] if k + 1 < n else None
            return after is None or after.text in {",", "."} or after.lower in {"which", "that"}
    return False


def _regional_office(toks: Sequence[Tok], k: int) -> bool:
    """A title held for a state or city starts at k: "Chief Minister", "Governor", "Mayor"."""
    word = toks[k].lower
    if word in {"governor", "mayor", "premier"}:
        return True
    return word == "chief" and k + 1 < len(toks) and toks[k + 1].lower == "minister"


def _lower_cue(
    cues: DocCues,
    toks: Sequence[Tok],
    text: str,
    i: int,
    gaz: Gazetteer,
    surnames: Callable[[], set[str]],
) -> None:
    """Cues opened by a lower-case word: "President of X", "in X", "told X", "group X"."""
    n = len(toks)
    tok = toks[i]
    prev = toks[i - 1] if i else None
    nxt = toks[i + 1] if i + 1 < n else None
    if (
        tok.lower == "at"
        and prev is not None
        and (prev.lower in AT_ROLES or prev.lower.rstrip("s") in AT_ROLES)
    ):
        # "Chief Medical Officer at Calderon Health", "analysts at Berenberg"
        k = _cap_span(toks, i + 1, 3)
        if (
            k > i + 1
            and not toks[i + 1].sent_start
            and _usable(toks, i + 1, k, gaz)
            and not _place(toks, i + 1, k, gaz)
        ):
            _add(cues, toks, text, i + 1, k, "ORG")
    if tok.lower == "of" and prev is not None and prev.lower in OF_ROLES:
        # "President of LaPresse", "chief executive of X"
        j = _skip_based(toks, i + 1)
        k = _cap_span(toks, j, 3)
        if (
            k > j
            and not toks[j].sent_start
            and _usable(toks, j, k, gaz)
            and not _place(toks, j, k, gaz)
        ):
            _add(cues, toks, text, j, k, "ORG")
    if (
        tok.lower == "in"
        and nxt is not None
        and not nxt.sent_start
        and not (prev is not None and prev.lower in PERFORMED)
    ):
        _place_after_in(cues, toks, text, i + 1, gaz, surnames())
    if (
        tok.lower in {"told", "tells", "telling"}
        and nxt is not None
        and _cap_word(nxt)
        and nxt.text not in gaz.given_names
        and not gaz.by_first.get(nxt.lower)
    ):
        # "told Svenska Dagbladet that": a named listener that is not a person's name
        k = _cap_span(toks, i + 1, 3)
        after = toks[k] if k < n else None
        if (
            k - (i + 1) >= 2
            and after is not None
            and (after.lower in {"that", "on", "in", "it", "he", "she"} or after.text in ",.")
            and _usable(toks, i + 1, k, gaz)
            and all(t.lower not in PERSON_TITLES for t in toks[i + 1 : k])
        ):
            _add(cues, toks, text, i + 1, k, "ORG")
    if not tok.cap and tok.word:
        # "metal group Motorhead", "shares in Fiat", "his former employer Akelius"
        org_noun = (
            tok.lower in ORG_NOUNS
            or (
                tok.lower == "in"
                and prev is not None
                and prev.lower in {"shares", "stake", "stakes"}
            )
            or (tok.lower == "of" and prev is not None and prev.lower == "shares")
        )
        start = i + 1
        if (
            nxt is not None
            and nxt.text == ","
            and tok.lower in ORG_NOUNS
            and i + 2 < n
            and _cap_word(toks[i + 2])
        ):
            # "the drugs charity, Addaction, which ...": an appositive name
            end = _cap_span(toks, i + 2)
            if end < n and toks[end].text in {",", "."}:
                start = i + 2
        first = toks[start] if start < n else None
        if org_noun and first is not None and _cap_word(first) and not first.sent_start:
            j = _skip_based(toks, start)
            k = _cap_span(toks, j)
            if k > j and _usable(toks, j, k, gaz) and not _place(toks, j, k, gaz):
                _add(cues, toks, text, j, k, "ORG")


def _clubs(cues: DocCues, all_toks: Sequence[Sequence[Tok]], text: str, gaz: Gazetteer) -> None:
    """In a sports story "Leeds United", "Manchester City" and a city named alone are clubs;
    "City" alone is the one "X City" of the story."""
    by_word: dict[str, set[tuple[str, ...]]] = {}
    for key in cues.lexicon:
        if len(key) == 2 and key[1] in CLUB_WORDS and cues.lexicon[key][0] == "ORG":
            by_word.setdefault(key[1], set()).add(key)
    for toks in all_toks:
        n = len(toks)
        for i, tok in enumerate(toks):
            if not _cap_word(tok) or tok.lower in STOP:
                continue
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt is not None and _cap_word(nxt) and nxt.lower in CLUB_WORDS:
                if i and _cap_word(toks[i - 1]) and not toks[i].sent_start:
                    continue  # "Salt Lake City": only two-word club names
                _add(cues, toks, text, i, i + 2, "ORG")
                by_word.setdefault(nxt.lower, set()).add((tok.lower, nxt.lower))
            elif (
                cues.sport_strong
                and tok.lower in gaz.cities
                and i
                and toks[i - 1].lower in CLUB_PREPOSITIONS
            ):
                _add(cues, toks, text, i, i + 1, "ORG")
    for word, clubs in by_word.items():
        if len(clubs) == 1 and (word,) not in cues.lexicon:
            cues.lexicon[(word,)] = ("ORG", cues.lexicon[next(iter(clubs))][1])


def cue_spans(toks: Sequence[Tok], cues: DocCues) -> list[tuple[int, int, str, str]]:
    """Every place a cued name occurs in one block: (i, j, type, canonical)."""
    if not cues.lexicon:
        return []
    firsts = {key[0] for key in cues.lexicon}
    out: list[tuple[int, int, str, str]] = []
    n = len(toks)
    for i, tok in enumerate(toks):
        if not tok.word or tok.lower not in firsts or not (tok.cap or tok.text[0].isdigit()):
            continue
        for width in (4, 3, 2, 1):
            if i + width > n:
                continue
            key = tuple(t.lower for t in toks[i : i + width])
            found = cues.lexicon.get(key)
            if found is not None:
                out.append((i, i + width, found[0], found[1]))
                break
    return out
