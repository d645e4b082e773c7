"""Index, search and read: `dateline index`, `search`, `extract`, `entities`, `quotes`,
`related` and `concordance`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index import (
    Config,
    Library,
    RebuildProgress,
    SearchRequest,
    extract_file,
    plural,
)
from tui.cli.output import UsageError, _article_id, _echo, _open, _print_json, _results_json
from tui.kwic import kwic_text


def cmd_index(config: Config, args: argparse.Namespace) -> int:
    """Build or update the index, with a progress bar on a terminal."""
    library = Library(config)
    try:
        if args.if_missing:
            status = library.open()
            if status.ready and not library.needs_update():
                return 0
        if args.json or not sys.stderr.isatty():
            report = library.rebuild(full=args.full)
        else:
            report = _rebuild_with_bar(library, args.full)
    finally:
        library.close()
    if args.json:
        data = asdict(report)
        data["skipped"] = [{"path": s.path, "reason": s.reason} for s in report.skipped]
        data["reindexed"] = report.reindexed
        data["articles_per_second"] = round(report.per_second, 1)
        _print_json(data)
    else:
        _echo(
            f"{report.articles} articles indexed ({report.added} added, {report.updated} updated, "
            f"{report.removed} removed, {report.unchanged} unchanged) in {report.seconds:.1f} s."
        )
        for skipped in report.skipped:
            _echo(f"skipped {skipped.path}: {skipped.reason}")
    if report.error:
        _echo(f"dateline: {report.error}", file=sys.stderr)
        return 1
    return 0


def _rebuild_with_bar(library: Library, full: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as bar:
        task = bar.add_task("scanning", total=None)

        def update(p: RebuildProgress) -> None:
            bar.update(task, description=p.phase, completed=p.done, total=p.total or None)

        return library.rebuild(full=full, progress=update)


def cmd_search(config: Config, args: argparse.Namespace) -> int:
    """Run one search and print the hits."""
    limit = args.limit if args.limit is not None else config.search.limit
    if limit < 1:
        raise UsageError("--limit must be at least 1.")
    library = _open(config)
    try:
        results = library.search(
            SearchRequest(
                query=args.query,
                sort=args.sort or config.search.sort,
                limit=limit,
                exact=args.exact,
            )
        )
    finally:
        library.close()
    if args.json:
        _print_json(_results_json(results))
        return 0
    if results.error:
        _echo(results.error, file=sys.stderr)
    _echo(f"{plural(results.total, 'result')} for {results.parsed} ({results.took_ms:.0f} ms)")
    if results.suggestion:
        _echo(f"Did you mean: {results.suggestion}")
    for hit in results.hits:
        _echo(f"\n{hit.title}\n  {hit.id} · {hit.date or 'undated'} · {hit.source or ''}")
        if hit.duplicates:
            _echo(f"  also in: {', '.join(hit.duplicates)}")
        snippet = "".join(f"*{p.text}*" if p.is_match else p.text for p in hit.snippet)
        if snippet:
            _echo(f"  {snippet}")
    return 0


def cmd_extract(config: Config, args: argparse.Namespace) -> int:
    """Show cleaning, metadata, entities and quotes of files (no index needed)."""
    out: list[dict[str, Any]] = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{name}: no such file.")
        article, warnings = extract_file(str(path), config)
        out.append(
            {
                "file": str(path),
                "meta": asdict(article.meta),
                "warnings": list(warnings),
                "lines": [
                    {"line": b.line, "kind": b.kind.value, "start": b.start, "end": b.end}
                    for b in article.blocks
                ],
                "entities": [
                    {
                        "type": e.type,
                        "name": e.name,
                        "aliases": list(e.aliases),
                        "count": e.count,
                        "mentions": [{"start": m.start, "end": m.end} for m in e.mentions],
                    }
                    for e in article.entities
                ],
                "quotes": [asdict(q) for q in article.quotes],
                "text": article.text,
            }
        )
    if args.json:
        _print_json(out if len(out) > 1 else out[0])
        return 0
    for item in out:
        _echo(f"{item['file']}: {item['meta']}")
        for e in item["entities"]:
            _echo(f"  {e['type']:<10} {e['name']} ×{e['count']}")
        for q in item["quotes"]:
            who = q["speaker"] or q["speaker_desc"] or "-"
            _echo(f"  [{q['kind']}] “{q['text']}” — {who}")
    return 0


def cmd_entities(config: Config, args: argparse.Namespace) -> int:
    """List entities merged across the corpus with article counts."""
    library = _open(config)
    try:
        query = SearchRequest(args.query) if args.query else None
        table = library.entities(args.entity_type, query=query, limit=args.limit)
    finally:
        library.close()
    if args.json:
        _print_json([asdict(e) for e in table])
        return 0
    for e in table:
        _echo(f"{e.type:<10} {e.name:<40} {e.articles:>4} articles {e.mentions:>5} mentions")
    return 0


def cmd_quotes(config: Config, args: argparse.Namespace) -> int:
    """List quotes across the corpus, optionally by one speaker, in date order."""
    library = _open(config)
    try:
        groups = library.remarks(args.speaker) if args.grouped else []
        records = [] if args.grouped else library.quotes(args.speaker)
    finally:
        library.close()
    if args.grouped:
        data = [
            [{"article_id": r.article_id, "date": r.date, **asdict(r.quote)} for r in g]
            for g in groups
        ]
        if args.json:
            _print_json(data)
        else:
            for group in groups:
                for n, r in enumerate(group):
                    who = r.quote.speaker or "-"
                    _echo(f"{'   ' if n else ''}{r.date or 'undated'}  {who}: “{r.quote.text}”")
        return 0
    if args.json:
        _print_json(
            [
                {
                    "article_id": r.article_id,
                    "title": r.title,
                    "date": r.date,
                    "source": r.source,
                    **asdict(r.quote),
                }
                for r in records
            ]
        )
        return 0
    for r in records:
        who = r.quote.speaker or r.quote.speaker_desc or "-"
        _echo(f"{r.date or 'undated'}  {who}: “{r.quote.text}”  [{r.article_id}]")
    return 0


def cmd_related(config: Config, args: argparse.Namespace) -> int:
    """Articles that share passages with one article, with the passages."""
    library = _open(config)
    try:
        article_id = _article_id(library, args.file)
        related = library.related(article_id, limit=args.limit)
    finally:
        library.close()
    if args.json:
        _print_json({"id": article_id, "related": [asdict(r) for r in related]})
        return 0
    for r in related:
        _echo(f"{r.id}  {r.title}  ({r.shared_phrases} shared phrases, {len(r.passages)} passages)")
        for passage in r.passages[:3]:
            _echo(f"    “{passage.text}”")
    return 0


def cmd_concordance(config: Config, args: argparse.Namespace) -> int:
    """Keyword in context for an entity (any alias) or a plain word, plus co-occurrences."""
    library = _open(config)
    try:
        entity = library.find_entity(args.term, args.entity_type)
        if entity is not None:
            lines = library.mentions(entity.type, entity.name)
            together = library.cooccurring(entity.type, entity.name)
        else:
            lines = library.word_in_context(args.term)
            together = []
    finally:
        library.close()
    if args.json:
        _print_json(
            {
                "term": args.term,
                "entity": asdict(entity) if entity else None,
                "lines": [asdict(line) for line in lines],
                "cooccurring": [asdict(e) for e in together],
            }
        )
        return 0
    for line in lines:
        left, match, right = kwic_text(line.before, f"[{line.match}]", line.after, 50)
        _echo(f"{left}{match}{right:<50}  {line.article_id}")
    return 0
