"""A fast highlighter of our own: find query words in text and cut snippets around them.

Whoosh's stock highlighter re-analyses whole documents and costs ~13 ms a query; this one
tokenises only the text it is given, with cached folding and stemming, and is used only
for the hits on screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.models import SCOPE_KINDS, Article, LineKind, SnippetPart
from index.search.schema import TOKEN_RE, fold, stem

SNIPPET_CHARS = 180


def _matcher(keys: Iterable[str]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Exact words, stems, and the stems' first letters.

    The Porter stemmer rewrites only word endings, so a word's stem starts with the
    word's first letter: words starting otherwise are never stemmed here (stemming a
    word not seen before costs ~10 µs, and a snippet scans hundreds of words).
    """
    words = {k[2:] for k in keys if k.startswith("w:")}
    stems = {k[2:] for k in keys if k.startswith("s:")}
    return frozenset(words), frozenset(stems), frozenset(s[:1] for s in stems)


def match_spans(
    text: str, keys: Iterable[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Offsets of every word in text[start:end] that a search with these keys matched."""
    words, stems, initials = _matcher(keys)
    if not words and not stems:
        return []
    spans: list[tuple[int, int]] = []
    for match in TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        folded = fold(match.group())
        if folded in words or (folded[:1] in initials and stem(folded) in stems):
            spans.append(match.span())
    return spans


def snippet(
    article_text: str, blocks: Iterable[tuple[LineKind, int, int]], keys: Iterable[str]
) -> tuple[SnippetPart, ...]:
    """A one-line excerpt around the first matches in the story, matches flagged."""
    keys = tuple(keys)
    blocks = list(blocks)
    story = [(s, e) for kind, s, e in blocks if kind in SCOPE_KINDS and kind is not LineKind.TITLE]
    if not story:
        story = [(s, e) for _, s, e in blocks][:1]
    # Without a title line the displayed title is the first paragraph's opening words, so
    # a snippet with no match starts at the next paragraph instead of repeating them.
    untitled = all(kind is not LineKind.TITLE for kind, _, _ in blocks)
    fallback = story[1] if untitled and len(story) > 1 else story[0]
    if not story:
        return ()
    best: tuple[int, int, list[tuple[int, int]]] | None = None
    for start, end in story:
        spans = match_spans(article_text, keys, start, end)
        if spans:
            best = (start, end, spans)
            break
    if best is None:
        start, end = fallback
        return (
            SnippetPart(
                _flat(article_text[start : min(end, start + SNIPPET_CHARS)])
                + ("…" if end - start > SNIPPET_CHARS else "")
            ),
        )
    start, end, spans = best
    first = spans[0][0]
    window_start = max(start, first - SNIPPET_CHARS // 3)
    if window_start > start:
        space = article_text.find(" ", window_start, first)
        window_start = space + 1 if space != -1 else window_start
    window_end = min(end, window_start + SNIPPET_CHARS)
    if window_end < end:
        space = article_text.rfind(" ", max(first, window_start), window_end)
        window_end = space if space > first else window_end
    parts: list[SnippetPart] = []
    if window_start > start:
        parts.append(SnippetPart("…"))
    cursor = window_start
    for s, e in spans:
        if s < window_start or e > window_end:
            continue
        if s > cursor:
            parts.append(SnippetPart(_flat(article_text[cursor:s])))
        parts.append(SnippetPart(_flat(article_text[s:e]), True))
        cursor = e
    if cursor < window_end:
        parts.append(SnippetPart(_flat(article_text[cursor:window_end])))
    if window_end < end:
        parts.append(SnippetPart("…"))
    return tuple(parts)


def _flat(text: str) -> str:
    return text.replace("\n", " ").replace("\t", " ")


def article_matches(article: Article, keys: Iterable[str]) -> list[tuple[int, int]]:
    """Every match in an article's visible text, in order, for n/N navigation."""
    keys = tuple(keys)
    spans: list[tuple[int, int]] = []
    for block in article.blocks:
        if block.kind is not LineKind.BOILERPLATE:
            spans.extend(match_spans(article.text, keys, block.start, block.end))
    return spans
