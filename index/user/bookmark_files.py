"""Bookmarks as files: the export formats (Markdown citations, CSV, JSON) and the import
parsers (JSON, CSV with Excel's BOM and `;`, YAML with its surprises kept as typed)."""

from __future__ import annotations

import builtins
import csv
import datetime
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import yaml

from index.models import Bookmark, NewBookmark
from index.sanitize import FORMULA_STARTS, csv_cell, has_surrogate, strip_controls
from index.yaml_reading import MAX_YAML_NODES, YamlTooLarge, load_yaml_bounded

_EXPORT_FIELDS = (
    "article_id", "title", "source", "date", "quote", "speaker", "speaker_desc",
    "context_before", "context_after", "note", "tags", "article_tags", "kind", "status",
    "created", "path", "start", "end", "id",
)  # fmt: skip


MAX_OFFSET = 2**62
"""Offsets beyond this cannot be in any article (and would overflow SQLite's integers)."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, and why rows were refused."""

    added: int
    duplicates: int
    problems: tuple[str, ...]


class _ImportLoader(yaml.SafeLoader):
    """safe_load that keeps YAML 1.1's surprises as the text typed: `no`, `010`, `12:30`."""


def _plain_bool(loader: _ImportLoader, node: yaml.ScalarNode) -> bool | str:
    text = str(node.value)
    return text.lower() == "true" if text.lower() in ("true", "false") else text


def _plain_int(loader: _ImportLoader, node: yaml.ScalarNode) -> int | str:
    text = str(node.value)
    digits = text.lstrip("+-")
    if digits.isdigit() and not (len(digits) > 1 and digits.startswith("0")):
        return int(text)
    return text


_ImportLoader.add_constructor("tag:yaml.org,2002:bool", _plain_bool)
_ImportLoader.add_constructor("tag:yaml.org,2002:int", _plain_int)


def iso_time(timestamp: float) -> str:
    """A Unix time as ISO 8601 in UTC to the second (`2025-10-27T09:14:03Z`)."""
    moment = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def export_dict(b: Bookmark, article_tags: Sequence[str] = ()) -> dict[str, Any]:
    """One bookmark as exported (JSON, CSV, `--json`): readable fields, ISO `created`, and
    the tags of its article (kept apart from the bookmark's own)."""
    data = asdict(b)
    return {
        **{key: data[key] for key in _EXPORT_FIELDS if key in data},
        "tags": list(b.tags),
        "article_tags": list(article_tags),
        "created": iso_time(b.created),
    }


def _read_csv(text: str) -> builtins.list[dict[str, str]]:
    """Rows of a CSV file as Excel writes it too: a BOM, `;` separators and CRLF all work."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [{key: _uncell(value) for key, value in row.items()} for row in rows]


def _uncell(value: Any) -> Any:
    """Undo `csv_cell`, so an exported file imports back to the same text."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def row_to_new(row: Any) -> NewBookmark | str:
    """A valid bookmark from an imported row, or the reason the row is refused."""
    if not isinstance(row, dict):
        return "not a mapping of fields; skipped."
    for key, value in row.items():
        strings = value if isinstance(value, list) else [key, value]
        if any(isinstance(v, str) and has_surrogate(v) for v in strings):
            return f'"{strip_controls(str(key))}" holds undecodable characters; skipped.'
    quote = row.get("quote")
    article_id = row.get("article_id")
    if not isinstance(quote, str) or not quote.strip():
        return "has no quote text; skipped."
    if not isinstance(article_id, str) or not article_id:
        return "has no article_id; skipped."

    def text(key: str) -> str:
        value = row.get(key)
        return value if isinstance(value, str) else ""

    numbers: dict[str, int] = {}
    for key in ("start", "end"):
        value = row.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 20:
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
            shown = repr(value) if len(repr(value)) <= 24 else repr(value)[:21] + "..."
            shown = strip_controls(shown)
            return f'"{key}" should be a whole number of characters, not {shown}; skipped.'
        numbers[key] = value
    start = numbers.get("start", 0)
    end = numbers.get("end") or start + len(quote)

    tags_raw = row.get("tags")
    if isinstance(tags_raw, str):
        tags: tuple[str, ...] = tuple(tags_raw.split())
    elif isinstance(tags_raw, list):
        tags = tuple(
            str(t) for t in tags_raw if isinstance(t, (str, int)) and not isinstance(t, bool)
        )
    else:
        tags = ()
    return NewBookmark(
        article_id=article_id,
        path=text("path"),
        title=text("title"),
        date=text("date") or None,
        quote=quote,
        start=start,
        end=end,
        speaker=text("speaker") or None,
        speaker_desc=text("speaker_desc") or None,
        context_before=text("context_before"),
        context_after=text("context_after"),
        note=text("note"),
        tags=tags,
        kind=text("kind") or "quote",
        source=text("source") or None,
    )


def citation(b: Bookmark | NewBookmark) -> str:
    """'“quote” — Speaker, Title (date), article id': what `y` copies."""
    who = b.speaker or b.speaker_desc
    parts = [f"“{b.quote.strip()}”"]
    if who:
        parts.append(f"— {who}")
    source = b.title.strip() or b.article_id
    parts.append(f"in “{source}”" + (f" ({b.date})" if b.date else ""))
    return " ".join(parts) + f" [{b.article_id}]"


def _markdown(items: list[Bookmark], article_tags: Mapping[str, Sequence[str]]) -> str:
    lines = ["# Dateline bookmarks", ""]
    for b in items:
        lines.append(f"> {' '.join(b.quote.split())}")
        lines.append(">")
        who = b.speaker or b.speaker_desc or "unattributed"
        source = f", {b.source}" if b.source else ""
        date = f", {b.date}" if b.date else ""
        title = b.title.strip() or b.article_id
        lines.append(f"> — {who}, *{title}*{source}{date} (`{b.article_id}`)")
        lines.append("")
        lines.append(f"Saved {iso_time(b.created)}")
        if b.note:
            lines.append("")
            lines.append(f"Note: {b.note}")
        if b.tags:
            lines.append("")
            lines.append("Tags: " + " ".join(f"#{t}" for t in b.tags))
        if article_tags.get(b.article_id):
            lines.append("")
            lines.append("Article tags: " + " ".join(f"#{t}" for t in article_tags[b.article_id]))
        if b.status != "ok":
            lines.append("")
            lines.append(f"Status: {b.status}")
        lines.append("")
    return "\n".join(lines)


def render_export(
    fmt: str, items: list[Bookmark], article_tags: Mapping[str, Sequence[str]] | None = None
) -> str:
    """Cleaned bookmarks as citation-ready Markdown, CSV or JSON text; `article_tags` maps
    an article id to the tags its article carries."""
    tagged = article_tags or {}
    if fmt == "json":
        rows = [export_dict(b, tagged.get(b.article_id, ())) for b in items]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=_EXPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        for b in items:
            row = export_dict(b, tagged.get(b.article_id, ()))
            row["tags"] = " ".join(b.tags)
            row["article_tags"] = " ".join(row["article_tags"])
            writer.writerow({k: csv_cell(v) if isinstance(v, str) else v for k, v in row.items()})
        return out.getvalue()
    if fmt in ("markdown", "md"):
        return _markdown(items, tagged)
    raise ValueError(f"unknown export format {fmt!r}; use markdown, csv or json")


def parse_import(text: str, fmt: str) -> list[Any] | ImportReport:
    """The rows of a JSON, CSV or YAML bookmark file, or a report of why none can be read."""
    rows: list[Any]
    try:
        if fmt == "json":
            loaded = json.loads(text)
            rows = loaded if isinstance(loaded, list) else [loaded]
        elif fmt == "csv":
            rows = _read_csv(text)
        elif fmt == "yaml":
            # Every plain node costs at least one character: more means aliases exploding.
            loaded = load_yaml_bounded(text, _ImportLoader, MAX_YAML_NODES + len(text))
            rows = loaded if isinstance(loaded, list) else [loaded]
        else:
            raise ValueError(f"unknown import format {fmt!r}; use json, csv or yaml")
    except YamlTooLarge as error:
        return ImportReport(0, 0, (f"{error}: nothing was imported.",))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return ImportReport(0, 0, (f"not valid YAML{where}: nothing was imported.",))
    except (ValueError, csv.Error, RecursionError) as error:
        return ImportReport(0, 0, (f"could not be read ({error}): nothing was imported.",))
    return rows
