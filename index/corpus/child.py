"""The rebuild child the library starts: `index.store.rebuild` builds and publishes the
generation, then this layer saves the generation's corpus-wide names (see `namestore`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from index.store import rebuild

MODULE = "index.corpus.child"
"""What `run_rebuild` starts (`python -m`)."""


def _names(request: Any) -> None:
    """After publishing: the names views would otherwise compute on first use."""
    from index.corpus import namestore

    namestore.write_current(request.index_dir, request.rules)


def main(argv: list[str] | None = None) -> int:
    """Build (or update), report, then save the names."""
    return rebuild.main(argv, after=_names)


if __name__ == "__main__":
    exit_code = main()
    # As `index.store.rebuild`: everything is written; skip the interpreter's teardown.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(ValueError):  # stdout is closed once the report is out
            stream.flush()
    os._exit(exit_code)
