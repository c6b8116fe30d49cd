"""The in-memory table: items in their DynamoDB wire form, keyed by (PK, SK), with
conditional put / update / delete / transaction primitives applied atomically.

One re-entrant lock guards every primitive's check-and-apply, so each request is atomic with
respect to every other (DynamoDB's per-request atomicity; a transaction is all-or-none).
Each item is kept as a snapshot (:mod:`~novacat_persistence.fake.stored_form`): callers may
change what they pass in and what they get back.

Each partition keeps its sort keys in a sorted list (query order and ``begins_with`` by
bisection); the sparse GSI1 view keeps ``(GSI1SK, PK, SK)`` per ``GSI1PK`` for exactly the
items that carry both index keys as strings. Strings order by code point, which is the UTF-8
byte order DynamoDB sorts by.

What tests and the conformance suites read and seed around a wrapper goes through the table's
raw view (:mod:`.raw_view`), not through these primitives.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Final, Literal, NamedTuple

from novacat_persistence.contracts.wire_form import AttributeValue, Item
from novacat_persistence.fake.expressions import invalid
from novacat_persistence.fake.stored_form import freeze, thaw
from novacat_persistence.reference_impl.gateway import ConditionRefused, TransactionRefused

Condition = Callable[[Item | None], bool]
"""A condition on the stored item (None when absent): True lets the write happen."""

Mutation = Callable[[Item | None], Item]
"""Returns the item after an update, given the stored one (None when absent); must not change
its argument."""

INDEX_KEYS: Final = ("GSI1PK", "GSI1SK")
"""The key attributes of GSI1 (the sparse eligibility index)."""

TTL_ATTRIBUTE: Final = "ttl"
"""The attribute the TTL sweeper reads (epoch seconds)."""

TTL_HORIZON: Final = timedelta(days=5 * 365)
"""DynamoDB never deletes items whose ``ttl`` lies more than five years in the past."""


@dataclass(frozen=True)
class TransactAction:
    """One action of :meth:`FakeTable.transact`: a Put of ``item``, an Update by ``mutation``,
    a Delete, or a ConditionCheck, each under ``condition`` (None: unconditional)."""

    kind: Literal["put", "update", "delete", "check"]
    pk: str
    sk: str
    condition: Condition | None = None
    item: Item | None = None
    mutation: Mutation | None = None


@dataclass
class _Partition:
    items: dict[str, bytes] = field(default_factory=dict)
    """SK -> the item's snapshot."""
    order: list[str] = field(default_factory=list)


def _string_key(item: Mapping[str, AttributeValue], name: str) -> str:
    value = item.get(name)
    text: str | None = value.get("S") if isinstance(value, dict) and len(value) == 1 else None
    if not text:
        raise invalid(f"the key attribute {name} must be a non-empty string")
    return text


def _index_key(item: Mapping[str, AttributeValue]) -> tuple[str, str] | None:
    """The GSI1 key of an item, or None when it is not in the (sparse) index. An index key
    attribute of another type is refused, as DynamoDB refuses it."""
    if "GSI1PK" not in item and "GSI1SK" not in item:  # most items: not in the index
        return None
    present = [name for name in INDEX_KEYS if name in item]
    for name in present:
        _string_key(item, name)
    if len(present) < len(INDEX_KEYS):
        return None
    return item["GSI1PK"]["S"], item["GSI1SK"]["S"]


class _Storable(NamedTuple):
    """An item DynamoDB would store, ready to be: its keys and its snapshot."""

    pk: str
    sk: str
    gsi1_key: tuple[str, str] | None
    """Its GSI1 key, None when it is not in the index."""
    snapshot: bytes


def _validated(item: Item) -> _Storable:
    """The item as the table stores it, or InputValidationError when DynamoDB would refuse
    it. Everything that can refuse an item happens here, before any state changes."""
    pk, sk = _string_key(item, "PK"), _string_key(item, "SK")
    return _Storable(pk, sk, _index_key(item), freeze(item))


class FakeTable:
    """One in-memory Nova Cat table (PK/SK, sparse GSI1), thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._partitions: dict[str, _Partition] = {}
        self._index: dict[str, list[tuple[str, str, str]]] = {}

    # --- state changes (callers hold the lock) ------------------------------------------

    def _stored(self, pk: str, sk: str) -> Item | None:
        partition = self._partitions.get(pk)
        blob = None if partition is None else partition.items.get(sk)
        return None if blob is None else thaw(blob)

    def _write(self, pk: str, sk: str, new: _Storable | None, old: Item | None) -> None:
        """Replace the item at (pk, sk), ``old`` as :meth:`_stored` returned it, by ``new``
        (None: delete), keeping order and index. Never raises: ``new`` was validated."""
        partition = self._partitions.get(pk)
        old_index = _index_key(old) if old is not None else None
        if old_index is not None:
            entries = self._index[old_index[0]]
            del entries[bisect.bisect_left(entries, (old_index[1], pk, sk))]
            if not entries:
                del self._index[old_index[0]]
        if new is None:
            if partition is not None and sk in partition.items:
                del partition.items[sk]
                del partition.order[bisect.bisect_left(partition.order, sk)]
                if not partition.items:
                    del self._partitions[pk]
            return
        if partition is None:
            partition = self._partitions[pk] = _Partition()
        if sk not in partition.items:
            bisect.insort(partition.order, sk)
        partition.items[sk] = new.snapshot
        if new.gsi1_key is not None:
            bisect.insort(self._index.setdefault(new.gsi1_key[0], []), (new.gsi1_key[1], pk, sk))

    @staticmethod
    def _check(condition: Condition | None, stored: Item | None) -> None:
        if condition is not None and not condition(stored):
            raise ConditionRefused(stored, False)

    # --- single-item primitives (shared items: see the module) -----------------------------

    def read(self, pk: str, sk: str) -> Item | None:
        """A copy of the stored item, or None."""
        with self._lock:
            return self._stored(pk, sk)

    def write(self, item: Item, condition: Condition | None = None) -> None:
        """Store a snapshot of ``item`` (replacing any item with its key) when ``condition``
        holds on the stored one; else raise ConditionRefused carrying the stored item. An
        item DynamoDB would refuse for its keys, its index key types or its size raises
        InputValidationError, and so does a value no snapshot holds. ``item`` is in wire form,
        as the codec builds it: what a caller builds by hand goes through the raw view's ``put``,
        which checks every value."""
        new = _validated(item)
        with self._lock:
            stored = self._stored(new.pk, new.sk)
            self._check(condition, stored)
            self._write(new.pk, new.sk, new, stored)

    def write_all(self, items: Sequence[Item]) -> None:
        """Store every item unconditionally, as one BatchWriteItem does: the whole batch is
        refused (InputValidationError, nothing stored) when an item is one DynamoDB would
        refuse or two items share a key; else each item is written atomically."""
        storable = [_validated(item) for item in items]
        if len({(new.pk, new.sk) for new in storable}) != len(storable):
            raise invalid("Provided list of item keys contains duplicates")
        for new in storable:
            with self._lock:
                self._write(new.pk, new.sk, new, self._stored(new.pk, new.sk))

    def update(self, pk: str, sk: str, mutation: Mutation, condition: Condition | None) -> Item:
        """Apply ``mutation`` to the item at (pk, sk) (creating it when absent) when
        ``condition`` holds; return the new item. Raises ConditionRefused."""
        with self._lock:
            stored = self._stored(pk, sk)
            self._check(condition, stored)
            new = mutation(stored)
            self._write(pk, sk, _validated(new), stored)
            return new

    def delete(self, pk: str, sk: str, condition: Condition | None = None) -> Item | None:
        """Delete the item at (pk, sk) when ``condition`` holds; return what was stored (None:
        nothing was). Raises ConditionRefused."""
        with self._lock:
            stored = self._stored(pk, sk)
            self._check(condition, stored)
            self._write(pk, sk, None, stored)
            return stored

    # --- transactions -----------------------------------------------------------------------

    def transact(self, actions: Sequence[TransactAction]) -> None:
        """Apply every action or none: when any condition fails, raise TransactionRefused
        with the indexes of the refused actions and their stored items. Two actions on one
        item are refused as DynamoDB refuses them (InputValidationError)."""
        keys = [(a.pk, a.sk) for a in actions]
        if len(set(keys)) != len(keys):
            raise invalid("a transaction cannot include multiple operations on one item")
        with self._lock:
            stored = [self._stored(a.pk, a.sk) for a in actions]
            refused = frozenset(
                index
                for index, (action, old) in enumerate(zip(actions, stored, strict=True))
                if action.condition is not None and not action.condition(old)
            )
            if refused:
                olds = [old if index in refused else None for index, old in enumerate(stored)]
                raise TransactionRefused(refused, olds, False)
            writes = [self._outcome(a, old) for a, old in zip(actions, stored, strict=True)]
            for action, old, (write, new) in zip(actions, stored, writes, strict=True):
                if write:
                    self._write(action.pk, action.sk, new, old)

    @staticmethod
    def _outcome(action: TransactAction, stored: Item | None) -> tuple[bool, _Storable | None]:
        if action.kind == "put":
            assert action.item is not None
            new = _validated(action.item)
            if (new.pk, new.sk) != (action.pk, action.sk):
                raise invalid("a transaction Put's item does not carry its key")
            return True, new
        if action.kind == "update":
            assert action.mutation is not None
            return True, _validated(action.mutation(stored))
        if action.kind == "delete":
            return True, None
        return False, None

    # --- reads of many items -----------------------------------------------------------------

    def query(self, pk: str, prefix: str = "") -> list[Item]:
        """Copies of the items of partition ``pk`` whose SK begins with ``prefix``, in SK
        order."""
        with self._lock:
            partition = self._partitions.get(pk)
            if partition is None:
                return []
            order = partition.order
            found = []
            for index in range(bisect.bisect_left(order, prefix), len(order)):
                sk = order[index]
                if not sk.startswith(prefix):
                    break
                found.append(thaw(partition.items[sk]))
            return found

    def count(self, pk: str, prefix: str = "") -> int:
        """How many items of partition ``pk`` have an SK beginning with ``prefix``."""
        with self._lock:
            partition = self._partitions.get(pk)
            if partition is None:
                return 0
            order = partition.order
            start = bisect.bisect_left(order, prefix)
            end = start
            while end < len(order) and order[end].startswith(prefix):
                end += 1
            return end - start

    def query_index(self, gsi1pk: str, prefix: str = "") -> list[Item]:
        """Copies of the items GSI1 holds under ``gsi1pk`` whose GSI1SK begins with
        ``prefix``, in GSI1SK order (then PK, SK)."""
        with self._lock:
            entries = self._index.get(gsi1pk, [])
            start = bisect.bisect_left(entries, (prefix, "", ""))
            found = []
            for gsi1sk, pk, sk in entries[start:]:
                if not gsi1sk.startswith(prefix):
                    break
                found.append(thaw(self._partitions[pk].items[sk]))
            return found

    def select(self, predicate: Callable[[Item], bool]) -> list[Item]:
        """Copies of every item passing ``predicate``, ordered by PK then SK."""
        with self._lock:
            return [item for item in self._iterate() if predicate(item)]

    def _iterate(self) -> Iterator[Item]:
        for pk in sorted(self._partitions):
            partition = self._partitions[pk]
            for sk in partition.order:
                yield thaw(partition.items[sk])

    def keys(self) -> set[tuple[str, str]]:
        """The (PK, SK) of every stored item."""
        with self._lock:
            return {(pk, sk) for pk, p in self._partitions.items() for sk in p.items}

    def __len__(self) -> int:
        with self._lock:
            return sum(len(p.items) for p in self._partitions.values())

    def clear(self) -> None:
        """Delete every item."""
        with self._lock:
            self._partitions.clear()
            self._index.clear()

    # --- time to live ------------------------------------------------------------------------

    def sweep_expired(self, now: datetime) -> int:
        """Do what DynamoDB's TTL sweeper does, at once: delete every item whose numeric
        ``ttl`` (epoch seconds) is at or before ``now`` (and not more than five years
        before it). Return how many were deleted. Until swept, expired items stay readable,
        as on DynamoDB (deletion is lazy)."""
        latest = Decimal(int(now.timestamp()))
        earliest = Decimal(int((now - TTL_HORIZON).timestamp()))
        with self._lock:
            expired = [
                item
                for item in self._iterate()
                if (ttl := _ttl(item)) is not None and earliest <= ttl <= latest
            ]
            for item in expired:
                self._write(item["PK"]["S"], item["SK"]["S"], None, item)
            return len(expired)


def _ttl(item: Mapping[str, AttributeValue]) -> Decimal | None:
    value = item.get(TTL_ATTRIBUTE)
    if value is None or "N" not in value:
        return None
    try:
        return Decimal(value["N"])
    except InvalidOperation:
        return None


__all__ = ["INDEX_KEYS", "TTL_ATTRIBUTE", "Condition", "FakeTable", "Mutation", "TransactAction"]
