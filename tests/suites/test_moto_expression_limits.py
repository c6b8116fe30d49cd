"""The suites' moto backend keeps DynamoDB's 4 KB limit on an expression as DynamoDB Local
does (the oracle of :mod:`moto_expression_limits`): an expression of exactly 4,096 bytes is
taken, one byte more is refused with ValidationException and nothing of the request applied;
in a put, an update, a transaction's action and a query."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from novacat_persistence.suites.harness.moto_expression_limits import (
    EXPRESSION_MAX_BYTES,
    oversized_expression,
)

_NAMES = {"#p": "PK", "#a": "a"}


def _padded(expression: str, size: int) -> str:
    """``expression`` with spaces added (DynamoDB reads them as nothing) to ``size`` bytes."""
    return expression + " " * (size - len(expression.encode()))


def _key(n: int) -> dict[str, Any]:
    return {"PK": {"S": f"P{n}"}, "SK": {"S": "S"}}


def _requests(table: str, size: int) -> dict[str, tuple[str, dict[str, Any]]]:
    """One request of each kind whose one expression is ``size`` bytes long."""
    condition = _padded("attribute_not_exists(#p)", size)
    values = {":v": {"S": "new"}}
    return {
        "put": (
            "put_item",
            {
                "TableName": table,
                "Item": {**_key(1), "a": {"S": "new"}},
                "ConditionExpression": condition,
                "ExpressionAttributeNames": {"#p": "PK"},
            },
        ),
        "update": (
            "update_item",
            {
                "TableName": table,
                "Key": _key(2),
                "UpdateExpression": _padded("SET #a = :v", size),
                "ExpressionAttributeNames": {"#a": "a"},
                "ExpressionAttributeValues": values,
            },
        ),
        "transaction": (
            "transact_write_items",
            {
                "TransactItems": [
                    {"Put": {"TableName": table, "Item": {**_key(3), "a": {"S": "new"}}}},
                    {
                        "ConditionCheck": {
                            "TableName": table,
                            "Key": _key(4),
                            "ConditionExpression": condition,
                            "ExpressionAttributeNames": {"#p": "PK"},
                        }
                    },
                ]
            },
        ),
        "query": (
            "query",
            {
                "TableName": table,
                "KeyConditionExpression": _padded("#p = :k", size),
                "ExpressionAttributeNames": {"#p": "PK"},
                "ExpressionAttributeValues": {":k": {"S": "P1"}},
            },
        ),
    }


@pytest.mark.parametrize("kind", ["put", "update", "transaction", "query"])
def test_an_expression_over_4_kb_is_refused_whole(client: Any, table_name: str, kind: str) -> None:
    """At 4,096 bytes the request is applied; at 4,097 it is refused (ValidationException)
    and the table is as it was."""
    operation, over = _requests(table_name, EXPRESSION_MAX_BYTES + 1)[kind]
    with pytest.raises(ClientError) as refused:
        getattr(client, operation)(**over)
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert "size" in refused.value.response["Error"]["Message"].lower()
    assert client.scan(TableName=table_name)["Items"] == []
    operation, at_limit = _requests(table_name, EXPRESSION_MAX_BYTES)[kind]
    getattr(client, operation)(**at_limit)
    if kind != "query":
        assert client.scan(TableName=table_name)["Items"] != []


def test_the_length_is_counted_in_bytes() -> None:
    """A text of 4,096 characters of which one is two bytes long is over the limit."""
    text = "é" + "x" * (EXPRESSION_MAX_BYTES - 1)
    assert oversized_expression({"ConditionExpression": text}) == (
        "ConditionExpression",
        EXPRESSION_MAX_BYTES + 1,
    )
    assert oversized_expression({"ConditionExpression": text[1:]}) is None
    assert oversized_expression({"RequestItems": {"t": {"ProjectionExpression": text}}}) == (
        "ProjectionExpression",
        EXPRESSION_MAX_BYTES + 1,
    )
