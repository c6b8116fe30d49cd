"""The raw view on moto: its reads and deletes done on moto's tables in process, not by request.

The suites read the stored items around the candidate again and again (a fault case compares
the whole table before and after each call, a race round lists its keys): on moto each such
read was a full request (the client's serialization, moto's parsing, an item size sum and a
deep copy of each item for the 1 MB page limit, the encoding of the response and the client's
parsing of it). :class:`MotoRawTable` answers ``get``, ``scan``, ``keys`` and ``partition``,
and deletes, on moto's table objects, under the lock that serves moto one request at a time.
Items come as a client read returns them (moto's own JSON form of an item is exactly that:
numbers as text, binary as bytes, a copy of what it holds), in moto's own order. Writes and
index queries still go through the client, as does everything on a table moto does not hold
(so its error is moto's). The kit's tests keep each read equal to the same read through the
client, and a table emptied so equal to one emptied through it
(``tests/suites/test_moto_raw_reads.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.suites.harness.moto_ordering import key_order
from novacat_persistence.suites.harness.raw_table import RawTable


def client_item(item: Any) -> Item:
    """A moto item as a client read returns it: moto's own JSON form of the item, a copy of
    what it holds (binary as bytes, nested values included)."""
    attributes: Item = item.to_json()["Attributes"]
    return attributes


@dataclass(frozen=True)
class MotoRawTable(RawTable):
    """A :class:`RawTable` whose reads come from moto's table objects (see the module)."""

    tables: Callable[[str], Any]
    """The moto table of a name, or None when moto holds no such table."""
    serial: AbstractContextManager[Any]
    """The lock moto's requests are served under (held while a read lists items)."""

    def get(self, pk: str, sk: str) -> Item | None:
        """The stored item, or None."""
        with self.serial:
            table = self.tables(self.name)
            if table is not None:
                found = _partition(table, pk).get(_string(sk))
                return None if found is None else client_item(found)
        return super().get(pk, sk)  # outside the lock: the request takes it

    def scan(self) -> list[Item]:
        """Every item of the table, in moto's scan order."""
        with self.serial:
            table = self.tables(self.name)
            if table is not None:
                return [client_item(item) for item in table.all_items()]
        return super().scan()

    def keys(self) -> set[tuple[str, str]]:
        """The (PK, SK) of every stored item (a set: moto's items unsorted)."""
        with self.serial:
            table = self.tables(self.name)
            if table is not None:
                held = (item for part in table.items.values() for item in part.values())
                return {(item.hash_key.value, item.range_key.value) for item in held}
        return super().keys()

    def partition(self, pk: str) -> list[Item]:
        """Every item of a partition in SK order."""
        with self.serial:
            table = self.tables(self.name)
            if table is not None:
                found = sorted(_partition(table, pk).values(), key=key_order)
                return [client_item(item) for item in found]
        return super().partition(pk)

    def delete(self, keys: set[tuple[str, str]]) -> None:
        """Delete the items of these (PK, SK) keys (a key with no item is no error)."""
        with self.serial:
            table = self.tables(self.name)
            if table is not None:
                for pk, sk in keys:
                    table.delete_item(_string(pk), _string(sk))
                return
        super().delete(keys)


def _string(text: str) -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType  # noqa: PLC0415 - moto only

    return DynamoType({"S": text})


def _partition(table: Any, pk: str) -> dict[Any, Any]:
    found: dict[Any, Any] = table.items.get(_string(pk), {})  # a defaultdict: never index it
    return found
