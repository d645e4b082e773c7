"""The `dateline` command: no subcommand opens the reader; subcommands work headless.

Bad input exits with code 2 and one plain sentence on stderr. JSON output is for scripts;
everything else is for people (a rich progress bar when stdout is a terminal).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from index import (
    ConfigError,
    DatelineError,
    SortOrder,
    load_config,
    sanitize_for_terminal,
)
from index.sanitize import has_surrogate
from tui.cli.bookmarks import cmd_bookmarks
from tui.cli.entity_fixes import add_fix_parsers, cmd_entity_fix
from tui.cli.output import UsageError, _echo, _fail
from tui.cli.reading import (
    cmd_concordance,
    cmd_entities,
    cmd_extract,
    cmd_index,
    cmd_quotes,
    cmd_related,
    cmd_search,
)
from tui.cli.research import cmd_batch, cmd_tags, cmd_timeline


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
    add_fix_parsers(p, common)

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
        t = tsub.add_parser(
            action,
            parents=[common],
            help=f"{text}, or with --query every article a search matches",
            usage=f"dateline tags {action} ARTICLE TAG [TAG ...] | --query QUERY TAG [TAG ...]",
        )
        t.add_argument(
            "words",
            nargs="+",
            metavar="ARTICLE TAG",
            help="an article id (path relative to its folder) or file path, then tag names "
            "(`starred` stars); with --query, only tag names",
        )
        t.add_argument("--query", default=None, help="every article this search matches")
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
        if args.command == "entities" and getattr(args, "action", None):
            handler = cmd_entity_fix
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
