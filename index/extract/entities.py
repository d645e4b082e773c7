"""Named entities for one article, by rules, cues and small gazetteers; merged within it.

No model can be downloaded here, so names are found by their shape (given name + surname,
Korean and Chinese name shapes, acronyms), by cues (titles such as "Minister", speech verbs,
appositives, organisation heads such as "Ministry" or "Bank") and by shipped lists. Later
mentions by surname or "Title Surname" are resolved to the full name only when exactly one
person in the article fits; shared surnames stay unresolved rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.extract.amounts import (
    number_spans,
)
from index.extract.budget import UNLIMITED, Budget
from index.extract.cues import cue_spans, gather
from index.extract.merging import merge
from index.extract.people import PersonPass, gerund
from index.extract.spans import (
    ACRONYM,
    CONNECTORS,
    FUNCTION,
    PRODUCT_NOUNS,
    EntityResult,
    Span,
    acronym_matches,
    gaz_single,
    initials_of,
    name_word,
    title_case_block,
)
from index.extract.tokens import Tok, tokenize
from index.extract.wordlists import (
    ACRONYM_STOP as _ACRONYM_STOP,
)
from index.extract.wordlists import (
    INITIATIVE_HEADS,
    INITIATIVE_NOUNS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    ROLE_WORDS,
    STOP,
)
from index.models import Block, LineKind

BASED = "-based"
"""The adjective a place is named inside ("London-based"): the place is the mention."""
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_MEMBER_NOUNS = frozenset(
    {"Members", "Ministers", "Supporters", "Voters", "Leaders", "Officials", "Peers", "Fans"}
)


def _members(tok: Tok) -> bool:
    """ "MPs", "MEPs", "Supporters": the people of a body, not more of its name
    ("Labour MPs" are Labour's, not an organisation called that)."""
    return tok.text in _MEMBER_NOUNS or _PLURAL_ACRONYM.match(tok.text) is not None


class Extractor(PersonPass):
    """One article's entity pass: gazetteer and structure rules here, people in
    `PersonPass`, state in `ExtractorState` (so each part stays small)."""

    # ---- pass 2: gazetteer ---------------------------------------------------------------

    def gazetteer_spans(self, b: int, toks: list[Tok], caps_block: bool) -> None:
        n = len(toks)
        for i, tok in enumerate(toks):
            if not tok.word or not (tok.cap or tok.text[0].isdigit()):
                continue
            if tok.lower.endswith(BASED):
                # "Amsterdam-based OneStat.com": the place, named inside an adjective
                place = self.gaz.by_first.get(tok.lower[: -len(BASED)], ())
                if any(len(e.tokens) == 1 and e.type == "PLACE" for e in place):
                    canonical = next(e.canonical for e in place if len(e.tokens) == 1)
                    self.spans.append(Span(i, i + 1, "PLACE", 3, canonical, cue=True))
                continue
            entries = self.gaz.by_first.get(tok.lower)
            if not entries:
                continue
            for entry in entries:
                k = len(entry.tokens)
                if i + k > n:
                    continue
                if any(toks[i + x].lower != entry.tokens[x] for x in range(k)):
                    continue
                if entry.exact_case and toks[i].text.replace(".", "") != entry.surface.replace(
                    ".", ""
                ).split()[0].replace(".", ""):
                    continue
                if (
                    tok.upper
                    and not entry.exact_case
                    and len(tok.text) < 4
                    and tok.text != entry.surface.split()[0]
                ):
                    continue
                if caps_block and not entry.exact_case and len(tok.text) < 4:
                    continue
                if k == 1 and tok.sent_start and tok.lower in STOP:
                    continue
                self.spans.append(Span(i, i + k, entry.type, 3, entry.canonical))
                break

    def structure_spans(self, b: int, toks: list[Tok], headline: bool) -> None:
        n = len(toks)
        gaz = self.gaz
        i = 0
        # Capitalised chains, for acronym long forms and initiative cues.
        while i < n:
            if toks[i].cap and not (toks[i].sent_start and toks[i].lower in STOP):
                j = i + 1
                while j < n:
                    t = toks[j]
                    if t.cap or (
                        t.lower in CONNECTORS
                        and j + 1 < n
                        and (toks[j + 1].cap or toks[j + 1].lower == "the")
                    ):
                        j += 1
                    else:
                        break
                while j > i and not toks[j - 1].cap:
                    j -= 1
                self.chains.append((b, i, j))
                i = j
            else:
                i += 1
        if headline:
            return
        for j, tok in enumerate(toks):
            # Named programmes: chain + "project".
            if tok.lower in INITIATIVE_NOUNS and j > 1 and toks[j - 1].text in {"”", '"'}:
                lo = j - 2
                while lo - 1 >= 0 and (toks[lo - 1].cap or toks[lo - 1].lower in CONNECTORS):
                    lo -= 1
                if lo > 0 and toks[lo - 1].text in {"“", '"'} and toks[lo].cap and j - 1 - lo >= 2:
                    self.spans.append(Span(lo, j - 1, "INITIATIVE", 6, initiative=True))
            if tok.lower in INITIATIVE_NOUNS and j > 0 and toks[j - 1].cap:
                lo = j - 1
                while (
                    lo - 1 >= 0
                    and toks[lo - 1].cap
                    and toks[lo - 1].lower not in FUNCTION
                    and not (toks[lo - 1].sent_start and toks[lo - 1].lower in STOP)
                ):
                    lo -= 1
                if toks[lo].sent_start and toks[lo].lower in STOP:
                    lo += 1
                if lo < j and (j - lo >= 2 or toks[lo].upper):
                    self.spans.append(Span(lo, j, "INITIATIVE", 6, initiative=True))
            if not tok.cap:
                continue
            if tok.text in ORG_HEADS or tok.text in PLACE_HEADS:
                etype = "ORG" if tok.text in ORG_HEADS else "PLACE"
                lo = self._left(toks, j, max(0, j - 5))
                listed = self._listed_ending(toks, max(0, j - 3), j)
                hi = self._right_of(toks, j) if etype == "ORG" and not listed else j + 1
                if hi - lo >= 2:
                    self.spans.append(Span(lo, hi, etype, 2))
            # Brand + product line: "Hanwha Ocean", "Samsung Electronics".
            entries = gaz.by_first.get(tok.lower, ())
            if any(len(e.tokens) == 1 and e.type == "ORG" for e in entries) and not tok.upper:
                k = j + 1
                while (
                    k < n
                    and k - j <= 2
                    and toks[k].cap
                    and toks[k].lower not in STOP
                    and toks[k].lower not in PERSON_TITLES
                    and not gaz_single(toks[k])
                    and not toks[k].sent_start
                    and not _members(toks[k])
                ):
                    k += 1
                product = (k < n and toks[k].lower in PRODUCT_NOUNS) or (
                    k == j + 2 and toks[j + 1].upper
                )  # "Microsoft Windows Client product manager", "Microsoft IE": products
                if k > j + 1 and not product:
                    self.spans.append(Span(j, k, "ORG", 2))
            # A chain ending in "Initiative", "Programme"...
            if tok.text in INITIATIVE_HEADS and j > 0 and toks[j - 1].cap:
                lo = self._left(toks, j, max(0, j - 5))
                if j - lo >= 1:
                    self.spans.append(Span(lo, j + 1, "INITIATIVE", 6, initiative=True))
            # Acronyms not in the gazetteer.
            if (
                tok.upper
                and ACRONYM.match(tok.text)
                and tok.text not in _ACRONYM_STOP
                and sum(c.isupper() for c in tok.text) >= 2
            ):
                self.spans.append(Span(j, j + 1, "ACRONYM", 1))

    # ---- acronyms and their long forms ----------------------------------------------------

    initials = staticmethod(initials_of)
    matches = staticmethod(acronym_matches)


def _list_people(toks: list[Tok], kept: list[Span]) -> list[Span]:
    """In a list naming people ("U2, Usher, Norah Jones and Kanye West"), an unknown name in
    the list is a person too. Lists are walked outwards from each person found, so the cost
    is in the people, not in the words."""
    persons = [sp for sp in kept if sp.type == "PERSON" and not sp.single]
    if not persons:
        return kept
    n = len(toks)
    by_start = {sp.i: sp for sp in kept}
    by_end = {sp.j: sp for sp in kept}
    covered = {c for sp in kept for c in range(sp.i, sp.j)}

    def free_name(k: int) -> bool:
        t = toks[k]
        return k not in covered and name_word(t) and t.lower not in ROLE_WORDS and not gerund(t)

    def sep_after(end: int) -> int:
        """Index after a list separator at end (",", "and", ", and"), or -1."""
        if end >= n:
            return -1
        if toks[end].text == "," and end + 1 < n and toks[end + 1].lower == "and":
            return end + 2
        return end + 1 if toks[end].text == "," or toks[end].lower == "and" else -1

    def sep_before(start: int) -> int:
        """Index where a list separator ending just before start begins, or -1."""
        if start < 1:
            return -1
        if toks[start - 1].lower == "and":
            return start - 2 if start >= 2 and toks[start - 2].text == "," else start - 1
        return start - 1 if toks[start - 1].text == "," else -1

    added: dict[int, Span] = {}
    for person in persons:
        k = sep_after(person.j)  # rightwards
        while 0 <= k < n:
            sp = by_start.get(k)
            if sp is not None:
                k = sep_after(sp.j)
                continue
            end = k
            while end < n and end - k < 3 and free_name(end):
                end += 1
            if end == k or (end < n and toks[end].cap and toks[end].word):
                break
            if toks[k - 1].lower != "the":  # "and the Beatles": a band
                added.setdefault(k, _person_span(toks, k, end))
            k = sep_after(end)
        k = sep_before(person.i)  # leftwards
        while k > 0:
            sp = by_end.get(k)
            if sp is not None:
                k = sep_before(sp.i)
                continue
            start = k
            while start > 0 and k - start < 3 and free_name(start - 1):
                start -= 1
            if start == k or (start > 0 and toks[start - 1].cap and toks[start - 1].word):
                break
            if not (toks[start].sent_start and toks[start].lower in STOP) and (
                start == 0 or toks[start - 1].lower != "the"
            ):
                added.setdefault(start, _person_span(toks, start, k))
            k = sep_before(start)
    if not added:
        return kept
    return sorted(kept + list(added.values()), key=lambda sp: sp.i)


def _person_span(toks: list[Tok], i: int, j: int) -> Span:
    return Span(i, j, "PERSON", 2, single=j - i == 1, start=toks[i].start, end=toks[j - 1].end)


def _resolve_overlaps(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: (-(s.j - s.i), -s.priority, s.i))
    taken: set[int] = set()
    kept: list[Span] = []
    for span in spans:
        cells = range(span.i, span.j)
        if any(c in taken for c in cells):
            continue
        taken.update(cells)
        kept.append(span)
    kept.sort(key=lambda s: s.i)
    return kept


def extract_entities(
    text: str,
    blocks: Sequence[Block],
    never_resolve: frozenset[str] = frozenset(),
    user_spans: Sequence[tuple[int, int, str, str]] = (),
    budget: Budget = UNLIMITED,
) -> EntityResult:
    """Find and merge the entities of one article's scope blocks (OverBudget past budget)."""
    ex = Extractor(text, blocks, never_resolve, user_spans)
    per_block: list[list[Span]] = []
    all_toks: list[list[Tok]] = []
    for b, block in enumerate(ex.blocks):
        toks = tokenize(text, block.start, block.end, b)
        all_toks.append(toks)
        ex.numeric.extend(number_spans(text, block.start, block.end))
        budget.check()
    numeric_cells: set[int] = set()
    num_by_pos = sorted(ex.numeric)
    # Drop overlapping numeric matches (a year inside a full date, a number inside money).
    numeric: list[tuple[int, int, str, str]] = []
    for item in sorted(num_by_pos, key=lambda x: (x[0], -(x[1] - x[0]))):
        if numeric and item[0] < numeric[-1][1]:
            continue
        numeric.append(item)
    for s, e, _, _ in numeric:
        numeric_cells.update(range(s, e))
    user_cells: set[int] = set()
    for s, e, _, _ in user_spans:
        user_cells.update(range(s, e))

    caps_blocks = [
        block.kind is not LineKind.BODY
        and sum(1 for t in toks if t.word and t.upper)
        >= max(2, sum(1 for t in toks if t.word) * 0.6)
        for block, toks in zip(ex.blocks, all_toks, strict=True)
    ]
    headlines = [
        caps or (block.kind is not LineKind.BODY and title_case_block(toks))
        for caps, block, toks in zip(caps_blocks, ex.blocks, all_toks, strict=True)
    ]
    ex.cues = gather(text, all_toks, headlines, ex.gaz)
    for b in range(len(ex.blocks)):
        toks = all_toks[b]
        ex.spans = []
        caps_block = caps_blocks[b]
        headline = headlines[b]
        if not caps_block:
            for i, j, etype, canonical in cue_spans(toks, ex.cues):
                ex.spans.append(Span(i, j, etype, 5, canonical, cue=True))
        ex.gazetteer_spans(b, toks, caps_block)
        ex.person_spans(b, toks, headline)
        ex.structure_spans(b, toks, headline)
        kept = []
        for span in _resolve_overlaps(ex.spans):
            span.start, span.end = toks[span.i].start, toks[span.j - 1].end
            if toks[span.j - 1].lower.endswith(BASED) and span.end - span.start > len(BASED):
                span.end -= len(BASED)  # "London-based": the mention (and spelling) is London
                if span.type == "PERSON":
                    span.type = "PLACE"  # "Hong Kong-based": nobody is based in a person
            if any(c in numeric_cells or c in user_cells for c in (span.start, span.end - 1)):
                continue
            kept.append(span)
        if not headline:
            kept = _list_people(toks, kept)
        per_block.append(kept)
        budget.check()

    return merge(ex, all_toks, per_block, numeric)
