"""Attribute values DynamoDB refuses to store or compare with, which moto 5 takes.

DynamoDB refuses with a ValidationException, nothing of the request applied, a value holding
(at any depth) a number it cannot store exactly (:func:`number_problem`: no number, more than
38 significant digits, or a magnitude outside 1E-130 .. 9.99..E+125), a set naming one member
twice (numbers compared as numbers: ``1`` and ``1.0`` are one), or a map entry with an empty
name; an item with an empty attribute name, or an index key attribute of another type than
its index's; and an ``ExpressionAttributeValues`` entry holding any such value, whatever the
expression does with it. moto 5 stores all of these (a number as its text, unchecked) and
compares them.

:func:`item_problem` and :func:`values_problem` say why, in DynamoDB Local's words; the suites'
moto applies them to every item a request writes and every expression value it gives
(:mod:`.moto_request_checks`), and to what an update leaves (an ``ADD`` or ``+`` whose result
needs more digits: :mod:`.moto_item_limits`). ``tests/suites/test_moto_values.py`` holds each
rule to DynamoDB Local.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

from novacat_persistence.contracts.codec.attribute_values import (
    MAX_EXPONENT,
    MAX_NUMBER_DIGITS,
    MIN_EXPONENT,
    significant_digits,
)
from novacat_persistence.contracts.expression_limits import expression_parts

_NUMBER_TEXT: Final = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
"""The texts DynamoDB reads as numbers (``+1``, ``.5``, ``5.``, ``007`` and ``1e2``
included, and decimal digits of any script, as Java's BigDecimal reads them; no space,
``_``, ``NaN``, ``Infinity`` or hexadecimal)."""
NOT_A_NUMBER: Final = "A value provided cannot be converted into a number"
TOO_PRECISE: Final = f"DynamoDB only supports precision up to {MAX_NUMBER_DIGITS} digits"
OVERFLOW: Final = (
    "Number overflow. Attempting to store a number with magnitude larger than supported range"
)
UNDERFLOW: Final = (
    "Number underflow. Attempting to store a number with magnitude smaller than supported range"
)
EMPTY_NAME: Final = "Empty attribute name"
NUMBERS_TWICE: Final = "Input collection contains duplicates"
_INVALID: Final = "One or more parameter values were invalid"
INDEX_KEY_TYPE: Final = f"{_INVALID}: Type mismatch for Index Key"

IndexKeys = Callable[[str], Mapping[str, str]]
"""The index key attributes of a table, by name, with their type tags (none for a table
that does not exist: moto says so itself)."""


def number_problem(text: Any) -> str | None:
    """Why DynamoDB refuses ``text`` as the text of a number; None when it stores it."""
    if not isinstance(text, str) or not _NUMBER_TEXT.fullmatch(text):
        return NOT_A_NUMBER
    value = Decimal(text)
    if value.is_zero():
        return None
    if significant_digits(value) > MAX_NUMBER_DIGITS:
        return TOO_PRECISE
    if value.adjusted() > MAX_EXPONENT:
        return OVERFLOW
    if value.adjusted() < MIN_EXPONENT:
        return UNDERFLOW
    return None


def value_problem(value: Any) -> str | None:
    """Why DynamoDB refuses an AttributeValue (its JSON form, as sent), looking at every level
    of it; None when it stores it (or when it is no AttributeValue: moto says so itself)."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return None
    ((tag, payload),) = value.items()
    if tag == "N":
        return number_problem(payload)
    if not isinstance(payload, list | Mapping):
        return None
    if tag == "NS":
        return _numbers_problem(payload)
    if tag in ("SS", "BS"):
        return _twice(tag, payload)
    if tag == "L":
        return _first(map(value_problem, payload))
    if tag == "M" and isinstance(payload, Mapping):
        return EMPTY_NAME if "" in payload else _first(map(value_problem, payload.values()))
    return None


def _numbers_problem(members: Iterable[Any]) -> str | None:
    listed = list(members)
    found = _first(map(number_problem, listed))
    if found is not None:
        return found
    return NUMBERS_TWICE if len({Decimal(text) for text in listed}) != len(listed) else None


def _twice(tag: str, members: Iterable[Any]) -> str | None:
    texts = list(map(str, members))
    if len(set(texts)) == len(texts):
        return None
    if tag == "BS":
        return f"{_INVALID}: Input collection of type BS contains duplicates."
    return f"{_INVALID}: Input collection [{', '.join(texts)}] contains duplicates"


def _first(problems: Iterable[str | None]) -> str | None:
    return next((problem for problem in problems if problem is not None), None)


def item_problem(item: Any, index_keys: Mapping[str, str]) -> str | None:
    """Why DynamoDB refuses to store ``item`` (its JSON form, as sent) in a table whose index
    key attributes are ``index_keys`` (name -> type tag); None when it stores it."""
    if not isinstance(item, Mapping):
        return None
    if "" in item:
        return EMPTY_NAME
    for name, tag in index_keys.items():
        held = item.get(name)
        if isinstance(held, Mapping) and len(held) == 1 and tag not in held:
            return INDEX_KEY_TYPE
    return _first(map(value_problem, item.values()))


def values_problem(request: Mapping[str, Any]) -> str | None:
    """Why DynamoDB refuses a request (its parameters, as sent) for a value one of its
    ``ExpressionAttributeValues`` gives (of each part with expressions of its own); None when
    it takes every one."""
    for part in expression_parts(request):
        values = part.get("ExpressionAttributeValues")
        for placeholder, value in values.items() if isinstance(values, Mapping) else ():
            problem = value_problem(value)
            if problem is not None:
                return (
                    f"ExpressionAttributeValues contains invalid value: {problem} "
                    f"for key {placeholder}"
                )
    return None


def written_problem(request: Mapping[str, Any], index_keys: IndexKeys) -> str | None:
    """Why DynamoDB refuses a request (its parameters, as sent) for an item it writes: a
    put's, a transaction's puts', a batch's puts'; None when it stores every one."""
    for part in expression_parts(request):
        if "Item" in part:
            found = item_problem(part["Item"], index_keys(str(part.get("TableName"))))
            if found is not None:
                return found
    for table, item in batch_puts(request):
        found = item_problem(item, index_keys(table))
        if found is not None:
            return found
    return None


def batch_puts(request: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The table and item of each put request of a BatchWriteItem (its parameters, as sent);
    none for any other request."""
    tables = request.get("RequestItems")
    for table, requests in tables.items() if isinstance(tables, Mapping) else ():
        for entry in requests if isinstance(requests, list) else ():
            put = entry.get("PutRequest") if isinstance(entry, Mapping) else None
            if isinstance(put, Mapping):
                yield table, put.get("Item")


def request_problem(request: Mapping[str, Any], index_keys: IndexKeys) -> str | None:
    """Why DynamoDB refuses a request for a value it gives (:func:`values_problem`) or an item
    it writes (:func:`written_problem`); None when it takes them all."""
    return values_problem(request) or written_problem(request, index_keys)


def table_index_keys(table: Any) -> dict[str, str]:
    """The index key attributes of a moto table, with their type tags (the attributes its
    definitions name, less its own key)."""
    own = {table.hash_key_attr, table.range_key_attr}
    return {
        definition["AttributeName"]: definition["AttributeType"]
        for definition in table.attr
        if definition["AttributeName"] not in own
    }


def refuse(reason: str | None) -> None:
    """Raise moto's ValidationException saying ``reason``, if any."""
    if reason is not None:
        from moto.dynamodb.exceptions import MockValidationException  # noqa: PLC0415 - moto only

        raise MockValidationException(reason)
