"""The rebuild saves each generation's entity table; views load it instead of reading
every entity row, and ignore a file that does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library, load_config
from index.corpus import namestore, tablestore
from index.corpus.entity_table import EntityTable
from index.extract.corrections import parse_entity_rules
from tests.generation_files import saved_beside


def _counts(library: Library) -> list[tuple[str, str, tuple[str, ...], int, int]]:
    return [
        (e.type, e.name, e.aliases, e.articles, e.mentions) for e in library.entities(limit=500)
    ]


def test_the_saved_table_counts_as_the_rows_do(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        path = saved_beside(library, tablestore.path_for)
        loaded = _counts(library)
        assert loaded

        def never(*args: object) -> EntityTable:
            raise AssertionError("entity rows read although the rebuild saved the table")

        monkeypatch.setattr(EntityTable, "build", never)
        fresh = Library(load_config(seed_copy))
        try:
            fresh.open()
            assert _counts(fresh) == loaded
        finally:
            fresh.close()
        monkeypatch.undo()
        path.unlink()  # without the file the view builds the same table itself
        rebuilt = Library(load_config(seed_copy))
        try:
            rebuilt.open()
            assert _counts(rebuilt) == loaded
        finally:
            rebuilt.close()
    finally:
        library.close()


def test_a_table_that_does_not_fit_is_ignored(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        path = saved_beside(library, tablestore.path_for)
        engine = library._engine
        assert engine is not None
        name, root = engine.generation.name, path.parent
        key = namestore.rules_key(library.config.entities)
        assert tablestore.load(root, name, key) is not None
        rules, _ = parse_entity_rules({"split": ["Lutnick"]}, "test")
        assert tablestore.load(root, name, namestore.rules_key(rules)) is None
        assert tablestore.load(root, "ix-other", key) is None
        whole = path.read_bytes()
        path.write_bytes(whole[:-5])  # cut short
        assert tablestore.load(root, name, key) is None
        path.write_bytes(whole + b"\0\0\0\0")  # longer than written
        assert tablestore.load(root, name, key) is None
        header, _, rows = whole.partition(b"\n")
        path.write_bytes(header + b"\n" + b"\xff" * len(rows))  # ids out of range
        assert tablestore.load(root, name, key) is None
        path.write_bytes(b"{not json\n")
        assert tablestore.load(root, name, key) is None
    finally:
        library.close()


def test_entities_of_a_query_count_over_every_article_it_matches(seed_copy: Path) -> None:
    from index import SearchFilter, SearchRequest

    articles = Path(load_config(seed_copy).articles[0])
    (articles / "new.txt").write_text(
        "Talks end\n\nThe talks ended on Friday after two days, said Mr Lutnick.\n"
    )
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        for words in ("shipbuilding", "said", "lutnick talks"):
            request = SearchRequest(words, limit=1000)
            ids = tuple(hit.id for hit in library.search(request).hits)
            assert ids
            assert library.entities(query=request, limit=500) == library.entities(
                article_ids=ids, limit=500
            )
        # An entity filter names the corpus-wide person; the search resolves it to the
        # articles naming any of its spellings, and the counts must follow the same way.
        person = SearchFilter("person", "Howard Lutnick")  # "Mr Lutnick" alone in new.txt
        filtered = SearchRequest("talks", filters=(person,), limit=1000)
        ids = tuple(hit.id for hit in library.search(filtered).hits)
        assert any(i.endswith("new.txt") for i in ids)
        assert library.entities(query=filtered, limit=500) == library.entities(
            article_ids=ids, limit=500
        )
        assert library.entities(query=SearchRequest("shipbuilding"), limit=500) != library.entities(
            limit=500
        )
    finally:
        library.close()
