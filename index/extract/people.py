"""Person names in one block: titles, given names, initials, name shapes, speech cues."""

from __future__ import annotations

from index.extract.extractor_state import ExtractorState
from index.extract.spans import (
    INITIAL,
    INITIALS,
    KOREAN_GIVEN,
    ORG_MODIFIERS,
    PARTICLES,
    PINYIN,
    SYLLABLE,
    TOLD,
    Span,
    gaz_single,
    name_word,
)
from index.extract.tokens import Tok
from index.extract.wordlists import (
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    ROLE_HEADS,
    ROLE_WORDS,
    SPEECH_VERBS,
    STOP,
)

_SENTENCE_OPENERS = STOP | PERSON_ROLE_NOUNS
"""Capitalised only because a sentence starts there: "Economist Colen Garrow said"."""


def gerund(tok: Tok) -> bool:
    """ "Finding", "Enduring", "Hunting": a title of a work or a law, not a first name."""
    return len(tok.lower) >= 6 and tok.lower.endswith("ing")


TITLES_IN_ORG_NAMES = frozenset({"justice"})
"""Title words that are also words of organisation names ("Family Justice Division"):
they do not stop an organisation's name being read leftwards from its head word."""


class PersonPass(ExtractorState):
    """Finds people by their shape and their cues (pass 3 of the entity pass)."""

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
                while (
                    k < n
                    and k - i <= 3
                    and (name_word(toks[k]) or _middle_initial(toks, k, i + 1))
                    and not toks[k].sent_start
                ):
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
                and not gerund(tok)
                and not (tok.sent_start and self._opener(tok))
                and not (nxt is not None and nxt.text in gaz.given_names and tok.sent_start)
            ):
                k = i
                while k < n and k - i < 3 and name_word(toks[k]) and not gaz_single(toks[k]):
                    k += 1
                if k - i >= 2 and (
                    i == 0
                    or not toks[i - 1].cap
                    or (toks[i - 1].sent_start and self._opener(toks[i - 1]))
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

    def _opener(self, tok: Tok) -> bool:
        """A sentence's first word capitalised only because it opens the sentence."""
        return tok.lower in _SENTENCE_OPENERS or tok.lower in self.cues.common

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
            title = t.lower in PERSON_TITLES and t.lower not in TITLES_IN_ORG_NAMES
            if t.cap and not title and not (t.sent_start and t.lower in STOP):
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


def _middle_initial(toks: list[Tok], k: int, first: int) -> bool:
    """Token k is a middle initial: after the name's first word, before another name word
    ("President Hollis W Brandt")."""
    return (
        k > first
        and INITIAL.match(toks[k].text) is not None
        and k + 1 < len(toks)
        and name_word(toks[k + 1])
    )
