"""moto's listing of a table's items in key order, sorted on the key values themselves.

moto 5 answers every Query and Scan from the table's items sorted by key, and sorts them by
comparing its attribute-value objects, each comparison converting both values again (about
two million conversions in one conformance run). :func:`installed` sorts on each item's key
values converted once, which orders them exactly as those comparisons do (they compare the
same converted values); the kit's tests keep the two orders equal
(``tests/suites/test_moto_ordering.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def key_order(item: Any) -> Any:
    """The value moto's own order compares for an item: its key values, converted."""
    if item.range_key:
        return item.hash_key.cast_value, item.range_key.cast_value
    return item.hash_key.cast_value


def all_items(table: Any) -> list[Any]:
    """Every item of a moto table, in moto's key order."""
    if table.range_key_attr:
        items = [item for partition in table.items.values() for item in partition.values()]
    else:
        items = list(table.items.values())
    return sorted(items, key=key_order)


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto's tables list their items sorted on converted key values."""
    from moto.dynamodb.models.table import Table  # noqa: PLC0415 - moto only

    original: Callable[[Any], list[Any]] | None = vars(Table).get("all_items")
    if original is None:
        yield  # a moto that lists its items another way
        return
    Table.all_items = all_items  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Table.all_items = original  # type: ignore[method-assign,assignment]
