"""The suites' moto refuses a request holding a placeholder none of its expressions uses, as
DynamoDB Local does (the oracle of :mod:`~novacat_persistence.contracts.placeholders`): every
kind of request that holds expressions, names and values, each action of a transaction on its
own; a placeholder that one expression uses, or that is written whole in it, is used."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from novacat_persistence.contracts.placeholders import request_problem

_KEY = {"PK": {"S": "p"}, "SK": {"S": "s"}}
_OTHER = {"PK": {"S": "q"}, "SK": {"S": "s"}}
_VALUES = {":x": {"S": "x"}, ":u": {"S": "u"}}
_NAMES = {"#a": "a", "#u": "u"}


def _requests(table: str) -> dict[str, tuple[str, dict[str, Any], str | None]]:
    """Requests by name: (operation, parameters, the placeholder DynamoDB says is unused, or
    None for a request it takes)."""
    update = {"TableName": table, "Key": _KEY, "UpdateExpression": "SET a = :x"}
    put = {"TableName": table, "Item": _OTHER, "ConditionExpression": "attribute_not_exists(a)"}
    check = {"TableName": table, "Key": _KEY, "ConditionExpression": "#a = :x"}
    return {
        "put": ("put_item", {**put, "ExpressionAttributeValues": _VALUES}, ":x"),
        "put without expression": (
            "put_item",
            {"TableName": table, "Item": _OTHER, "ExpressionAttributeValues": _VALUES},
            "ExpressionAttributeValues",
        ),
        "update": ("update_item", {**update, "ExpressionAttributeValues": _VALUES}, ":u"),
        "update, :u in its condition": (
            "update_item",
            {**update, "ConditionExpression": "a <> :u", "ExpressionAttributeValues": _VALUES},
            None,
        ),
        "update, :x written as :xy": (
            "update_item",
            {
                "TableName": table,
                "Key": _KEY,
                "UpdateExpression": "SET a = :xy",
                "ExpressionAttributeValues": {":x": {"S": "x"}, ":xy": {"S": "y"}},
            },
            ":x",
        ),
        "update, #a written as #ab": (
            "update_item",
            {
                **update,
                "UpdateExpression": "SET #ab = :x",
                "ExpressionAttributeNames": {"#a": "a", "#ab": "ab"},
                "ExpressionAttributeValues": {":x": {"S": "x"}},
            },
            "#a",
        ),
        "delete": (
            "delete_item",
            {
                "TableName": table,
                "Key": _OTHER,
                "ConditionExpression": "attribute_not_exists(a) OR a = :x",
                "ExpressionAttributeValues": _VALUES,
            },
            ":u",
        ),
        "query": (
            "query",
            {
                "TableName": table,
                "KeyConditionExpression": "PK = :x",
                "ExpressionAttributeValues": _VALUES,
            },
            ":u",
        ),
        "query, :u in its filter": (
            "query",
            {
                "TableName": table,
                "KeyConditionExpression": "PK = :x",
                "FilterExpression": "a <> :u",
                "ExpressionAttributeValues": _VALUES,
            },
            None,
        ),
        "scan": (
            "scan",
            {
                "TableName": table,
                "FilterExpression": "a = :x",
                "ExpressionAttributeValues": _VALUES,
            },
            ":u",
        ),
        "get": (
            "get_item",
            {
                "TableName": table,
                "Key": _KEY,
                "ProjectionExpression": "#a",
                "ExpressionAttributeNames": _NAMES,
            },
            "#u",
        ),
        "transaction's update": (
            "transact_write_items",
            {
                "TransactItems": [
                    {"Put": {"TableName": table, "Item": _OTHER}},
                    {"Update": {**update, "ExpressionAttributeValues": _VALUES}},
                ]
            },
            ":u",
        ),
        "transaction's condition check": (
            "transact_write_items",
            {
                "TransactItems": [
                    {"Put": {"TableName": table, "Item": _OTHER}},
                    {
                        "ConditionCheck": {
                            **check,
                            "ExpressionAttributeNames": _NAMES,
                            "ExpressionAttributeValues": {":x": {"S": "x"}},
                        }
                    },
                ]
            },
            "#u",
        ),
        "transaction, each action its own": (
            "transact_write_items",
            {
                "TransactItems": [
                    {"Put": {**put, "ExpressionAttributeNames": {"#u": "u"}}},
                    {
                        "Update": {
                            **update,
                            "ConditionExpression": "#u <> :x",
                            "ExpressionAttributeNames": {"#u": "u"},
                            "ExpressionAttributeValues": {":x": {"S": "x"}},
                        }
                    },
                ]
            },
            "ExpressionAttributeNames",
        ),
    }


REQUESTS = sorted(_requests("t"))


@pytest.mark.parametrize("name", REQUESTS)
def test_a_placeholder_no_expression_uses_is_refused(
    client: Any, table_name: str, name: str
) -> None:
    """Refused with ValidationException naming the unused placeholder (or the parameter
    given without an expression), nothing applied; a request using every one is taken. The
    contracts' rule says the same of each."""
    client.put_item(TableName=table_name, Item={**_KEY, "a": {"S": "a"}})
    before = client.scan(TableName=table_name)["Items"]
    operation, parameters, unused = _requests(table_name)[name]
    reason = request_problem(parameters)
    if unused is None:
        assert reason is None
        getattr(client, operation)(**parameters)
        return
    assert reason is not None and unused in reason
    with pytest.raises(ClientError) as refused:
        getattr(client, operation)(**parameters)
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationException", error
    assert unused in error["Message"], error
    assert client.scan(TableName=table_name)["Items"] == before
