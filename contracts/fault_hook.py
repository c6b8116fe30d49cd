"""The fault hook: how the conformance suites (and tests) make a self-contained candidate's
storage fail the way DynamoDB can.

A self-contained implementation (capability ``self_contained``, such as the in-memory fake)
built with ``fault_hook=hook`` calls ``hook(point)`` twice around every request it makes to
its store (reads included), with a :class:`FaultPoint`:

- ``phase="before"``, before the request reaches the table and outside the table's lock (a
  hook may block there, e.g. to hold writes until every racing thread has done its reads).
  Raising an exception aborts the request **unapplied**: raise
  :class:`~novacat_persistence.contracts.errors.ThrottledError`,
  :class:`~novacat_persistence.contracts.errors.BackendUnavailableError` or
  :class:`~novacat_persistence.contracts.errors.TransactionConflictError` to simulate
  throttling, a 5xx or connection timeout, or a transaction conflict.
- ``phase="after"``, once the table has applied the request, or refused it by its condition.
  Raising then simulates an **ambiguous** outcome (applied, then the response was lost: raise
  BackendUnavailableError for a read timeout); the raised error replaces the result.

The implementation must treat a raised error exactly as the reference implementation treats
the same typed error from botocore's mapping (a TransactionConflictError on a transaction is
re-sent; anything else reaches the caller, a RETRYABLE error for the caller to retry).
Exceptions that are not :class:`~novacat_persistence.contracts.errors.PersistenceError`
propagate unchanged: use only typed errors to model the backend.

The suites inject the :class:`Fault` kinds, each as the typed error of :data:`NAMED_FAULTS`.
:class:`FaultPlan` is a ready-made hook: it records every request, injects one armed fault at
a chosen request position, and passes writes through an optional gate (where the suites hold
racing writes).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Literal, Protocol

from novacat_persistence.contracts.errors import (
    BackendUnavailableError,
    PersistenceError,
    ThrottledError,
    TransactionConflictError,
)
from novacat_persistence.contracts.keys import ItemKey

WRITE_REQUESTS: Final = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
)
"""Requests that change the table (named as DynamoDB names its operations)."""


class Fault(StrEnum):
    """The faults the conformance suites inject at a chosen request position."""

    THROTTLE = "throttle"
    """Throttling (HTTP 400 ProvisionedThroughputExceededException); not applied."""
    HTTP_500 = "http-500"
    """HTTP 500 InternalServerError; the request is not applied."""
    TIMEOUT_BEFORE = "timeout-before"
    """A connect timeout before the request reaches the backend."""
    TIMEOUT_AFTER = "timeout-after"
    """The request is applied, then a read timeout: an ambiguous success."""
    TRANSACTION_CONFLICT = "transaction-conflict"
    """TransactionConflictException (TransactionCanceledException for transactions)."""


NAMED_FAULTS: Final[dict[str, tuple[Callable[[], PersistenceError], bool]]] = {
    Fault.THROTTLE: (lambda: ThrottledError("injected throttling", hint="retry later"), False),
    Fault.HTTP_500: (lambda: BackendUnavailableError("injected InternalServerError (500)"), False),
    Fault.TIMEOUT_BEFORE: (lambda: BackendUnavailableError("injected connect timeout"), False),
    Fault.TIMEOUT_AFTER: (
        lambda: BackendUnavailableError("injected read timeout after apply"),
        True,
    ),
    Fault.TRANSACTION_CONFLICT: (
        lambda: TransactionConflictError("injected conflict"),
        False,
    ),
}
"""Each :class:`Fault` (by value) as the typed error the reference raises for it, and whether
it comes after the request was applied: what a fault hook raises."""


@dataclass(frozen=True)
class FaultPoint:
    """One request of a fake wrapper to its table, before or after the table handled it.

    ``request`` is the DynamoDB operation it stands for (``GetItem``, ``PutItem``,
    ``UpdateItem``, ``DeleteItem``, ``TransactWriteItems``, ``Query``, ``Scan``,
    ``BatchWriteItem``, ``BatchGetItem``);
    ``operation`` is the IFC-030 operation making it (None outside one); ``keys`` are the
    item keys it touches (a query's SK is ``begins_with:<prefix>``).
    """

    request: str
    phase: Literal["before", "after"]
    keys: tuple[ItemKey, ...]
    operation: str | None

    @property
    def writes(self) -> bool:
        """True for a request that changes the table."""
        return self.request in WRITE_REQUESTS


class UnprocessedItems(Exception):
    """Raised by a fault hook before a ``BatchWriteItem`` or ``BatchGetItem``: the store then
    handles every item (key) of the request but the last ``count`` and answers those as
    unprocessed, as DynamoDB does when a batch meets throttling. Raised before any other
    request, it is an implementation error."""

    def __init__(self, count: int) -> None:
        super().__init__(f"leave the last {count} items of the batch unprocessed")
        self.count = count


FaultHook = Callable[[FaultPoint], None]
"""Called with every :class:`FaultPoint`; raises to inject a fault (see the module)."""


class Gate(Protocol):
    """Something writes wait at (e.g. the suites' write gate in races)."""

    def arrive(self) -> None:
        """Return when the write may proceed."""
        ...


@dataclass
class _Armed:
    error: PersistenceError | UnprocessedItems
    position: int
    phase: Literal["before", "after"]


@dataclass
class FaultPlan:
    """A thread-safe fault hook: ``requests`` lists every request seen (in order); one armed
    fault fires at a request position; writes wait at ``gate`` when one is set.

    Pass the plan itself as ``fault_hook``.
    """

    requests: list[str] = field(default_factory=list)
    gate: Gate | None = None
    injected: list[tuple[str, str]] = field(default_factory=list)
    """``(error class name, request)`` of every fault fired."""
    _armed: _Armed | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)

    def arm(self, error: PersistenceError, position: int = 0, *, after: bool = False) -> None:
        """Raise ``error`` at the request of index ``position`` counted from now (0: the next
        one): before it reaches the table (not applied), or with ``after=True`` once the table
        handled it (an ambiguous outcome)."""
        with self._lock:
            phase: Literal["before", "after"] = "after" if after else "before"
            self._armed = _Armed(error, len(self.requests) + position, phase)

    def arm_named(self, fault: str, position: int = 0) -> None:
        """:meth:`arm` one of :data:`NAMED_FAULTS` by name (``"timeout-after"``, ...)."""
        try:
            make, after = NAMED_FAULTS[fault]
        except KeyError:
            raise ValueError(f"unknown fault {fault!r}; known: {sorted(NAMED_FAULTS)}") from None
        self.arm(make(), position, after=after)

    def arm_unprocessed(self, count: int, position: int = 0) -> None:
        """Make the batch request of index ``position`` (counted from now) leave its last
        ``count`` items unprocessed (:class:`UnprocessedItems`)."""
        with self._lock:
            self._armed = _Armed(UnprocessedItems(count), len(self.requests) + position, "before")

    def disarm(self) -> None:
        """Inject nothing more."""
        with self._lock:
            self._armed = None

    def count(self) -> int:
        """How many requests were made so far."""
        with self._lock:
            return len(self.requests)

    def counts(self) -> Counter[str]:
        """Requests so far, by request name."""
        with self._lock:
            return Counter(self.requests)

    def __call__(self, point: FaultPoint) -> None:
        """The hook: record, gate, and fire the armed fault at its position and phase."""
        if point.phase == "after":
            pending: PersistenceError | None = getattr(self._local, "pending", None)
            self._local.pending = None
            if pending is not None:
                raise pending
            return
        with self._lock:
            position = len(self.requests)
            self.requests.append(point.request)
            armed = self._armed
            fire = armed is not None and armed.position == position
            if fire:
                self._armed = None
        gate = self.gate
        if gate is not None and point.writes:
            gate.arrive()
        if not fire or armed is None:
            return
        self.injected.append((type(armed.error).__name__, point.request))
        if armed.phase == "after":
            assert isinstance(armed.error, PersistenceError)
            self._local.pending = armed.error
            return
        raise armed.error


__all__ = [
    "NAMED_FAULTS",
    "WRITE_REQUESTS",
    "Fault",
    "FaultHook",
    "FaultPlan",
    "FaultPoint",
    "Gate",
    "UnprocessedItems",
]
