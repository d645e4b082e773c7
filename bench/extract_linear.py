"""Extraction time against paragraph size: must grow linearly (1 MB paragraph <= 2 s).

The paragraph is real BBC text run together (every paragraph of consecutive articles joined by
spaces), so it holds names, quotes and amounts in their usual density.
Usage: python -m bench.extract_linear [--corpus ../shared/corpora/bbc] [--sizes 100,200,500,1000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from index.extract.article import extract
from index.models import Block, LineKind


def paragraph(corpus: Path, size: int) -> str:
    """About size characters of corpus text as one paragraph (no newlines)."""
    parts: list[str] = []
    total = 0
    paths = sorted(corpus.glob("*/*.txt"))
    while total < size and paths:
        for path in paths:
            text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
            parts.append(text)
            total += len(text) + 1
            if total >= size:
                break
    return " ".join(parts)[:size]


def time_one(text: str) -> tuple[float, float]:
    """Wall and CPU seconds to extract one BODY block holding all of text."""
    started, cpu = time.perf_counter(), time.process_time()
    extract(text, [Block(LineKind.BODY, 0, len(text), 1)])
    return time.perf_counter() - started, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    """Print seconds per size; exit 1 when the largest size is over the 2 s budget per MB."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpora/bbc")
    parser.add_argument("--sizes", default="100,200,500,1000", help="kilobytes")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"No corpus at {corpus}.")
        return 2
    worst = 0.0
    for kb in (int(s) for s in args.sizes.split(",")):
        text = paragraph(corpus, kb * 1000)
        seconds, cpu = time_one(text)
        per_mb = seconds / (len(text) / 1_000_000)
        worst = max(worst, per_mb)
        print(f"{kb:>6} KB  {seconds:7.2f} s wall  {cpu:7.2f} s CPU   {per_mb:6.2f} s/MB")
    print(f"worst {worst:.2f} s/MB wall (target <= 2.00; CPU time shows it on a loaded machine)")
    return 0 if worst <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
