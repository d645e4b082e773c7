"""The `dateline` command: no subcommand opens the reader; subcommands work headless.

Bad input exits with code 2 and one plain sentence on stderr. JSON output is for scripts;
everything else is for people (a rich progress bar when stdout is a terminal).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from index import (
    Config,
    ConfigError,
    DatelineError,
    Library,
    RebuildProgress,
    SearchRequest,
    SearchResults,
    SortOrder,
    batch_queries,
    bookmark_for,
    extract_file,
    load_config,
    plural,
    sanitize_for_terminal,
    write_export,
)
from index.sanitize import has_surrogate
from tui.kwic import kwic_text

EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in what the user typed; the message is shown as is."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own --config default must not overwrite one given before
    # the subcommand (`dateline --config x.yaml index`).
    common.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        help="config file (default: $DATELINE_CONFIG or ./config.yaml)",
    )
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="A keyboard-driven terminal reader for a folder of news articles.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("index", parents=[common], help="build or update the index")
    p.add_argument("--full", action="store_true", help="rebuild from scratch")
    p.add_argument("--if-missing", action="store_true", help="only build when there is no index")
    p.add_argument("--json", action="store_true", help="print a JSON summary")

    p = sub.add_parser("search", parents=[common], help="search the index")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--sort", choices=tuple(SortOrder), default=None)
    p.add_argument("--exact", action="store_true", help="match words as typed (no stemming)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("extract", parents=[common], help="show what Dateline reads from files")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("entities", parents=[common], help="list entities across the corpus")
    p.add_argument("--type", dest="entity_type", default=None)
    p.add_argument("--query", default=None)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("quotes", parents=[common], help="who said what, in date order")
    p.add_argument("--speaker", default=None)
    p.add_argument("--grouped", action="store_true", help="group one remark quoted two ways")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("related", parents=[common], help="articles sharing passages with one")
    p.add_argument("file", help="an article id (path relative to its folder) or file path")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("concordance", parents=[common], help="every mention of a word or entity")
    p.add_argument("term")
    p.add_argument("--type", dest="entity_type", default=None, help="PERSON, ORG, PLACE, …")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("batch", parents=[common], help="run a file of queries, counts per query")
    p.add_argument("file", help="one query per line; blank lines and # comments are skipped")
    p.add_argument("--top", type=int, default=3, help="best hits shown per query (default 3)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("timeline", parents=[common], help="matching articles per day/week/month")
    p.add_argument("query", nargs="?", default="", help="a query (empty: every article)")
    p.add_argument("--by", choices=("day", "week", "month"), default=None)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("tags", parents=[common], help="tag or star articles; list tags")
    tsub = p.add_subparsers(dest="action")
    t = tsub.add_parser("list", parents=[common], help="every tag with its article count")
    t.add_argument("--json", action="store_true")
    for action, text in (("add", "tag an article"), ("remove", "take tags off an article")):
        t = tsub.add_parser(action, parents=[common], help=text)
        t.add_argument("article", help="an article id (path relative to its folder) or file path")
        t.add_argument("tags", nargs="+", help="tag names; `starred` stars the article")
        t.add_argument("--json", action="store_true")
    t = tsub.add_parser("show", parents=[common], help="an article's tags")
    t.add_argument("article")
    t.add_argument("--json", action="store_true")

    p = sub.add_parser("bookmarks", parents=[common], help="list, add, remove, export, import")
    bsub = p.add_subparsers(dest="action")
    b = bsub.add_parser("list", parents=[common])
    b.add_argument("--query", default="")
    b.add_argument("--json", action="store_true")
    b = bsub.add_parser("add", parents=[common], help="bookmark a quote from an indexed article")
    b.add_argument("article_id")
    b.add_argument("quote", help="the exact text to bookmark")
    b.add_argument("--note", default="")
    b.add_argument("--tag", action="append", default=[])
    b.add_argument("--json", action="store_true")
    b = bsub.add_parser("remove", parents=[common])
    b.add_argument("id", type=int)
    b.add_argument("--json", action="store_true")
    b = bsub.add_parser("export", parents=[common])
    b.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown")
    b.add_argument("--output", "-o", default=None, help="file to write (default: stdout)")
    b.add_argument("--force", action="store_true", help="replace the --output file if it exists")
    b = bsub.add_parser("import", parents=[common])
    b.add_argument("file")
    b.add_argument("--format", choices=("json", "csv", "yaml"), default=None)
    b.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dateline` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if problem := _bad_argument(arguments):
        return _fail(problem)
    args = _parser().parse_args(arguments)
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as error:
        return _fail(str(error))
    if args.command is None:
        for warning in config.warnings:
            _echo(warning, file=sys.stderr)
        from tui.app import run_app

        return run_app(config)
    for warning in config.warnings:
        _echo(f"warning: {warning}", file=sys.stderr)
    try:
        handler = _HANDLERS[args.command]
        return handler(config, args)
    except UsageError as error:
        return _fail(str(error))
    except DatelineError as error:
        return _fail(str(error))
    except BrokenPipeError:
        return 0


def _bad_argument(arguments: Sequence[str]) -> str | None:
    """A sentence when an argument holds bytes that are not UTF-8 (they would reach storage)."""
    for argument in arguments:
        if has_surrogate(argument):
            shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return (
                f"the argument {sanitize_for_terminal(shown)!r} holds bytes that are not valid "
                "UTF-8; retype it or rename the file."
            )
    return None


def _fail(message: str) -> int:
    _echo(f"dateline: {message}", file=sys.stderr)
    return EXIT_USAGE


def _echo(*values: object, file: TextIO | None = None) -> None:
    """print() for people: no control, C1 or bidi character from content reaches the terminal."""
    print(sanitize_for_terminal(" ".join(str(v) for v in values)), file=file)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _print_json(data: Any) -> None:
    """JSON for scripts, exact data; characters a terminal would act on are \\u-escaped.

    The output is always valid UTF-8: a lone surrogate (which no stored string should
    hold) is written as U+FFFD.
    """
    text = _SURROGATES.sub("\ufffd", json.dumps(data, ensure_ascii=False, indent=2))
    print(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


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


def _open(config: Config) -> Library:
    library = Library(config)
    status = library.open()
    if not status.ready:
        library.close()
        raise UsageError(status.message or "No index yet: run `dateline index` first.")
    return library


def _results_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.request.query,
        "parsed": results.parsed,
        "total": results.total,
        "took_ms": results.took_ms,
        "suggestion": results.suggestion,
        "message": results.error,
        "timed_out": results.timed_out,
        "hits": [
            {
                "id": hit.id,
                "path": hit.path,
                "title": hit.title,
                "date": hit.date,
                "source": hit.source,
                "score": round(hit.score, 4),
                "snippet": "".join(part.text for part in hit.snippet),
                "highlights": [part.text for part in hit.snippet if part.is_match],
                "duplicates": list(hit.duplicates),
            }
            for hit in results.hits
        ],
    }


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


def _article_id(library: Library, name: str) -> str:
    article_id = library.article_id_for(name)
    if article_id is None:
        raise UsageError(f"{name}: not an indexed article; run `dateline index` or check the name.")
    return article_id


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


def cmd_bookmarks(config: Config, args: argparse.Namespace) -> int:
    """Manage bookmarks from the shell."""
    from index import BookmarkStore

    store = BookmarkStore(config.bookmarks, library=config.library_id)
    try:
        return _bookmarks(config, store, args)
    finally:
        store.close()


def _bookmarks(config: Config, store: Any, args: argparse.Namespace) -> int:
    action = args.action or "list"
    if action == "list":
        items = store.list(getattr(args, "query", ""))
        if getattr(args, "json", False):
            _print_json(json.loads(store.export("json", items)))
        else:
            for b in items:
                who = b.speaker or b.speaker_desc or "unattributed"
                _echo(f"{b.id:>4}  “{b.quote}” — {who} · {b.title} · {b.status}")
        return 0
    if action == "add":
        library = _open(config)
        try:
            article = library.article(args.article_id)
        finally:
            library.close()
        if article is None:
            raise UsageError(f"{args.article_id}: no such article in the index.")
        start = article.text.find(args.quote)
        if start < 0:
            raise UsageError(f"{args.article_id}: that text does not occur in the article.")
        end = start + len(args.quote)
        bookmark = store.add(
            bookmark_for(article, start, end, note=args.note, tags=tuple(args.tag))
        )
        if args.json:
            _print_json(json.loads(store.export("json", [bookmark]))[0])
        else:
            _echo(f"Bookmark {bookmark.id} saved.")
        return 0
    if action == "remove":
        removed = store.remove(args.id)
        if removed is None:
            raise UsageError(f"there is no bookmark {args.id}.")
        if args.json:
            _print_json({"removed": args.id})
        else:
            _echo(f"Bookmark {args.id} removed.")
        return 0
    if action == "export":
        items = store.list()
        text = store.export(args.format, items)  # every string already made safe
        if args.output:
            written = write_export(args.output, text, force=args.force)
            _echo(f"Exported {plural(len(items), 'bookmark')} to {written}.", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if action == "import":
        path = Path(args.file)
        fmt = args.format or {".json": "json", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}.get(
            path.suffix.lower()
        )
        if fmt is None:
            raise UsageError(f"{args.file}: say --format json, csv or yaml.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise UsageError(f"{args.file}: cannot read it ({error.strerror}).") from None
        except UnicodeDecodeError:
            raise UsageError(
                f"{args.file}: is not UTF-8 text; save it as UTF-8 (Excel: CSV UTF-8) and retry."
            ) from None
        report = store.import_text(text, fmt)
        if args.json:
            _print_json(asdict(report))
        else:
            _echo(
                f"Imported {plural(report.added, 'bookmark')}, "
                f"{report.duplicates} already there, {len(report.problems)} refused."
            )
            for problem in report.problems:
                _echo(f"{args.file}: {problem}", file=sys.stderr)
        return 0
    raise UsageError(f"unknown bookmarks action {action!r}.")


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
        article_id = _article_id(library, args.article)
        changed: list[str] = []
        if args.action == "add":
            changed = [t for t in args.tags if library.tag(article_id, t)]
        elif args.action == "remove":
            changed = [t for t in args.tags if library.untag(article_id, t)]
        tags = library.tags_of(article_id)
    finally:
        library.close()
    if args.json:
        _print_json({"article": article_id, "tags": tags, "changed": changed})
    else:
        _echo(f"{article_id}: {', '.join(tags) if tags else 'no tags'}")
    return 0


_HANDLERS = {
    "tags": cmd_tags,
    "batch": cmd_batch,
    "timeline": cmd_timeline,
    "index": cmd_index,
    "search": cmd_search,
    "extract": cmd_extract,
    "entities": cmd_entities,
    "quotes": cmd_quotes,
    "bookmarks": cmd_bookmarks,
    "related": cmd_related,
    "concordance": cmd_concordance,
}

if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
