"""Shared passages between articles, found at the level of five-word phrases.

Two wire stories that rewrite the same report share many exact phrases even when their
whole-document similarity is tiny, so related articles are found through sampled phrase
hashes stored at build time, and the passages themselves by merging matching phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from index.models import Block, Quote
from index.search.schema import TOKEN_RE, fold, stem
from index.search.shingles import SHINGLE_WORDS, shingles

T = TypeVar("T")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "said",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "will",
        "with",
        "would",
    ]
)


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """A stretch of text that two articles share (offsets into each article's text)."""

    start: int
    end: int
    other_start: int
    other_end: int
    words: int


def shared_passages(
    text: str, blocks: Sequence[Block], other_text: str, other_blocks: Sequence[Block]
) -> list[SharedPassage]:
    """Maximal runs of phrases two articles share, longest first."""
    return passages_with(shingles(text, blocks), other_text, other_blocks)


def passages_with(
    mine: list[tuple[int, int, int]], other_text: str, other_blocks: Sequence[Block]
) -> list[SharedPassage]:
    """`shared_passages` for an article whose phrases (`shingles`) are already known: one
    article compared with its ten related ones needs them once, not ten times."""
    theirs: dict[int, tuple[int, int]] = {}
    for h, s, e in shingles(other_text, other_blocks):
        theirs.setdefault(h, (s, e))
    passages: list[SharedPassage] = []
    run: list[tuple[int, int, int, int]] = []
    for h, s, e in mine:
        match = theirs.get(h)
        if match is not None and (not run or s <= run[-1][1] + 1):
            run.append((s, e, match[0], match[1]))
            continue
        if run:
            passages.append(_merge(run))
        run = [(s, e, match[0], match[1])] if match is not None else []
    if run:
        passages.append(_merge(run))
    passages.sort(key=lambda p: -p.words)
    return passages


def _merge(run: list[tuple[int, int, int, int]]) -> SharedPassage:
    return SharedPassage(
        start=run[0][0],
        end=max(e for _, e, _, _ in run),
        other_start=min(s for _, _, s, _ in run),
        other_end=max(e for _, _, _, e in run),
        words=len(run) + SHINGLE_WORDS - 1,
    )


def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that carry meaning (for comparing two quotes)."""
    return frozenset(filter(None, map(content_stem, TOKEN_RE.findall(text))))


@lru_cache(maxsize=262144)
def content_stem(token: str) -> str:
    """The stem of one token (from `TOKEN_RE`) if it carries meaning, else "": words
    repeat across quotes, so each is folded and stemmed once."""
    word = fold(token)
    if word in _STOP or len(word) <= 2 or word.isdigit():
        return ""
    return stem(word)


Opening = tuple[tuple[str, ...], frozenset[str]]
"""A quote's first two words (folded) and its first three meaningful stems."""
OPENING_STEMS = 3
"""How many distinct meaningful stems an `Opening` keeps."""
_FIRST_WORDS = re.compile(r"\W*(\w+)(?:\W+(\w+))?")
r"""A text's first two words (\w runs), in one match."""


def remark_opening(text: str) -> Opening:
    """How a paraphrase of a remark still starts: its first two words, and the first
    distinctive words it goes on to say."""
    first = _FIRST_WORDS.match(text)
    words = tuple(fold(w) for w in first.groups() if w) if first else ()
    lead: list[str] = []
    for match in TOKEN_RE.finditer(text):  # lazily: a long quote's later words are not read
        stemmed = content_stem(match.group())
        if stemmed and stemmed not in lead:
            lead.append(stemmed)
            if len(lead) == OPENING_STEMS:
                break
    return words, frozenset(lead)


def same_opening(shared: set[str] | frozenset[str], a: Opening, b: Opening) -> bool:
    """Two quotes open alike and share a long word among the first they go on to say
    ("We had sufficient talks", "we had a sufficient and productive discussion"): a long
    word shared anywhere ("country") in two remarks both opening "we are" is not enough."""
    return bool(a[0]) and a[0] == b[0] and any(len(s) >= 6 for s in shared & a[1] & b[1])


def same_remark(a: Quote, b: Quote) -> bool:
    """Whether two quotes by one speaker are the same remark worded differently.

    Reporters paraphrase: "We had sufficient talks" and "we had a sufficient and
    productive discussion" share little but a distinctive word. So: enough overlap of
    meaningful stems, or the same opening (see `same_opening`).
    """
    if a.speaker is None or a.speaker != b.speaker:
        return False
    sa, sb = content_stems(a.text), content_stems(b.text)
    if not sa or not sb:
        return False
    shared = sa & sb
    if len(shared) / min(len(sa), len(sb)) >= 0.5:
        return True
    return same_opening(shared, remark_opening(a.text), remark_opening(b.text))


def group_remarks(items: Iterable[T], quote_of: Callable[[T], Quote]) -> list[list[T]]:
    """Group items so that each group is one remark, however it was worded."""
    groups: list[list[T]] = []
    for item in items:
        for group in groups:
            if any(same_remark(quote_of(item), quote_of(other)) for other in group):
                group.append(item)
                break
        else:
            groups.append([item])
    return groups
