"""Saved web pages (.html, .htm) read as articles: the story's text and the page's metadata.

Reporters keep stories as saved pages. trafilatura finds the main text (no menus, ads,
scripts or comment threads) and reads the title, date, authors and site name from the
page's own metadata. The text then goes through the same cleaning as a text file; the
page's metadata wins over what cleaning guesses from lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from index.models import ArticleMeta

PAGE_SUFFIXES = frozenset({".html", ".htm"})
MIN_WORDS = 5
"""Fewer words than this is a menu or an error page, not a story."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")


class PageError(Exception):
    """The page holds no readable story; the message says why."""


@dataclass(frozen=True, slots=True)
class Page:
    """A web page's story as plain text (paragraphs apart) and its metadata."""

    text: str
    meta: ArticleMeta


def is_page(path: str) -> bool:
    """Whether a file name is a saved web page."""
    dot = path.rfind(".")
    return dot >= 0 and path[dot:].lower() in PAGE_SUFFIXES


def read_page(data: bytes) -> Page:
    """The story and metadata of one saved page (raises PageError when there is none)."""
    try:
        import trafilatura
    except ImportError as error:  # a broken install must not stop the library building
        raise PageError("web pages need the trafilatura package; reinstall Dateline") from error
    try:
        document: Any = trafilatura.bare_extraction(
            data,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
            deduplicate=True,
        )
    except Exception as error:  # hostile or broken markup: skip the file, keep building
        raise PageError(f"the page could not be read ({type(error).__name__})") from None
    if document is None:
        raise PageError("no story text found in the page")
    fields = document if isinstance(document, dict) else document.as_dict()
    body = _text(fields.get("text"))
    if len(body.split()) < MIN_WORDS:
        raise PageError("no story text found in the page")
    title = _one_line(fields.get("title"))
    date = _one_line(fields.get("date"))
    meta = ArticleMeta(
        title=title or None,
        date=date if _ISO_DATE.match(date) else None,
        source=_one_line(fields.get("sitename")) or _one_line(fields.get("hostname")) or None,
        authors=_authors(fields.get("author")),
    )
    first, _, rest = body.partition("\n\n")
    if title and first.casefold() == title.casefold():
        body = rest  # the page's own headline, already the title line
    text = f"{title}\n\n{body}" if title else body
    return Page(text=text, meta=meta)


def _text(value: object) -> str:
    """Story text with one blank line between paragraphs, NFC, Unix newlines."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(p.split()) for p in text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _one_line(value: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def _authors(value: object) -> tuple[str, ...]:
    names = [n.strip() for n in _AUTHOR_SPLIT.split(_one_line(value)) if n.strip()]
    return tuple(dict.fromkeys(names))[:10]


def merged_meta(page: ArticleMeta | None, cleaned: ArticleMeta) -> ArticleMeta:
    """The page's own metadata where it has some, the cleaning's guesses elsewhere."""
    if page is None:
        return cleaned
    return ArticleMeta(
        title=page.title or cleaned.title,
        date=page.date or cleaned.date,
        source=page.source or cleaned.source,
        authors=page.authors or cleaned.authors,
        editor=cleaned.editor,
        dateline=cleaned.dateline,
    )
