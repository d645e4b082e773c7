"""Research across the library: `dateline batch`, `timeline` and `tags`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from index import (
    Config,
    Library,
    SearchRequest,
    batch_queries,
    plural,
)
from tui.cli.output import EXIT_USAGE, UsageError, _article_id, _echo, _open, _print_json


def cmd_batch(config: Config, args: argparse.Namespace) -> int:
    """Run every query of a file; per query its total, newest date, best hits or error."""
    if args.top < 0:
        raise UsageError("--top must be 0 or more.")
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        raise UsageError(f"{args.file}: not UTF-8 text; save it as UTF-8 and try again.") from None
    except OSError as error:
        raise UsageError(f"{args.file}: cannot be read ({error.strerror or error}).") from None
    queries, warnings = batch_queries(text)
    for warning in warnings:
        _echo(f"warning: {args.file}: {warning}", file=sys.stderr)
    if not queries:
        raise UsageError(f"{args.file}: no queries (one per line; # starts a comment).")
    library = _open(config)
    try:
        rows = library.batch(queries, top=args.top)
    finally:
        library.close()
    if args.json:
        _print_json(
            [
                {
                    "query": row.query,
                    "total": row.total,
                    "newest": row.newest,
                    "error": row.error,
                    "hits": [
                        {"id": h.id, "title": h.title, "date": h.date, "source": h.source}
                        for h in row.hits
                    ],
                }
                for row in rows
            ]
        )
        return 0
    width = min(40, max(len(row.query) for row in rows))
    for row in rows:
        newest = f"newest {row.newest}" if row.newest else ""
        _echo(f"{row.query[:width]:<{width}}  {row.total:>7,}  {newest}".rstrip())
        if row.error:
            _echo(f"    {row.error}")
        for hit in row.hits:
            _echo(f"    {hit.date or 'undated':<10}  {hit.title}")
    return 0


def cmd_timeline(config: Config, args: argparse.Namespace) -> int:
    """Matching articles per period, as a bar chart (or JSON); undated ones apart."""
    library = _open(config)
    try:
        timeline = library.timeline(SearchRequest(query=args.query), args.by)
    finally:
        library.close()
    if args.json:
        _print_json(
            {
                "query": args.query,
                "by": timeline.by,
                "total": timeline.total,
                "undated": timeline.undated,
                "notices": list(timeline.notices),
                "error": timeline.error,
                "peak": asdict(timeline.peak) if timeline.peak else None,
                "buckets": [asdict(b) for b in timeline.buckets],
            }
        )
        return 0 if timeline.error is None else EXIT_USAGE
    if timeline.error:
        raise UsageError(timeline.error)
    for notice in timeline.notices:
        _echo(notice, file=sys.stderr)
    peak = timeline.peak
    top = peak.count if peak else 0
    for bucket in timeline.buckets:
        bar = "█" * round(40 * bucket.count / top) if top else ""
        mark = "  ← peak" if bucket is peak else ""
        _echo(f"{bucket.label:<10} {bucket.count:>6,} {bar}{mark}")
    undated = f"; {timeline.undated:,} undated" if timeline.undated else ""
    _echo(f"{timeline.total:,} articles by {timeline.by}{undated}")
    return 0


def _tag_matching(library: Library, args: argparse.Namespace) -> int:
    """`tags add|remove --query Q TAG…`: every article the search matches at once."""
    request = SearchRequest(args.query)
    batch = library.tag_matching(request, args.words, remove=args.action == "remove")
    if args.json:
        _print_json(asdict(batch))
    else:
        names = ", ".join(batch.tags)
        count = plural(batch.matched, "article")
        if batch.removed:
            line = f"Took {names} off {count} matching {args.query!r}"
        else:
            line = f"Tagged {count} matching {args.query!r} with {names}"
        _echo(f"{line} ({plural(batch.changed, 'change')}).")
    if not batch.complete:
        _echo(
            "warning: not every match could be tagged (the search ran out of time or matched "
            "too many); narrow the query and run it again.",
            file=sys.stderr,
        )
    return 0


def cmd_tags(config: Config, args: argparse.Namespace) -> int:
    """List tags, or add, remove or show an article's tags (stars are the `starred` tag)."""
    if args.action is None:
        raise UsageError("say what to do: dateline tags list|add|remove|show")
    library = _open(config)
    try:
        if args.action == "list":
            counts = library.tag_counts()
            if args.json:
                _print_json([{"tag": tag, "articles": count} for tag, count in counts])
            elif not counts:
                _echo("No tags yet: dateline tags add ARTICLE TAG")
            for tag, count in [] if args.json else counts:
                _echo(f"{count:>6,}  {tag}")
            return 0
        if getattr(args, "query", None) is not None:
            return _tag_matching(library, args)
        words = getattr(args, "words", None) or [args.article]
        article_id = _article_id(library, words[0])
        if args.action in ("add", "remove") and len(words) < 2:
            raise UsageError(
                f"say which tags to {args.action}: dateline tags {args.action} {words[0]} TAG"
            )
        changed: list[str] = []
        if args.action == "add":
            changed = [t for t in words[1:] if library.tag(article_id, t)]
        elif args.action == "remove":
            changed = [t for t in words[1:] if library.untag(article_id, t)]
        tags = library.tags_of(article_id)
    finally:
        library.close()
    if args.json:
        _print_json({"article": article_id, "tags": tags, "changed": changed})
    else:
        _echo(f"{article_id}: {', '.join(tags) if tags else 'no tags'}")
    return 0
