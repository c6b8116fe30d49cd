"""The suites' moto keeps DynamoDB's nesting limits as DynamoDB Local does (the oracle of
:mod:`~novacat_persistence.contracts.nesting`): an item whose attribute holds more than 31
levels of lists and maps is refused whether a put, a batch or a transaction sends it or an
update makes it, nothing of the request applied; an expression value of more than 32 levels
is refused in any request; one level fewer is taken, and stored as sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import pytest
from botocore.exceptions import ClientError

from novacat_persistence.contracts.nesting import (
    MAX_ATTRIBUTE_LEVELS,
    MAX_EXPRESSION_VALUE_LEVELS,
    item_too_deep,
    values_too_deep,
)

_KEY: Final = {"PK": {"S": "p"}, "SK": {"S": "s"}}
_OTHER: Final = {"PK": {"S": "q"}, "SK": {"S": "s"}}
_TOO_DEEP: Final = "Nesting Levels have exceeded supported limits"


def nested(levels: int, kind: str = "M", innermost: Any = None) -> dict[str, Any]:
    """An AttributeValue of exactly ``levels`` levels of maps (``M``), lists (``L``) or both
    in turn (``LM``), around ``innermost`` (a string by default; a list or map counts as a
    level of its own)."""
    value: dict[str, Any] = innermost or {"S": "x"}
    for level in range(levels):
        tag = kind[level % len(kind)]
        value = {"L": [value]} if tag == "L" else {"M": {"a": value}}
    return value


def levels_of(value: Any) -> int:
    """The levels of lists and maps of an AttributeValue, counted the obvious way."""
    if not isinstance(value, dict) or len(value) != 1:
        return 0
    ((tag, payload),) = value.items()
    children = payload.values() if tag == "M" else payload if tag == "L" else None
    if children is None:
        return 0
    return 1 + max((levels_of(child) for child in children), default=0)


def _refused_as_too_deep(write: Callable[[], object]) -> str:
    """The message of the ValidationException DynamoDB refuses ``write`` with for nesting."""
    with pytest.raises(ClientError) as caught:
        write()
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationException", error
    assert _TOO_DEEP in error["Message"], error
    message: str = error["Message"]
    return message


_MOST: Final = MAX_ATTRIBUTE_LEVELS
_DEEPEST_PATH: Final = "a" + ".a" * 29
"""The path of the 30th map of an attribute ``a`` holding :func:`nested` maps."""


def _puts(table: str) -> dict[str, tuple[dict[str, Any], bool]]:
    """Items by name, and whether DynamoDB refuses to store them."""
    return {
        "maps at the limit": ({**_KEY, "a": nested(_MOST)}, False),
        "lists at the limit": ({**_KEY, "a": nested(_MOST, "L")}, False),
        "lists and maps at the limit": ({**_KEY, "a": nested(_MOST, "LM")}, False),
        "a set at the deepest level": ({**_KEY, "a": nested(_MOST, "M", {"SS": ["x"]})}, False),
        "an empty map as the deepest level": (
            {**_KEY, "a": nested(_MOST - 1, "M", {"M": {}})},
            False,
        ),
        "maps one level over": ({**_KEY, "a": nested(_MOST + 1)}, True),
        "lists one level over": ({**_KEY, "a": nested(_MOST + 1, "L")}, True),
        "an empty list one level over": ({**_KEY, "a": nested(_MOST, "L", {"L": []})}, True),
        "one attribute of several over": (
            {**_KEY, "a": nested(3), "b": nested(_MOST + 1, "LM"), "c": {"S": "c"}},
            True,
        ),
    }


PUTS = sorted(_puts("t"))


@pytest.mark.parametrize("name", PUTS)
@pytest.mark.parametrize("how", ["put", "batch", "transaction"])
def test_an_item_nested_deeper_than_dynamodb_stores_is_refused(
    client: Any, table_name: str, name: str, how: str
) -> None:
    """Stored as sent at the limit; one level over, refused with the request's other item
    not stored either. The contracts' rule says the same of each item."""
    item, refused = _puts(table_name)[name]
    assert (item_too_deep(item) is not None) == refused
    assert max(map(levels_of, item.values())) == (_MOST + 1 if refused else _MOST)
    other = {**_OTHER, "a": {"S": "other"}}
    write = {
        "put": lambda: client.put_item(TableName=table_name, Item=item),
        "batch": lambda: client.batch_write_item(
            RequestItems={
                table_name: [{"PutRequest": {"Item": other}}, {"PutRequest": {"Item": item}}]
            }
        ),
        "transaction": lambda: client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table_name, "Item": other}},
                {"Put": {"TableName": table_name, "Item": item}},
            ]
        ),
    }[how]
    if not refused:
        write()
        assert client.get_item(TableName=table_name, Key=_KEY)["Item"] == item
        return
    _refused_as_too_deep(write)
    assert client.scan(TableName=table_name)["Items"] == []


def _updates() -> dict[str, tuple[str, dict[str, Any], bool]]:
    """Updates of an item holding ``a`` = 30 levels of maps, by name: the update expression,
    its values, and whether DynamoDB refuses it."""
    return {
        "a new attribute at the limit": ("SET b = :v", {":v": nested(_MOST)}, False),
        "a new attribute one level over": ("SET b = :v", {":v": nested(_MOST + 1)}, True),
        "a path made the limit": (f"SET {_DEEPEST_PATH} = :v", {":v": nested(2)}, False),
        "a path made one level over": (f"SET {_DEEPEST_PATH} = :v", {":v": nested(3)}, True),
        "a list grown to the limit": (
            "SET l = list_append(if_not_exists(l, :e), :v)",
            {":e": {"L": []}, ":v": {"L": [nested(_MOST - 1, "L")]}},
            False,
        ),
        "a list grown one level over": (
            "SET l = list_append(if_not_exists(l, :e), :v)",
            {":e": {"L": []}, ":v": {"L": [nested(_MOST, "L")]}},
            True,
        ),
    }


UPDATES = sorted(_updates())


@pytest.mark.parametrize("name", UPDATES)
@pytest.mark.parametrize("how", ["update", "transaction"])
def test_an_update_nesting_an_item_deeper_than_dynamodb_stores_is_refused(
    client: Any, table_name: str, name: str, how: str
) -> None:
    """Applied when the item stays within the limit; else refused, the item as before (and,
    in a transaction, its other action not applied)."""
    stored = {**_KEY, "a": nested(_MOST - 1), "n": {"N": "1"}}
    client.put_item(TableName=table_name, Item=stored)
    expression, values, refused = _updates()[name]
    update = {
        "TableName": table_name,
        "Key": _KEY,
        "UpdateExpression": f"{expression} ADD n :one",
        "ExpressionAttributeValues": {**values, ":one": {"N": "1"}},
    }
    write = {
        "update": lambda: client.update_item(**update),
        "transaction": lambda: client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table_name, "Item": _OTHER}},
                {"Update": update},
            ]
        ),
    }[how]
    if not refused:
        write()
        after = client.get_item(TableName=table_name, Key=_KEY)["Item"]
        assert after["n"] == {"N": "2"}
        assert max(map(levels_of, after.values())) == _MOST
        return
    _refused_as_too_deep(write)
    assert client.scan(TableName=table_name)["Items"] == [stored]


def _value_requests(table: str, value: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Requests giving ``value`` as ``:v`` in an expression that stores nothing of it."""
    condition = "attribute_not_exists(a) OR a <> :v"  # true, whatever the item holds
    return {
        "put's condition": (
            "put_item",
            {
                "TableName": table,
                "Item": _OTHER,
                "ConditionExpression": condition,
                "ExpressionAttributeValues": {":v": value},
            },
        ),
        "update's condition": (
            "update_item",
            {
                "TableName": table,
                "Key": _KEY,
                "UpdateExpression": "SET b = :b",
                "ConditionExpression": condition,
                "ExpressionAttributeValues": {":b": {"S": "b"}, ":v": value},
            },
        ),
        "query's filter": (
            "query",
            {
                "TableName": table,
                "KeyConditionExpression": "PK = :p",
                "FilterExpression": "a <> :v",
                "ExpressionAttributeValues": {":p": {"S": "p"}, ":v": value},
            },
        ),
        "transaction's condition check": (
            "transact_write_items",
            {
                "TransactItems": [
                    {"Put": {"TableName": table, "Item": _OTHER}},
                    {
                        "ConditionCheck": {
                            "TableName": table,
                            "Key": _KEY,
                            "ConditionExpression": condition,
                            "ExpressionAttributeValues": {":v": value},
                        }
                    },
                ]
            },
        ),
    }


VALUE_REQUESTS = sorted(_value_requests("t", {}))


@pytest.mark.parametrize("name", VALUE_REQUESTS)
@pytest.mark.parametrize("kind", ["M", "L"])
def test_an_expression_value_nested_deeper_than_dynamodb_reads_is_refused(
    client: Any, table_name: str, name: str, kind: str
) -> None:
    """A value of 32 levels is taken (one more than an attribute may hold); of 33, the request
    is refused naming it, nothing applied. The contracts' rule says the same of each."""
    client.put_item(TableName=table_name, Item={**_KEY, "a": {"S": "a"}})
    most = MAX_EXPRESSION_VALUE_LEVELS
    operation, taken = _value_requests(table_name, nested(most, kind))[name]
    assert values_too_deep(taken) is None
    getattr(client, operation)(**taken)
    before = client.scan(TableName=table_name)["Items"]
    operation, parameters = _value_requests(table_name, nested(most + 1, kind))[name]
    reason = values_too_deep(parameters)
    assert reason is not None and ":v" in reason
    assert ":v" in _refused_as_too_deep(lambda: getattr(client, operation)(**parameters))
    assert client.scan(TableName=table_name)["Items"] == before
