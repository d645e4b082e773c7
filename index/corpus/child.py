"""The rebuild child the library starts: `index.store.rebuild` builds and publishes the
generation, then this layer saves the generation's corpus-wide names (see `namestore`)
and its entity table (see `tablestore`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from index.store import rebuild

MODULE = "index.corpus.child"
"""What `run_rebuild` starts (`python -m`)."""
SETTLE = 0.5
"""Seconds without a new rebuild before the names are computed (see `write_current`)."""


def _names(request: Any) -> None:
    """After publishing: the names and table views would otherwise compute on first use."""
    from index.corpus import namestore, tablestore

    with contextlib.suppress(OSError):
        os.nice(10)  # background work: the app and the next update come first
    named = namestore.write_current(request.index_dir, request.rules, settle=SETTLE)
    if named is not None:
        tablestore.write_current(*named, request.rules)


def main(argv: list[str] | None = None) -> int:
    """Build (or update), report, then save the names."""
    return rebuild.main(argv, after=_names)


if __name__ == "__main__":
    exit_code = main()
    # As `index.store.rebuild`: everything is written; skip the interpreter's teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(exit_code)
