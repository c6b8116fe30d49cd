"""Structured persistence logs: one record per wrapper operation, keys only.

Each IFC-030 operation emits exactly one stdlib :mod:`logging` record on the logger
``novacat_persistence.reference_impl`` (or the one given to the factory). Its fields travel in
``extra={"persistence": {...}}``, so ``record.persistence`` holds:

``operation``, ``entity_type``, ``pk``/``sk`` (of the first item touched; a query's SK is
``begins_with:<prefix>``), ``keys`` (every item key the operation touched), ``condition``
(``none``: no conditional request, ``passed``, ``refused``: a condition refused a request,
whatever the operation then did), ``outcome`` (``ok`` or the typed error's class name),
``latency_ms``, ``requests``, ``retries`` (botocore's ``RetryAttempts``, summed),
``consumed_capacity`` (capacity units DynamoDB reported with ``ReturnConsumedCapacity=TOTAL``,
summed; None when it reported none) and ``correlation_id`` (from :func:`correlation_context`).
A listing that left out items of a historical era also carries ``skipped`` (their ``pk``,
``sk`` and ``era``) and is logged at WARNING.

Values of items never appear. Idempotency keys are internal: an ``IDEMPOTENCY#`` partition key
is logged as a digest of the key, never the key itself.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import Any, Concatenate, Final, ParamSpec, Protocol, TypeVar

from novacat_persistence.contracts.argument_checks import argument_check
from novacat_persistence.contracts.interface import PersistenceWrapper

LOGGER_NAME: Final = "novacat_persistence.reference_impl"
"""The logger every record goes to unless the factory is given another one."""

_correlation_id: ContextVar[str | None] = ContextVar("novacat_correlation_id", default=None)
_current: ContextVar[OperationRecord | None] = ContextVar("novacat_operation", default=None)

_REDACTED_PREFIX: Final = "IDEMPOTENCY#"


def set_correlation_id(correlation_id: str | None) -> Token[str | None]:
    """Set the correlation id stamped on every record of this context; return the token that
    :meth:`ContextVar.reset` takes to restore the previous one."""
    return _correlation_id.set(correlation_id)


@contextmanager
def correlation_context(correlation_id: str) -> Iterator[None]:
    """Within the block, every persistence log record carries ``correlation_id``."""
    token = _correlation_id.set(correlation_id)
    try:
        yield
    finally:
        _correlation_id.reset(token)


def loggable_key(key: str) -> str:
    """Return a key as it may be logged: idempotency keys are replaced by a short digest."""
    if key.startswith(_REDACTED_PREFIX):
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return f"{_REDACTED_PREFIX}sha256:{digest}"
    return key


@dataclass(slots=True)
class OperationRecord:
    """What the requests of one operation report, gathered until the operation ends."""

    operation: str
    entity_type: str
    keys: list[tuple[str, str]] = field(default_factory=list)
    condition: str = "none"
    requests: int = 0
    retries: int = 0
    consumed_capacity: float | None = None
    skipped: list[dict[str, str]] = field(default_factory=list)

    def note_key(self, pk: str, sk: str) -> None:
        """Record an item key (or a query's partition and prefix) the operation touched."""
        entry = (loggable_key(pk), loggable_key(sk))
        if entry not in self.keys:
            self.keys.append(entry)

    def note_request(self) -> None:
        """Record a request whose backend reports no retries and no consumed capacity."""
        self.requests += 1

    def note_response(self, response: Mapping[str, Any]) -> None:
        """Record the retries and consumed capacity of one response (or error response)."""
        self.note_request()
        metadata = response.get("ResponseMetadata")
        if metadata:
            self.retries += int(metadata.get("RetryAttempts") or 0)
        consumed = response.get("ConsumedCapacity")
        if consumed is not None:
            units = _capacity_units(consumed)
            if units is not None:
                self.consumed_capacity = (self.consumed_capacity or 0.0) + units

    def note_condition(self, *, passed: bool) -> None:
        """Record the outcome of a conditional request; one refusal marks the operation."""
        if not passed:
            self.condition = "refused"
        elif self.condition == "none":
            self.condition = "passed"

    def note_skipped(self, pk: str, sk: str, era: str) -> None:
        """Record an item a listing left out, read as the historical era ``era``."""
        self.skipped.append({"pk": loggable_key(pk), "sk": loggable_key(sk), "era": era})

    def fields(self, outcome: str, latency_ms: float) -> dict[str, Any]:
        """The record's ``persistence`` fields."""
        pk, sk = self.keys[0] if self.keys else (None, None)
        skipped = {"skipped": self.skipped} if self.skipped else {}
        return {
            "operation": self.operation,
            "entity_type": self.entity_type,
            "pk": pk,
            "sk": sk,
            "keys": [{"pk": p, "sk": s} for p, s in self.keys],
            "condition": self.condition,
            "outcome": outcome,
            "latency_ms": round(latency_ms, 3),
            "requests": self.requests,
            "retries": self.retries,
            "consumed_capacity": self.consumed_capacity,
            "correlation_id": _correlation_id.get(),
            **skipped,
        }


def _capacity_units(consumed: object) -> float | None:
    if isinstance(consumed, Mapping):
        units = consumed.get("CapacityUnits")
        return float(units) if units is not None else None
    if isinstance(consumed, list):
        found = [u for u in (_capacity_units(c) for c in consumed) if u is not None]
        return sum(found) if found else None
    return None


def current_record() -> OperationRecord | None:
    """Return the record of the operation running in this context, or None."""
    return _current.get()


class Observed(Protocol):
    """An object whose operations log through :func:`operation`."""

    @property
    def logger(self) -> logging.Logger:
        """The logger the records go to."""
        ...


S = TypeVar("S", bound=Observed)
P = ParamSpec("P")
R = TypeVar("R")


def operation(
    entity_type: str,
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    """Decorate a wrapper method so that it emits one structured record when it ends (named
    after the method, with its outcome), gathering what its requests report meanwhile; an
    IFC-030 operation (a method of the interface's name) first refuses arguments of a type
    the interface does not name for them (``argument_check``: InputValidationError, before
    any request; that refusal is its record's outcome) and runs with each enumeration's text
    given as its member. An operation called by another one is neither checked nor logged
    again."""

    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        name = method.__name__
        declared = getattr(PersistenceWrapper, name, None)  # None: an extension's method

        @functools.wraps(method)
        def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
            outer = _current.get()
            if outer is not None:  # an operation called by another one logs as part of it
                return method(self, *args, **kwargs)
            record = OperationRecord(name, entity_type)
            token = _current.set(record)
            started = time.perf_counter()
            outcome = "ok"
            try:
                if declared is None:
                    return method(self, *args, **kwargs)
                checked, named = argument_check(declared)(args, kwargs)
                return method(self, *checked, **named)
            except BaseException as exc:
                outcome = type(exc).__name__
                raise
            finally:
                _current.reset(token)
                level = logging.INFO if outcome == "ok" and not record.skipped else logging.WARNING
                if self.logger.isEnabledFor(level):
                    latency = (time.perf_counter() - started) * 1000.0
                    fields = record.fields(outcome, latency)
                    self.logger.log(
                        level,
                        "%s %s %s",
                        name,
                        outcome,
                        fields["pk"],
                        extra={"persistence": fields},
                    )

        return run

    return decorate
