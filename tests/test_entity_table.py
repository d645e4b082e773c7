"""The compact entity table counts like a scan of every row, over any set of articles."""

from __future__ import annotations

import json

from index.corpus.entity_table import EntityTable
from index.corpus.names import CorpusRow, resolve

ROWS = [
    ("a1", "PERSON", "Tony Blair", ["Tony Blair", "Mr Blair"], 3),
    ("a1", "ORG", "Labour", ["Labour"], 2),
    ("a2", "PERSON", "Mr Blair", ["Mr Blair"], 1),
    ("a2", "ORG", "Labour Party", ["Labour Party", "Labour"], 1),
    ("a3", "PERSON", "Blair", ["Blair"], 2),
    ("a3", "PLACE", "London", ["London"], 1),
    ("a4", "PLACE", "London", ["London"], 4),
]


def _table() -> EntityTable:
    names = resolve(CorpusRow(t, n, tuple(a), 1, json.dumps(a)) for _, t, n, a, _ in ROWS)
    return EntityTable.build(((i, t, n, json.dumps(a), c) for i, t, n, a, c in ROWS), names)


def test_counts_over_everything_and_over_a_few() -> None:
    table = _table()
    every = {(e.type, e.name): (e.articles, e.mentions) for e in table.count(None, None, 10)}
    assert every == {
        ("PERSON", "Tony Blair"): (3, 6),
        ("ORG", "Labour Party"): (2, 3),
        ("PLACE", "London"): (2, 5),
    }
    few = table.count(None, {"a3", "a4"}, 10)
    assert [(e.name, e.articles, e.mentions) for e in few] == [
        ("London", 2, 5),
        ("Tony Blair", 1, 2),
    ]
    assert few[1].aliases == ("Blair",)
    assert [e.name for e in table.count("ORG", None, 10)] == ["Labour Party"]


def test_most_of_the_library_counts_the_same_as_a_scan() -> None:
    table = _table()
    most = table.count(None, {"a1", "a2", "a4"}, 10)  # counted as everything minus a3
    assert [(e.name, e.articles, e.mentions) for e in most] == [
        ("Tony Blair", 2, 4),
        ("Labour Party", 2, 3),
        ("London", 1, 4),
    ]
    assert table.count(None, set(), 10) == []


def test_any_subset_and_limit_counts_as_a_brute_force_scan() -> None:
    import random
    from collections import Counter

    rng = random.Random(3)
    people = [f"Person {i}" for i in range(12)]
    rows = []
    for article in range(60):
        for name in rng.sample(people, rng.randint(1, 5)):
            spelling = rng.choice([[name], [name, f"Mx {name[-2:]}"]])
            rows.append((f"a{article:02d}", "PERSON", name, spelling, rng.randint(1, 3)))
        rows.append((f"a{article:02d}", "PLACE", "Paris", ["Paris"], 1))
    names = resolve(CorpusRow(t, n, tuple(a), 1, json.dumps(a)) for _, t, n, a, _ in rows)
    table = EntityTable.build(((i, t, n, json.dumps(a), c) for i, t, n, a, c in rows), names)
    for size in (5, 20, 31, 45, 59):
        ids = {f"a{i:02d}" for i in rng.sample(range(60), size)} | {"not indexed"}
        articles: Counter[str] = Counter()
        mentions: Counter[str] = Counter()
        aliases: dict[str, set[str]] = {}
        for article_id, etype, name, spelling, count in rows:
            if article_id in ids and etype == "PERSON":
                articles[name] += 1
                mentions[name] += count
                aliases.setdefault(name, set()).update(spelling)
        expected = sorted(articles, key=lambda n: (-articles[n], -mentions[n], n))
        for limit in (1, 3, 7, 50):
            got = table.count("PERSON", ids, limit)
            assert [(e.name, e.articles, e.mentions, e.aliases) for e in got] == [
                (n, articles[n], mentions[n], tuple(sorted(aliases[n]))) for n in expected[:limit]
            ]
        assert [(e.name, e.articles) for e in table.count("PLACE", ids, 5)] == [("Paris", size)]
        assert table.count("ORG", ids, 5) == []
    assert table.count(None, None, 0) == []
