"""moto's ``TransactWriteItems`` with a rollback copy of the items it touches, not of the tables.

moto 5 keeps a transaction all-or-nothing by deep-copying every table it names before applying
its actions, once per action, and putting the copies back when one fails: the cost grows with
everything the table holds. Under a profiler that copying was 9% of a whole conformance run's
function time, the largest single cost in it. :func:`installed` keeps moto's transaction code as
it is and changes only what is copied: while one transaction runs, a table "copies" to itself,
and the wrapper keeps its own copy of each named table's item layout (each partition's order,
the same untouched items) with the items the actions name deep-copied. When moto cancels the
transaction (or raises from it), that layout is put back: every item as it was, in the same
order (moto's scans list items in the order they were stored). The kit's tests check the two
give the same tables after cancelled and applied transactions
(``tests/suites/test_moto_transactions.py``).

A transaction whose items cannot be told apart this way (a named table or key that moto will
refuse) runs with moto's own copies.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Layout = dict[Any, Any]
"""One table's items as moto holds them: partition key value to item, or to a dict of sort key
value to item."""


def rollback_layouts(backend: Any, transact_items: list[dict[str, Any]]) -> dict[str, Layout]:
    """For every table the actions name: its item layout with the named items deep-copied and
    every other item shared (a transaction changes only the items it names). Raises when an
    action names no table moto holds or no whole key."""
    touched: dict[str, set[tuple[Any, Any]]] = {}
    for action in transact_items:
        for kind, operation in action.items():
            table = backend.tables[operation["TableName"]]
            source = operation["Item"] if kind == "Put" else operation["Key"]
            touched.setdefault(table.name, set()).add(_key_of(table, source))
    return {name: _layout(backend.tables[name], keys) for name, keys in touched.items()}


def _key_of(table: Any, attributes: dict[str, Any]) -> tuple[Any, Any]:
    from moto.dynamodb.models.dynamo_type import DynamoType  # noqa: PLC0415 - moto only

    partition = DynamoType(attributes[table.hash_key_attr])
    if table.range_key_attr is None:
        return partition, None
    return partition, DynamoType(attributes[table.range_key_attr])


def _layout(table: Any, keys: set[tuple[Any, Any]]) -> Layout:
    layout: Layout = {
        partition: dict(held) if isinstance(held, dict) else held
        for partition, held in table.items.items()
    }
    for partition, sort in keys:
        if sort is None:
            if partition in layout:
                layout[partition] = copy.deepcopy(layout[partition])
        elif sort in layout.get(partition, {}):
            layout[partition][sort] = copy.deepcopy(layout[partition][sort])
    return layout


def restore(backend: Any, layouts: dict[str, Layout]) -> None:
    """Put each table's items back as :func:`rollback_layouts` saw them."""
    for name, layout in layouts.items():
        table = backend.tables.get(name)
        if table is not None:
            table.items.clear()
            table.items.update(layout)


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto's DynamoDB transactions copy only the items they name."""
    from moto.dynamodb.models import DynamoDBBackend  # noqa: PLC0415 - moto only
    from moto.dynamodb.models.table import Table  # noqa: PLC0415

    original: Callable[..., None] = DynamoDBBackend.transact_write_items
    if "__deepcopy__" in vars(Table):
        yield  # a moto whose tables copy themselves their own way keeps its own transactions
        return

    def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
        try:
            layouts = rollback_layouts(backend, transact_items)
        except Exception:  # what moto will refuse, moto's own code refuses
            original(backend, transact_items)
            return
        Table.__deepcopy__ = _itself  # type: ignore[attr-defined]
        try:
            original(backend, transact_items)
        except BaseException:
            restore(backend, layouts)
            raise
        finally:
            del Table.__deepcopy__  # type: ignore[attr-defined]

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        DynamoDBBackend.transact_write_items = original  # type: ignore[method-assign]


def _itself(table: Any, memo: dict[int, Any]) -> Any:
    return table
