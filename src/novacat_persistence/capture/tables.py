"""The tables a session wrote to, as the capture saw them: final item states with their writes.

A table is identified by its endpoint and name. Each creation of a table starts a new
*generation* of it (moto reset between tests, DynamoDB Local tables deleted and created again):
every generation keeps its own final state, and a deleted table keeps the items it held. Within
a generation the writes are replayed in order: a put replaces the item of its key, an update
applies its expression (with the evaluator of the fake, which implements DynamoDB's update
semantics) or takes the ``ALL_NEW`` image DynamoDB answered, a delete drops the key. The key's
attribute names come from CreateTable, DescribeTable or any request that names a ``Key``;
replaying waits until the generation ends, so a put seen before the key names are known is
still keyed right.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from novacat_persistence.capture.requests import (
    Delete,
    Effect,
    Image,
    Put,
    TableEvent,
    Update,
)
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.fake.expressions import Placeholders, canonical, compile_update


class Write(NamedTuple):
    """One write that changed an item: when, by what request, from where."""

    test: str | None
    """The node id of the running test (None outside a test's setup, call and teardown)."""
    phase: str | None
    """``setup``, ``call`` or ``teardown`` (None outside a test)."""
    request: str
    """The DynamoDB request: ``PutItem``, ``BatchWriteItem``, ``TransactWriteItems`` ..."""
    at: str
    """``file:line`` of the first caller outside boto3, botocore, moto and the capture."""

    def to_json(self) -> dict[str, str | None]:
        """The write as the ``Capture`` record lists it."""
        return self._asdict()


@dataclass
class CapturedItem:
    """An item's final state in one table generation, and the writes that made it."""

    table: str
    item: Item
    writes: list[Write]
    """Distinct writes, oldest first; the last one made the final state."""


@dataclass
class _Generation:
    """One life of one table: the writes it received, in order."""

    table: str
    key_names: frozenset[str] | None
    writes: list[tuple[Effect, Write]] = field(default_factory=list)

    def final_items(self, problems: list[str]) -> Iterator[CapturedItem]:
        """Replay the writes; yield the items left at the end (problems appended)."""
        current: dict[Hashable, CapturedItem] = {}
        for effect, write in self.writes:
            if isinstance(effect, Put):
                current[self._key(effect.item)] = CapturedItem(self.table, effect.item, [write])
            elif isinstance(effect, Delete):
                current.pop(self._key(effect.key), None)
            else:
                key = self._key(effect.key)
                old = current.get(key)
                item = _updated(old.item if old else None, effect, write, problems)
                if item is not None:
                    writes = _appended(old.writes if old else [], write)
                    current[key] = CapturedItem(self.table, item, writes)
        yield from current.values()

    def _key(self, item: Item) -> Hashable:
        names = self.key_names if self.key_names is not None else item.keys()
        return frozenset((name, canonical(item[name])) for name in names if name in item)


def _updated(
    old: Item | None, effect: Update | Image, write: Write, problems: list[str]
) -> Item | None:
    if isinstance(effect, Image):
        return effect.item
    if effect.expression is None:
        return dict(old) if old is not None else dict(effect.key)
    try:
        update = compile_update(effect.expression)
        return update.apply(old, effect.key, Placeholders(effect.names, effect.values))
    except (InputValidationError, LookupError, TypeError, ValueError) as exc:
        problems.append(
            f"{write.request} at {write.at}: its update expression could not be replayed "
            f"({exc}); the item keeps its state before it"
        )
        return old


def _appended(writes: list[Write], write: Write) -> list[Write]:
    return [*(earlier for earlier in writes if earlier != write), write]


class TableHistory:
    """Every generation of every table written in a session (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generations: list[_Generation] = []
        self._current: dict[tuple[str, str], _Generation] = {}

    def _generation(self, endpoint: str, table: str) -> _Generation:
        generation = self._current.get((endpoint, table))
        if generation is None:
            generation = self._current[endpoint, table] = _Generation(table, None)
            self._generations.append(generation)
        return generation

    def table_event(self, endpoint: str, event: TableEvent) -> None:
        """Start a generation on creation (or when the key names changed), end it on
        deletion, learn the key names."""
        where = (endpoint, event.table)
        with self._lock:
            if event.kind == "deleted":
                self._current.pop(where, None)
                return
            current = self._current.get(where)
            if event.kind == "created" or (
                current is not None
                and None not in (current.key_names, event.key_names)
                and current.key_names != event.key_names
            ):
                self._current.pop(where, None)
            generation = self._generation(endpoint, event.table)
            if event.key_names is not None:
                generation.key_names = event.key_names

    def record(self, endpoint: str, effects: Iterable[Effect], write: Write) -> None:
        """Add the item changes of one successful request."""
        with self._lock:
            for effect in effects:
                generation = self._generation(endpoint, effect.table)
                if generation.key_names is None and not isinstance(effect, Put):
                    generation.key_names = frozenset(effect.key)
                generation.writes.append((effect, write))

    def final_items(self) -> tuple[dict[str, list[CapturedItem]], list[str]]:
        """Per table name, the final items of every generation in the order they were first
        written (an item equal to one already listed is left out), and the problems met."""
        problems: list[str] = []
        tables: dict[str, list[CapturedItem]] = {}
        seen: set[tuple[str, Hashable]] = set()
        with self._lock:
            generations = list(self._generations)
            unkeyed = sorted({g.table for g in generations if g.key_names is None and g.writes})
            for generation in generations:
                for captured in generation.final_items(problems):
                    identity = (captured.table, canonical({"M": captured.item}))
                    if identity not in seen:
                        seen.add(identity)
                        tables.setdefault(captured.table, []).append(captured)
        problems += [
            f"table {name}: its key attributes were never seen (no CreateTable, DescribeTable "
            "or keyed request): every put is kept, overwritten items included"
            for name in unkeyed
        ]
        return tables, problems


__all__ = ["CapturedItem", "TableHistory", "Write"]
