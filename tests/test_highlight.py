"""The highlighter's shortcut: only words starting with a stem's first letter are stemmed."""

from __future__ import annotations

from pathlib import Path

from index.search.highlight import match_spans
from index.search.schema import TOKEN_RE, fold, stem

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EDGE_WORDS = ["ies", "is", "a", "s", "sses", "yes", "ying", "eed", "agreed", "ties", "flies"]


def test_a_stem_starts_with_its_words_first_letter() -> None:
    """The property the shortcut relies on, over every word of the shipped articles."""
    words = {fold(m.group()) for p in SEEDS.glob("*.txt") for m in TOKEN_RE.finditer(p.read_text())}
    words.update(EDGE_WORDS)
    assert len(words) > 1000
    for word in words:
        assert stem(word)[:1] == word[:1], word


def test_stems_match_every_inflection_and_exact_words_only_themselves() -> None:
    text = "Talks stalled; the talking resumed after he talked. Talkative? Stall."
    spans = match_spans(text, [f"s:{stem('talk')}"])
    assert [text[s:e] for s, e in spans] == ["Talks", "talking", "talked", "Talkative"]
    exact = match_spans(text, ["w:stall"])
    assert [text[s:e] for s, e in exact] == ["Stall"]
    assert match_spans(text, []) == []
