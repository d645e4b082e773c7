"""Which of many texts hold a word anywhere, as `word in text` says, without a scan of them
all on each key.

A filter box over 100k quote groups would test every group's text per keystroke. Here
every whitespace-separated token is listed once, with the texts that hold it, and all
distinct tokens are kept in one string: a word's texts are those of the tokens that
contain it, found with `str.find` over that string (tokens are far fewer than the texts'
words). A word no longer than any token's gap (no whitespace) lies inside one token, so
the answer is exactly the scan's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

MAX_SHARE = 4
"""A word whose tokens list more than 1/MAX_SHARE of all postings is answered by a scan
(a letter or two matches most texts: merging their lists costs more than testing them)."""


class WordIndex:
    """Texts (numbered by the caller) by the tokens in them."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._texts: list[list[int]] = []
        """Token id -> the texts holding it, ascending."""
        self._starts: list[int] = []
        """Token id -> where it starts in `_joined`."""
        self._joined = "\n"
        self._pending: list[str] = []
        self._size = len(self._joined)
        self._postings = 0

    def add(self, index: int, text: str) -> None:
        """List text `index` under its tokens (again when its text grew: it may only grow,
        and it must be given in ascending order of `index` the first time)."""
        ids = self._ids
        for token in set(text.split()):
            tid = ids.get(token)
            if tid is None:
                tid = ids[token] = len(self._texts)
                self._texts.append([index])
                self._starts.append(self._size)
                self._pending.append(token + "\n")
                self._size += len(token) + 1
                self._postings += 1
                continue
            texts = self._texts[tid]
            if texts[-1] < index:
                texts.append(index)
                self._postings += 1
            else:  # an earlier text grew: keep the list ascending, without repeats
                at = bisect_left(texts, index)
                if at == len(texts) or texts[at] != index:
                    texts.insert(at, index)
                    self._postings += 1

    def matching(self, word: str) -> list[int] | None:
        """The texts holding `word` (no whitespace), ascending; None when a scan is cheaper."""
        if self._pending:
            self._joined += "".join(self._pending)
            self._pending = []
        joined, starts, texts = self._joined, self._starts, self._texts
        budget = self._postings // MAX_SHARE
        found: list[list[int]] = []
        at = joined.find(word)
        while at >= 0:
            tid = bisect_right(starts, at) - 1
            found.append(texts[tid])
            budget -= len(texts[tid])
            if budget < 0:
                return None
            following = starts[tid + 1] if tid + 1 < len(starts) else len(joined)
            at = joined.find(word, following)
        if len(found) == 1:
            return list(found[0])
        return sorted({i for texts_of in found for i in texts_of})
