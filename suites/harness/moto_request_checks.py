"""Requests DynamoDB refuses before reading them, which moto 5 takes.

DynamoDB refuses with a ValidationException, nothing of it applied, a request holding an
expression over its limits (4 KB; a condition or filter of more than 300 operators:
:func:`.moto_expression_limits.oversized_expression`), a request giving a placeholder none
of its expressions uses (:func:`~novacat_persistence.contracts.placeholders.request_problem`),
one giving an expression value nested more than 32 levels of lists and maps deep
(:func:`~novacat_persistence.contracts.nesting.values_too_deep`), one giving or writing a value
DynamoDB cannot store (:func:`.moto_values.request_problem`: a number it cannot store exactly,
a set naming a member twice, an empty name, an index key of another type), and a
BatchWriteItem of more than 25 requests or naming one key twice (:func:`batch_write_problem`).
moto 5 keeps none of these limits (it checks unused names and the values of an update only,
and a batch's keys only where two requests are the same whole, in two tables too), so a
candidate sending such requests passed on moto and failed on AWS. :func:`installed` makes the
suites' moto refuse them as DynamoDB Local does, before moto reads them (and take one item
written to two tables); every other request is moto's own. The kit's tests hold each rule
to DynamoDB Local (``tests/suites/test_moto_expression_limits.py``,
``tests/suites/test_moto_unused_placeholders.py``, ``tests/suites/test_moto_nesting.py``,
``tests/suites/test_moto_batch_writes.py``, ``tests/suites/test_moto_values.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from novacat_persistence.contracts.nesting import values_too_deep
from novacat_persistence.contracts.placeholders import request_problem
from novacat_persistence.suites.harness import moto_values
from novacat_persistence.suites.harness.moto_expression_limits import oversized_expression

_OPERATIONS: Final = (
    "put_item",
    "update_item",
    "delete_item",
    "get_item",
    "query",
    "scan",
    "batch_get_item",
    "transact_get_items",
    "transact_write_items",
)
"""moto's handlers of the requests that may carry expressions."""
BATCH_WRITE_MAX_REQUESTS: Final = 25
"""DynamoDB's limit of put and delete requests in one BatchWriteItem, over all its tables."""

KeyNames = Callable[[str], tuple[str, ...] | None]
"""The names of a table's key attributes (None: no such table, which moto says itself)."""


def refusal(request: Mapping[str, Any]) -> str | None:
    """Why DynamoDB refuses a request that may carry expressions (its parameters, as sent)
    before reading it, in DynamoDB Local's words; None when it reads it."""
    oversized = oversized_expression(request)
    if oversized is not None:
        name, reason = oversized
        return f"Invalid {name}: {reason}"
    return request_problem(request) or values_too_deep(request)


def batch_write_problem(request: Mapping[str, Any], key_names: KeyNames) -> str | None:
    """Why DynamoDB refuses a BatchWriteItem (its parameters, as sent) for its requests: more
    than 25 over all its tables, or two of one table naming one key (two puts, whatever their
    content, or a put and a delete); None for any other request."""
    tables = request.get("RequestItems")
    if not isinstance(tables, Mapping):
        return None
    # a batch write's tables hold lists of requests (a batch get's, maps of keys)
    writes = {name: each for name, each in tables.items() if isinstance(each, list)}
    if sum(map(len, writes.values())) > BATCH_WRITE_MAX_REQUESTS:
        return "Too many items requested for the BatchWriteItem call"
    for table, requests in writes.items():
        names = key_names(table)
        if names is None:
            continue
        keys = [key for entry in requests if (key := _key_of(entry, names)) is not None]
        if len(set(keys)) != len(keys):
            return "Provided list of item keys contains duplicates"
    return None


def _key_of(entry: Any, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """The key a put or delete request of a batch names, as comparable text (None for an
    entry that is neither: moto says what is wrong with it)."""
    if not isinstance(entry, Mapping):
        return None
    put, delete = entry.get("PutRequest"), entry.get("DeleteRequest")
    attributes = put.get("Item") if isinstance(put, Mapping) else None
    if attributes is None and isinstance(delete, Mapping):
        attributes = delete.get("Key")
    if not isinstance(attributes, Mapping):
        return None
    return tuple(json.dumps(attributes.get(name), sort_keys=True) for name in names)


def _table(handler: Any, name: str) -> Any:
    """A moto handler's table of that name; None when there is none (moto's own handler
    says so)."""
    try:
        return handler.dynamodb_backend.get_table(name)
    except Exception:
        return None


def _table_key_names(handler: Any) -> KeyNames:
    """How a moto handler's tables name their key attributes."""

    def key_names(table: str) -> tuple[str, ...] | None:
        found = _table(handler, table)
        if found is None:
            return None
        return tuple(n for n in (found.hash_key_attr, found.range_key_attr) if n is not None)

    return key_names


def _table_index_keys(handler: Any) -> moto_values.IndexKeys:
    """The index key attributes of a moto handler's tables, with their type tags."""

    def index_keys(table: str) -> dict[str, str]:
        found = _table(handler, table)
        return {} if found is None else moto_values.table_index_keys(found)

    return index_keys


def _checked(handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def checked(self: Any) -> Any:
        request = getattr(self, "params", None) or {}
        moto_values.refuse(
            refusal(request) or moto_values.request_problem(request, _table_index_keys(self))
        )
        return handler(self)

    return checked


def _batch_checked(handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def batch_checked(self: Any) -> Any:
        request = getattr(self, "params", None) or {}
        moto_values.refuse(
            batch_write_problem(request, _table_key_names(self))
            or moto_values.request_problem(request, _table_index_keys(self))
        )
        # moto's own check compares whole items over all the tables of the batch, and
        # refused one item written to two tables, as DynamoDB does not; each request has a
        # handler of its own, so only this one is spared it
        self._contains_duplicates = lambda _keys: False
        return handler(self)

    return batch_checked


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, moto refuses what DynamoDB refuses before reading a request."""
    from moto.dynamodb.responses import DynamoHandler  # noqa: PLC0415 - moto only

    wrappers = dict.fromkeys(_OPERATIONS, _checked) | {"batch_write_item": _batch_checked}
    originals = {name: getattr(DynamoHandler, name) for name in wrappers}
    for name, handler in originals.items():
        setattr(DynamoHandler, name, wrappers[name](handler))
    try:
        yield
    finally:
        for name, handler in originals.items():
            setattr(DynamoHandler, name, handler)
