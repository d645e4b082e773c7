"""Quoted spans, their kind (full, partial, scare) and who said them.

Real articles close quotes with the wrong mark, leave them open at a paragraph end and run
one speaker's words over several sentences. Each paragraph is scanned on its own: a quote
still open at its end stops there. Speakers come from the attribution next to the quote
("…," Koo said / said a senior official / X said: "…"), from pronouns and role phrases
resolved to the person last in focus, or carry over from the previous quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from index.extract.budget import UNLIMITED, Budget
from index.extract.spans import GENERIC_HEADS, PersonRef
from index.extract.wordlists import ROLE_HEADS, ROLE_WORDS, SPEECH_VERBS
from index.models import Block, LineKind, Quote

_DOUBLE = frozenset('“”"')
_DOUBLE_MARK = re.compile('[“”"]')
_SINGLE_MARK = re.compile("[‘’']")
_OPEN_BEFORE = frozenset("([{—–-/")
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-")
_HEADS = "|".join(sorted(ROLE_HEADS | {"source", "economist", "analyst", "diplomat"}))
_ROLE = re.compile(
    rf"\b[Tt]he\s+((?:[A-Za-z][\w-]*\s+){{0,4}}?)((?i:{_HEADS}))\b(?:\s+of\s+staff\b)?"
)
_ANON = re.compile(
    rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w-]+\s+){{0,5}}?(?:{_HEADS}|person|spokesman"
    r"|spokeswoman|insider|observer|expert)\b"
)
_NAMELESS_ROLES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "official", "aide", "adviser", "advisor",
     "analyst", "lawyer", "economist", "expert", "source", "negotiator", "officer"}
)  # fmt: skip
"""Roles a story gives people it does not name: "the spokesman" is not the minister."""
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|The\s+\d{1,3}-year-old(?!\s+[A-Z]))\b")
"""Words that point back to the person in focus: "she", and a sentence opening "The
31-year-old" (not "the 28-year-old Morientes", which names someone)."""
_WORD = re.compile(r"[\w’'-]+")
_POST_GAP = re.compile(r"^[\s,—–-]*$")
_APPOSITIVE = re.compile(r"^\s*,[^,.;:“”\"]{1,80},\s*")
_ADVERB = re.compile(r"^\s*(?:also|later|then|once|again|simply|recently|earlier|further)\s+")
_VERB_FIRST = frozenset(
    [
        "said",
        "says",
        "added",
        "adds",
        "asked",
        "continued",
        "wrote",
        "explained",
        "noted",
        "stated",
        "insisted",
        "argued",
        "warned",
        "replied",
        "declared",
    ]
)
_INNER_SENTENCE = re.compile(r"[a-z0-9][.!?] +[A-Z]")
"""A sentence ends inside the quote: a quote that starts mid-sentence and runs on is speech."""
_PRE_REACH = 1000
"""How far before a quote an attribution is looked for: bounds the work on run-on text."""
_SENT_END = re.compile(r"[.!?][”\"’']?\s+(?=[“\"‘A-Z(])")
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Prof|No|vs)|\b[A-Z]|\.[A-Z])$"
)


@dataclass(slots=True)
class _Item:
    """Something that can be a speaker: a name, a pronoun, a role or an anonymous source."""

    start: int
    end: int
    kind: str
    """name, pronoun, role or anon."""
    name: str | None = None
    desc: str | None = None
    candidates: tuple[str, ...] = ()
    in_quote: bool = False


@dataclass(slots=True)
class _Span:
    open: int
    close: int
    """Content is text[open:close] (marks excluded); close_mark is just past the closer."""
    close_mark: int
    closed: bool


def find_quote_spans(text: str, start: int, end: int) -> list[_Span]:
    """Quote spans in one paragraph: mismatched closers and unclosed quotes handled."""
    s = text[start:end]
    double = "“" in s or "”" in s or '"' in s
    spans = _double_spans(s) if double else _single_spans(s)
    out: list[_Span] = []
    for a, b, mark_end, closed in spans:
        while a < b and s[a].isspace():
            a += 1
        while b > a and s[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(_Span(start + a, start + b, start + mark_end, closed))
    return out


def _shape(s: str, p: int) -> str:
    c = s[p]
    if c == "“":
        return "open"
    if c == "”":
        return "close"
    prev = s[p - 1] if p > 0 else " "
    nxt = s[p + 1] if p + 1 < len(s) else " "
    if (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace():
        return "open"
    if nxt.isspace() or nxt in _CLOSE_AFTER:
        return "close"
    return "toggle"


def _mismatched(s: str, a: int, b: int) -> int | None:
    for q in range(b - 1, a, -1):
        if s[q] in "’'" and s[q - 1] in ".,!?" and (q + 1 >= len(s) or not s[q + 1].isalnum()):
            return q
    return None


def _double_spans(s: str) -> list[tuple[int, int, int, bool]]:
    spans: list[tuple[int, int, int, bool]] = []
    opened: int | None = None
    for mark in _DOUBLE_MARK.finditer(s):
        p = mark.start()
        shape = _shape(s, p)
        if opened is None:
            if shape in {"open", "toggle"}:
                opened = p
            continue
        if shape in {"close", "toggle"}:
            spans.append((opened + 1, p, p + 1, True))
            opened = None
        else:
            q = _mismatched(s, opened, p)
            spans.append((opened + 1, q if q is not None else p, (q or p) + 1, q is not None))
            opened = p
    if opened is not None:
        q = _mismatched(s, opened, len(s))
        spans.append(
            (opened + 1, q if q is not None else len(s), (q + 1) if q else len(s), q is not None)
        )
    return spans


def _single_spans(s: str) -> list[tuple[int, int, int, bool]]:
    spans: list[tuple[int, int, int, bool]] = []
    opened: int | None = None
    for mark in _SINGLE_MARK.finditer(s):
        p = mark.start()
        c = mark.group()
        prev = s[p - 1] if p > 0 else " "
        nxt = s[p + 1] if p + 1 < len(s) else " "
        if opened is None:
            if c in "‘'" and (prev.isspace() or prev in "(—–") and nxt.isalnum():
                opened = p
        elif c in "’'" and not prev.isspace() and not nxt.isalnum():
            spans.append((opened + 1, p, p + 1, True))
            opened = None
    return spans


class _Sentences:
    """Sentence boundaries of one paragraph, found once, so each look-up is a bisection."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _SENT_END.finditer(text, start, end):
            if text[m.start()] == "." and _ABBREV_END.search(
                text, max(start, m.start() - 5), m.start()
            ):
                continue
            self.starts.append(m.start())
            self.ends.append(m.end())

    def start_of(self, lo: int, pos: int) -> int:
        """Start of the sentence holding pos, not before lo (a block start or a quote end).

        A pos right at a boundary counts with the sentence before it: a quote opening a
        sentence after "X said the changes were needed." is still X's."""
        i = bisect_left(self.ends, pos) - 1
        if i >= 0 and self.starts[i] >= lo:
            return self.ends[i]
        return lo


_GAP_WORDS = frozenset({"and", "of", "the", "a", "an", "its", "former", "outgoing", "incoming"})
_GAP_MAX = 7


def _descriptor_gap(words: list[str]) -> bool:
    """Words between "said" and a name that only describe the speaker ("Fiat chief executive")."""
    if len(words) > _GAP_MAX:
        return False
    for w in words:
        if w[-1:] in {".", ";", ":", "!", "?", "“", "”", '"'}:
            return False
        low = w.casefold().rstrip(",")
        if not (w[0].isupper() or low in ROLE_WORDS or low in _GAP_WORDS or low in ROLE_HEADS):
            return False
    return True


class _Items:
    """Speaker-like items of a paragraph in text order, looked up by position."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self.starts = [i.start for i in items]

    def between(self, lo: int, hi: int) -> list[_Item]:
        """Items starting in [lo, hi)."""
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


class _Attributor:
    """Walks an article's paragraphs in order, keeping track of who is in focus."""

    def __init__(
        self,
        text: str,
        refs: Sequence[PersonRef],
        descriptors: dict[str, frozenset[str]],
    ) -> None:
        self.text = text
        self.refs = sorted(refs, key=lambda r: r.start)
        self.ref_starts = [r.start for r in self.refs]
        self.descriptors = descriptors
        self.last_seen: dict[str, int] = {}
        self.subjects: list[tuple[int, str | None, str | None]] = []
        """(block number, name, description) of each sentence's first speaker-like item."""

    def guess(self, candidates: Sequence[str]) -> str | None:
        seen = [(self.last_seen[c], c) for c in candidates if c in self.last_seen]
        return max(seen)[1] if seen else None

    def role(self, words: list[str]) -> tuple[str | None, tuple[str, ...]]:
        content = {w.casefold() for w in words} - GENERIC_HEADS
        if not content:
            return None, ()
        fits = tuple(n for n, d in self.descriptors.items() if content <= d)
        if not fits:
            # "the Nairobi Governor": the place word may sit in its own entity, not in the
            # title kept beside the name; the role words alone must then fit exactly one.
            plain = {w.casefold() for w in words if not w[:1].isupper()} | {words[-1].casefold()}
            plain -= GENERIC_HEADS
            one = tuple(n for n, d in self.descriptors.items() if plain and plain <= d)
            return (one[0], one) if len(one) == 1 else (None, ())
        if len(fits) == 1:
            return fits[0], fits
        return (self.guess(fits), fits)

    def items(self, block: Block, quotes: list[_Span]) -> list[_Item]:
        text = self.text
        items: list[_Item] = []
        lo = bisect_left(self.ref_starts, block.start)
        hi = bisect_left(self.ref_starts, block.end)
        for ref in self.refs[lo:hi]:
            items.append(_Item(ref.start, ref.end, "name", ref.name, None, ref.candidates))
        covered_starts = [i.start for i in items]
        reach = list(accumulate((i.end for i in items), max))

        def free(s: int, e: int) -> bool:
            # names before e that end after s overlap [s, e); ends are a running maximum
            k = bisect_left(covered_starts, e)
            return k == 0 or reach[k - 1] <= s

        for m in _ROLE.finditer(text, block.start, block.end):
            if free(m.start(), m.end()):
                words = [*m.group(1).split(), m.group(2)]
                items.append(_Item(m.start(), m.end(), "role", desc=m.group(0), candidates=()))
                items[-1].candidates = tuple(words)
        for m in _ANON.finditer(text, block.start, block.end):
            if free(m.start(), m.end()):
                items.append(_Item(m.start(), m.end(), "anon", desc=m.group(0)))
        for m in _PRONOUN.finditer(text, block.start, block.end):
            items.append(_Item(m.start(), m.end(), "pronoun"))
        opens = [q.open for q in quotes]
        for item in items:
            k = bisect_right(opens, item.start) - 1
            item.in_quote = k >= 0 and item.start < quotes[k].close
        items.sort(key=lambda i: i.start)
        return items

    def resolve(self, b: int, item: _Item) -> None:
        """Fix an item's speaker in reading order, and update the focus."""
        if item.kind == "name":
            if item.name is None and item.candidates:
                item.name = self.guess(item.candidates)
        elif item.kind == "role":
            words = list(item.candidates)
            name, _ = self.role(words)
            subject = self._opens_sentence_as_subject(item)
            item.name = name
            item.candidates = ()
            if name is None and subject:
                # "Gordon Brown wants... The chancellor is travelling": the role of the
                # person in focus, as "he" would be
                item.name = self._in_focus(b)
        elif item.kind == "pronoun":
            for sb, name, desc in reversed(self.subjects):
                if b - sb <= 2:
                    item.name, item.desc = name, desc
                break
        if item.name and not item.in_quote:
            self.last_seen[item.name] = item.start

    def _opens_sentence_as_subject(self, item: _Item) -> bool:
        """ "The chancellor is…" (capital T: a sentence opens with it), not "the
        chancellor's spokesman", nor a spokesman or an analyst (who is someone else)."""
        text = self.text
        head = item.candidates[-1].casefold() if item.candidates else ""
        following = text[item.end : item.end + 30].split(maxsplit=1)
        return (
            text.startswith("The", item.start)
            and text[item.end : item.end + 2] not in {"’s", "'s"}
            and head not in _NAMELESS_ROLES
            and not (following and following[0].casefold().strip(",") in _NAMELESS_ROLES)
        )  # "The executive spokeswoman": the spokeswoman, not the executive

    def _in_focus(self, b: int) -> str | None:
        """The named subject of the latest sentence, if it is at most two paragraphs back."""
        if not self.subjects:
            return None
        sb, name, _desc = self.subjects[-1]
        return name if b - sb <= 2 else None

    def who(self, item: _Item) -> tuple[str | None, str | None]:
        if item.name:
            return item.name, None
        if item.kind in {"role", "anon"}:
            return None, item.desc
        return None, item.desc

    def paragraph(
        self,
        b: int,
        block: Block,
        prev_tail: tuple[str | None, str | None, bool],
        heading: str | None = None,
    ) -> list[Quote]:
        text = self.text
        spans = find_quote_spans(text, block.start, block.end)
        items = self.items(block, spans)
        sentences = _Sentences(text, block.start, block.end)
        close_marks = [q.close_mark for q in spans]
        # Reading order: resolve items and note each sentence's subject.
        sentence_seen: set[int] = set()
        first_subject = len(self.subjects)
        subject_at: list[int] = []  # where each of this paragraph's subjects stands
        for item in items:
            self.resolve(b, item)
            if item.in_quote:
                continue
            k = bisect_right(close_marks, item.start)
            lo = max(block.start, close_marks[k - 1]) if k else block.start
            # +1: a name that opens a sentence is in that sentence (it is its subject)
            sent = sentences.start_of(lo, item.start + 1)
            if item.kind == "name" and text[item.end : item.end + 2] in {"’s", "'s"}:
                continue
            if sent not in sentence_seen:
                sentence_seen.add(sent)
                name, desc = self.who(item)
                if name or desc:
                    self.subjects.append((b, name, desc))
                    subject_at.append(item.start)
        quotes: list[Quote] = []
        prev_who: tuple[str | None, str | None] | None = None
        prev_end = block.start
        outside = _Items([i for i in items if not i.in_quote])
        for qi, span in enumerate(spans):
            content = text[span.open : span.close]
            words = len(_WORD.findall(content))
            before_open = text[max(block.start, span.open - 41) : span.open - 1].rstrip()
            introduced = before_open.endswith(":")  # a bounded look: paragraphs can be huge
            pre = self._pre(span, outside, sentences, block.start) if introduced else None
            # A quote introduced with a colon ("the FA confirmed: …") is the introducer's,
            # whatever the next sentence says ("Mourinho claimed his gesture…").
            post = None if pre is not None else self._post(span, outside, block.end)
            who: tuple[str | None, str | None] | None = pre or post
            if who is None and not introduced:
                who = self._pre(span, outside, sentences, block.start)
            if who is None and prev_who is not None:
                gap = outside.between(prev_end, span.open)
                names = {i.name for i in gap if i.kind == "name"}
                if names <= {prev_who[0]}:
                    who = prev_who
            if (
                who is None
                and qi == 0
                and span.open - block.start <= 2
                and prev_tail[2]
                and (prev_tail[0] or prev_tail[1])
            ):
                who = (prev_tail[0], prev_tail[1])
            if who is None and heading is not None and words >= 4:
                who = (heading, None)  # under a sub-head that names the speaker
            if who is not None and post is None and words <= 2:
                who = None
            if who is None or not (who[0] or who[1]):
                kind = "full" if words >= 10 and content.rstrip()[-1:] in ".?!," else "scare"
                speaker, desc = None, None
            else:
                speaker, desc = who
                first = next((c for c in content if c.isalpha()), "a")
                fragment = (
                    first.islower()
                    and (words <= 5 or content.rstrip()[-1:] not in {".", ",", "?", "!"})
                    and not (words >= 10 and _INNER_SENTENCE.search(content))
                )  # "…, 'we would have a Quebec situation. This is folly…'" runs on: full
                kind = "partial" if words <= 3 or fragment else "full"
                prev_who = who
                if speaker:
                    self.last_seen[speaker] = span.close_mark
                # In reading order: a sentence after the quote ("Mr Milburn told
                # Today…") stays the latest subject for the "he" that follows.
                place = bisect_right(subject_at, span.open)
                self.subjects.insert(first_subject + place, (b, speaker, desc))
                subject_at.insert(place, span.open)
            quotes.append(Quote(content, kind, speaker, desc, span.open, span.close))
            prev_end = span.close_mark
        return quotes

    def _post(
        self, span: _Span, items: _Items, block_end: int
    ) -> tuple[str | None, str | None] | None:
        text = self.text
        after = span.close_mark
        window_end = min(block_end, after + 160)
        for item in items.between(after, window_end + 1):
            gap = text[after : item.start]
            gap_words = gap.strip(" ,—–-").split()
            if _POST_GAP.match(gap) or (
                gap_words and gap_words[0][0].isupper() and _descriptor_gap(gap_words)
            ):
                # "…," Peter Oppenheimer told / "…," Chief Financial Officer X told
                rest = text[item.end : window_end]
                m = _APPOSITIVE.match(rest)
                if m:
                    rest = rest[m.end() :]
                rest = _ADVERB.sub("", rest.lstrip(", "))
                verb = _WORD.match(rest)
                if verb and verb.group().casefold() in SPEECH_VERBS:
                    return self.who(item)
                return None
            words = gap.strip(" ,—–-").split()
            if words and words[0].casefold() in _VERB_FIRST and _descriptor_gap(words[1:]):
                # "…," said Fiat chief executive Sergio Marchionne / said AP President and CEO X
                return self.who(item)
            if len(words) >= 1:
                return None
        return None

    def _pre(
        self, span: _Span, items: _Items, sentences: _Sentences, block_start: int
    ) -> tuple[str | None, str | None] | None:
        text = self.text
        opener = span.open - 1
        lo = max(sentences.start_of(block_start, opener), opener - _PRE_REACH)
        seg = text[lo:opener]
        verb_pos = -1
        for m in _WORD.finditer(seg):
            if m.group().casefold() in SPEECH_VERBS:
                verb_pos = lo + m.start()
        if verb_pos < 0:
            if seg.rstrip().endswith(":"):
                verb_pos = lo + len(seg.rstrip())
            else:
                return None
        before = items.between(lo, verb_pos)
        body = _BODY_SUBJECT.search(text, lo, verb_pos)
        if (
            body is not None
            and not (before and before[-1].end > body.start(1))
            and _CLAUSE_OPENING.search(text, lo, body.start(1)) is not None
        ):
            return None, body.group(1)  # "But the FA confirmed:": a body speaks, not a person
        if before:
            last = before[-1]
            proxy = _PROXY.match(text, last.end, verb_pos) if last.kind == "name" else None
            if proxy is not None:  # "Mr Blair's spokesman said:": not Mr Blair himself
                return None, text[last.start : proxy.end(1)]
            if len(before) > 1 and last.kind in {"role", "anon"}:
                head = before[-2]
                if head.kind == "name" and text[head.end : last.start].strip() == ",":
                    return self.who(head)
            return self.who(last)
        after = items.between(verb_pos, opener)
        if after:
            return self.who(after[0])
        return None


_BODY_SUBJECT = re.compile(r"\b((?:the|The) [A-Z][\w&.'’-]*(?: (?:of )?[A-Z][\w&.'’-]*){0,3}),? *$")
"""A named body right before the speech verb ("the FA", "the Foreign Office"): the
speaker is that body (no person), not someone named earlier in the sentence."""
_PROXY = re.compile(
    r"['’]s (?:\w+ )?(spokes(?:man|woman|person)|aides?|office|lawyers?|solicitors?|agent|camp)\b"
)
"""Someone speaking for a named person ("Mr Blair's spokesman", "her lawyer")."""
_CLAUSE_OPENING = re.compile(
    r"(?:^|[.;:!?]|\b(?:[Bb]ut|[Aa]nd|[Yy]et|[Mm]eanwhile|[Hh]owever|[Ss]o|[Ww]hile|[Aa]s)),? *$"
)
"""What may come right before that body: the start of the sentence or of a clause, not
an appositive ("Sir John Bourn, head of the NAO, said", "Ms Williams, for the Lib Dems,")."""


def extract_quotes(
    text: str,
    blocks: Sequence[Block],
    refs: Sequence[PersonRef],
    descriptors: dict[str, frozenset[str]],
    budget: Budget = UNLIMITED,
    headings: dict[int, str] | None = None,
) -> list[Quote]:
    """All quotes in the given (scope) blocks, in reading order (OverBudget past budget).

    `headings` maps a sub-head block's index to the person it names ("JOHN SMITH"): the
    quotes under it with no other speaker are that person's, up to the next sub-head.
    """
    attributor = _Attributor(text, refs, descriptors)
    quotes: list[Quote] = []
    tail: tuple[str | None, str | None, bool] = (None, None, False)
    heading: str | None = None
    for b, block in enumerate(blocks):
        budget.check()
        if block.kind is LineKind.SUBHEAD:
            heading = (headings or {}).get(b)
        found = attributor.paragraph(b, block, tail, heading)
        quotes.extend(found)
        if found:
            last = found[-1]
            ends_block = block.end - last.end <= 2
            tail = (last.speaker, last.speaker_desc, ends_block and last.kind != "scare")
        else:
            tail = (None, None, False)
    return quotes
