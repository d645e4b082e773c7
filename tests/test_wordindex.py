"""The who-said-what filter index answers exactly as testing `word in text` would."""

from __future__ import annotations

import random

from tui.wordindex import WordIndex


def _scan(texts: list[str], word: str) -> list[int]:
    return [i for i, text in enumerate(texts) if word in text]


def test_matches_a_scan_for_whole_words_parts_and_punctuation() -> None:
    texts = [
        "“we will cut taxes,” said mr brown bbc news",
        "the minister's plan\nfor economic growth",
        "growth slowed, analysts said",
        "",
        "o'brien: no comment",
    ]
    index = WordIndex()
    for i, text in enumerate(texts):
        index.add(i, text)
    for word in ("growth", "row", "minister's", "said", "taxes,”", "o'b", "zzz", "\u201c"):
        found = index.matching(word)
        assert found is None or found == _scan(texts, word), word


def test_texts_that_grow_and_random_words_agree_with_a_scan() -> None:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefg'") for _ in range(rng.randint(1, 7))) for _ in range(300)
    ]
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(0, 12))) for _ in range(400)]
    index = WordIndex()
    for i, text in enumerate(texts):
        index.add(i, text)
    for i in rng.sample(range(len(texts)), 40):  # a group gains a wording
        texts[i] += "\n" + " ".join(rng.choices(vocabulary, k=5))
        index.add(i, texts[i])
    answered = 0
    for word in [*rng.sample(vocabulary, 120), "abc", "gf", "'"]:
        found = index.matching(word)
        if found is not None:
            answered += 1
            assert found == _scan(texts, word), word
    assert answered > 50  # most words are looked up, not scanned
