"""Phrase fingerprints of an article: hashes of its five-word phrases.

Stored (a sample) for every article at build time and compared at query time, so two
rewrites of one report can be found however different the rest of their text is.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from index.models import SCOPE_KINDS, Block, LineKind
from index.search.schema import TOKEN_RE, fold

SHINGLE_WORDS = 5
SAMPLE_MODULUS = 4
"""Only hashes divisible by this are stored: a quarter of the phrases find the candidates."""


def _tokens(text: str, blocks: Sequence[Block]) -> list[tuple[str, int, int]]:
    tokens: list[tuple[str, int, int]] = []
    for block in blocks:
        if block.kind in SCOPE_KINDS and block.kind is not LineKind.TITLE:
            for match in TOKEN_RE.finditer(text, block.start, block.end):
                tokens.append((fold(match.group()), match.start(), match.end()))
    return tokens


def shingles(text: str, blocks: Sequence[Block]) -> list[tuple[int, int, int]]:
    """(hash, start, end) of every five-word phrase of the story."""
    tokens = _tokens(text, blocks)
    return [
        (h, tokens[i][1], tokens[i + SHINGLE_WORDS - 1][2])
        for i, h in enumerate(_hashes([word for word, _, _ in tokens]))
    ]


def _hashes(words: list[str]) -> list[int]:
    """crc32 of each run of SHINGLE_WORDS words, joined by single spaces."""
    crc32 = zlib.crc32
    return [
        crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8"))
        for i in range(len(words) - SHINGLE_WORDS + 1)
    ]


def sampled_hashes(text: str, blocks: Sequence[Block]) -> set[int]:
    """The stored sample of an article's phrase hashes (computed for every article built)."""
    words = [
        fold(word)
        for block in blocks
        if block.kind in SCOPE_KINDS and block.kind is not LineKind.TITLE
        for word in TOKEN_RE.findall(text, block.start, block.end)
    ]
    return {h for h in _hashes(words) if h % SAMPLE_MODULUS == 0}
