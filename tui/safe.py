"""The one way untrusted text reaches the screen (RELIABILITY.md traps 1 and 2).

Plain `str` given to most Textual widgets is parsed as markup, and terminal escapes pass
through every widget, so each string from articles, file names, notes or errors goes
through `safe()`: sanitised, then wrapped in `Content`, which is never parsed as markup.
"""

from __future__ import annotations

from textual.content import Content

from index import one_line, sanitize_for_terminal
from index.sanitize import strip_controls


def clean(text: str | None) -> str:
    """Sanitised plain text (for `Input` values, `notify(..., markup=False)`, clipboard)."""
    return sanitize_for_terminal(text or "")


def input_text(text: str | None) -> str:
    """A stored string fit to put in an `Input` for editing: one line, no escape sequence.

    `Input` draws its value as is, so a note imported with `ESC ] 52 ; …` would reach the
    terminal; whole sequences are removed (not just made visible) so that saving the form
    does not store their remains.
    """
    return " ".join(strip_controls(text or "").split())


def flat(text: str | None, limit: int = 300) -> str:
    """Sanitised single line, cut to `limit` characters."""
    return one_line(text or "", limit)


def safe(text: str | None, style: str = "") -> Content:
    """Sanitise `text` and wrap it as `Content` so no markup in it is ever interpreted."""
    content = Content(sanitize_for_terminal(text or ""))
    return content.stylize(style) if style else content


def safe_line(text: str | None, style: str = "", limit: int = 300) -> Content:
    """Like `safe`, flattened to one line (titles, file names, error sentences)."""
    content = Content(one_line(text or "", limit))
    return content.stylize(style) if style else content


def date_label(date: str | None) -> str:
    """A date from an article or an imported file as one short safe line, or `undated`."""
    return one_line(date or "", 40) or "undated"


def count_row(name: str, count: int, width: int = 24, muted: bool = False) -> Content:
    """`name ............ 3`, the count right-aligned in a `width`-cell column.

    `name` must already be sanitised (callers pass it through `flat`).
    """
    label = name if len(name) <= width - 4 else name[: width - 5] + "…"
    gap = max(1, width - len(label) - len(str(count)))
    row = Content.assemble(Content(label), " " * gap, Content(str(count)).stylize("$text-muted"))
    return row.stylize("$text-muted") if muted else row
