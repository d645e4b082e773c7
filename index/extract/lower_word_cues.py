"""Cues opened by a lower-case word before a name: "shares in Fiat", "metal group
Motorhead", "President of X", "told X", "in Bournemouth"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from index.extract.cue_words import (
    AFTER_PLACE,
    AT_ROLES,
    NAME_WORD,
    NOT_PLACES,
    OF_ROLES,
    PERFORMED,
)
from index.extract.gazetteer import Gazetteer
from index.extract.wordlists import (
    DEMONYMS,
    ORG_HEADS,
    ORG_NOUNS,
    PERSON_TITLES,
    STOP,
)

if TYPE_CHECKING:
    from index.extract.tokens import Tok
from index.extract.cue_record import (
    DocCues,
    add_cue,
    cap_span,
    cap_word,
    is_place,
    skip_based,
    usable,
)


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
        add_cue(cues, toks, text, i, i + 1, "PLACE")
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
            add_cue(cues, toks, text, i + 2, i + 3, "PLACE")


def surnames_in(all_toks: Sequence[Sequence[Tok]], gaz: Gazetteer) -> set[str]:
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


def lower_cue(
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
        k = cap_span(toks, i + 1, 3)
        if (
            k > i + 1
            and not toks[i + 1].sent_start
            and usable(toks, i + 1, k, gaz)
            and not is_place(toks, i + 1, k, gaz)
        ):
            add_cue(cues, toks, text, i + 1, k, "ORG")
    if tok.lower == "of" and prev is not None and prev.lower in OF_ROLES:
        # "President of LaPresse", "chief executive of X"
        j = skip_based(toks, i + 1)
        k = cap_span(toks, j, 3)
        if (
            k > j
            and not toks[j].sent_start
            and usable(toks, j, k, gaz)
            and not is_place(toks, j, k, gaz)
        ):
            add_cue(cues, toks, text, j, k, "ORG")
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
        and cap_word(nxt)
        and nxt.text not in gaz.given_names
        and not gaz.by_first.get(nxt.lower)
    ):
        # "told Svenska Dagbladet that": a named listener that is not a person's name
        k = cap_span(toks, i + 1, 3)
        after = toks[k] if k < n else None
        if (
            k - (i + 1) >= 2
            and after is not None
            and (after.lower in {"that", "on", "in", "it", "he", "she"} or after.text in ",.")
            and usable(toks, i + 1, k, gaz)
            and all(t.lower not in PERSON_TITLES for t in toks[i + 1 : k])
        ):
            add_cue(cues, toks, text, i + 1, k, "ORG")
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
            and cap_word(toks[i + 2])
        ):
            # "the drugs charity, Addaction, which ...": an appositive name
            end = cap_span(toks, i + 2)
            if end < n and toks[end].text in {",", "."}:
                start = i + 2
        first = toks[start] if start < n else None
        if org_noun and first is not None and cap_word(first) and not first.sent_start:
            j = skip_based(toks, start)
            k = cap_span(toks, j)
            if k > j and usable(toks, j, k, gaz) and not is_place(toks, j, k, gaz):
                add_cue(cues, toks, text, j, k, "ORG")
