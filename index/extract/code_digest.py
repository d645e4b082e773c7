"""Which extractor made an index: a digest of the code and word lists that extract.

A generation records it, so an update after an upgrade re-extracts every article instead
of keeping the old extractor's entities and speakers until someone asks for a full
rebuild. Nobody has to remember to bump a version: any change to the cleaning or
extraction code, or to its word lists, changes the digest.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_EXTRACT = Path(__file__).resolve().parent
_CLEANING = (
    _EXTRACT.parent / "articles" / "cleaning.py",
    _EXTRACT.parent / "articles" / "webpage.py",
)


@functools.cache
def extractor_digest() -> str:
    """A short hash over every file that decides what an article's text and names are."""
    files = sorted(
        path
        for path in (*_EXTRACT.glob("*.py"), *_EXTRACT.rglob("data/*"), *_CLEANING)
        if path.is_file()
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
