"""Suite tests and racing threads run with room on CPython's frame stack.

CPython (3.11 and later) keeps each thread's Python frames on chunks of 16 KiB: a call that does
not fit in the current chunk maps a new one, and its return unmaps it again. A test whose
requests go deep (the test, the candidate, botocore, moto and back, hundreds of times) from a
depth just below a chunk's end maps and unmaps memory on every request: in one conformance run
on moto, about 390,000 times, 4 s of system time in one process and 13 s in two, where the
unmapping of one worker's threads interrupts the other CPU.

:func:`roomy` runs a call inside a frame too large for any 16 KiB chunk: CPython gives that
frame a fresh chunk of 256 KiB, and the calls made within keep to the ~135 KB it leaves free.
Nothing a test observes changes but the time it takes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator
from typing import Any, Final, ParamSpec, TypeVar

import pytest

from novacat_persistence.suites.harness.session import is_suite_item

P = ParamSpec("P")
R = TypeVar("R")

SPARE_SLOTS: Final = 15_400
"""Evaluation-stack slots (8 bytes each) added to the roomy frame: with CPython's 8 KB reserve,
just over 128 KiB, so its chunk is rounded up to 256 KiB and ~135 KB of it stay free."""


def _call(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return function(*args, **kwargs)


_call.__code__ = _call.__code__.replace(co_stacksize=_call.__code__.co_stacksize + SPARE_SLOTS)


def roomy(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` unchanged in what it does and returns or raises, run each time from a
    frame stack with ~135 KB free, where its calls do not map and unmap memory as they go
    deeper and come back."""

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        result: R = _call(function, args, kwargs)
        return result

    return call


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Generator[None, object, object]:
    """Call each suite test through :func:`roomy` (other tests of the session unchanged)."""
    if not is_suite_item(pyfuncitem):
        return (yield)
    test = pyfuncitem.obj
    pyfuncitem.obj = roomy(test)
    try:
        return (yield)
    finally:
        pyfuncitem.obj = test
