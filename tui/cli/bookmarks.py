"""`dateline bookmarks list|add|remove|export|import`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index import (
    Config,
    bookmark_for,
    plural,
    write_export,
)
from tui.cli.output import UsageError, _echo, _open, _print_json


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
