"""HeapPacer: collections between keystrokes, and the interpreter's GC handed back on exit.

Every test restores the interpreter's GC state (enabled, thresholds, freeze, callbacks),
so a failing assertion here cannot leave automatic collection off for the rest of the run.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from index import Config
from tests.app_fixtures import app_config, make_app, seed_app_index, wait_idle
from tui.heap import FULL_EVERY, MIDDLE_EVERY, YOUNG_LIMIT, HeapPacer

__all__ = ["app_config", "seed_app_index"]


@pytest.fixture(autouse=True)
def gc_state() -> Iterator[None]:
    """Put the interpreter's GC back exactly as it was, whatever the test did."""
    enabled = gc.isenabled()
    thresholds = gc.get_threshold()
    callbacks = list(gc.callbacks)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        gc.callbacks[:] = callbacks
        if enabled:
            gc.enable()
        else:
            gc.disable()


@pytest.fixture
def generations() -> Iterator[list[int]]:
    """The generation of every collection started while the test records."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)


def test_settle_freezes_the_heap_and_turns_automatic_collection_off() -> None:
    pacer = HeapPacer()
    assert not pacer.active
    pacer.settle()
    assert pacer.active
    assert not gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert gc.get_count()[0] < 100  # settled with a collection: nothing much pending


def test_collect_does_nothing_before_settle(generations: list[int]) -> None:
    gc.disable()  # no automatic collection to confuse the count
    pacer = HeapPacer()
    for _ in range(MIDDLE_EVERY + 1):
        pacer.collect()
    pending: list[list[int]] = [[] for _ in range(YOUNG_LIMIT + 1_000)]
    pacer.collect_if_due()
    assert generations == []
    assert gc.get_count()[0] > YOUNG_LIMIT
    del pending


def test_collect_paces_young_middle_and_full_collections(generations: list[int]) -> None:
    pacer = HeapPacer()
    pacer.settle()
    generations.clear()  # settle's own full collection
    for _ in range(2 * FULL_EVERY):
        pacer.collect()
    assert len(generations) == 2 * FULL_EVERY
    for number, generation in enumerate(generations, start=1):
        if number % FULL_EVERY == 0:
            assert generation == 2, number
        elif number % MIDDLE_EVERY == 0:
            assert generation == 1, number
        else:
            assert generation == 0, number
    assert generations.count(2) == 2
    assert generations.count(1) == 2 * (FULL_EVERY // MIDDLE_EVERY - 1)
    assert not gc.isenabled()  # collecting never turns the automatic schedule back on


def test_collect_if_due_waits_for_enough_garbage(generations: list[int]) -> None:
    pacer = HeapPacer()
    pacer.settle()
    generations.clear()
    pacer.collect_if_due()
    assert generations == []
    assert gc.get_count()[0] <= YOUNG_LIMIT
    pending: list[list[int]] = [[] for _ in range(YOUNG_LIMIT + 1_000)]
    assert gc.get_count()[0] > YOUNG_LIMIT
    pacer.collect_if_due()
    assert generations == [0]
    assert gc.get_count()[0] <= YOUNG_LIMIT
    pacer.collect_if_due()  # just collected: not due again
    assert generations == [0]
    del pending


def test_release_restores_the_interpreter_schedule() -> None:
    gc.set_threshold(1234, 7, 3)
    pacer = HeapPacer()
    pacer.settle()
    gc.set_threshold(5, 5, 5)  # anything may have changed them meanwhile
    pacer.release()
    assert not pacer.active
    assert gc.isenabled()
    assert gc.get_threshold() == (1234, 7, 3)
    assert gc.get_freeze_count() == 0


def test_release_twice_or_without_settle_is_harmless(generations: list[int]) -> None:
    pacer = HeapPacer()
    pacer.release()  # never settled: nothing to give back
    assert gc.isenabled() and not pacer.active
    pacer.settle()
    pacer.release()
    gc.set_threshold(900, 9, 9)
    gc.disable()  # someone else's choice after the release
    generations.clear()
    pacer.release()
    assert not gc.isenabled()
    assert gc.get_threshold() == (900, 9, 9)
    pacer.collect()
    pacer.collect_if_due()
    assert generations == []


class Node:
    """A cycle: only a collection frees it."""

    def __init__(self) -> None:
        self.me = self


def test_settle_again_lets_go_of_what_the_previous_settle_froze() -> None:
    pacer = HeapPacer()
    node = Node()
    alive = weakref.ref(node)
    pacer.settle()  # the node is frozen with everything else alive now
    del node
    for _ in range(FULL_EVERY):
        pacer.collect()  # frozen objects are never scanned, not even by a full collection
    assert alive() is not None
    pacer.settle()  # a re-opened index: unfreeze, collect, freeze again
    assert alive() is None
    assert pacer.active and not gc.isenabled() and gc.get_freeze_count() > 0


async def test_the_app_hands_collection_back_when_it_exits(app_config: Config) -> None:
    assert gc.isenabled()
    app = make_app(app_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.pause()
        assert app.heap.active  # settled once the first results were painted
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
    assert not app.heap.active
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
