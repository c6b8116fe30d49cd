"""DynamoDB's item size, held to DynamoDB Local (the oracle of
:mod:`~novacat_persistence.contracts.item_size`) and kept by the suites' moto as DynamoDB Local
keeps it (:mod:`~novacat_persistence.suites.harness.moto_item_limits`).

Every item below is sized by the kit's rule to exactly 409,600 bytes, then one byte more: the
first is stored, the second refused with ValidationException and nothing of its request
applied, in a put, a batch, an update (one that creates its item included) and a transaction.
An update may replace a large attribute, or grow a list, up to the limit (moto 5 counts an
updated attribute's old and new values together, and refuses both).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from novacat_persistence.contracts.item_size import MAX_ITEM_BYTES, item_size

EDGE_NUMBERS = [
    "0",
    "100",
    "1000.00",
    "-1.5",
    "0.005",
    "100.5",
    "1E+10",
    "-1E-130",
    "9.9999999999999999999999999999999999999E+125",
    "-12345678901234567890123456789012345678",
]
"""Numbers a count of decimal digits sizes wrongly (trailing zeros, signs, fractions and
exponents: DynamoDB keeps base-100 digits), and the largest and smallest ones it stores."""


def _random_numbers(count: int, seed: int) -> list[str]:
    """Number texts of every form DynamoDB takes: signed, fractional, with exponents and
    zeros before and after the digits (a fixed seed: the same numbers every run)."""
    draw = random.Random(seed)
    numbers = []
    for _ in range(count):
        digits = "".join(draw.choice("0123456789") for _ in range(draw.randint(1, 20)))
        digits = digits.lstrip("0") or "7"
        sign = draw.choice(["", "-"])
        point = draw.randint(0, len(digits))
        text = f"{digits[:point] or '0'}.{digits[point:]}" if point < len(digits) else digits
        exponent = draw.choice(["", f"E{draw.randint(-60, 60):+d}"])
        numbers.append(f"{sign}{text}{'0' * draw.randint(0, 3)}{exponent}")
    return numbers


COMPANIONS: dict[str, dict[str, Any]] = {
    **{f"N {number}": {"n": {"N": number}} for number in EDGE_NUMBERS},
    "40 random numbers": {f"n{i}": {"N": v} for i, v in enumerate(_random_numbers(40, 17))},
    "a number set": {"ns": {"NS": ["1", "-250", "0.5", "1E+3"]}},
    "a string set": {"ss": {"SS": ["a", "été", "xyz"]}},
    "a binary set": {"bs": {"BS": [b"\x00\x01", b"abc"]}},
    "binary": {"b": {"B": b"\xff" * 10}},
    "booleans and null": {"t": {"BOOL": True}, "f": {"BOOL": False}, "z": {"NULL": True}},
    "a nested document": {
        "m": {
            "M": {
                "list": {"L": [{"S": "é"}, {"N": "-3.25"}, {"M": {}}, {"L": []}]},
                "map": {"M": {"k": {"BOOL": False}, "ß": {"NULL": True}}},
            }
        }
    },
    "text of two-byte characters": {"e": {"S": "é" * 10}},
}
"""Values an item holds beside the string that fills it, each counted its own way."""

_KEY = {"PK": {"S": "P"}, "SK": {"S": "S"}}


def filled_item(values: dict[str, Any], size: int) -> dict[str, Any]:
    """An item of ``values`` and a string ``d`` that takes it to ``size`` bytes."""
    item = {**_KEY, **values, "d": {"S": ""}}
    item["d"] = {"S": "x" * (size - item_size(item))}
    assert item_size(item) == size
    return item


def _refused_for_size(request: Callable[..., Any], **parameters: Any) -> None:
    with pytest.raises(ClientError) as refused:
        request(**parameters)
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationException", error
    assert "size" in error["Message"].lower(), error


def _stored(client: Any, table: str, key: dict[str, Any] = _KEY) -> Any:
    return client.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


@pytest.mark.parametrize("values", COMPANIONS.values(), ids=list(COMPANIONS))
def test_an_item_of_exactly_400_kb_is_stored_and_one_byte_more_refused(
    client: Any, table_name: str, values: dict[str, Any]
) -> None:
    """Put alone and in a batch: at 409,600 bytes stored as sent; at 409,601 refused, and
    nothing of the batch stored."""
    over = filled_item(values, MAX_ITEM_BYTES + 1)
    _refused_for_size(client.put_item, TableName=table_name, Item=over)
    other = {"PK": {"S": "other"}, "SK": {"S": "S"}}
    puts = [{"PutRequest": {"Item": other}}, {"PutRequest": {"Item": over}}]
    _refused_for_size(client.batch_write_item, RequestItems={table_name: puts})
    assert client.scan(TableName=table_name)["Items"] == []
    at_limit = filled_item(values, MAX_ITEM_BYTES)
    client.put_item(TableName=table_name, Item=at_limit)
    stored = _stored(client, table_name)
    assert stored is not None and stored["d"] == at_limit["d"]
    assert item_size(stored) == MAX_ITEM_BYTES


@pytest.mark.parametrize("extra", [0, 1], ids=["at_the_limit", "one_byte_over"])
def test_an_update_is_applied_up_to_the_limit_and_refused_whole_past_it(
    client: Any, table_name: str, extra: int
) -> None:
    """An update setting two attributes, the second taking the item to the limit or one byte
    past it: applied, or refused with the first attribute not set either."""
    item = {**_KEY, "n": {"N": "-1.5"}, "m": {"N": "1000"}}
    client.put_item(TableName=table_name, Item=item)
    grown = {**item, "a": {"S": "new"}, "d": {"S": ""}}
    text = "y" * (MAX_ITEM_BYTES + extra - item_size(grown))
    update = {
        "TableName": table_name,
        "Key": _KEY,
        "UpdateExpression": "SET a = :a, d = :d",
        "ExpressionAttributeValues": {":a": {"S": "new"}, ":d": {"S": text}},
    }
    if extra:
        _refused_for_size(client.update_item, **update)
        assert _stored(client, table_name) == item
    else:
        client.update_item(**update)
        assert _stored(client, table_name) == {**grown, "d": {"S": text}}


def test_an_update_may_replace_or_grow_a_large_attribute(client: Any, table_name: str) -> None:
    """A 300 KB string replaced by another of 300 KB, and a list of 250 KB grown by 100 KB:
    both items stay under the limit, and both updates are applied."""
    client.put_item(TableName=table_name, Item={**_KEY, "d": {"S": "x" * 300_000}})
    client.update_item(
        TableName=table_name,
        Key=_KEY,
        UpdateExpression="SET d = :d",
        ExpressionAttributeValues={":d": {"S": "z" * 300_000}},
    )
    assert _stored(client, table_name)["d"] == {"S": "z" * 300_000}
    client.put_item(TableName=table_name, Item={**_KEY, "l": {"L": [{"S": "x" * 250_000}]}})
    client.update_item(
        TableName=table_name,
        Key=_KEY,
        UpdateExpression="SET l = list_append(l, :l)",
        ExpressionAttributeValues={":l": {"L": [{"S": "y" * 100_000}]}},
    )
    assert [len(v["S"]) for v in _stored(client, table_name)["l"]["L"]] == [250_000, 100_000]


def test_an_update_creating_an_item_over_the_limit_creates_nothing(
    client: Any, table_name: str
) -> None:
    """An update of a key that holds no item, setting more than the limit: refused, and no
    item (not even its key) is left."""
    _refused_for_size(
        client.update_item,
        TableName=table_name,
        Key=_KEY,
        UpdateExpression="SET d = :d",
        ExpressionAttributeValues={":d": {"S": "x" * MAX_ITEM_BYTES}},
    )
    assert client.scan(TableName=table_name)["Items"] == []


def test_a_transaction_past_the_limit_applies_none_of_its_actions(
    client: Any, table_name: str
) -> None:
    """A transaction whose update, or whose put, takes an item past the limit is refused
    (ValidationException) and its other action is not applied either."""
    client.put_item(TableName=table_name, Item={**_KEY, "d": {"S": "x"}})
    other = {"PK": {"S": "other"}, "SK": {"S": "S"}}
    grow = {
        "Update": {
            "TableName": table_name,
            "Key": _KEY,
            "UpdateExpression": "SET d = :d",
            "ExpressionAttributeValues": {":d": {"S": "y" * MAX_ITEM_BYTES}},
        }
    }
    put_other = {"Put": {"TableName": table_name, "Item": other}}
    _refused_for_size(client.transact_write_items, TransactItems=[grow, put_other])
    put_over = {"Put": {"TableName": table_name, "Item": filled_item({}, MAX_ITEM_BYTES + 1)}}
    _refused_for_size(client.transact_write_items, TransactItems=[put_other, put_over])
    assert client.scan(TableName=table_name)["Items"] == [{**_KEY, "d": {"S": "x"}}]
