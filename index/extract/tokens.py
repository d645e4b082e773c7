"""Words and marks of one block, with absolute offsets: what every extraction rule walks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.extract.wordlists import (
    ABBREVIATIONS as _ABBREV,
)

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
            body = word[:-1]
            if body[-1] in "sS" and len(body) > 2 and body[-2] in "’'":  # "Mr Blunkett's."
                append(_word_token(body[:-2], s, e - 3, block))
                append(
                    Tok(
                        body[-2:],
                        e - 3,
                        e - 1,
                        block,
                        False,
                        False,
                        False,
                        False,
                        body[-2:].casefold(),
                    )
                )
            else:
                append(_word_token(body, s, e - 1, block))
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
