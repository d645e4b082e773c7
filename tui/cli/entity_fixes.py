"""`dateline entities merge|split|ignore|rename|retype|undo`: fix entities from the shell.

Each saves one correction in the corrections file beside config.yaml (config.yaml itself
is never rewritten), prints one sentence of what changed, and runs the update that
re-extracts the articles naming the entities involved.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from index import Config, EntityFix, FixKind
from tui.cli.output import _echo, _open, _print_json

FIX_ACTIONS = ("merge", "split", "ignore", "rename", "retype", "undo")


def add_fix_parsers(entities: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    """The fix subcommands under `dateline entities` (no action still lists entities)."""
    sub = entities.add_subparsers(dest="action")
    p = sub.add_parser("merge", parents=[common], help="make two or more entities one")
    p.add_argument("names", nargs="+", metavar="NAME", help="the first is the name shown")
    p = sub.add_parser("split", parents=[common], help="stop an alias meaning an entity")
    p.add_argument("entity")
    p.add_argument("alias")
    p = sub.add_parser("ignore", parents=[common], help="never show a name as an entity")
    p.add_argument("name")
    p = sub.add_parser("rename", parents=[common], help="show an entity under a new name")
    p.add_argument("entity")
    p.add_argument("new_name")
    p = sub.add_parser("retype", parents=[common], help="change an entity's type")
    p.add_argument("entity")
    p.add_argument("new_type", metavar="TYPE", help="PERSON, ORG, PLACE, MONEY, …")
    sub.add_parser("undo", parents=[common], help="undo the last entity change")
    for parser in sub.choices.values():
        parser.add_argument("--type", dest="fix_type", default=None, help="the entities' type")
        parser.add_argument("--json", action="store_true")


def fix_from_args(args: argparse.Namespace) -> EntityFix:
    """The EntityFix a parsed command line asks for."""
    kind = FixKind(args.action)
    etype = args.fix_type.upper() if args.fix_type else None
    if kind == FixKind.MERGE:
        return EntityFix(kind, tuple(args.names), etype)
    if kind == FixKind.SPLIT:
        return EntityFix(kind, (args.entity,), etype, args.alias)
    if kind == FixKind.IGNORE:
        return EntityFix(kind, (args.name,), etype)
    if kind == FixKind.RENAME:
        return EntityFix(kind, (args.entity,), etype, args.new_name)
    if kind == FixKind.RETYPE:
        return EntityFix(kind, (args.entity,), etype, args.new_type)
    return EntityFix(kind)


def cmd_entity_fix(config: Config, args: argparse.Namespace) -> int:
    """Save the fix, apply it by an update, and say what changed."""
    library = _open(config)
    try:
        result = library.correct_entities(fix_from_args(args))
    finally:
        library.close()
    report = result.report
    if args.json:
        update = asdict(report)
        update["skipped"] = [{"path": s.path, "reason": s.reason} for s in report.skipped]
        _print_json({"message": result.message, "update": update})
    else:
        _echo(result.message)
        if report.error is None:
            _echo(f"Updated {report.updated} of {report.articles} articles.")
    if report.error:
        _echo(f"dateline: {report.error}", file=sys.stderr)
        return 1
    return 0
