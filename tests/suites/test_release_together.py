"""Racing threads released together: every call's result in order, and no racer left waiting
for the others when the race is interrupted before all of them started."""

from __future__ import annotations

import signal
import threading

import pytest

from novacat_persistence.suites.harness.races import release_together


def test_each_call_gives_its_result_or_its_exception_in_index_order() -> None:
    def work(index: int) -> int:
        if index == 2:
            raise ValueError(index)
        return index * 10

    results = release_together(4, work)
    assert results[:2] == [0, 10] and results[3] == 30
    assert isinstance(results[2], ValueError)


def test_an_interrupt_between_two_starts_leaves_no_racer_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C as the third of five racers is started: the two started must not wait for the
    others forever (a process does not exit while such a thread runs), and none races."""
    started: list[threading.Thread] = []
    start = threading.Thread.start

    def start_then_interrupted(thread: threading.Thread) -> None:
        start(thread)
        started.append(thread)
        if len(started) == 2:
            signal.raise_signal(signal.SIGINT)  # taken by this thread before the next start

    calls: list[int] = []
    with monkeypatch.context() as patched:
        patched.setattr(threading.Thread, "start", start_then_interrupted)
        with pytest.raises(KeyboardInterrupt):
            release_together(5, calls.append)
    for thread in started:
        thread.join(timeout=10)
    assert [thread.is_alive() for thread in started] == [False, False]
    assert calls == []
