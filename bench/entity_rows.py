"""How many corpus PERSON rows are only a short form of another row (one person, two rows).

Builds an index of the corpus in a temporary folder (or reuses `--index-dir`), lists the
corpus-wide PERSON rows exactly as `dateline entities` does, and counts the rows that are a
bare surname ("Blair") or titles plus a surname ("Mr Blair", "President Bush") while another
row has a full name with that surname. Rows kept apart on purpose because their gender
title disagrees with every full-name row ("Mrs Howard") are counted separately.

Usage: python -m bench.entity_rows [--corpus ../shared/corpora/bbc] [--index-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from index import Library, load_config
from index.corpus.spellings import parse_person
from index.extract.names import alias_key
from index.models import EntityCount


def short_form_rows(table: list[EntityCount]) -> tuple[list[str], list[str]]:
    """(short-form rows that share a surname with a full-name row, the female-titled ones
    among them, which are kept apart on purpose)."""
    full_surnames: dict[str, list[str]] = defaultdict(list)
    for entity in table:
        parsed = parse_person(entity.name)
        if parsed.full:
            full_surnames[alias_key(parsed.words[-1])].append(entity.name)
    short: list[str] = []
    female: list[str] = []
    for entity in table:
        parsed = parse_person(entity.name)
        if parsed.full or not parsed.words:
            continue
        if alias_key(parsed.words[0]) in full_surnames:
            (female if parsed.gender == "f" else short).append(
                f"{entity.name} ({entity.articles} articles)"
            )
    return short, female


def _config(folder: Path, corpus: Path) -> Path:
    path = folder / "config.yaml"
    path.write_text(
        json.dumps(
            {
                "articles": [str(corpus.resolve())],
                "index_dir": str(folder / "index"),
                "bookmarks": str(folder / "bookmarks.sqlite3"),
                "watch": False,
            }
        ),
        encoding="utf-8",
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpora/bbc", help="article folder")
    parser.add_argument(
        "--index-dir", help="reuse (or build once) the index in this folder instead of a temp one"
    )
    parser.add_argument("--show", type=int, default=20, help="how many offending rows to list")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skipped: corpus folder {corpus} not found", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.index_dir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        library = Library(load_config(str(_config(folder, corpus))))
        try:
            if not library.open().ready:
                started = time.perf_counter()
                report = library.rebuild(full=True)
                if report.error:
                    print(report.error, file=sys.stderr)
                    return 1
                print(f"built the index in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            table = library.entities("PERSON", limit=1_000_000)
            elapsed = time.perf_counter() - started
        finally:
            library.close()
    short, female = short_form_rows(table)
    print(f"PERSON rows: {len(table)} (listed in {elapsed * 1000:.0f} ms, first call)")
    print(f"rows that are a bare or titled surname of a full-name row: {len(short)}")
    for row in short[: args.show]:
        print(f"  {row}")
    print(f"female-titled surname rows kept apart on purpose: {len(female)}")
    for row in female[: args.show]:
        print(f"  {row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
