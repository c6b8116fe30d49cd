"""The suites' hold on the candidate's requests: request counting, fault injection and the
write gate that forces check-then-act windows open (a :class:`RequestInterceptor`).

For a candidate on a boto3 client, one :class:`Interceptor` is installed per client as botocore
event hooks (``before-send`` registered first, so it sees every request before any transport,
and ``after-call``). A request it answers itself is marked ``novacat_decided`` so that an
embedded backend (moto) does not apply it as well. A self-contained candidate gets a
:class:`FaultHookInterceptor` as its ``fault_hook`` instead.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, SupportsIndex

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError

from novacat_persistence.contracts.fault_hook import (
    Fault,
    FaultPlan,
    FaultPoint,
    UnprocessedItems,
)

WRITE_OPERATIONS: Final = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
)
"""DynamoDB operations that change the table."""

DECIDED_ATTRIBUTE: Final = "novacat_decided"
"""Set on a request the interceptor answered itself: no backend may serve it."""


class _Raw:
    """The raw body botocore reads from an :class:`AWSResponse`."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_kwargs: Any) -> Any:
        """Yield the body once."""
        yield self._body


def json_response(request: AWSPreparedRequest, status: int, body: dict[str, Any]) -> AWSResponse:
    """An HTTP response of DynamoDB's JSON protocol, as the service would send it."""
    headers = HTTPHeaders()
    headers["x-amzn-RequestId"] = "novacat-conformance"
    headers["Content-Type"] = "application/x-amz-json-1.0"
    return AWSResponse(request.url, status, headers, _Raw(json.dumps(body).encode()))


def error_response(
    request: AWSPreparedRequest, status: int, code: str, **extra: Any
) -> AWSResponse:
    """An HTTP response carrying a DynamoDB error ``code``, as the service would send it."""
    error = {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": code, **extra}
    return json_response(request, status, error)


def _fault_response(fault: Fault, request: AWSPreparedRequest, operation: str) -> AWSResponse:
    if fault is Fault.THROTTLE:
        return error_response(request, 400, "ProvisionedThroughputExceededException")
    if fault is Fault.HTTP_500:
        return error_response(request, 500, "InternalServerError")
    if operation == "TransactWriteItems":
        sent = request.body if isinstance(request.body, (bytes, str)) else b"{}"
        body = json.loads(sent or b"{}")
        reasons = [{"Code": "TransactionConflict"} for _ in body.get("TransactItems", [])]
        return error_response(
            request, 400, "TransactionCanceledException", CancellationReasons=reasons
        )
    return error_response(request, 400, "TransactionConflictException")


class WriteGate:
    """Holds every write request until each of ``parties`` racer threads is waiting at a write
    or has finished its call (every racer has done its reads), or ``timeout`` seconds
    passed; then stays open."""

    def __init__(self, parties: int, timeout: float) -> None:
        self._parties = parties
        self._timeout = timeout
        self._ready: set[int] = set()
        self._lock = threading.Lock()
        self._open = threading.Event()

    def _ready_now(self) -> None:
        with self._lock:
            self._ready.add(threading.get_ident())
            if len(self._ready) >= self._parties:
                self._open.set()

    def arrive(self) -> None:
        """Wait at the gate (returns at once when it is open)."""
        if self._open.is_set():
            return
        self._ready_now()
        if not self._open.wait(self._timeout):
            self._open.set()

    def finished(self) -> None:
        """The calling racer's call ended: it will send no more writes to wait for."""
        self._ready_now()


class RequestInterceptor(Protocol):
    """What the suites do to the candidate's requests, whichever way they reach them: count
    them, fail one of them, hold writes at a race's gate."""

    gate: WriteGate | None
    """Writes wait here while it is set (a race sets it for each round)."""

    def arm(self, fault: Fault, position: int) -> None:
        """Inject ``fault`` at the request of index ``position`` (counted from now, 0-based)."""
        ...

    def disarm(self) -> None:
        """Inject nothing more."""
        ...

    def leave_unprocessed(self, count: int, position: int, *, times: int = 1) -> None:
        """Make the batch request of index ``position`` (counted from now, a BatchWriteItem or
        BatchGetItem) handle all but its last ``count`` entries and answer those as
        unprocessed, as DynamoDB does under throttling; with ``times`` > 1, the batch requests
        that follow it at once (its re-sends) too, ``times`` requests in all. :meth:`disarm`
        ends it."""
        ...

    def count(self) -> int:
        """How many requests the candidate made so far."""
        ...

    def counts(self) -> Counter[str]:
        """Requests so far, by DynamoDB operation name."""
        ...


THROTTLED_THROUGHOUT: Final = 1000
"""Batch requests :func:`throttled_throughout` leaves partly unprocessed: more re-sends than
any candidate makes before it gives up."""


@contextmanager
def throttled_throughout(interceptor: RequestInterceptor, count: int) -> Iterator[None]:
    """Within the block, the next batch request and every re-send right after it leave their
    last ``count`` entries unprocessed (the table stays throttled however often they are sent
    again); nothing is injected after it.

    A throttle that never lifts makes a candidate pause before each re-send until it gives up
    (seconds in all, idle): within the block, :func:`time.sleep` returns at once (after
    yielding the CPU), as the suites' clock moves only when a test moves it. What a test
    checks there is what the candidate does when it gives up, not how long it waited."""
    interceptor.leave_unprocessed(count, 0, times=THROTTLED_THROUGHOUT)
    try:
        with _pauses_skipped():
            yield
    finally:
        interceptor.disarm()


@contextmanager
def _pauses_skipped() -> Iterator[None]:
    """Within the block, ``time.sleep(seconds)`` yields the CPU and returns at once."""
    real = time.sleep

    def yield_only(_seconds: float | SupportsIndex) -> None:
        real(0)

    time.sleep = yield_only
    try:
        yield
    finally:
        time.sleep = real


@dataclass
class _Armed:
    fault: Fault
    position: int


_BATCH_ANSWERS: Final = {"BatchWriteItem": "UnprocessedItems", "BatchGetItem": "UnprocessedKeys"}
"""Where a batch request's answer lists what was left unprocessed."""


@dataclass
class Interceptor:
    """The hooks on one client: counts requests (``operations``), injects one armed fault at a
    request position, and passes writes through a :class:`WriteGate` when one is set."""

    operations: list[str] = field(default_factory=list)
    gate: WriteGate | None = None
    _armed: _Armed | None = None
    _unprocessed: tuple[int, int, int] | None = None
    """(count, absolute position, times) of the batch requests to leave partly unprocessed:
    the one at the position, and while ``times`` lasts each request right after it."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)
    injected: list[tuple[Fault, str]] = field(default_factory=list)

    def install(self, client: Any) -> None:
        """Register the hooks on a boto3 DynamoDB client."""
        client.meta.events.register_first("before-send.dynamodb.*", self._before_send)
        client.meta.events.register("after-call.dynamodb.*", self._after_call)
        for operation in _BATCH_ANSWERS:
            client.meta.events.register(
                f"before-parameter-build.dynamodb.{operation}", self._drop_entries
            )

    def leave_unprocessed(self, count: int, position: int, *, times: int = 1) -> None:
        """Make the batch request of index ``position`` (counted from now) send all but its
        last ``count`` entries and answer those as unprocessed; ``times`` requests in all,
        each the one right after the last."""
        with self._lock:
            self._unprocessed = (count, len(self.operations) + position, times)

    def arm(self, fault: Fault, position: int) -> None:
        """Inject ``fault`` at the request of index ``position`` (counted from now, 0-based)."""
        with self._lock:
            self._armed = _Armed(fault, len(self.operations) + position)

    def disarm(self) -> None:
        """Inject nothing more."""
        with self._lock:
            self._armed = None
            self._unprocessed = None

    def count(self) -> int:
        """How many requests reached the hooks so far."""
        with self._lock:
            return len(self.operations)

    def counts(self) -> Counter[str]:
        """Requests so far, by operation name."""
        with self._lock:
            return Counter(self.operations)

    def _before_send(self, request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse | None:
        operation = str(kwargs.get("event_name", "")).rsplit(".", 1)[-1]
        with self._lock:
            position = len(self.operations)
            self.operations.append(operation)
            armed = self._armed
            fire = armed is not None and armed.position == position
            if fire:
                self._armed = None
        gate = self.gate
        if gate is not None and operation in WRITE_OPERATIONS:
            gate.arrive()
        if getattr(self._local, "handle_none", False):  # answered: every entry unprocessed
            self._local.handle_none = False
            setattr(request, DECIDED_ATTRIBUTE, True)
            return json_response(request, 200, {})
        if not fire or armed is None:
            return None
        self.injected.append((armed.fault, operation))
        if armed.fault is Fault.TIMEOUT_AFTER:
            self._local.raise_after = True
            return None
        setattr(request, DECIDED_ATTRIBUTE, True)
        if armed.fault is Fault.TIMEOUT_BEFORE:
            raise ConnectTimeoutError(endpoint_url=request.url)
        return _fault_response(armed.fault, request, operation)

    def _drop_entries(self, params: dict[str, Any], **kwargs: Any) -> None:
        """Before a batch request is built: when it is the one armed, take its last entries
        out of the request (they are never sent) and keep them for its answer; when that is
        every entry, the request is answered here, handling none."""
        with self._lock:
            armed = self._unprocessed
            if armed is None or armed[1] != len(self.operations):
                return
            count, position, times = armed
            self._unprocessed = (count, position + 1, times - 1) if times > 1 else None
        operation = str(kwargs.get("event_name", "")).rsplit(".", 1)[-1]
        dropped: dict[str, Any] = {}
        for table, entries in params["RequestItems"].items():
            listed = entries["Keys"] if operation == "BatchGetItem" else entries
            split = max(len(listed) - count, 0)
            kept, gone = listed[:split], listed[split:]
            if operation == "BatchGetItem":
                params["RequestItems"][table] = {**entries, "Keys": kept}
                dropped[table] = {**entries, "Keys": gone}
            else:
                params["RequestItems"][table] = kept
                dropped[table] = gone
            if not kept:  # a request cannot be empty: it is sent whole and answered here
                params["RequestItems"][table] = entries
                self._local.handle_none = True
        self._local.dropped = (_BATCH_ANSWERS[operation], dropped)

    def _after_call(self, **kwargs: Any) -> None:
        dropped = getattr(self._local, "dropped", None)
        if dropped is not None:
            self._local.dropped = None
            answer, entries = dropped
            parsed = kwargs.get("parsed")
            if isinstance(parsed, dict):
                parsed.setdefault(answer, {}).update(entries)
        if getattr(self._local, "raise_after", False):
            self._local.raise_after = False
            raise ReadTimeoutError(endpoint_url="injected-after-apply")


class FaultHookInterceptor:
    """The :class:`RequestInterceptor` of a self-contained candidate, handed to it as its
    ``fault_hook`` (the :mod:`novacat_persistence.contracts.fault_hook` contract: called with
    a :class:`~novacat_persistence.contracts.fault_hook.FaultPoint` before and after every
    request to its store).

    Positions count the candidate's requests to its store as :class:`Interceptor` counts a
    client's requests. Each :class:`Fault` is raised as the typed error the reference maps the
    same botocore failure to (:data:`~novacat_persistence.contracts.fault_hook.NAMED_FAULTS`,
    keyed by the fault's value): before the request, unapplied, or for
    :attr:`Fault.TIMEOUT_AFTER` once the store applied it. Writes wait at :attr:`gate` before
    they reach the store, from the racing threads themselves.
    """

    def __init__(self) -> None:
        self._plan = FaultPlan()
        self._gate: WriteGate | None = None
        self._again: tuple[int, int] | None = None
        """(count, times) of the batch requests still to leave partly unprocessed after the
        one the plan is armed with."""
        self._repeating = False

    @property
    def gate(self) -> WriteGate | None:
        """Writes wait here while it is set."""
        return self._gate

    @gate.setter
    def gate(self, gate: WriteGate | None) -> None:
        self._gate = gate
        self._plan.gate = gate

    def arm(self, fault: Fault, position: int) -> None:
        """Inject ``fault`` at the request of index ``position`` (counted from now, 0-based)."""
        self._plan.arm_named(fault.value, position)

    def disarm(self) -> None:
        """Inject nothing more."""
        self._plan.disarm()
        self._again, self._repeating = None, False

    def leave_unprocessed(self, count: int, position: int, *, times: int = 1) -> None:
        """Make the batch request of index ``position`` leave its last ``count`` entries
        unprocessed (:class:`~novacat_persistence.contracts.fault_hook.UnprocessedItems`), and
        ``times`` - 1 batch requests right after it too."""
        self._plan.arm_unprocessed(count, position)
        self._again = (count, times - 1) if times > 1 else None
        self._repeating = False

    def count(self) -> int:
        """How many requests the candidate made so far."""
        return self._plan.count()

    def counts(self) -> Counter[str]:
        """Requests so far, by DynamoDB operation name."""
        return self._plan.counts()

    def __call__(self, point: FaultPoint) -> None:
        """The fault hook: count the request, hold a write at the gate, raise an armed fault
        (and leave the re-sends of a batch left partly unprocessed unprocessed again)."""
        again = self._again
        if again is not None and self._repeating and point.phase == "before":
            if point.request not in _BATCH_ANSWERS:  # the re-sends are over
                self._again = None
                self._plan(point)
                return
            self._plan(point)
            count, times = again
            self._again = (count, times - 1) if times > 1 else None
            raise UnprocessedItems(count)
        try:
            self._plan(point)
        except UnprocessedItems:
            self._repeating = True
            raise
