"""What the command line prints and how it fails: one sentence on stderr, exit code 2;
JSON with the characters a terminal would act on escaped."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

from index import (
    Config,
    Library,
    SearchResults,
    sanitize_for_terminal,
)

EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in what the user typed; the message is shown as is."""


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


def _open(config: Config) -> Library:
    library = Library(config)
    status = library.open()
    if not status.ready:
        library.close()
        raise UsageError(status.message or "No index yet: run `dateline index` first.")
    return library


def _article_id(library: Library, name: str) -> str:
    article_id = library.article_id_for(name)
    if article_id is None:
        raise UsageError(f"{name}: not an indexed article; run `dateline index` or check the name.")
    return article_id


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
