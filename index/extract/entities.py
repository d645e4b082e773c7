"""Named entities for one article, by rules, cues and small gazetteers; merged within it.

No model can be downloaded here, so names are found by their shape (given name + surname,
Korean and Chinese name shapes, acronyms), by cues (titles such as "Minister", speech verbs,
appositives, organisation heads such as "Ministry" or "Bank") and by shipped lists. Later
mentions by surname or "Title Surname" are resolved to the full name only when exactly one
person in the article fits; shared surnames stay unresolved rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.extract.amounts import (
    AMBIGUOUS_MONTH_CUE,
    CURRENCY_WORD,
    DATE,
    MONEY,
    MONEY_REACH,
    PERCENT,
    SCALE,
    month_name,
    near_digits,
    number,
)
from index.extract.budget import UNLIMITED, Budget
from index.extract.cues import DocCues, cue_spans, gather
from index.extract.gazetteer import gazetteer
from index.extract.merging import merge
from index.extract.spans import (
    ACRONYM,
    CONNECTORS,
    FUNCTION,
    INITIAL,
    INITIALS,
    KOREAN_GIVEN,
    ORG_MODIFIERS,
    PARTICLES,
    PINYIN,
    PRODUCT_NOUNS,
    SYLLABLE,
    TOLD,
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
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    PLACE_HEADS,
    ROLE_HEADS,
    ROLE_WORDS,
    SPEECH_VERBS,
    STOP,
)
from index.models import Block, LineKind


class Extractor:
    """One article's entity pass; state lives here so helpers stay small."""

    def __init__(
        self,
        text: str,
        blocks: Sequence[Block],
        never_resolve: frozenset[str],
        user_spans: Sequence[tuple[int, int, str, str]],
    ) -> None:
        self.text = text
        self.blocks = [b for b in blocks]
        self.never_resolve = never_resolve
        self.user_spans = user_spans
        self.gaz = gazetteer()
        self.toks: list[list[Tok]] = []
        self.spans: list[Span] = []
        self.numeric: list[tuple[int, int, str, str]] = []
        self.chains: list[tuple[int, int, int]] = []
        """Runs of capitalised tokens (block, i, j): long-form candidates for acronyms."""
        self.acronym_links: list[tuple[int, int, int, int, int, int]] = []
        self.descriptors: dict[str, set[str]] = {}
        self.cues = DocCues()
        self.refs: list[tuple[int, int, int | None, tuple[int, ...], frozenset[str]]] = []
        """Person references: start, end, cluster (None if shared surname), candidates."""

    # ---- pass 1: numbers ----------------------------------------------------------------

    def numbers(self, b: int, start: int, end: int) -> None:
        text = self.text
        for m in PERCENT.finditer(text, start, end):
            self.numeric.append((m.start(), m.end(), "PERCENT", f"{m.group('n')} percent"))
        for m in near_digits(MONEY, text, start, end, MONEY_REACH):
            if m.group("sym"):
                sym = m.group("sym").replace("US$", "$").replace("U.S.$", "$")
                if sym.startswith("Rs") or sym == "₹":
                    sym = "Rs "
                elif sym.rstrip(".") in {"Sh", "KSh", "Ksh", "KES"}:
                    sym = "KSh "
                num, scale = m.group("n"), m.group("sc")
            elif m.group("code"):
                code = m.group("code").casefold()
                sym = CURRENCY_WORD.get(code, "")
                num, scale = m.group("n2"), m.group("sc2")
                if not sym:
                    cur = {"krw": "won", "cny": "yuan", "inr": "rupees"}[code]
                    name = f"{number(num)} {scale.casefold() + ' ' if scale else ''}{cur}"
                    self.numeric.append((m.start(), m.end(), "MONEY", name))
                    continue
            else:
                cur = m.group("cur").casefold()
                num, scale = m.group("n3"), m.group("sc3")
                sym = CURRENCY_WORD.get(cur, "")
                if not sym:
                    name = f"{number(num)} {SCALE[scale.casefold()] + ' ' if scale else ''}{cur}"
                    self.numeric.append((m.start(), m.end(), "MONEY", name))
                    continue
            num = number(num)
            scale_word = SCALE.get(scale.casefold(), "") if scale else ""
            name = f"{sym}{num}" + (f" {scale_word}" if scale_word else "")
            self.numeric.append((m.start(), m.end(), "MONEY", name))
        for m in DATE.finditer(text, start, end):
            if m.group("m"):
                month = m.group("m")
                day, day2, year = m.group("d"), m.group("d2"), m.group("y")
                if month in ("May", "March") and not (day or year):
                    before = text[max(start, m.start() - 12) : m.start()]
                    if not AMBIGUOUS_MONTH_CUE.search(before):
                        continue
                name = month_name(month)
                if day:
                    name += f" {int(day)}"
                    if day2:
                        name += f" to {int(day2)}"
                if year:
                    name += f", {year}" if day else f" {year}"
                s = m.start()
            elif m.group("m2"):
                name = f"{month_name(m.group('m2'))} {int(m.group('d3'))}"
                if m.group("y2"):
                    name += f", {m.group('y2')}"
                s = m.start()
            else:
                name = m.group("y3")
                s = m.start("y3")
            self.numeric.append((s, m.end(), "DATE", name))

    # ---- pass 2: gazetteer ---------------------------------------------------------------

    def gazetteer_spans(self, b: int, toks: list[Tok], caps_block: bool) -> None:
        n = len(toks)
        for i, tok in enumerate(toks):
            if not tok.word or not (tok.cap or tok.text[0].isdigit()):
                continue
            if tok.lower.endswith("-based"):
                # "Amsterdam-based OneStat.com": the place, named inside an adjective
                place = self.gaz.by_first.get(tok.lower[:-6], ())
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

    # ---- pass 3: people -------------------------------------------------------------------

    def person_spans(self, b: int, toks: list[Tok], headline: bool) -> None:
        gaz = self.gaz
        n = len(toks)
        for i, tok in enumerate(toks):
            if not tok.cap:
                continue
            nxt = toks[i + 1] if i + 1 < n else None
            if tok.upper:
                # "CEO Leiv Synnes", "MLA Ch Ramesh Babu": a title written in capitals.
                if not headline and tok.lower in PERSON_TITLES and nxt is not None:
                    k = self._name_after(toks, i + 1)
                    if k > i + 1:
                        self.spans.append(Span(i + 1, k, "PERSON", 4, single=(k - i - 1 == 1)))
                elif not headline and INITIALS.match(tok.text) and not gaz_single(tok):
                    self._initials_name(toks, i, cued=False)
                continue
            # Korean and Chinese shapes: family name first.
            if nxt is not None and tok.text in gaz.korean_surnames | gaz.chinese_surnames:
                if KOREAN_GIVEN.match(nxt.text) and nxt.start == tok.end + 1:
                    self.spans.append(Span(i, i + 2, "PERSON", 5, family_first=True))
                    continue
                if (
                    tok.text in gaz.korean_surnames
                    and i + 2 < n
                    and nxt.cap
                    and toks[i + 2].cap
                    and SYLLABLE.match(nxt.text)
                    and SYLLABLE.match(toks[i + 2].text)
                    and nxt.lower not in STOP
                    and toks[i + 2].lower not in STOP
                    and not gaz_single(nxt)
                    and not toks[i + 2].sent_start
                ):
                    self.spans.append(Span(i, i + 3, "PERSON", 5, family_first=True))
                    continue
                if (
                    tok.text in gaz.chinese_surnames
                    and nxt.cap
                    and len(nxt.text) >= 4
                    and PINYIN.match(nxt.text)
                    and nxt.lower not in STOP
                    and nxt.text not in gaz.given_names
                    and not gaz_single(nxt)
                    and not (tok.sent_start and tok.lower in STOP)
                ):
                    self.spans.append(Span(i, i + 2, "PERSON", 5, family_first=True))
                    continue
            if headline:
                continue
            if len(tok.text.rstrip(".")) == 1 and self._initials_name(toks, i, cued=False):
                continue  # "chairman K Ravinder Rao"
            # Given name + surname(s).
            if tok.text in gaz.given_names and nxt is not None:
                j = i + 1
                if j < n and INITIAL.match(toks[j].text):
                    j += 1
                while j < n and toks[j].lower in PARTICLES and toks[j].text.islower():
                    j += 1
                k = j
                while k < n and k - j < 2 and name_word(toks[k]) and not toks[k].sent_start:
                    k += 1
                if k > j and not (tok.sent_start and tok.lower in STOP):
                    self.spans.append(Span(i, k, "PERSON", 4))
                    continue
            # Title + name ("Mr Blair", "President Lee", "Finance Minister Koo").
            if (
                tok.lower in PERSON_TITLES
                and nxt is not None
                and INITIALS.match(nxt.text)
                and self._initials_name(toks, i + 1)
            ):
                continue
            if tok.lower in PERSON_TITLES and nxt is not None and name_word(nxt):
                if nxt.sent_start or gaz_single(nxt):
                    continue
                k = i + 1
                while k < n and k - i <= 3 and name_word(toks[k]) and not toks[k].sent_start:
                    k += 1
                if k < n and toks[k].lower in PERSON_TITLES:
                    continue  # "Chief Financial Officer X": a longer title, not a name
                self.spans.append(Span(i + 1, k, "PERSON", 4, single=(k - i - 1 == 1)))
                continue
            # "the Biden administration"
            if (
                i > 0
                and toks[i - 1].lower == "the"
                and nxt is not None
                and nxt.lower == "administration"
                and name_word(tok)
                and not gaz_single(tok)
            ):
                self.spans.append(Span(i, i + 1, "PERSON", 4, single=True))
                continue
            # Unknown-shape names with a cue: "X Y said", "said X Y", "X Y, director of".
            if (
                name_word(tok)
                and not _gerund(tok)
                and not (tok.sent_start and tok.lower in STOP)
                and not (nxt is not None and nxt.text in gaz.given_names and tok.sent_start)
            ):
                k = i
                while k < n and k - i < 3 and name_word(toks[k]) and not gaz_single(toks[k]):
                    k += 1
                if k - i >= 2 and (
                    i == 0
                    or not toks[i - 1].cap
                    or (toks[i - 1].sent_start and toks[i - 1].lower in STOP)
                ):
                    after = toks[k] if k < n else None
                    before = toks[i - 1] if i > 0 else None
                    after2 = toks[k + 1] if k + 1 < n else None
                    cue = (
                        (after is not None and after.lower in SPEECH_VERBS)
                        or (
                            before is not None
                            and before.lower in SPEECH_VERBS
                            and before.lower not in TOLD
                        )
                        or (before is not None and before.lower in PERSON_ROLE_NOUNS)
                        or (
                            not tok.sent_start
                            and toks[k - 1].text in self.cues.solo
                            and toks[k - 1].text != tok.text
                        )
                        or (
                            after is not None
                            and after.text == ","
                            and after2 is not None
                            and after2.lower == "who"
                        )
                        or (
                            after is not None
                            and after.text == ","
                            and after2 is not None
                            and (
                                after2.lower in ROLE_HEADS
                                or (
                                    after2.lower in {"the", "a", "an"}
                                    and k + 2 < n
                                    and toks[k + 2].lower in ROLE_WORDS
                                )
                            )
                        )
                    )
                    if cue:
                        self.spans.append(Span(i, k, "PERSON", 2))

    def _name_after(self, toks: list[Tok], j: int) -> int:
        """End of the name words (at most three) starting at token j; j when there are none."""
        n = len(toks)
        k = j
        while k < n and k - j < 3 and name_word(toks[k]) and not toks[k].sent_start:
            k += 1
        if k > j and gaz_single(toks[j]) and k == j + 1:
            return j
        return k

    def _initials_name(self, toks: list[Tok], i: int, cued: bool = True) -> bool:
        """ "KT Rama Rao", "K Ravinder Rao": initials, then one or two name words.

        Without a title before it, the surname must also stand alone somewhere in the
        article, or a speech verb follow, so "US Open" or "EA Sports" stay out.
        """
        n = len(toks)
        prev = toks[i - 1] if i > 0 else None
        if prev is not None and prev.word and prev.cap and prev.lower not in PERSON_TITLES:
            return False
        first = i + 1
        while first < n and first - i < 3 and INITIALS.match(toks[first].text):
            first += 1  # "Y S Jagan Mohan Reddy", "N. Chandrababu Naidu"
        k = first
        while (
            k < n
            and k - first <= 2
            and name_word(toks[k])
            and not toks[k].sent_start
            and not gaz_single(toks[k])
        ):
            k += 1
        if k == first or (k < n and toks[k].cap and toks[k].word):
            return False
        if not cued and not (
            toks[k - 1].text in self.cues.solo
            or (k < n and toks[k].lower in SPEECH_VERBS)
            or (prev is not None and prev.lower in PERSON_ROLE_NOUNS)
        ):
            return False
        self.spans.append(Span(i, k, "PERSON", 5))
        return True

    # ---- pass 4: organisations, places, initiatives, acronyms -----------------------------

    def _left(self, toks: list[Tok], j: int, lo: int) -> int:
        i = j
        while i - 1 >= lo:
            t = toks[i - 1]
            if t.lower.endswith(("-led", "-based", "-backed", "-owned", "-run")):
                break  # "BJP-led Centre": a description, not part of the name
            if t.cap and t.lower not in PERSON_TITLES and not (t.sent_start and t.lower in STOP):
                if t.lower in STOP and t.lower not in ORG_MODIFIERS:
                    break
                i -= 1
                continue
            break
        return i

    def _listed_ending(self, toks: list[Tok], lo: int, j: int) -> bool:
        """A listed organisation ends at token j ("General Motors" of the US): its name
        does not run on through "of"."""
        for start in range(lo, j):
            for entry in self.gaz.by_first.get(toks[start].lower, ()):
                if (
                    entry.type == "ORG"
                    and start + len(entry.tokens) == j + 1
                    and all(toks[start + x].lower == entry.tokens[x] for x in range(j + 1 - start))
                ):
                    return True
        return False

    def _right_of(self, toks: list[Tok], j: int) -> int:
        n = len(toks)
        k = j + 1
        if k < n and toks[k].lower == "of":
            m = k + 1
            if m < n and toks[m].lower == "the":
                m += 1
            last = -1
            while m < n:
                t = toks[m]
                if t.cap and t.lower not in PERSON_TITLES:
                    last = m
                    m += 1
                elif t.lower in {"and", "&"} and m + 1 < n and toks[m + 1].cap:
                    m += 1
                elif t.text == "," and m + 1 < n and toks[m + 1].cap:
                    # "Ministry of Trade, Industry and Energy": a comma inside the name only
                    # when an "and" closes the list soon after.
                    ahead = [x.lower for x in toks[m + 1 : m + 6]]
                    if "and" not in ahead:
                        break
                    m += 1
                else:
                    break
            if last > 0:
                return last + 1
        return j + 1

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


def _gerund(tok: Tok) -> bool:
    """ "Finding", "Enduring", "Hunting": a title of a work or a law, not a first name."""
    return len(tok.lower) >= 6 and tok.lower.endswith("ing")


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
        return k not in covered and name_word(t) and t.lower not in ROLE_WORDS and not _gerund(t)

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
        ex.numbers(b, block.start, block.end)
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
            if any(c in numeric_cells or c in user_cells for c in (span.start, span.end - 1)):
                continue
            kept.append(span)
        if not headline:
            kept = _list_people(toks, kept)
        per_block.append(kept)
        budget.check()

    return merge(ex, all_toks, per_block, numeric)
