"""The text of one results row: title, date · source, and a snippet cut to show its first
match, as plain pieces each named by the component class that styles it."""

from __future__ import annotations

from index import SearchHit, SnippetPart
from tui.safe import date_label, flat

Piece = tuple[str, str]
"""A run of text and the component class that styles it."""


def row_pieces(hit: SearchHit) -> tuple[tuple[Piece, ...], ...]:
    """The three lines of one hit: sanitised plain text, styled by component class.

    Drawn as segments, never parsed: no text from an article is ever markup.
    """
    title = ((flat(hit.title, 200), "results-list--title"),)
    copies = len(hit.duplicates)
    also = f"also in {copies} other file{'s' if copies > 1 else ''}" if copies else ""
    meta_text = " · ".join(p for p in (date_label(hit.date), flat(hit.source or "", 60), also) if p)
    meta = ((meta_text, "results-list--meta"),)
    snippet: list[Piece] = []
    for part in lead_to_match(hit.snippet):
        text = flat(part.text, 400)
        if not text:
            text = " " if part.text[:1].isspace() else ""
        else:
            if part.text[:1].isspace():
                text = " " + text
            if part.text[-1:].isspace():
                text += " "
        if text:
            role = "results-list--match" if part.is_match else "results-list--snippet"
            snippet.append((text, role))
    return title, meta, tuple(snippet)


def lead_to_match(parts: tuple[SnippetPart, ...], lead: int = 24) -> list[SnippetPart]:
    """Drop snippet text far before the first match, so one line shows the match."""
    out: list[SnippetPart] = []
    seen_match = False
    for index, part in enumerate(parts):
        if not seen_match and not part.is_match and any(p.is_match for p in parts[index + 1 :]):
            text = part.text.lstrip("…")
            if len(text) > lead:
                cut = text.find(" ", len(text) - lead)
                text = "…" + text[cut if cut >= 0 else len(text) - lead :]
            out.append(SnippetPart(text, False))
            continue
        seen_match = seen_match or part.is_match
        out.append(part)
    return out
