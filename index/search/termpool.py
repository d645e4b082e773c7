"""A posting pool for a fresh segment that groups postings by term as they arrive.

Whoosh's pool keeps one tuple per posting (~450 per article), sorts them all, spills
sorted runs posting by posting, and then hands them back one at a time to a writer that
re-discovers where each term starts. A fresh segment's documents arrive in number order,
so each term's postings are already sorted: here they are appended to that term's
arrays, only the terms are sorted, and a term's whole list goes to the postings writer
at once (see `codec.BlockPostingsWriter.add_list`). Past its memory budget the pool
writes its terms, in order, to a run file; the runs are merged term by term at the end.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import pickle
import tempfile
from array import array
from collections.abc import Iterator
from itertools import groupby, repeat
from operator import itemgetter
from typing import Any, TypeAlias

TermKey: TypeAlias = "tuple[str, bytes]"
"""(field name, term bytes): the order Whoosh writes terms in."""
TermList: TypeAlias = "tuple[array[int], array[float], list[bytes]]"
"""One term's document numbers, weights and encoded values (empty values left out)."""
RUN_CHUNK = 4096
"""Terms per pickle in a run file (a few MB held while reading one back)."""
_KEY_BYTES = 300
_POSTING_BYTES = 24
"""Rough memory per distinct term and per posting, for the spill budget."""


class TermPool:
    """Collects a fresh segment's postings per term; yields each term's list in order."""

    def __init__(self, limitmb: int, tempdir: str | None = None) -> None:
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, TermList]] = {}
        self.runs: list[str] = []
        self._tempdir = tempdir

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting (field, term, docnum, weight, value), docnums never decreasing."""
        fieldname, tbytes, docnum, weight, value = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        found = terms.get(tbytes)
        if found is None:
            terms[tbytes] = (array("I", (docnum,)), array("d", (weight,)), [value] if value else [])
            self.size += _KEY_BYTES + len(tbytes)
        else:
            found[0].append(docnum)
            found[1].append(weight)
            if value:
                found[2].append(value)
        self.size += _POSTING_BYTES + len(value) if value else _POSTING_BYTES
        if self.size > self.limit:
            self.save()

    def _sorted(self) -> Iterator[tuple[TermKey, TermList]]:
        """The terms held now, in Whoosh's order (field name, then term bytes)."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                yield (fieldname, tbytes), terms[tbytes]

    def save(self) -> None:
        """Write the terms held so far, sorted, to a run file and start afresh."""
        if not self.fields:
            return
        fd, path = tempfile.mkstemp(suffix=".terms", dir=self._tempdir)
        self.runs.append(path)
        with os.fdopen(fd, "wb") as run:
            batch: list[tuple[str, bytes, bytes, bytes, list[bytes]]] = []
            for key, (ids, weights, values) in self._sorted():
                batch.append((key[0], key[1], ids.tobytes(), weights.tobytes(), values))
                if len(batch) >= RUN_CHUNK:
                    pickle.dump(batch, run, pickle.HIGHEST_PROTOCOL)
                    batch = []
            if batch:
                pickle.dump(batch, run, pickle.HIGHEST_PROTOCOL)
        self.fields = {}
        self.size = 0

    def term_lists(self) -> Iterator[tuple[TermKey, TermList]]:
        """Every term in Whoosh's order with its whole posting list, in docnum order."""
        if not self.runs:
            yield from self._sorted()
            return
        self.save()
        # Runs hold consecutive document ranges, so a term's lists join in run order.
        streams = [_read_run(path, order) for order, path in enumerate(self.runs)]
        merged = heapq.merge(*streams, key=itemgetter(0, 1))
        for (fieldname, tbytes), parts in groupby(merged, key=itemgetter(0, 1)):
            ids: array[int] = array("I")
            weights: array[float] = array("d")
            values: list[bytes] = []
            for part in parts:  # heapq.merge keeps equal terms in run order
                ids.frombytes(part[3])
                weights.frombytes(part[4])
                values.extend(part[5])
            yield (fieldname, tbytes), (ids, weights, values)

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Whoosh's pool interface: every posting, sorted, one at a time."""
        for (fieldname, tbytes), (ids, weights, values) in self.term_lists():
            if values and len(values) != len(ids):
                raise ValueError(f"postings of {fieldname}:{tbytes!r} mix empty and set values")
            for docnum, weight, value in zip(ids, weights, values or repeat(b""), strict=False):
                yield fieldname, tbytes, docnum, weight, value

    def cleanup(self) -> None:
        """Remove any run files (Whoosh calls this when the segment closes)."""
        for path in self.runs:
            with contextlib.suppress(OSError):
                os.remove(path)
        self.runs = []
        self.fields = {}


def _read_run(path: str, order: int) -> Iterator[tuple[Any, ...]]:
    """A run's terms in order: (field, term, run order, ids, weights, values)."""
    with open(path, "rb") as run:
        while True:
            try:
                batch = pickle.load(run)
            except EOFError:
                return
            for fieldname, tbytes, ids, weights, values in batch:
                yield fieldname, tbytes, order, ids, weights, values
