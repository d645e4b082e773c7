"""Whoosh's posting pool with cheaper bookkeeping and spill files written in chunks.

A segment worker holds more postings than its memory budget, so Whoosh sorts them in
runs spilled to temporary files, one pickle call per posting each way (~600 postings
per article), and checks each posting's types with asserts as it arrives. Here a run is
a few pickled lists of up to CHUNK postings and `add` only keeps the size estimate:
the same sorted stream comes out.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from whoosh.writing import PostingPool

CHUNK = 20_000
"""Postings per pickle in a spilled run (a few MB held while reading one back)."""


class ChunkedPostingPool(PostingPool):  # type: ignore[misc]
    """PostingPool whose runs are written and read a chunk at a time."""

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        # item = (fieldname, tbytes, docnum, weight, vbytes); Whoosh's own size estimate.
        self.currentsize += 109 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        iterator = iter(items)
        try:
            while chunk := list(islice(iterator, CHUNK)):
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)
