"""Corpus-wide names computed by the rebuild, not by the first view that needs them.

Resolving every entity row to its corpus-wide name reads and joins the whole library
(~1 s at 10k articles). The rebuild child does it once its generation is published (the
update is searchable first; the work runs on the child's core, never in the app) and
saves the result beside the generation as `names-<generation>.json`. A view opening
that generation loads the file in milliseconds; without it (a build still finishing,
other entity rules in the config, an older build) the view computes the names itself.
The file is a cache: it names its generation and the rules it was made with, and an
unreadable or mismatched file is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from index.corpus.names import CorpusNames, CorpusRow, resolve
from index.extract.corrections import EntityRules
from index.store import articledb, corpusdb, generations

PREFIX = "names-"
SUFFIX = ".json"
FORMAT = 1


def compute(
    conn: sqlite3.Connection, lock: threading.Lock | threading.RLock, rules: EntityRules
) -> CorpusNames:
    """Every entity row of a store under its corpus-wide name."""
    with lock:
        rows = corpusdb.name_counts(conn)
    return resolve(
        (CorpusRow(t, n, tuple(json.loads(a)), c, a) for t, n, a, c in rows),
        rules,
        lambda names: corpusdb.company_of(conn, lock, names),
    )


def rules_key(rules: EntityRules) -> str:
    """A fingerprint of the entity rules (names made under other rules do not apply)."""
    return hashlib.sha256(repr(rules).encode("utf-8")).hexdigest()[:32]


def path_for(root: Path, generation: str) -> Path:
    """Where the names of one generation are kept (beside it, in the index folder)."""
    return root / f"{PREFIX}{generation}{SUFFIX}"


def save(root: Path, generation: str, rules: EntityRules, names: CorpusNames) -> Path:
    """Write the names of `generation` (atomically: a reader sees all or nothing)."""
    data = {
        "format": FORMAT,
        "generation": generation,
        "rules": rules_key(rules),
        "by_row": [[*key, shown] for key, shown in names.by_row.items()],
        "by_gender": [[*key, shown] for key, shown in names.by_gender.items()],
        "by_name": [[*key, shown] for key, shown in names.by_name.items()],
    }
    target = path_for(root, generation)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, target)
    return target


def load(root: Path, generation: str, rules: EntityRules) -> CorpusNames | None:
    """The saved names of `generation` under `rules`, or None."""
    try:
        with open(path_for(root, generation), encoding="utf-8") as handle:
            data = json.load(handle)
        if (
            data.get("format") != FORMAT
            or data.get("generation") != generation
            or data.get("rules") != rules_key(rules)
        ):
            return None
        names = CorpusNames(
            by_row={(t, n, a): s for t, n, a, s in data["by_row"]},
            by_gender={(t, n, g): s for t, n, g, s in data["by_gender"]},
            by_name={(t, n): s for t, n, s in data["by_name"]},
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    for etype, name, _ in names.by_gender:  # as `resolve` fills it
        shown = names.by_gender[(etype, name, _)]
        names.members.setdefault((etype, shown), set()).add(name)
    return names


def write_current(
    index_dir: str, rules: EntityRules, settle: float = 0.0
) -> tuple[generations.Generation, CorpusNames] | None:
    """Compute and save the names of the current generation; drop those of generations
    that are gone. Returns the generation and its names (what the entity table is built
    from next), or None when there is nothing to name.

    `settle`: seconds to wait first; a rebuild starting meanwhile (files saved in a
    burst) will name its own generation, so this one gives up instead of competing.
    """
    root = Path(index_dir)
    stamp = generations.current_stamp(root)
    deadline = time.monotonic() + settle
    while time.monotonic() < deadline:
        if generations.is_locked(root) or generations.current_stamp(root) != stamp:
            return None
        time.sleep(0.05)
    generation = generations.open_current(root)
    if generation is None:
        return None
    conn = articledb.connect(generation.path / articledb.FILENAME, readonly=True)
    try:
        names = compute(conn, threading.Lock(), rules)
    finally:
        conn.close()
    if generations.current_stamp(root) != stamp or not generation.path.is_dir():
        return None  # replaced while the names were computed: the new one is named
    generations.drop_files_of_gone_generations(root, PREFIX, SUFFIX)
    save(root, generation.name, rules, names)
    return generation, names
