"""Document-level evidence for names the shipped lists do not know.

A name seen once with a telling context is a name everywhere in the article: "shares in
Fiat" or "Fiat chief executive ..." make every "Fiat" an organisation; "metal group
Motorhead" a band; an acronym used twice ("BJP ... BJP") an organisation; a surname seen
standing alone ("Fowler said", "Fowler's double strike") marks "Robbie Fowler" as a
person. The cues are kinds of context, never particular names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from index.extract.cue_words import (
    ACRONYM,
    CLUB_PREPOSITIONS,
    CLUB_WORDS,
    NAME_WORD,
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
    ORG_NOUNS,
    ORG_ROLE_HEADS,
    SPEECH_VERBS,
    SPORT_ROLES,
    SPORT_WORDS,
    STOP,
)

if TYPE_CHECKING:
    from index.extract.tokens import Tok

from index.extract.cue_record import DocCues, add_cue, cap_span, cap_word, is_place, usable
from index.extract.lower_word_cues import lower_cue, surnames_in


def gather(
    text: str, all_toks: Sequence[Sequence[Tok]], headlines: Sequence[bool], gaz: Gazetteer
) -> DocCues:
    """Collect the article's cues in one pass over its tokens (headline blocks, whose words
    are all capitalised, say nothing)."""
    cues = DocCues()
    sport_seen: set[str] = set()
    acronyms: Counter[str] = Counter()
    solo: set[str] = set()
    common: set[str] = set()
    for toks in all_toks:
        sport_seen.update(SPORT_WORDS.intersection([t.lower for t in toks]))
        common.update(t.text for t in toks if t.word and not t.cap)
    cues.sport = len(sport_seen) >= SPORT_MIN
    cues.sport_strong = len(sport_seen) >= SPORT_MIN + 1
    surnames_cache: list[set[str]] = []

    def surnames() -> set[str]:
        if not surnames_cache:
            surnames_cache.append(surnames_in(all_toks, gaz))
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
                    lower_cue(cues, toks, text, i, gaz, surnames)
                continue
            if not tok.word:
                continue
            if low == "in":
                lower_cue(cues, toks, text, i, gaz, surnames)  # "In Bournemouth, ..."
                continue
            prev = toks[i - 1] if i else None
            nxt = toks[i + 1] if i + 1 < n else None
            if "." in tok.text and WEB_NAME.match(tok.text):
                add_cue(cues, toks, text, i, i + 1, "ORG")  # "OneStat.com"
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
                and (prev is None or not cap_word(prev) or tok.sent_start)
                and not (nxt is not None and cap_word(nxt) and not nxt.sent_start)
                and (
                    not tok.sent_start
                    or (nxt is not None and (nxt.lower in SPEECH_VERBS or nxt.text in POSSESSIVE))
                )
                and NAME_WORD.match(tok.text)
            ):
                solo.add(tok.text)
            # "Fiat chief executive Sergio ...", "Norwich boss Nigel ...", "AP President and CEO"
            if prev is not None and cap_word(prev) and not (prev.sent_start and prev.lower in STOP):
                continue
            k = cap_span(toks, i)
            if (
                k < n
                and toks[k].text == ","
                and _appositive_org(toks, k + 1)
                and usable(toks, i, k, gaz)
                and not is_place(toks, i, k, gaz)
            ):
                add_cue(cues, toks, text, i, k, "ORG")  # "Akelius, a property company, ..."
            if (
                k < n
                and _regional_office(toks, k)
                and not tok.upper
                and usable(toks, i, k, gaz)
                and not (tok.sent_start and low in STOP)
                and tuple(t.lower for t in toks[i:k]) not in cues.lexicon
                and not gaz.by_first.get(low)
            ):
                add_cue(cues, toks, text, i, k, "PLACE")  # "Andhra Pradesh Chief Minister X"
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
            if (tok.sent_start and tok.lower in STOP) or not usable(toks, i, lo_k, gaz):
                continue
            sporting = cues.sport and toks[head].lower in SPORT_ROLES
            tail = head + 1
            while tail < n and toks[tail].lower in ROLE_JOINS:
                tail += 1
            if not sporting and (tail >= n or not cap_word(toks[tail])):
                continue
            if is_place(toks, i, lo_k, gaz) and not (
                sporting and lo_k - i == 1 and tok.lower in gaz.cities
            ):
                continue  # "Nairobi Governor X", "England coach X" (a team, not a company)
            add_cue(cues, toks, text, i, lo_k, "ORG")
    for acronym, count in acronyms.items():
        key = (acronym.casefold(),)
        if count >= 2 and key not in cues.lexicon and not gaz.by_first.get(key[0]):
            cues.lexicon[key] = ("ORG", acronym)
    if cues.sport:
        _clubs(cues, all_toks, text, gaz)
    cues.solo = frozenset(solo)
    cues.common = frozenset(common)
    return cues


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
            if not cap_word(tok) or tok.lower in STOP:
                continue
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt is not None and cap_word(nxt) and nxt.lower in CLUB_WORDS:
                if i and cap_word(toks[i - 1]) and not toks[i].sent_start:
                    continue  # "Salt Lake City": only two-word club names
                add_cue(cues, toks, text, i, i + 2, "ORG")
                by_word.setdefault(nxt.lower, set()).add((tok.lower, nxt.lower))
            elif (
                cues.sport_strong
                and tok.lower in gaz.cities
                and i
                and toks[i - 1].lower in CLUB_PREPOSITIONS
            ):
                add_cue(cues, toks, text, i, i + 1, "ORG")
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
