"""The garbage-collector pause: the collector is off inside, and afterwards exactly as it was."""

from __future__ import annotations

import gc
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
