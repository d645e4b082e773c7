"""A deterministic query set that looks like a person typing into the search box.

Search-as-you-type runs a query on every keystroke, so the set holds every prefix (from
two letters) of real words and names, then two-word queries typed the same way, quoted
phrases, one-typo fuzzy terms and entity filters. Each query also carries its structure
so the baselines (tantivy, naive Whoosh) can run the same search in their own syntax.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from bench.corpus import Source

STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "was",
        "said",
        "have",
        "has",
        "are",
        "from",
        "this",
        "but",
        "not",
        "his",
        "her",
        "they",
        "their",
        "will",
        "been",
        "were",
        "which",
        "would",
        "there",
        "also",
        "more",
        "than",
        "about",
        "into",
        "after",
        "over",
        "when",
        "who",
        "what",
        "some",
        "could",
        "other",
        "its",
        "one",
        "two",
        "new",
        "can",
        "had",
        "all",
        "out",
        "she",
        "him",
        "our",
        "only",
        "just",
        "year",
        "years",
        "last",
        "being",
        "should",
        "may",
        "most",
        "very",
        "them",
        "such",
        "those",
        "these",
        "while",
        "where",
        "how",
        "many",
        "said",
        "says",
    ]
)


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """One keystroke's query, in Dateline syntax, with its parts for the baselines."""

    text: str
    """What the user has typed (Dateline syntax, as_you_type)."""
    kind: str
    """prefix2, prefix3, prefix4+, word, two-word, phrase, fuzzy or entity."""
    words: tuple[str, ...] = ()
    """Complete words (AND)."""
    partial: str | None = None
    """Trailing word still being typed (a prefix)."""
    phrase: tuple[str, ...] = ()
    fuzzy: str | None = None
    person: str | None = None


def _prefix_kind(length: int, full: bool) -> str:
    if full:
        return "word"
    if length <= 3:
        return f"prefix{length}"
    return "prefix4+"


def _typed(prefix_words: tuple[str, ...], word: str, lead: str = "") -> list[BenchQuery]:
    """Every keystroke from two letters to the whole word, after `prefix_words`."""
    queries = []
    for end in range(2, len(word) + 1):
        partial = word[:end]
        text = (lead + " ".join((*prefix_words, partial))).strip()
        kind = "two-word" if prefix_words else _prefix_kind(end, end == len(word))
        queries.append(BenchQuery(text, kind, prefix_words, partial))
    return queries


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    choice = rng.random()
    if choice < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if choice < 0.7:
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("aeiourstn") + word[i + 1 :]


def build_queries(source: Source, sessions: int = 40, seed: int = 11) -> list[BenchQuery]:
    """About 12 keystroke queries per session; `sessions` scales the whole set."""
    rng = random.Random(seed)
    counts = Counter(w for w in source.words if len(w) >= 4 and w not in STOP)
    common = [w for w, c in counts.most_common(3000) if c >= 5]
    common = common or [w for w, _ in counts.most_common(3000)]  # a tiny corpus
    if not common:
        raise ValueError("the corpus has no words of four letters or more")
    mid = [w for w, c in counts.most_common(20000)[3000:] if c >= 3]
    queries: list[BenchQuery] = []
    for _ in range(sessions):
        word = rng.choice(common if rng.random() < 0.6 else mid or common)
        queries.extend(_typed((), word))
    names = [n for n in source.names[:300] if n.replace(" ", "").isalpha()]
    for _ in range(max(1, sessions // 3)):
        if not names:
            break
        first, *rest = rng.choice(names).lower().split()
        queries.extend(_typed((), first))
        queries.extend(_typed((first,), rest[-1]))
    for _ in range(max(1, sessions // 3)):
        first = rng.choice(common)
        queries.extend(_typed((first,), rng.choice(common)))
    bigrams = [
        (a, b)
        for a, b in zip(source.words, source.words[1:], strict=False)
        if a not in STOP and b not in STOP and len(a) > 3 and len(b) > 3
    ]
    for _ in range(max(1, sessions // 2)):
        if not bigrams:
            break
        a, b = bigrams[rng.randrange(len(bigrams))]
        queries.append(BenchQuery(f'"{a} {b}"', "phrase", phrase=(a, b)))
    long_words = [w for w in common if len(w) >= 6]
    for _ in range(max(1, sessions // 2)):
        typo = _typo(rng, rng.choice(long_words or common))
        queries.append(BenchQuery(f"{typo}~", "fuzzy", fuzzy=typo))
    for _ in range(max(1, sessions // 4)):
        if not names:
            break
        name = rng.choice(names[:100])
        queries.append(BenchQuery(f'person:"{name}"', "entity", person=name))
        word = rng.choice(common)
        queries.append(
            BenchQuery(f'person:"{name}" {word[:3]}', "entity", person=name, partial=word[:3])
        )
    return queries


def subsample(queries: list[BenchQuery], limit: int) -> list[BenchQuery]:
    """Every k-th query, so a smaller run keeps the mix of kinds."""
    if len(queries) <= limit:
        return list(queries)
    step = len(queries) / limit
    return [queries[int(i * step)] for i in range(limit)]
