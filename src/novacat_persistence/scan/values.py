"""The symbolic values the resolver computes for expressions, and string arithmetic on them.

An expression evaluates to a set of :data:`Value`: every value it may have at run time, as
far as the module shows. :data:`UNKNOWN` stands for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, TypeAlias

from novacat_persistence.scan.surface import DYNAMODB_SERVICES, Kind


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value the resolver cannot know."""


@dataclass(frozen=True, slots=True)
class Sym:
    """A module, or a name inside one, by its dotted path (``boto3.session.Session``)."""

    path: str


@dataclass(frozen=True, slots=True)
class Text:
    """A string known statically."""

    value: str


@dataclass(frozen=True, slots=True)
class Session:
    """A session object of one of the AWS libraries."""

    library: str


@dataclass(frozen=True, slots=True)
class Factory:
    """A callable that creates a client or resource; ``spelling`` names it in messages."""

    kind: Kind
    spelling: str


@dataclass(frozen=True, slots=True)
class Service:
    """A client or resource, with the service names it may have been created for."""

    kind: Kind
    names: frozenset[str]
    resolved: bool
    """False when the service name may also be something unknown."""

    @property
    def dynamodb(self) -> frozenset[str]:
        """The DynamoDB service names among :attr:`names`."""
        return self.names & DYNAMODB_SERVICES


@dataclass(frozen=True, slots=True)
class TableMethod:
    """The ``Table`` method of a resource."""

    resource: Service


@dataclass(frozen=True, slots=True)
class Part:
    """Anything reached from a client or resource: a sub-resource (a Table, a Bucket), a
    method or what it returns, ``.meta``. It belongs to the same service."""

    service: Service


@dataclass(frozen=True, slots=True)
class Record:
    """A dict whose keys are all known strings, as ``**kwargs`` of a factory or an operation."""

    items: tuple[tuple[str, frozenset[Value]], ...]

    def get(self, key: str) -> frozenset[Value]:
        """The values ``key`` may map to; UNKNOWN when it is not a key."""
        for name, values in self.items:
            if name == key:
                return values
        return UNKNOWN_SET


Value: TypeAlias = Unknown | Sym | Text | Session | Factory | Service | TableMethod | Part | Record
"""Anything an expression may evaluate to."""

UNKNOWN: Final = Unknown()
"""The value of whatever cannot be resolved."""
UNKNOWN_SET: Final[frozenset[Value]] = frozenset({UNKNOWN})
"""The value set of whatever cannot be resolved."""

MAX_STRINGS: Final = 32
"""Beyond this many candidate strings (f-strings over sets), a string is UNKNOWN."""


def other_service(values: frozenset[Value]) -> bool:
    """True when every value belongs to a client or resource known to be another service's.

    Such a receiver cannot reach DynamoDB; anything else (unknown, a module, a DynamoDB
    client or table) may.
    """
    return bool(values) and all(
        isinstance(value, Service | Part) and _known_not_dynamodb(value) for value in values
    )


def _known_not_dynamodb(value: Service | Part) -> bool:
    service = value if isinstance(value, Service) else value.service
    return service.resolved and not service.dynamodb


def texts(values: frozenset[Value]) -> tuple[frozenset[str], bool]:
    """The strings among ``values``, and whether every value is a known string."""
    strings = frozenset(value.value for value in values if isinstance(value, Text))
    return strings, bool(values) and len(strings) == len(values)


def known_strings(values: frozenset[Value]) -> frozenset[str] | None:
    """The strings ``values`` may be, or None when any of them is not a known string."""
    strings, complete = texts(values)
    return strings if complete else None


def strings_of(parts: Iterable[frozenset[str] | None]) -> frozenset[Value]:
    """Every concatenation of one string from each part; UNKNOWN when any part is unknown."""
    results: set[str] = {""}
    for part in parts:
        if part is None:
            return UNKNOWN_SET
        results = {prefix + suffix for prefix in results for suffix in part}
        if len(results) > MAX_STRINGS:
            return UNKNOWN_SET
    return frozenset(Text(value) for value in results)
