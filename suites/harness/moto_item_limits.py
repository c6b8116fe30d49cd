"""DynamoDB's limits on a stored item, which moto 5 keeps otherwise or not at all: its size and
how deep its attributes nest.

DynamoDB refuses a write that would store an item over 400 KB (as
:mod:`~novacat_persistence.contracts.item_size` counts it), or holding an attribute nested more
than 31 levels of lists and maps deep (:mod:`~novacat_persistence.contracts.nesting`), with a
ValidationException, and nothing of the request is applied. moto 5 counts size differently (its
limit is 405,000 of its own bytes; an updated attribute's old and new values both count), so it
refuses updates DynamoDB takes; it checks size while it applies, so a refused update leaves what
it applied before the check (an item it created included), and a batch is stored up to its
oversized put; and it stores an item nested at any depth.

:func:`installed` makes the suites' moto keep both limits as DynamoDB does: a put (alone, in a
batch or a transaction) over either is refused before anything is stored; an update (alone or
in a transaction) is applied, and undone whole when it fails or leaves the item over either,
or holding a value DynamoDB refuses to store (:func:`.moto_values.item_problem`: an ``ADD`` or
``+`` whose result needs more than 38 digits, an index key set to another type).
The kit's tests hold moto with it to DynamoDB Local at the exact limits
(``tests/suites/test_moto_item_size.py``, ``tests/suites/test_moto_nesting.py``).
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

from novacat_persistence.contracts.item_size import size_over_limit
from novacat_persistence.contracts.nesting import ITEM_TOO_DEEP, item_too_deep
from novacat_persistence.suites.harness.moto_values import (
    batch_puts,
    item_problem,
    refuse,
    table_index_keys,
)

Refusal = Literal["size", "nesting"]
"""Which limit DynamoDB refuses an item for."""


def refusal(item: Mapping[str, Any]) -> Refusal | None:
    """Which limit an item in DynamoDB's JSON form (binary payloads as base64 text, or bytes)
    is over, size first; None when DynamoDB stores it."""
    if _over_size(item):
        return "size"
    return None if item_too_deep(item) is None else "nesting"


def _over_size(item: Mapping[str, Any]) -> bool:
    try:
        # base64 text is longer than its bytes: an item under the limit as it is, is under
        # it (most items); only one that may be over has its binary payloads decoded
        return size_over_limit(item) is not None and size_over_limit(_with_bytes(item)) is not None
    except ValueError:  # no AttributeValue: moto's own checks say what is wrong with it
        return False


def _with_bytes(item: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _value_with_bytes(value) for name, value in item.items()}


def _value_with_bytes(value: Any) -> Any:
    """An AttributeValue with its binary payloads as bytes (moto keeps them as base64 text)."""
    if not isinstance(value, dict) or len(value) != 1:
        return value
    ((tag, payload),) = value.items()
    if tag == "B":
        return {tag: _bytes(payload)}
    if tag == "BS" and isinstance(payload, list):
        return {tag: [_bytes(member) for member in payload]}
    if tag == "L" and isinstance(payload, list):
        return {tag: [_value_with_bytes(element) for element in payload]}
    if tag == "M" and isinstance(payload, dict):
        return {tag: _with_bytes(payload)}
    return value


def _bytes(payload: Any) -> Any:
    return base64.b64decode(payload) if isinstance(payload, str) else payload


def _stored_form(item: Any) -> dict[str, Any]:
    """A moto item's attributes as AttributeValues."""
    return {name: value.to_regular_json() for name, value in item.attrs.items()}


def _restore(table: Any, hash_value: Any, range_value: Any, held: dict[str, Any] | None) -> None:
    """Put back the attributes an item held before a refused update (None: it had none)."""
    now = table.get_item(hash_value, range_value)
    if held is None:
        if now is not None:  # created by the refused update
            table.delete_item(hash_value, range_value)
    elif now is not None:
        dict.clear(now.attrs)
        dict.update(now.attrs, held)


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto refuses a write over DynamoDB's item limits as DynamoDB does."""
    from moto.dynamodb.exceptions import (  # noqa: PLC0415 - moto only
        ItemSizeTooLarge,
        ItemSizeToUpdateTooLarge,
        MockValidationException,
    )
    from moto.dynamodb.models import DynamoDBBackend  # noqa: PLC0415
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict  # noqa: PLC0415
    from moto.dynamodb.responses import DynamoHandler  # noqa: PLC0415

    put_original: Callable[..., Any] = DynamoDBBackend.put_item
    update_original: Callable[..., Any] = DynamoDBBackend.update_item
    batch_original: Callable[..., Any] = DynamoHandler.batch_write_item
    setitem_original = LimitedSizeDict.__setitem__

    def check(item: Mapping[str, Any], too_large: Callable[[], Exception]) -> None:
        refused = refusal(item)
        if refused is not None:
            raise too_large() if refused == "size" else MockValidationException(ITEM_TOO_DEEP)

    def put_item(backend: Any, table_name: str, item: dict[str, Any], *a: Any, **k: Any) -> Any:
        check(item, ItemSizeTooLarge)
        return put_original(backend, table_name, item, *a, **k)

    def update_item(backend: Any, table_name: str, key: dict[str, Any], *a: Any, **k: Any) -> Any:
        try:
            table = backend.get_table(table_name)
            hash_value, range_value = backend.get_keys_value(table, key)
            before = table.get_item(hash_value, range_value)
        except Exception:  # no such table or key: moto's own update says so
            return update_original(backend, table_name, key, *a, **k)
        held = None if before is None else copy.deepcopy(dict(before.attrs))
        try:
            item = update_original(backend, table_name, key, *a, **k)
            stored = _stored_form(item)
            check(stored, ItemSizeToUpdateTooLarge)
            refuse(item_problem(stored, table_index_keys(table)))
        except BaseException:
            _restore(table, hash_value, range_value, held)
            raise
        return item

    def batch_write_item(handler: Any) -> Any:
        for _table, item in batch_puts(getattr(handler, "body", None) or {}):
            check(item or {}, ItemSizeTooLarge)
        return batch_original(handler)

    def setitem(attributes: Any, name: str, value: Any) -> None:
        dict.__setitem__(attributes, name, value)  # sizes are checked whole, above

    DynamoDBBackend.put_item = put_item  # type: ignore[method-assign,assignment]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign,assignment]
    DynamoHandler.batch_write_item = batch_write_item  # type: ignore[method-assign,assignment]
    LimitedSizeDict.__setitem__ = setitem  # type: ignore[method-assign]
    try:
        yield
    finally:
        DynamoDBBackend.put_item = put_original  # type: ignore[method-assign]
        DynamoDBBackend.update_item = update_original  # type: ignore[method-assign]
        DynamoHandler.batch_write_item = batch_original  # type: ignore[method-assign]
        LimitedSizeDict.__setitem__ = setitem_original  # type: ignore[method-assign]
