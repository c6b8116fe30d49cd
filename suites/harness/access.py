"""How one suite test reaches the candidate: the table it works on, the raw view beneath it,
the interceptor of its requests, and the factory arguments that bind a wrapper to them.

A candidate on a boto3 client (:func:`through_client`) gets a hooked client of the backend over
an empty table (:meth:`.backends.Backend.lease_table`), read raw through another client. A
self-contained candidate (capability ``self_contained``, :func:`through_own_store`) gets no
client: the suites' interceptor is its
``fault_hook``, the raw view is its own ``wrapper.table``, and every wrapper of the test shares
that store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.backends import Backend, fresh_table_name
from novacat_persistence.suites.harness.interception import (
    FaultHookInterceptor,
    Interceptor,
    RequestInterceptor,
)
from novacat_persistence.suites.harness.raw_table import own_table_view


@dataclass(frozen=True)
class Access:
    """What one test holds of the candidate's surroundings."""

    table_name: str
    raw: RawView
    interceptor: RequestInterceptor
    binding: Mapping[str, Any]
    """The factory's keyword arguments that put a wrapper on ``raw`` under ``interceptor``:
    ``client``, and for a self-contained candidate ``fault_hook`` and ``table``."""


@contextmanager
def through_client(backend: Backend) -> Iterator[Access]:
    """An empty backend table, a raw client on it, and a client hooked by an
    :class:`Interceptor` for the candidate; the table is given back afterwards (emptied for
    the next test, or deleted)."""
    raw_client = backend.raw_client()
    name = backend.lease_table(raw_client)
    try:
        interceptor = Interceptor()
        client = backend.client()
        interceptor.install(client)
        yield Access(name, backend.raw_table(raw_client, name), interceptor, {"client": client})
    finally:
        backend.release_table(raw_client, name)


def through_own_store(factory: Callable[..., Any], **defaults: Any) -> Access:
    """A self-contained candidate's empty store: the ``table`` of a first wrapper built with
    ``client=None``, a :class:`FaultHookInterceptor` as ``fault_hook`` and ``defaults``
    (``clock``, ``logger``); later wrappers get ``table=`` it."""
    name = fresh_table_name()
    interceptor = FaultHookInterceptor()
    first = factory(None, name, fault_hook=interceptor, **defaults)
    view = own_table_view(first)
    return Access(
        name, view, interceptor, {"client": None, "fault_hook": interceptor, "table": view}
    )
