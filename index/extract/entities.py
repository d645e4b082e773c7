"""Named entities for one article, by rules, cues and small gazetteers; merged within it.

No model can be downloaded here, so names are found by their shape (given name + surname,
Korean and Chinese name shapes, acronyms), by cues (titles such as "Minister", speech verbs,
appositives, organisation heads such as "Ministry" or "Bank") and by shipped lists. Later
mentions by surname or "Title Surname" are resolved to the full name only when exactly one
person in the article fits; shared surnames stay unresolved rather than guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from index.extract.budget import UNLIMITED, Budget
from index.extract.cues import DocCues, cue_spans, gather
from index.extract.gazetteer import gazetteer
from index.extract.names import alias_key
from index.extract.wordlists import (
    ABBREVIATIONS as _ABBREV,
)
from index.extract.wordlists import (
    ACRONYM_STOP as _ACRONYM_STOP,
)
from index.extract.wordlists import (
    DEMONYMS,
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
from index.models import Block, Entity, LineKind, Mention

# --- tokens -----------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]\w*(?:[’'.&-][^\W_]\w*)*\.?|[$€£¥₩]|[^\w\s]")
"""A word (inner ’ ' . & - only between letters or digits), a currency sign, or a mark."""
_WEB_END = re.compile(r"\.(?:com|net|org|io)$")
"""A web name ("OneStat.com.") whose final period ends the sentence."""
_OPEN_QUOTES = frozenset({"“", "‘", '"', "'"})
_SENTENCE_END = frozenset({".", "!", "?"})
_CLAUSE_END = _SENTENCE_END | {":"}


@dataclass(slots=True)
class Tok:
    """One word or punctuation mark of a block, with absolute offsets."""

    text: str
    start: int
    end: int
    block: int
    cap: bool
    upper: bool
    word: bool
    sent_start: bool = False
    lower: str = ""


def tokenize(text: str, start: int, end: int, block: int) -> list[Tok]:
    """Split one block into tokens; possessives and sentence-final periods stand alone."""
    out: list[Tok] = []
    append = out.append
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        s, e = m.span()
        last = word[-1]
        if last in "sS" and len(word) > 2 and word[-2] in "’'":
            append(_word_token(word[:-2], s, e - 2, block))
            append(
                Tok(word[-2:], e - 2, e, block, False, False, False, False, word[-2:].casefold())
            )
        elif (
            last == "."
            and len(word) > 1
            and ("." not in word[:-1] or _WEB_END.search(word, 0, len(word) - 1) is not None)
            and word.casefold() not in _ABBREV
            and not (len(word) == 2 and word[0].isupper())
        ):
            append(_word_token(word[:-1], s, e - 1, block))
            append(Tok(".", e - 1, e, block, False, False, False, False, "."))
        elif word[0].isalnum():  # most tokens: a whole word (as _word_token, inlined)
            letters = word if word.isalnum() else _unpunctuated(word)
            upper = len(letters) > 1 and letters.isupper()
            append(Tok(word, s, e, block, word[0].isupper(), upper, True, False, word.casefold()))
        else:
            append(Tok(word, s, e, block, False, False, False, False, word.casefold()))
    if out:
        out[0].sent_start = True
    # A sentence starts after . ! ? or :, and after an opening quote that follows one of
    # those or a gap (not a quote mark glued to the previous word).
    for i in range(1, len(out)):
        prev = out[i - 1].text
        if prev in _CLAUSE_END or (
            prev in _OPEN_QUOTES
            and (i < 2 or out[i - 2].end < out[i - 1].start or out[i - 2].text in _CLAUSE_END)
        ):
            out[i].sent_start = True
    return out


def _word_token(piece: str, start: int, end: int, block: int) -> Tok:
    """One token (a word, or a mark when it does not start with a letter or digit)."""
    first = piece[0]
    if not first.isalnum():
        return Tok(piece, start, end, block, False, False, False, False, piece.casefold())
    letters = piece if piece.isalnum() else _unpunctuated(piece)
    upper = len(letters) > 1 and letters.isupper()
    return Tok(piece, start, end, block, first.isupper(), upper, True, False, piece.casefold())


def _unpunctuated(word: str) -> str:
    """Dots, hyphens and ampersands do not count against an all-capitals word ("U.S.")."""
    return word.replace(".", "").replace("-", "").replace("&", "")


# --- word lists --------------------------------------------------------------------------

"""Capitalised words that are not names even when capitalised (sentence starts, headlines)."""

"""Words that, capitalised right before a name, say the name is a person's."""

"""Lower-case words allowed in a title or role description next to a name."""

GENERIC_HEADS = frozenset({"aide", "official", "officer", "the"})


_FUNCTION = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"})
_CONNECTORS = frozenset({"of", "and", "&", "for", "de", "the", "du", "des", "la", "le", "von"})
_PARTICLES = frozenset(
    {"de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "al", "bin"}
)

_KOREAN_GIVEN = re.compile(r"^[A-Z][a-z]{1,6}-[a-z]{1,6}$")
_SYLLABLE = re.compile(
    r"^(?:kk|tt|pp|ss|jj|ch|[gknmbsjhtpdrlyw])?(?:wae|yeo|yae|eo|eu|ae|oe|wa|wo|wi|ui|ya|yo"
    r"|yu|ye|a|e|i|o|u)(?:ng|n|m|l|k|p|t|b|g)?$",
    re.IGNORECASE,
)
_PINYIN = re.compile(
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
_INITIAL = re.compile(r"^[A-Z]\.$")
_INITIALS = re.compile(r"^[A-Z]{1,2}\.?$")
"""Initials written before an Indian or Malaysian name ("KT", "K", "Ch")."""
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}$")

# --- numbers and dates -------------------------------------------------------------------

_MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_DATE = re.compile(
    rf"\b(?:(?P<mod>early|mid|late)[- ])?(?P<m>{_MONTH})"
    r"(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:\s*(?:to|-|–|and)\s*(?P<d2>\d{1,2})\b)?)?"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"
    r"|\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|of|for|early|late|mid"
    r"|last|through|till)\s+"
    r"(?P<y3>(?:19|20)\d\d)\b(?!\s*(?:%|percent|per cent|bn|m\b|billion|million))"
)
_AMBIGUOUS_MONTH_CUE = re.compile(
    r"(?:\b(?:in|since|until|by|last|next|early|mid|late|of|this|from|to|during)\s+)$"
)
_SCALE = {
    "trillion": "trillion",
    "tn": "trillion",
    "billion": "billion",
    "bn": "billion",
    "million": "million",
    "m": "million",
    "mn": "million",
    "thousand": "thousand",
    "k": "thousand",
    "crore": "crore",
    "lakh crore": "lakh crore",
    "lakh crores": "lakh crore",
    "crores": "crore",
    "cr": "crore",
    "lakh": "lakh",
    "lakhs": "lakh",
}
_MONEY = re.compile(
    r"(?P<sym>(?:US|U\.S\.|HK|A|C|NZ|S)?[$€£¥₩₹₦₽]|(?-i:\b(?:Rs|K?Sh|Ksh|KES)(?![A-Za-z])\.?))"
    r"\s?(?P<n>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<sc>trillion|billion|million|thousand|lakh crores?|crores?|lakhs?|tn|bn|mn|cr|m|k)"
    r"\b)?"
    r"|\b(?P<code>USD|EUR|GBP|KRW|JPY|CNY|INR)\s?(?P<n2>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<sc2>trillion|billion|million|thousand|crores?|lakhs?)\b)?"
    r"|\b(?P<n3>\d[\d,]*(?:\.\d+)?)\s?(?P<sc3>trillion|billion|million|thousand|bn|m)?\s?"
    r"(?P<cur>dollars|euros?|pounds|yen|yuan|won|rupees|francs|cents|pence)\b",
    re.IGNORECASE,
)
_CURRENCY_WORD = {
    "dollars": "$",
    "euros": "€",
    "euro": "€",
    "pounds": "£",
    "yen": "¥",
    "usd": "$",
    "eur": "€",
    "gbp": "£",
    "jpy": "¥",
}
MONEY_REACH = 6
"""Every _MONEY match has a digit at most this many characters after its start ("U.S.$ 5")."""
_DIGIT = re.compile(r"\d")


def near_digits(
    pattern: re.Pattern[str], text: str, start: int, end: int, reach: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, start, end)` for a pattern whose every match has a digit
    within `reach` characters of its start: tried only just before each digit.

    Scanning a whole block with _MONEY costs as much as the rest of the number pass;
    most of a block is words, where no amount can start.
    """
    pos = start
    while (digit := _DIGIT.search(text, pos, end)) is not None:
        at = digit.start()
        for candidate in range(max(pos, at - reach), at + 1):
            found = pattern.match(text, candidate, end)
            if found is not None:
                yield found
                pos = max(found.end(), candidate + 1)
                break
        else:
            pos = at + 1


_PERCENT = re.compile(r"\b(?P<n>\d+(?:\.\d+)?)\s?(?:%|percent\b|per\s+cent\b)")


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
class _Cluster:
    type: str
    name: str | None = None
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    full_names: list[str] = field(default_factory=list)
    family: str | None = None
    initiative: bool = False
    acronym: str | None = None
    parent: int = -1


# --- helpers -----------------------------------------------------------------------------


_PRODUCT_NOUNS = frozenset(
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
_TOLD = frozenset({"told", "tells", "telling"})
"""After these a name is the listener, often a newspaper ("told Svenska Dagbladet")."""
_ORG_MODIFIERS = frozenset(
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


def _title_case_block(toks: list[Tok]) -> bool:
    words = [t for t in toks if t.word and len(t.text) > 3 and not t.text[0].isdigit()]
    if len(words) < 3:
        return False
    caps = sum(1 for t in words if t.cap)
    return caps / len(words) >= 0.75


def _name_word(tok: Tok) -> bool:
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


def _gaz_single(tok: Tok) -> bool:
    gaz = gazetteer()
    return any(len(e.tokens) == 1 for e in gaz.by_first.get(tok.lower, ()))


def month_name(raw: str) -> str:
    """Full month name for 'Oct.' or 'October'."""
    return _MONTHS[raw[:3].casefold()]


def _number(raw: str) -> str:
    return raw.rstrip(".,")


class _Extractor:
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
        for m in _PERCENT.finditer(text, start, end):
            self.numeric.append((m.start(), m.end(), "PERCENT", f"{m.group('n')} percent"))
        for m in near_digits(_MONEY, text, start, end, MONEY_REACH):
            if m.group("sym"):
                sym = m.group("sym").replace("US$", "$").replace("U.S.$", "$")
                if sym.startswith("Rs") or sym == "₹":
                    sym = "Rs "
                elif sym.rstrip(".") in {"Sh", "KSh", "Ksh", "KES"}:
                    sym = "KSh "
                num, scale = m.group("n"), m.group("sc")
            elif m.group("code"):
                code = m.group("code").casefold()
                sym = _CURRENCY_WORD.get(code, "")
                num, scale = m.group("n2"), m.group("sc2")
                if not sym:
                    cur = {"krw": "won", "cny": "yuan", "inr": "rupees"}[code]
                    name = f"{_number(num)} {scale.casefold() + ' ' if scale else ''}{cur}"
                    self.numeric.append((m.start(), m.end(), "MONEY", name))
                    continue
            else:
                cur = m.group("cur").casefold()
                num, scale = m.group("n3"), m.group("sc3")
                sym = _CURRENCY_WORD.get(cur, "")
                if not sym:
                    name = f"{_number(num)} {_SCALE[scale.casefold()] + ' ' if scale else ''}{cur}"
                    self.numeric.append((m.start(), m.end(), "MONEY", name))
                    continue
            num = _number(num)
            scale_word = _SCALE.get(scale.casefold(), "") if scale else ""
            name = f"{sym}{num}" + (f" {scale_word}" if scale_word else "")
            self.numeric.append((m.start(), m.end(), "MONEY", name))
        for m in _DATE.finditer(text, start, end):
            if m.group("m"):
                month = m.group("m")
                day, day2, year = m.group("d"), m.group("d2"), m.group("y")
                if month in ("May", "March") and not (day or year):
                    before = text[max(start, m.start() - 12) : m.start()]
                    if not _AMBIGUOUS_MONTH_CUE.search(before):
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
                elif not headline and _INITIALS.match(tok.text) and not _gaz_single(tok):
                    self._initials_name(toks, i, cued=False)
                continue
            # Korean and Chinese shapes: family name first.
            if nxt is not None and tok.text in gaz.korean_surnames | gaz.chinese_surnames:
                if _KOREAN_GIVEN.match(nxt.text) and nxt.start == tok.end + 1:
                    self.spans.append(Span(i, i + 2, "PERSON", 5, family_first=True))
                    continue
                if (
                    tok.text in gaz.korean_surnames
                    and i + 2 < n
                    and nxt.cap
                    and toks[i + 2].cap
                    and _SYLLABLE.match(nxt.text)
                    and _SYLLABLE.match(toks[i + 2].text)
                    and nxt.lower not in STOP
                    and toks[i + 2].lower not in STOP
                    and not _gaz_single(nxt)
                    and not toks[i + 2].sent_start
                ):
                    self.spans.append(Span(i, i + 3, "PERSON", 5, family_first=True))
                    continue
                if (
                    tok.text in gaz.chinese_surnames
                    and nxt.cap
                    and len(nxt.text) >= 4
                    and _PINYIN.match(nxt.text)
                    and nxt.lower not in STOP
                    and nxt.text not in gaz.given_names
                    and not _gaz_single(nxt)
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
                if j < n and _INITIAL.match(toks[j].text):
                    j += 1
                while j < n and toks[j].lower in _PARTICLES and toks[j].text.islower():
                    j += 1
                k = j
                while k < n and k - j < 2 and _name_word(toks[k]) and not toks[k].sent_start:
                    k += 1
                if k > j and not (tok.sent_start and tok.lower in STOP):
                    self.spans.append(Span(i, k, "PERSON", 4))
                    continue
            # Title + name ("Mr Blair", "President Lee", "Finance Minister Koo").
            if (
                tok.lower in PERSON_TITLES
                and nxt is not None
                and _INITIALS.match(nxt.text)
                and self._initials_name(toks, i + 1)
            ):
                continue
            if tok.lower in PERSON_TITLES and nxt is not None and _name_word(nxt):
                if nxt.sent_start or _gaz_single(nxt):
                    continue
                k = i + 1
                while k < n and k - i <= 3 and _name_word(toks[k]) and not toks[k].sent_start:
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
                and _name_word(tok)
                and not _gaz_single(tok)
            ):
                self.spans.append(Span(i, i + 1, "PERSON", 4, single=True))
                continue
            # Unknown-shape names with a cue: "X Y said", "said X Y", "X Y, director of".
            if (
                _name_word(tok)
                and not _gerund(tok)
                and not (tok.sent_start and tok.lower in STOP)
                and not (nxt is not None and nxt.text in gaz.given_names and tok.sent_start)
            ):
                k = i
                while k < n and k - i < 3 and _name_word(toks[k]) and not _gaz_single(toks[k]):
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
                            and before.lower not in _TOLD
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
        while k < n and k - j < 3 and _name_word(toks[k]) and not toks[k].sent_start:
            k += 1
        if k > j and _gaz_single(toks[j]) and k == j + 1:
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
        while first < n and first - i < 3 and _INITIALS.match(toks[first].text):
            first += 1  # "Y S Jagan Mohan Reddy", "N. Chandrababu Naidu"
        k = first
        while (
            k < n
            and k - first <= 2
            and _name_word(toks[k])
            and not toks[k].sent_start
            and not _gaz_single(toks[k])
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
                if t.lower in STOP and t.lower not in _ORG_MODIFIERS:
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
                        t.lower in _CONNECTORS
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
                while lo - 1 >= 0 and (toks[lo - 1].cap or toks[lo - 1].lower in _CONNECTORS):
                    lo -= 1
                if lo > 0 and toks[lo - 1].text in {"“", '"'} and toks[lo].cap and j - 1 - lo >= 2:
                    self.spans.append(Span(lo, j - 1, "INITIATIVE", 6, initiative=True))
            if tok.lower in INITIATIVE_NOUNS and j > 0 and toks[j - 1].cap:
                lo = j - 1
                while (
                    lo - 1 >= 0
                    and toks[lo - 1].cap
                    and toks[lo - 1].lower not in _FUNCTION
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
                    and not _gaz_single(toks[k])
                    and not toks[k].sent_start
                ):
                    k += 1
                product = (k < n and toks[k].lower in _PRODUCT_NOUNS) or (
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
                and _ACRONYM.match(tok.text)
                and tok.text not in _ACRONYM_STOP
                and sum(c.isupper() for c in tok.text) >= 2
            ):
                self.spans.append(Span(j, j + 1, "ACRONYM", 1))

    # ---- acronyms and their long forms ----------------------------------------------------

    @staticmethod
    def initials(toks: list[Tok], i: int, j: int) -> str:
        out = []
        for t in toks[i:j]:
            if t.lower in _CONNECTORS or not t.word:
                continue
            for part in t.text.split("-"):
                if part and part[0].isupper():
                    out.append(part[0])
        return "".join(out)

    @staticmethod
    def matches(acronym: str, initials: str) -> bool:
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
        return k not in covered and _name_word(t) and t.lower not in ROLE_WORDS and not _gerund(t)

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


def _descriptor_words(toks: list[Tok], i: int, j: int, taken: set[int]) -> set[str]:
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


def extract_entities(
    text: str,
    blocks: Sequence[Block],
    never_resolve: frozenset[str] = frozenset(),
    user_spans: Sequence[tuple[int, int, str, str]] = (),
    budget: Budget = UNLIMITED,
) -> EntityResult:
    """Find and merge the entities of one article's scope blocks (OverBudget past budget)."""
    ex = _Extractor(text, blocks, never_resolve, user_spans)
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
        caps or (block.kind is not LineKind.BODY and _title_case_block(toks))
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

    return _merge(ex, all_toks, per_block, numeric)


@lru_cache(maxsize=1)
def _canonical_by_key() -> dict[str, str]:
    """alias_key of each listed canonical name -> the name (built once, not per article)."""
    return {alias_key(c): c for c in gazetteer().aliases}


def _merge(
    ex: _Extractor,
    all_toks: list[list[Tok]],
    per_block: list[list[Span]],
    numeric: list[tuple[int, int, str, str]],
) -> EntityResult:
    text = ex.text
    gaz = ex.gaz
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], int] = {}

    def cluster_for(etype: str, key: str, name: str | None = None) -> int:
        idx = by_key.get((etype, key))
        if idx is None:
            idx = len(clusters)
            clusters.append(_Cluster(etype, name))
            by_key[(etype, key)] = idx
        return idx

    def root(i: int) -> int:
        while clusters[i].parent >= 0:
            i = clusters[i].parent
        return i

    def union(a: int, b: int) -> int:
        ra, rb = root(a), root(b)
        if ra == rb:
            return ra
        if clusters[rb].name and not clusters[ra].name:
            ra, rb = rb, ra
        clusters[rb].parent = ra
        clusters[ra].mentions.extend(clusters[rb].mentions)
        clusters[ra].initiative |= clusters[rb].initiative
        clusters[ra].acronym = clusters[ra].acronym or clusters[rb].acronym
        clusters[rb].mentions = []
        return ra

    canon_by_key = _canonical_by_key()
    for s, e, etype, name in numeric:
        idx = cluster_for(etype, name, name)
        clusters[idx].mentions.append((s, e, text[s:e]))
    for s, e, etype, name in ex.user_spans:
        idx = cluster_for(etype, alias_key(name), name)
        clusters[idx].mentions.append((s, e, text[s:e]))

    persons_full: list[tuple[int, Span, int]] = []
    singles: list[tuple[int, Span]] = []
    acronym_spans: list[tuple[int, Span]] = []
    for b, spans in enumerate(per_block):
        toks = all_toks[b]
        taken = {c for sp in spans for c in range(sp.i, sp.j)}
        for span in spans:
            surface = text[span.start : span.end]
            if span.type == "PERSON":
                if span.single:
                    singles.append((b, span))
                    continue
                key = alias_key(surface)
                idx = cluster_for("PERSON", key)
                c = clusters[idx]
                c.mentions.append((span.start, span.end, surface))
                c.full_names.append(surface)
                if c.family is None:
                    words = surface.split()
                    c.family = words[0] if span.family_first else words[-1]
                persons_full.append((b, span, idx))
                ex.descriptors.setdefault(key, set()).update(
                    _descriptor_words(toks, span.i, span.j, taken)
                )
            elif span.type == "ACRONYM":
                acronym_spans.append((b, span))
            else:
                key = alias_key(surface)
                etype = "NAMED" if span.type in {"ORG", "INITIATIVE"} else span.type
                if span.type == "ORG" and key not in canon_by_key and span.j - span.i > 2:
                    rest = alias_key(text[toks[span.i + 1].start : span.end])
                    if _gaz_single(toks[span.i]) and rest in canon_by_key:
                        key = rest
                if span.cue and span.canonical:
                    key = alias_key(span.canonical)
                    canonical = canon_by_key.get(key) if span.type == "PLACE" else None
                    canonical = canonical or span.canonical
                else:
                    canonical = canon_by_key.get(key)
                    if canonical is not None and gaz.canonical_type.get(canonical) == "PLACE":
                        etype = "PLACE"
                idx = cluster_for(etype, key, canonical)
                c = clusters[idx]
                c.mentions.append((span.start, span.end, surface))
                if span.j - span.i == 1 and toks[span.i].upper and _ACRONYM.match(surface):
                    c.acronym = c.acronym or surface
                if span.type == "INITIATIVE":
                    c.initiative = True
                elif c.type != "PLACE":
                    c.type = "NAMED"

    # Acronyms: link to gazetteer clusters or long forms in the article.
    for b, span in acronym_spans:
        surface = text[span.start : span.end]
        idx = cluster_for("NAMED", alias_key(surface))
        clusters[idx].acronym = surface
        clusters[idx].mentions.append((span.start, span.end, surface))
        toks = all_toks[b]
        nxt = toks[span.j] if span.j < len(toks) else None
        if nxt is not None and nxt.lower in INITIATIVE_NOUNS:
            clusters[idx].initiative = True
    _link_long_forms(ex, all_toks, clusters, by_key, cluster_for, union)
    _join_legal_suffixes(text, clusters, by_key, union)

    # People: merge by key, then resolve surnames and title forms.
    _resolve_people(ex, all_toks, per_block, clusters, singles, cluster_for, union)

    entities: list[Entity] = []
    names: dict[int, str] = {}
    for i, c in enumerate(clusters):
        if c.parent >= 0 or not c.mentions:
            continue
        etype = c.type
        if etype == "NAMED":
            etype = "INITIATIVE" if c.initiative else "ORG"
            if c.acronym and not c.initiative and not c.name and not _acronym_typed(c):
                continue
        if etype == "ACRONYM":
            continue
        mentions = sorted(set(c.mentions))
        name = _name_for(c, etype, mentions)
        names[i] = name
        aliases: list[str] = list(dict.fromkeys([name, *(m[2] for m in mentions)]))
        entities.append(
            Entity(
                type=etype,
                name=name,
                aliases=tuple(aliases),
                mentions=tuple(Mention(s, e, t) for s, e, t in mentions),
            )
        )
    entities.sort(key=lambda e: (e.mentions[0].start, e.name))
    refs: list[PersonRef] = []
    for s, e, ref_idx, cands, title in sorted(ex.refs, key=lambda r: (r[0], r[1])):
        ref_name = names.get(root(ref_idx)) if ref_idx is not None else None
        cand_names = tuple(sorted({names[root(c)] for c in cands if root(c) in names}))
        refs.append(PersonRef(s, e, ref_name, cand_names, title))
    descriptors: dict[str, frozenset[str]] = {}
    for (etype, key), idx in by_key.items():
        if etype == "PERSON" and root(idx) in names and key in ex.descriptors:
            name = names[root(idx)]
            descriptors[name] = descriptors.get(name, frozenset()) | frozenset(ex.descriptors[key])
    return EntityResult(entities, refs, descriptors)


def _acronym_typed(c: _Cluster) -> bool:
    """An acronym with only its own mentions and no cue is too unsure to show."""
    return any(surface != c.acronym for _, _, surface in c.mentions)


def _name_for(c: _Cluster, etype: str, mentions: list[tuple[int, int, str]]) -> str:
    if c.name:
        return c.name
    if etype == "PERSON":
        if c.full_names:
            first = {n: -i for i, n in reversed(list(enumerate(c.full_names)))}
            return max(first, key=lambda n: (len(n.split()), first[n]))
        return mentions[0][2]
    counts: dict[str, int] = {}
    for _, _, surface in mentions:
        counts[surface] = counts.get(surface, 0) + 1
    if c.acronym and c.acronym in counts:
        counts[c.acronym] += 0
    return max(counts, key=lambda s: (counts[s], s == c.acronym, len(s)))


_TITLE_NOISE = frozenset({"the", "of", "for", "and", "us", "u.s.", "new", "former", "s"})


def _title_before(toks: list[Tok], i: int, taken: set[int]) -> tuple[int, frozenset[str]]:
    """Where the title in front of token i starts, and its content words."""
    k = i
    words: set[str] = set()
    while k - 1 >= 0 and i - k < 6 and (k - 1) not in taken:
        t = toks[k - 1]
        if not t.word:
            break
        if t.cap or t.lower in ROLE_WORDS:
            if _stop_before_title(t) and (t.sent_start or t.cap):
                break  # "on Thursday Mr Blair", "Analysing Mr Brown": not part of a title
            if t.cap and (
                t.text in ORG_HEADS
                or (t.sent_start and (t.lower.endswith("ing") or t.lower in SPEECH_VERBS))
            ):
                break
            words.add(t.lower)
            k -= 1
            continue
        break
    return k, frozenset(w for w in words if w not in _TITLE_NOISE and w not in STOP_TITLE)


STOP_TITLE = frozenset({"south", "north", "korea", "korean", "chinese", "american", "british"})


_MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "baron"})
_FEMALE_TITLES = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "baroness"}
)


def _gender_of(title: frozenset[str]) -> str:
    """ "m" or "f" when a title says so ("Mr", "Mrs"), else ""."""
    if title & _MALE_TITLES:
        return "m"
    if title & _FEMALE_TITLES:
        return "f"
    return ""


def _stop_before_title(tok: Tok) -> bool:
    """A capitalised word that cannot open a title ("Thursday" in "on Thursday Mr Blair")."""
    return tok.lower in STOP and tok.lower not in ROLE_WORDS and tok.lower not in PERSON_TITLES


def _caps_from(toks: list[Tok], lo: int, i: int) -> int:
    """Start of the capitalised run just before token i: "Industry Minister", not "chief"."""
    k = i
    while k - 1 >= lo and toks[k - 1].cap and not _stop_before_title(toks[k - 1]):
        k -= 1
    return k


def _link_long_forms(
    ex: _Extractor,
    all_toks: list[list[Tok]],
    clusters: list[_Cluster],
    by_key: dict[tuple[str, str], int],
    cluster_for: Callable[..., int],
    union: Callable[[int, int], int],
) -> None:
    """Join an acronym to a spelled-out form whose initials fit ("OMB", both MASGA forms).

    Acronyms are looked up by their first and last letter and mentions by position, so the
    work grows with the article, not with the article times its entities.
    """
    acronyms: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for idx, c in enumerate(clusters):
        if c.acronym and c.parent < 0:
            letters = "".join(ch for ch in c.acronym if ch.isalpha())
            if letters:
                acronyms.setdefault((letters[0], letters[-1]), []).append((c.acronym, idx))
    if not acronyms:
        return
    placed = sorted((m[0], m[1], idx) for idx, c in enumerate(clusters) for m in c.mentions)
    placed_starts = [p[0] for p in placed]
    text = ex.text
    for b, i, j in ex.chains:
        toks = all_toks[b]
        if j - i > 12:
            continue
        done = False
        for lo in range(i, j):
            if not toks[lo].cap:
                continue
            for hi in range(j, lo + 1, -1):
                if not toks[hi - 1].cap:
                    continue
                words = [t for t in toks[lo:hi] if t.lower not in _CONNECTORS]
                if len(words) < 2:
                    continue
                initials = _Extractor.initials(toks, lo, hi)
                if len(initials) < 2:
                    continue
                for acronym, idx in acronyms.get((initials[0], initials[-1]), ()):
                    if not _Extractor.matches(acronym, initials):
                        continue
                    s, e = toks[lo].start, toks[hi - 1].end
                    surface = text[s:e]
                    target = root_of(clusters, idx)
                    inside = placed[bisect_left(placed_starts, s) : bisect_right(placed_starts, e)]
                    for ms, me, owner in inside:
                        other = root_of(clusters, owner)
                        if other == target or me > e:
                            continue
                        oc = clusters[other]
                        if ms == s and me == e:
                            target = union(target, other)
                            continue
                        oc.mentions = [m for m in oc.mentions if not (s <= m[0] and m[1] <= e)]
                    tc = clusters[root_of(clusters, target)]
                    if not any(ms == s for ms, _, _ in tc.mentions):
                        tc.mentions.append((s, e, surface))
                    nxt = toks[hi] if hi < len(toks) else None
                    if nxt is not None and nxt.lower in INITIATIVE_NOUNS:
                        tc.initiative = True
                    after = [t for t in toks[hi : hi + 6] if t.word]
                    if (after and after[0].lower in INITIATIVE_NOUNS) or (
                        len(after) > 1 and after[0].upper and after[1].lower in INITIATIVE_NOUNS
                    ):
                        tc.initiative = True
                    done = True
                    break
                if done:
                    break
            if done:
                break


_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(?:Inc|Corp|Corporation|Co|Ltd|Limited|plc|PLC|AG|SA|S\.A|NV|N\.V|SE|GmbH|LLC|"
    r"Group|Holdings)\.?$"
)


def _join_legal_suffixes(
    text: str,
    clusters: list[_Cluster],
    by_key: dict[tuple[str, str], int],
    union: Callable[[int, int], int],
) -> None:
    """ "Apple Inc" and "Apple", "Nordvik AG" and "Nordvik": one organisation."""
    for idx, c in enumerate(clusters):
        if c.type != "NAMED" or c.parent >= 0 or not c.mentions:
            continue
        for _, _, surface in c.mentions:
            bare = _LEGAL_SUFFIX.sub("", surface)
            if bare != surface and bare:
                other = by_key.get(("NAMED", alias_key(bare)))
                if other is not None and root_of(clusters, other) != root_of(clusters, idx):
                    union(other, idx)
                    break


def root_of(clusters: list[_Cluster], i: int) -> int:
    """Union-find root of a cluster."""
    while clusters[i].parent >= 0:
        i = clusters[i].parent
    return i


def _resolve_people(
    ex: _Extractor,
    all_toks: list[list[Tok]],
    per_block: list[list[Span]],
    clusters: list[_Cluster],
    singles: list[tuple[int, Span]],
    cluster_for: Callable[..., int],
    union: Callable[[int, int], int],
) -> None:
    """Attach surnames and "Title Surname" forms to the one person they can mean."""
    text = ex.text
    family: dict[str, list[int]] = {}
    for ci, c in enumerate(clusters):
        if c.type == "PERSON" and c.parent < 0 and c.family:
            family.setdefault(c.family.casefold(), []).append(ci)
            for s, e, _ in c.mentions:
                ex.refs.append((s, e, ci, (), frozenset()))

    def descriptors(idx: int) -> set[str]:
        words: set[str] = set()
        for name in clusters[idx].full_names:
            words |= ex.descriptors.get(alias_key(name), set())
        return words

    gender: dict[int, str] = {}
    """Cluster -> "m"/"f" once a Mr/Mrs-titled mention has resolved to it."""

    def resolve(surname: str, title: frozenset[str]) -> tuple[int | None, tuple[int, ...]]:
        cands = family.get(surname.casefold(), [])
        if alias_key(surname) in ex.never_resolve:
            return None, ()
        said = _gender_of(title)
        if said:
            # "Mr Howard" is not the Sandra Howard that "Mrs Howard" was.
            cands = [c for c in cands if gender.get(root_of(clusters, c), said) == said]
            if not cands:
                return None, ()
        if len(cands) == 1:
            return cands[0], tuple(cands)
        if len(cands) > 1 and title:
            fit = [c for c in cands if title <= descriptors(c)]
            if len(fit) == 1:
                return fit[0], tuple(cands)
        return None, tuple(cands)

    taken_by_block = [{c for sp in spans for c in range(sp.i, sp.j)} for spans in per_block]
    single_cells: set[tuple[int, int]] = set()
    for b, span in singles:
        toks = all_toks[b]
        surname = text[span.start : span.end]
        lo, title = _title_before(toks, span.i, taken_by_block[b])
        lo = _caps_from(toks, lo, span.i)
        s = toks[lo].start if lo < span.i else span.start
        surface = text[s : span.end]
        idx, cands = resolve(surname, title)
        if idx is None and not cands and alias_key(surname) not in ex.never_resolve:
            said = _gender_of(title)
            key = alias_key(surname) + (f" {said}" if said else "")
            idx = cluster_for("PERSON", key)
            c = clusters[idx]
            c.family = c.family or surname
            if idx not in family.setdefault(surname.casefold(), []):
                family[surname.casefold()].append(idx)
        if idx is not None:
            clusters[root_of(clusters, idx)].mentions.append((s, span.end, surface))
            if _gender_of(title):
                gender.setdefault(root_of(clusters, idx), _gender_of(title))
        ex.refs.append((s, span.end, idx, cands, title))
        single_cells.update((b, c) for c in range(span.i, span.j))

    for b, toks in enumerate(all_toks):
        taken = taken_by_block[b]
        for i, tok in enumerate(toks):
            if not tok.cap or tok.upper or i in taken or (b, i) in single_cells:
                continue
            if tok.lower not in family:
                continue
            if tok.sent_start and tok.lower in STOP:
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and nxt.cap and nxt.word and not nxt.sent_start:
                continue  # part of a longer capitalised name we did not recognise
            lo, title = _title_before(toks, i, taken)
            lo = _caps_from(toks, lo, i)
            has_title = any(toks[k].lower in PERSON_TITLES and toks[k].cap for k in range(lo, i))
            s = toks[lo].start if has_title else tok.start
            p = i
            while p > 0 and i - p < 3 and toks[p - 1].lower in _PARTICLES and toks[p - 1].word:
                p -= 1
            if p < i and not has_title:
                s = toks[p].start  # "Von der Leyen", "van Persie": the particles belong
            idx, cands = resolve(tok.text, title)
            if idx is not None:
                clusters[root_of(clusters, idx)].mentions.append((s, tok.end, text[s : tok.end]))
            ex.refs.append((s, tok.end, idx, cands, title))
