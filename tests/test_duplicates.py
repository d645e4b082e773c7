"""A story stored in several files is listed once, counted once, and says where else it is."""

from __future__ import annotations

import itertools
import json
import random
import shutil
from array import array
from collections import Counter
from pathlib import Path

from index import Library, SearchRequest, load_config
from index.search import copies
from index.store import near_copies
from index.store.near_copies import same_story
from tests.configs import write_config
from tests.conftest import SEEDS
from tests.test_cli import dateline


def library_with_copies(tmp_path: Path) -> tuple[Library, Path]:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    original = next(articles.glob("002_*.txt"))
    text = original.read_text(encoding="utf-8")
    # the same story re-saved: other line breaks and spacing, same words
    (articles / "saved-again.txt").write_text(text.replace("\n\n", "\n\n\n").replace(" ", "  "))
    # a revised version: one word changed, a near copy of the same story
    revised = text.replace("Hopes for a grand", "Hopes for a sweeping", 1)
    assert revised != text
    (articles / "revised.txt").write_text(revised)
    (articles / "note-a.txt").write_text("Short note\n\nCall back later.\n")
    (articles / "note-b.txt").write_text("Short note\n\nCall back later.\n")
    config = write_config(tmp_path, articles)
    library = Library(load_config(config))
    assert library.rebuild(full=True).error is None
    library.open()
    return library, config


def test_a_copy_is_listed_once_with_the_other_path(tmp_path: Path) -> None:
    library, _ = library_with_copies(tmp_path)
    try:
        results = library.search(SearchRequest("snag"))
        # the re-saved copy and the revision (one word changed) are the same story
        assert [h.id for h in results.hits] == ["002_f253a9bd2549b8e9.txt"]
        assert results.total == 1
        first = results.hits[0]
        assert sorted(Path(p).name for p in first.duplicates) == ["revised.txt", "saved-again.txt"]
        everything = library.search(SearchRequest("", limit=100))
        assert everything.total == 5 + 2  # seeds, two short notes
        timeline = library.timeline(SearchRequest("snag"))
        assert timeline.total == 1  # counted once over time too
    finally:
        library.close()


def test_a_near_copy_added_by_an_update_folds_into_its_story(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    library = Library(load_config(write_config(tmp_path, articles)))
    try:
        assert library.rebuild(full=True).error is None
        library.open()
        assert library.search(SearchRequest("snag")).total == 1
        original = next(articles.glob("002_*.txt"))
        text = original.read_text(encoding="utf-8")
        # re-saved from another site: a new headline and a last paragraph dropped
        lines = text.splitlines()
        edited = "\n".join(["Trade talks stall over $350bn gap", *lines[1:-2]]) + "\n"
        (articles / "from-elsewhere.txt").write_text(edited, encoding="utf-8")
        # and an unrelated story stays apart
        (articles / "other.txt").write_text(
            "Rains flood farms\n\n" + "Heavy rain flooded farms across the valley. " * 30
        )
        report = library.rebuild(full=False)
        assert report.error is None and report.added == 2
        library.open()
        found = library.search(SearchRequest("snag"))
        assert [h.id for h in found.hits] == [original.name]
        assert [Path(p).name for p in found.hits[0].duplicates] == ["from-elsewhere.txt"]
        assert library.search(SearchRequest("flooded")).hits[0].duplicates == ()
        # and taking the copy away again unfolds it
        (articles / "from-elsewhere.txt").unlink()
        assert library.rebuild(full=False).error is None
        library.open()
        assert library.search(SearchRequest("snag")).hits[0].duplicates == ()
    finally:
        library.close()


def test_short_texts_are_never_called_the_same_story(tmp_path: Path) -> None:
    library, _ = library_with_copies(tmp_path)
    try:
        notes = library.search(SearchRequest("call back later"))
        assert sorted(h.id for h in notes.hits) == ["note-a.txt", "note-b.txt"]
    finally:
        library.close()


def test_search_json_hits_carry_duplicates(tmp_path: Path) -> None:
    library, config = library_with_copies(tmp_path)
    library.close()
    data = json.loads(dateline("search", "snag", "--json", "--config", str(config)).stdout)
    by_id = {hit["id"]: hit for hit in data["hits"]}
    assert list(by_id) == ["002_f253a9bd2549b8e9.txt"]  # the revision is a near copy
    assert sorted(Path(p).name for p in by_id["002_f253a9bd2549b8e9.txt"]["duplicates"]) == [
        "revised.txt",
        "saved-again.txt",
    ]


def test_an_index_built_before_digests_still_searches(seed_index: Path) -> None:
    from whoosh.fields import Schema

    library = Library(load_config(seed_index))
    library.open()
    try:
        engine = library._engine
        assert engine is not None
        fast = engine._backend._fast
        assert fast is not None
        for segment in fast._segments:  # what an older index's readers look like
            fields = {n: f for n, f in segment.reader.schema.items() if n != "digest"}
            segment.reader.schema = Schema(**fields)
        fast._copies = None
        fast._stored_groups = None  # an older generation has no copies table either
        assert library.search(SearchRequest("Lutnick")).total == 4
    finally:
        library.close()


def _copies_table(library: Library) -> dict[str, list[str]]:
    engine = library._engine
    assert engine is not None
    table = copies.load(engine.generation.path)
    assert table is not None  # the build wrote it: searches need not read every digest
    return table


def test_the_copies_table_is_written_and_updated_incrementally(tmp_path: Path) -> None:
    library, _ = library_with_copies(tmp_path)
    articles = tmp_path / "articles"
    try:
        (group,) = _copies_table(library).values()
        assert sorted(group) == ["002_f253a9bd2549b8e9.txt", "saved-again.txt"]
        text = (articles / "saved-again.txt").read_text(encoding="utf-8")
        (articles / "third-copy.txt").write_text(text, encoding="utf-8")
        report = library.rebuild()
        assert report.error is None and not report.full and report.added == 1
        (group,) = _copies_table(library).values()
        assert sorted(group) == ["002_f253a9bd2549b8e9.txt", "saved-again.txt", "third-copy.txt"]
        (articles / "saved-again.txt").unlink()
        (articles / "third-copy.txt").write_text("Another story now\n\n" + "word " * 40)
        assert library.rebuild().error is None
        assert _copies_table(library) == {}  # one exact copy left: no group
        (hit,) = library.search(SearchRequest("snag")).hits  # the revision is a near copy
        assert [Path(p).name for p in hit.duplicates] == ["revised.txt"]
    finally:
        library.close()


def test_a_revision_that_adds_a_few_paragraphs_is_the_same_story() -> None:
    # the later version keeps 58 of the first one's 66 phrases and adds 18 of its own
    assert same_story(58, 66, 76)
    # the two one-word-apart copies are near copies by any measure
    assert same_story(95, 100, 100)
    # a brief that a feature three times its length quotes whole is another story
    assert not same_story(60, 62, 190)
    # stories sharing a third of their phrases are two stories
    assert not same_story(30, 90, 90)


def _new_reporting(words: int) -> str:
    """Fresh sentences that share no five-word phrase with anything else."""
    rng = random.Random(7)
    vocabulary = [
        "officials",
        "delegates",
        "ministers",
        "analysts",
        "draft",
        "text",
        "review",
        "shipyards",
        "tariffs",
        "semiconductors",
        "batteries",
        "investment",
        "pledge",
        "framework",
        "schedule",
        "summit",
        "partners",
        "exporters",
        "automakers",
        "currency",
        "swap",
        "guarantees",
        "loans",
        "projects",
        "deadline",
        "working",
        "level",
        "meetings",
        "capital",
        "markets",
        "steel",
        "aluminium",
        "agriculture",
        "beef",
        "rice",
        "energy",
    ]
    picked = [rng.choice(vocabulary) for _ in range(words)]
    return " ".join(" ".join(picked[k : k + 12]) + "." for k in range(0, words, 12))


def test_a_revised_story_with_new_paragraphs_is_listed_once(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    original = next(articles.glob("003_*.txt"))
    text = original.read_text(encoding="utf-8")
    # the later version adds a third again of new reporting at the end
    length = len(text.split())
    revised = text.rstrip() + "\n\n" + _new_reporting(length // 3) + "\n"
    (articles / "revised-later.txt").write_text(revised, encoding="utf-8")
    # a feature that quotes the whole story inside three times its length stays apart
    feature = text.rstrip() + "\n\n" + _new_reporting(length * 2) + "\n"
    (articles / "long-feature.txt").write_text(feature, encoding="utf-8")
    library = Library(load_config(write_config(tmp_path, articles)))
    try:
        assert library.rebuild(full=True).error is None
        library.open()
        found = library.search(SearchRequest('"stepped up efforts to expedite"', limit=20))
        by_id = {h.id: h for h in found.hits}
        assert set(by_id) == {original.name, "long-feature.txt"} or set(by_id) == {
            "revised-later.txt",
            "long-feature.txt",
        }
        (story,) = [h for h in found.hits if h.id != "long-feature.txt"]
        assert len(story.duplicates) == 1
        assert by_id["long-feature.txt"].duplicates == ()
    finally:
        library.close()


def test_near_copy_candidates_are_the_pairs_sharing_enough_buckets() -> None:
    """Counting per article finds exactly the pairs a table of every bucket pair would."""
    rng = random.Random(7)
    ids = [f"a{n:03d}" for n in range(120)]
    signatures = array("q")
    buckets: dict[int, list[int]] = {}
    for position in range(len(ids)):
        signature = sorted(rng.sample(range(40), near_copies.SIGNATURE))
        signatures.extend(signature)
        for value in signature:
            buckets.setdefault(value, []).append(position)
    table = Counter(
        (ids[one], ids[other])
        for members in buckets.values()
        if 1 < len(members) <= near_copies.COMMON
        for one, other in itertools.combinations(members, 2)
    )
    expected = sorted(pair for pair, count in table.items() if count >= near_copies.AGREE)
    found = list(near_copies._candidates(ids, signatures, buckets))
    assert expected and sorted(found) == expected and len(found) == len(set(found))
