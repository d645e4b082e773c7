"""The Whoosh schema and analyzers: the only place that decides how text becomes terms.

Both the stemmed and the exact field NFKC-normalise and casefold every token, so
full-width letters, ligatures and case never stop a match (plain StandardAnalyzer misses
them). Zero-width characters and soft hyphens are removed before tokenising.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import STOP_WORDS, Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.lang.porter import stem as porter_stem

INDEX_NAME = "MAIN"
"""The name of the one Whoosh index inside a generation folder."""
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
"""Words, keeping dotted abbreviations ("u.s") together as Whoosh's default does."""
TOKEN_RE = re.compile(TOKEN_PATTERN)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

ENTITY_FIELDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "PLACE": "place",
    "MONEY": "money",
    "PERCENT": "percent",
    "DATE": "date_entity",
    "INITIATIVE": "initiative",
}
"""Entity type -> keyword field holding the alias keys of that type's entities."""
KEYWORD_FIELDS: tuple[str, ...] = (*ENTITY_FIELDS.values(), "said", "author", "source")


def strip_invisible(text: str) -> str:
    """Remove characters that split words without being seen (zero-width, soft hyphen)."""
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The form a word is indexed under in the exact field: NFKC then casefold."""
    return unicodedata.normalize("NFKC", word).casefold()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stemmed-field form of an already folded word."""
    return str(porter_stem(word))


class FoldFilter(Filter):  # type: ignore[misc]
    """NFKC-normalise and casefold each token."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


class InvisibleTokenizer(RegexTokenizer):  # type: ignore[misc]
    """A regex tokenizer that first drops zero-width characters and soft hyphens."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Any]:
        if kwargs.get("mode") != "query" and _INVISIBLE.search(value):
            value = strip_invisible(value)
        return super().__call__(value, **kwargs)  # type: ignore[no-any-return]


def exact_analyzer() -> Any:
    """Unstemmed words: for exact mode, prefixes, fuzzy terms and completion."""
    return InvisibleTokenizer(TOKEN_PATTERN) | FoldFilter()


def stemmed_analyzer() -> Any:
    """Stemmed words with stop words removed: the default relevance search."""
    return (
        InvisibleTokenizer(TOKEN_PATTERN)
        | FoldFilter()
        | StopFilter(minsize=1)
        | StemFilter(stemfn=stem, cachesize=-1)
    )


def index_terms(value: str, stemmed: bool) -> tuple[list[str], int]:
    """The terms `stemmed_analyzer` or `exact_analyzer` make of `value`, and the first's position.

    Stop words are dropped and the rest renumbered from the first kept word's position,
    exactly as Whoosh's StopFilter does, so phrases match as before.
    """
    if _INVISIBLE.search(value):
        value = strip_invisible(value)
    words = [fold(word) for word in TOKEN_RE.findall(value)]
    if not stemmed:
        return words, 0
    first = next((i for i, word in enumerate(words) if word and word not in STOP_WORDS), 0)
    return [stem(word) for word in words if word and word not in STOP_WORDS], first


class FastText(TEXT):  # type: ignore[misc]
    """A positional TEXT field indexed without Whoosh's per-token objects and filter chain.

    Whoosh runs every token through a generator per filter (about 1 µs per token per
    stage, twice per article for `body` and `exact`); here a regex, two cached functions
    and a dictionary produce the same terms, weights and encoded positions. Queries still
    go through the field's analyzer.
    """

    def __init__(self, stemmed: bool, **kwargs: Any) -> None:
        super().__init__(analyzer=stemmed_analyzer() if stemmed else exact_analyzer(), **kwargs)
        self.stemmed = stemmed

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str) or type(self.format) is not Positions:
            yield from super().index(value, **kwargs)
            return
        terms, first = index_terms(value, self.stemmed)
        positions: dict[str, list[int]] = {}
        for position, term in enumerate(terms, start=first):
            found = positions.get(term)
            if found is None:
                positions[term] = [position]
            else:
                found.append(position)
        boost = self.format.field_boost
        encode = self.format.encode
        for term, found in positions.items():
            count = len(found)
            value = _encode_one(found[0]) if count == 1 else encode(found)
            yield term.encode("utf-8"), count, count * boost, value


@lru_cache(maxsize=4096)
def _encode_one(position: int) -> bytes:
    """Whoosh's encoding of a single position (most words occur once per article)."""
    return bytes(Positions().encode([position]))


def build_schema() -> Schema:
    """The index schema. Article text itself lives in the article store, not here."""
    stemmed = stemmed_analyzer()
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "path": STORED(),
        "title": FastText(stemmed=True, stored=True, field_boost=2.0),
        "body": FastText(stemmed=True),
        "exact": FastText(stemmed=False),
        "captions": TEXT(analyzer=stemmed, phrase=False),
        "date": ID(stored=True, sortable=True),
        "source_name": STORED(),
        "digest": ID(sortable=True),
    }
    for name in KEYWORD_FIELDS:
        fields[name] = KEYWORD(commas=True, lowercase=False, scorable=False)
    return Schema(**fields)
