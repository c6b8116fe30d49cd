"""moto's lookup of a request's action, done once per response class instead of per request.

moto 5 finds the method answering a request by listing every function of the response class
(``inspect.getmembers``) on every request: 2.5% of a profiled conformance run's function time.
The list depends on the class alone, so :func:`installed` keeps one list per class while the
suites' moto backend runs."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto lists a response class's methods once."""
    from moto.core import responses  # noqa: PLC0415 - moto only

    original: Callable[[object], list[str]] | None = getattr(
        responses, "method_names_from_class", None
    )
    if original is None:
        yield  # a moto that finds its methods another way
        return
    responses.method_names_from_class = functools.cache(original)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        responses.method_names_from_class = original  # type: ignore[attr-defined,assignment]
