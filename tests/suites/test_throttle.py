"""The suites' throttle that never lifts: a candidate's pauses within it take no time, and the
real ``time.sleep`` is back after it."""

from __future__ import annotations

import time

import pytest

from novacat_persistence.suites.harness.interception import Interceptor, throttled_throughout

LONG_PAUSE = 60.0
"""Longer than any test may take: a pause of this length that really waited fails the test."""


def test_pauses_within_the_throttle_return_at_once() -> None:
    real = time.sleep
    started = time.monotonic()
    with throttled_throughout(Interceptor(), 2):
        time.sleep(LONG_PAUSE)
        assert time.sleep is not real
    assert time.monotonic() - started < LONG_PAUSE
    assert time.sleep is real


def test_the_real_sleep_is_back_when_the_block_raises() -> None:
    real = time.sleep
    with pytest.raises(RuntimeError), throttled_throughout(Interceptor(), 2):
        raise RuntimeError("refused")
    assert time.sleep is real
