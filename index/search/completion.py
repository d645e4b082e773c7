"""The completion table: every indexed word with its document frequency, sorted.

Expanding a partial word through Whoosh touches thousands of terms on a large index (the
prefix cliff); looking it up here picks the few most common completions first, so a
two-letter prefix costs a bisect and a small heap, not a scan of the term dictionary.
"""

from __future__ import annotations

import bisect
import heapq
import os
from pathlib import Path

from index.search.storage import plain_storage

FILENAME = "completion.tsv"
FIELD = "exact"


def write_table(gen_dir: Path, indexname: str) -> int:
    """Write `completion.tsv` (word, tab, document frequency) for a generation."""
    # No mmap: Whoosh would copy every file of every segment into memory (the build's
    # largest allocation, ~7 MB per thousand articles) for a walk over one term list.
    ix = plain_storage(gen_dir).open_index(indexname=indexname)
    count = 0
    tmp = gen_dir / (FILENAME + ".tmp")
    try:
        with ix.reader() as reader, open(tmp, "w", encoding="utf-8") as out:
            for term, info in reader.iter_field(FIELD):
                word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                if "\t" in word or "\n" in word:
                    continue
                out.write(f"{word}\t{info.doc_frequency()}\n")
                count += 1
    finally:
        ix.close()
    # A new file, never a rewrite in place: an updated generation starts with this file
    # hard-linked to the previous generation's, which must stay as its manifest says.
    os.replace(tmp, gen_dir / FILENAME)
    return count


def merge_table(gen_dir: Path, previous_dir: Path, indexname: str, words: set[str]) -> int:
    """Write `completion.tsv` for an updated generation from the previous one's table.

    Only `words` (every word of the added, edited and removed articles, old and new
    versions) can have changed frequency: each is looked up in the new index and merged
    into the previous table; a word no article holds any more is dropped. Falls back to
    `write_table` when the previous table is missing.
    """
    try:
        with open(previous_dir / FILENAME, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return write_table(gen_dir, indexname)
    # No mmap: Whoosh would copy each term dictionary it opens into memory, for a few
    # lookups.
    ix = plain_storage(gen_dir).open_index(indexname=indexname)
    try:
        with ix.reader() as reader:
            fresh = {
                word: reader.doc_frequency(FIELD, word)
                for word in words
                if word and "\t" not in word and "\n" not in word
            }
    finally:
        ix.close()
    # Lines sort as their words do ("\t" sorts before any character of a word), so each
    # changed word is found by bisection: a few list edits, not a pass over every line.
    for word, freq in fresh.items():
        at = bisect.bisect_left(lines, word + "\t")
        present = at < len(lines) and lines[at].startswith(word + "\t")
        if freq > 0:
            if present:
                lines[at] = f"{word}\t{freq}"
            else:
                lines.insert(at, f"{word}\t{freq}")
        elif present:
            del lines[at]
    tmp = gen_dir / (FILENAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write("".join(line + "\n" for line in lines))
    os.replace(tmp, gen_dir / FILENAME)  # never write through the hard link (see above)
    return len(lines)


class CompletionTable:
    """Sorted words and their document frequencies, loaded once per generation."""

    def __init__(self, words: list[str], freqs: list[int]) -> None:
        self._words = words
        self._freqs = freqs

    @classmethod
    def load(cls, gen_dir: Path) -> CompletionTable:
        """Read the table a build wrote (a missing table just means no completions)."""
        try:
            with open(gen_dir / FILENAME, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            return cls([], [])
        # One split of the whole file, not a loop per line: it is read on every swap.
        cells = text.replace("\n", "\t").split("\t")
        if cells and cells[-1] == "":
            cells.pop()
        words, counts = cells[0::2], cells[1::2]
        if len(words) == len(counts):
            try:
                return cls(words, list(map(int, counts)))
            except ValueError:
                pass
        words, freqs = [], []
        for line in text.splitlines():  # a damaged line: read the slow, tolerant way
            word, _, freq = line.partition("\t")
            words.append(word)
            freqs.append(int(freq) if freq.isdigit() else 0)
        return cls(words, freqs)

    def __len__(self) -> int:
        return len(self._words)

    def frequency(self, word: str) -> int:
        """Documents containing exactly `word` (0 when unknown)."""
        i = bisect.bisect_left(self._words, word)
        if i < len(self._words) and self._words[i] == word:
            return self._freqs[i]
        return 0

    def with_prefix(self, prefix: str) -> list[tuple[str, int]]:
        """Every (word, frequency) starting with `prefix`, in alphabetical order."""
        lo = bisect.bisect_left(self._words, prefix)
        hi = bisect.bisect_left(self._words, prefix + "\U0010ffff", lo)
        return list(zip(self._words[lo:hi], self._freqs[lo:hi], strict=True))

    def expand(self, prefix: str, limit: int = 24) -> list[str]:
        """The `limit` most frequent words starting with `prefix`, most frequent first."""
        lo = bisect.bisect_left(self._words, prefix)
        hi = bisect.bisect_left(self._words, prefix + "\U0010ffff", lo)
        if hi - lo <= limit:
            return [self._words[i] for i in sorted(range(lo, hi), key=lambda i: -self._freqs[i])]
        best = heapq.nlargest(limit, range(lo, hi), key=self._freqs.__getitem__)
        return [self._words[i] for i in best]
