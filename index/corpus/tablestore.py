"""The entity table of a generation, built by the rebuild child and loaded by views.

Reading every entity row and grouping it under its corpus-wide name takes ~10 s of CPU
at 100k articles (1.9M rows): done in the app, the sidebar stayed empty that long after
every start and every update, and the app burned a core meanwhile. The rebuild child
builds the table once its names are saved and writes it beside the generation as
`entities-<generation>.bin`: a JSON header line (the article ids, group names,
spellings and whole-library totals) followed by the row arrays as raw bytes. Loading it
takes a fraction of a second. Like the names file it is a cache: a file for another
generation, other entity rules, another byte order or a damaged one is ignored.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from collections import Counter
from pathlib import Path

from index.corpus import namestore
from index.corpus.entity_table import ARRAY_TYPE, EntityTable
from index.corpus.names import CorpusNames
from index.extract.corrections import EntityRules
from index.store import articledb, corpusdb, generations

PREFIX = "entities-"
SUFFIX = ".bin"
FORMAT = 1
_ARRAYS = ("starts", "groups", "mentions", "spellings")


def path_for(root: Path, generation: str) -> Path:
    """Where the table of one generation is kept (beside it, in the index folder)."""
    return root / f"{PREFIX}{generation}{SUFFIX}"


def save(root: Path, generation: str, rules_key: str, table: EntityTable) -> Path:
    """Write `table` for `generation` (atomically: a reader sees all or nothing)."""
    articles, mentions, spellings = table.totals()
    groups = len(table.group_names)
    header = {
        "format": FORMAT,
        "generation": generation,
        "rules": rules_key,
        "byteorder": sys.byteorder,
        "itemsize": array(ARRAY_TYPE).itemsize,
        "lengths": [len(getattr(table, name)) for name in _ARRAYS],
        "articles": sorted(table.articles, key=table.articles.__getitem__),
        "group_names": table.group_names,
        "spelling_json": table.spelling_json,
        "total_articles": [articles.get(g, 0) for g in range(groups)],
        "total_mentions": [mentions.get(g, 0) for g in range(groups)],
        "total_spellings": [sorted(spellings.get(g, ())) for g in range(groups)],
    }
    target = path_for(root, generation)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        out.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode())
        out.write(b"\n")
        for name in _ARRAYS:
            getattr(table, name).tofile(out)
    os.replace(tmp, target)
    return target


def load(root: Path, generation: str, rules_key: str) -> EntityTable | None:
    """The saved table of `generation` under these rules, or None."""
    try:
        with open(path_for(root, generation), "rb") as handle:
            header = json.loads(handle.readline())
            if (
                header.get("format") != FORMAT
                or header.get("generation") != generation
                or header.get("rules") != rules_key
                or header.get("byteorder") != sys.byteorder
                or header.get("itemsize") != array(ARRAY_TYPE).itemsize
            ):
                return None
            arrays = []
            for length in header["lengths"]:
                values = array(ARRAY_TYPE)
                values.fromfile(handle, int(length))
                arrays.append(values)
            if handle.read(1):
                return None  # longer than its header says: not what was written
        table = EntityTable(
            articles={article: p for p, article in enumerate(header["articles"])},
            starts=arrays[0],
            groups=arrays[1],
            mentions=arrays[2],
            spellings=arrays[3],
            group_names=[(str(t), str(n)) for t, n in header["group_names"]],
            spelling_json=[str(s) for s in header["spelling_json"]],
        )
        table.set_totals(
            Counter({g: n for g, n in enumerate(header["total_articles"]) if n}),
            Counter({g: n for g, n in enumerate(header["total_mentions"]) if n}),
            {g: set(s) for g, s in enumerate(header["total_spellings"]) if s},
        )
        if not table.consistent():
            return None
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
    return table


def write_current(
    generation: generations.Generation, names: CorpusNames, rules: EntityRules
) -> Path | None:
    """Build and save the entity table of `generation` from its names (just computed by
    `namestore.write_current`). None when the generation was replaced meanwhile (the
    next one gets its own table)."""
    root = generation.path.parent
    conn = articledb.connect(generation.path / articledb.FILENAME, readonly=True)
    try:
        table = EntityTable.build(corpusdb.entity_rows(conn), names)
    finally:
        conn.close()
    table.totals()
    if generations.read_current(root) != generation.name or not generation.path.is_dir():
        return None
    generations.drop_files_of_gone_generations(root, PREFIX, SUFFIX)
    return save(root, generation.name, namestore.rules_key(rules), table)
