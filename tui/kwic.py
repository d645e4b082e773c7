"""Keyword-in-context lines as plain text, shared by the concordance screen and the CLI.

The context either side comes back from the index with its whitespace normalised, so
whether the keyword was followed by a space is lost; punctuation says it: "Trump's
visit" and "before APEC." take no space, "(APEC" none before.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

NO_SPACE_BEFORE = frozenset(".,;:!?)]}”’'»%…")
"""Characters that follow a word without a space ("Trump's", "APEC.", "APEC)")."""
NO_SPACE_AFTER = frozenset("([{“‘$«/-–")
"""Characters that precede a word without a space ("(APEC", "“We", "$350")."""


def plural(count: int, noun: str) -> str:
    """`1 mention`, `2 mentions`, `1,204 articles`."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def kwic_parts(before: str, after: str) -> tuple[str, str]:
    """`before` and `after` with the spaces that belong next to the keyword."""
    left = before if not before or before[-1] in NO_SPACE_AFTER else before + " "
    right = after if not after or after[0] in NO_SPACE_BEFORE else " " + after
    return left, right


def cut_left(text: str, cells: int) -> str:
    """The last `cells` cells of `text`, with an ellipsis when something was cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 1:
        return "…"[:cells]
    tail = text[::-1]
    return "…" + set_cell_size(tail, cells - 1)[::-1]


def cut_right(text: str, cells: int) -> str:
    """The first `cells` cells of `text`, with an ellipsis when something was cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 1:
        return "…"[:cells]
    return set_cell_size(text, cells - 1) + "…"


def kwic_text(before: str, match: str, after: str, side: int) -> tuple[str, str, str]:
    """(left, match, right): left padded to `side` cells so every keyword starts in one
    column, right cut to `side` cells."""
    left, right = kwic_parts(before, after)
    left = cut_left(left, side)
    return " " * (side - cell_len(left)) + left, match, cut_right(right, side)
