"""Who said what's loading: every quote in the index read a page at a time (in a worker),
grouped into remarks as it comes, and handed to the screen at a pace that leaves the UI
thread time to paint."""

from __future__ import annotations

import time
from collections.abc import Callable

from index import Library, RemarkGroup, RemarkTable

UPDATE_EVERY_S = 0.3
"""While loading, the screen is updated at most this often, and at most ten times as
often as loading has taken so far (each update recounts every quote read)."""
FIRST_PAINT_S = 0.05
"""The reader pauses this long after the first page: reading on competes with the paint
for the interpreter, and the first page is what a person looks at."""

PageShown = Callable[[list[RemarkGroup], bool, list[int]], None]
"""Takes (new groups, whether every quote is in, indexes of the groups that changed)."""


def stream_remarks(library: Library, show: PageShown, failed: Callable[[str], None]) -> None:
    """Read every quote, calling `show` with each batch of groups (the last one `done`);
    a damaged index is said through `failed`, never raised: the screen must stay up."""
    table = RemarkTable()
    sent = 0  # groups handed to the screen so far
    changed: set[int] = set()
    last = started = time.monotonic()
    try:
        for number, page in enumerate(library.quote_pages()):
            changed.update(table.add(page))
            now = time.monotonic()
            if number and now - last < max(UPDATE_EVERY_S, (now - started) / 10):
                continue  # the screen catches up with several pages at once
            show(table.groups[sent:], False, sorted(changed))
            sent, last = len(table.groups), time.monotonic()
            changed = set()
            if number == 0:
                time.sleep(FIRST_PAINT_S)  # let the first page paint before reading on
    except Exception as error:  # a damaged index must not take the screen down
        failed(f"Could not list quotes: {error}")
    show(table.groups[sent:], True, sorted(changed))
