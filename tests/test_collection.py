"""The garbage-collector pause: the collector is off inside, and afterwards exactly as it was."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from novacat_persistence.collection import collection_paused


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was_running = gc.isenabled()
    yield
    if was_running:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_only_the_outermost_pause_resumes_it() -> None:
    gc.enable()
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_resumes_when_the_block_raises() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_the_application_turned_off_stays_off() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


class _Node:
    """An object the collector tracks, which can be part of a cycle and weakly referenced."""

    def __init__(self) -> None:
        self.other: object = None


def _generation_of(obj: object) -> int | None:
    return next((g for g in range(3) if any(o is obj for o in gc.get_objects(generation=g))), None)


@pytest.fixture
def _nothing_frozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("_nothing_frozen")
def test_what_a_lifelong_pause_builds_joins_the_oldest_generation() -> None:
    gc.enable()
    with collection_paused(lifelong=True):
        built = _Node()
    with collection_paused():
        young = _Node()
    assert _generation_of(built) == 2
    assert _generation_of(young) in (0, 1)  # young, or once collected
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("_nothing_frozen")
def test_a_cycle_a_lifelong_pause_built_is_still_collected() -> None:
    gc.enable()
    with collection_paused(lifelong=True):
        first, second = _Node(), _Node()
        first.other, second.other = second, first
    gone = weakref.ref(first)
    del first, second
    gc.collect()
    assert gone() is None


@pytest.mark.usefixtures("_nothing_frozen")
def test_objects_the_application_froze_stay_frozen() -> None:
    kept = _Node()
    gc.enable()
    gc.freeze()
    frozen = gc.get_freeze_count()
    with collection_paused(lifelong=True):
        built = _Node()
    assert gc.get_freeze_count() == frozen
    assert _generation_of(kept) is None  # still in the permanent generation
    assert _generation_of(built) in (0, 1)


@pytest.mark.usefixtures("_nothing_frozen")
def test_a_lifelong_pause_that_fails_promotes_nothing() -> None:
    gc.enable()
    built = []
    with pytest.raises(RuntimeError), collection_paused(lifelong=True):
        built.append(_Node())
        raise RuntimeError("boom")
    assert _generation_of(built[0]) in (0, 1)
