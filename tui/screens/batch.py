"""Batch search (palette: "Batch search"): run a pasted or loaded list of queries over the
whole library and see, per query, how many articles match and the newest one's date.

| key | action |
| --- | --- |
| `ctrl+r` | run the queries in the box (one per line; `#` starts a comment) |
| `enter` in the file box | load that file's lines into the box |
| `enter` on a row | back to the reader with that query |
| `e` / `J` on the table | export the table as CSV / JSON to the documents folder |
| `escape` | back |
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TextArea

from index import (
    BatchRow,
    DatelineError,
    Library,
    batch_queries,
    default_export_path,
    plural,
    write_export,
)
from tui.safe import flat
from tui.widgets.fit_footer import FitFooter

MAX_LOAD_BYTES = 5 * 1024 * 1024
"""A list of queries larger than this is refused (it is not a list of names)."""


def table_text(rows: list[BatchRow], fmt: str) -> str:
    """The table as CSV or JSON (query, hits, newest date, message)."""
    records = [
        {"query": r.query, "hits": r.total, "newest": r.newest or "", "message": r.error or ""}
        for r in rows
    ]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["query", "hits", "newest", "message"])
    writer.writeheader()
    for record in records:
        writer.writerow({k: _csv_safe(str(v)) for k, v in record.items()})
    return out.getvalue()


def _csv_safe(cell: str) -> str:
    """No cell may start a spreadsheet formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


class BatchScreen(Screen[str | None]):
    """Many queries at once; dismisses with the query of the row the user opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_screen", "Back", id="batch.back"),
        Binding("ctrl+r", "run", "Run", id="batch.run"),
        Binding("e", "export('csv')", "Export CSV", id="batch.export_csv"),
        Binding("J", "export('json')", "Export JSON", id="batch.export_json"),
    ]

    DEFAULT_CSS = """
    BatchScreen #batch-file { margin: 0 1; }
    BatchScreen #batch-queries { height: 8; margin: 0 1; }
    BatchScreen #batch-table { height: 1fr; margin: 0 1; }
    BatchScreen #batch-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.rows: list[BatchRow] = []

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Load queries from a file: type its path, then enter", id="batch-file"
        )
        yield TextArea(id="batch-queries", soft_wrap=False, show_line_numbers=True)
        table: DataTable[Text] = DataTable(id="batch-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(
            Content("One query per line, # starts a comment; ctrl+r runs them."),
            id="batch-status",
        )
        yield FitFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Query", "Articles", "Newest", "Note")
        self.query_one(TextArea).focus()

    @on(Input.Submitted, "#batch-file")
    def _load_file(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(event.value.strip()).expanduser()
        status = self.query_one("#batch-status", Static)
        try:
            if path.stat().st_size > MAX_LOAD_BYTES:
                raise OSError("larger than 5 MB")
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            status.update(Content(f"{flat(str(path), 200)}: not UTF-8 text; save it as UTF-8."))
            return
        except OSError as error:
            reason = error.strerror or str(error)
            status.update(Content(f"{flat(str(path), 200)}: cannot be read ({reason})."))
            return
        area = self.query_one(TextArea)
        area.load_text(text)
        area.focus()
        queries, _ = batch_queries(text)
        status.update(
            Content(f"Loaded {plural(len(queries), 'query', 'queries')}; ctrl+r runs them.")
        )

    def action_run(self) -> None:
        """Run every query in the box."""
        queries, warnings = batch_queries(self.query_one(TextArea).text)
        status = self.query_one("#batch-status", Static)
        if not queries:
            status.update(Content("No queries: type one per line (# starts a comment)."))
            return
        status.update(Content(f"Running {plural(len(queries), 'query', 'queries')}…"))
        self._run(queries, tuple(warnings))

    @work(thread=True, exclusive=True, group="batch", exit_on_error=False)
    def _run(self, queries: list[str], warnings: tuple[str, ...]) -> None:
        rows = self.library.batch(queries, top=0)
        self.app.call_from_thread(self._show, rows, warnings)

    def _show(self, rows: list[BatchRow], warnings: tuple[str, ...]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for index, row in enumerate(rows):
            table.add_row(
                Text(flat(row.query, 60)),
                Text(f"{row.total:,}", justify="right"),
                Text(row.newest or "—"),
                Text(flat(row.error or "", 120)),
                key=str(index),
            )
        found = sum(1 for r in rows if r.total)
        summary = f"{plural(len(rows), 'query', 'queries')}, {found} with articles; enter opens one"
        self.query_one("#batch-status", Static).update(
            Content(" · ".join([summary, *(flat(w, 200) for w in warnings)]))
        )
        table.focus()

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None:
            self.dismiss(self.rows[int(key)].query)

    def action_export(self, fmt: str) -> None:
        """Write the table to the documents folder (never over an existing file)."""
        if not self.rows:
            self.notify("Nothing to export yet: run the queries first.", markup=False)
            return
        try:
            path = write_export(
                default_export_path(fmt, "dateline-batch"), table_text(self.rows, fmt)
            )
        except (DatelineError, OSError) as error:
            self.notify(flat(str(error), 300), severity="error", markup=False)
            return
        self.notify(f"Exported {plural(len(self.rows), 'row')} to {path}", markup=False)

    def action_dismiss_screen(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
