"""Run extract() over the BBC corpus: crashes, speed, counts, and quotes to read by eye.

Each file's first line is the title (a TITLE block); the rest are BODY paragraphs split on
blank lines. Usage: python -m bench.extract_bbc [--corpus ../shared/corpora/bbc] [--sample 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from index.extract.article import extract
from index.models import Block, Extraction, LineKind


def bbc_blocks(text: str) -> list[Block]:
    """Title line, then one BODY block per paragraph (paragraphs are blank-line separated)."""
    blocks: list[Block] = []
    pos = 0
    first = True
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            kind = LineKind.TITLE if first else LineKind.BODY
            blocks.append(Block(kind, start, start + len(stripped), number))
            first = False
        pos += len(line) + 1
    return blocks


@dataclass(slots=True)
class BbcRun:
    """What one pass over the corpus produced."""

    articles: int = 0
    crashes: list[str] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)
    entity_types: Counter[str] = field(default_factory=Counter)
    quote_kinds: Counter[str] = field(default_factory=Counter)
    attributed: int = 0
    results: list[tuple[str, str, Extraction]] = field(default_factory=list)


def run(corpus: Path, keep: bool = True) -> BbcRun:
    """Extract every article under corpus/<category>/*.txt."""
    out = BbcRun()
    for path in sorted(corpus.glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        blocks = bbc_blocks(text)
        out.articles += 1
        started = time.perf_counter()
        try:
            extraction = extract(text, blocks)
        except Exception:
            out.crashes.append(f"{path}: {traceback.format_exc(limit=3)}")
            continue
        out.times_ms.append((time.perf_counter() - started) * 1000)
        for entity in extraction.entities:
            out.entity_types[entity.type] += 1
        for quote in extraction.quotes:
            out.quote_kinds[quote.kind] += 1
            if quote.kind == "full" and (quote.speaker or quote.speaker_desc):
                out.attributed += 1
        if keep:
            out.results.append((str(path.relative_to(corpus)), text, extraction))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print crashes, timing, counts and a random sample of quotes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpora/bbc")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"No corpus at {corpus}.")
        return 2
    result = run(corpus)
    times = sorted(result.times_ms)
    print(f"articles  {result.articles}")
    print(f"crashes   {len(result.crashes)}")
    for crash in result.crashes[:5]:
        print(crash)
    if times:
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"median    {statistics.median(times):.2f} ms   p95 {p95:.2f} ms   max {times[-1]:.1f} ms"
        )
    print("entities  " + ", ".join(f"{t} {n}" for t, n in result.entity_types.most_common()))
    full = result.quote_kinds.get("full", 0)
    print("quotes    " + ", ".join(f"{k} {n}" for k, n in result.quote_kinds.most_common()))
    print(f"full quotes with a speaker or description: {result.attributed}/{full}")
    rng = random.Random(args.seed)
    pool = [
        (name, q)
        for name, _, extraction in result.results
        for q in extraction.quotes
        if q.kind != "scare"
    ]
    print(f"\nSample of {min(args.sample, len(pool))} quotes:")
    for name, quote in rng.sample(pool, min(args.sample, len(pool))):
        who = quote.speaker or (f"[{quote.speaker_desc}]" if quote.speaker_desc else "?")
        print(f"  {name} {quote.kind:7} {who:28.28} {quote.text[:90]!r}")
    return 1 if result.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
