"""Corpus-wide names are saved by the rebuild and read by the views, not recomputed."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library, load_config
from index.corpus import namestore
from index.corpus.names import CorpusNames
from index.extract.corrections import EntityRules, parse_entity_rules
from tests.generation_files import saved_beside


def _fields(names: CorpusNames) -> tuple[object, ...]:
    return names.by_row, names.by_gender, names.by_name, names.members


def test_each_rebuild_saves_the_names_the_views_would_compute(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        first = saved_beside(library, namestore.path_for)
        engine = library._engine
        assert engine is not None
        conn, lock = engine.db()
        computed = namestore.compute(conn, lock, library.config.entities)
        loaded = namestore.load(first.parent, engine.generation.name, library.config.entities)
        assert loaded is not None and _fields(loaded) == _fields(computed)
        articles = Path(library.config.articles[0])
        (articles / "new.txt").write_text(
            "Talks resume\n\nMr Lutnick said talks would resume, said Howard Lutnick.\n"
        )
        assert library.rebuild().error is None  # an update saves its own
        second = saved_beside(library, namestore.path_for)
        assert second != first
        (articles / "newer.txt").write_text("Talks end\n\nThe talks ended, said Mr Lutnick.\n")
        assert library.rebuild().error is None
        third = saved_beside(library, namestore.path_for)
        assert not first.exists()  # its generation is gone (the previous one is kept)
        assert second.exists() and third.exists()
    finally:
        library.close()


def test_views_read_saved_names_instead_of_computing(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        saved_beside(library, namestore.path_for)

        def never(*args: object) -> CorpusNames:
            raise AssertionError("names recomputed although the rebuild saved them")

        monkeypatch.setattr(namestore, "compute", never)
        assert library.entities("PERSON", limit=5)
        assert library.corpus_name("PERSON", "Lutnick")
    finally:
        library.close()


def test_names_saved_under_other_entity_rules_are_not_used(seed_copy: Path) -> None:
    library = Library(load_config(seed_copy))
    try:
        assert library.rebuild(full=True).error is None
        path = saved_beside(library, namestore.path_for)
        engine = library._engine
        assert engine is not None
        name = engine.generation.name
        assert namestore.load(path.parent, name, library.config.entities) is not None
        rules, _ = parse_entity_rules({"split": ["Lutnick"]}, "test")
        assert rules != EntityRules()
        assert namestore.load(path.parent, name, rules) is None
        assert namestore.load(path.parent, "ix-other", library.config.entities) is None
        path.write_text("{not json")
        assert namestore.load(path.parent, name, library.config.entities) is None
    finally:
        library.close()
