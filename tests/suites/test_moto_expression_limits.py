"""The suites' moto backend keeps DynamoDB's limits on an expression as DynamoDB Local does
(the oracle of :mod:`moto_request_checks`): an expression of exactly 4,096 bytes is taken,
one byte more is refused with ValidationException and nothing of the request applied, in a
put, an update, a transaction's action and a query; a condition or filter of 300 operators is
taken and one of 301 refused, as DynamoDB Local counts them."""

from __future__ import annotations

from collections.abc import Callable
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
    reason = "Expression size has exceeded the maximum allowed size; expression size: 4097"
    assert oversized_expression({"ConditionExpression": text}) == ("ConditionExpression", reason)
    assert oversized_expression({"ConditionExpression": text[1:]}) is None
    assert oversized_expression({"RequestItems": {"t": {"ProjectionExpression": text}}}) == (
        "ProjectionExpression",
        reason,
    )


TERMS = {  # a term, and how many terms joined by AND make the largest condition taken
    "#a = :v": 150,  # 150 comparators and 149 ANDs: 299 operators; one term more, 301
    "attribute_exists(#a)": 150,  # a function call is one operator
    "NOT contains(#l, :v)": 100,  # NOT and contains: two a term
    "size(#l) = :z": 100,
    "#a BETWEEN :z AND :v": 150,  # the AND of a BETWEEN is part of it
    "#a IN (:v, :z)": 150,  # an IN list's values are no operators
}
_VALUES = {":v": {"N": "1"}, ":z": {"N": "0"}}


def _condition(term: str, terms: int) -> dict[str, Any]:
    """The parameters of a condition of ``terms`` copies of ``term``, joined by AND."""
    names = {name: name[1:] for name in ("#a", "#l") if name in term}
    values = {value: _VALUES[value] for value in (":v", ":z") if value in term}
    condition = {"ConditionExpression": " AND ".join([term] * terms)}
    return (
        condition
        | {"ExpressionAttributeNames": names}
        | ({"ExpressionAttributeValues": values} if values else {})
    )


def _refused_for_operators(request: Callable[..., Any], **parameters: Any) -> bool:
    """Whether a request is refused for its operators (ValidationException); False when it is
    taken (its condition evaluated, true or false)."""
    try:
        request(**parameters)
    except ClientError as error:
        if error.response["Error"]["Code"] != "ValidationException":
            return False
        assert "too many operators" in error.response["Error"]["Message"], error.response
        return True
    return False


def _refusals(client: Any, table: str, condition: dict[str, Any]) -> list[bool]:
    """Whether an update, a transaction's condition check and a scan's filter holding the
    condition are each refused for its operators."""
    names = condition["ExpressionAttributeNames"]
    values = condition.get("ExpressionAttributeValues", {})
    return [
        _refused_for_operators(
            client.update_item,
            TableName=table,
            Key=_key(1),
            UpdateExpression="SET #u = :u",
            ConditionExpression=condition["ConditionExpression"],
            ExpressionAttributeNames={**names, "#u": "u"},
            ExpressionAttributeValues={**values, ":u": {"S": "u"}},
        ),
        _refused_for_operators(
            client.transact_write_items,
            TransactItems=[{"ConditionCheck": {"TableName": table, "Key": _key(1), **condition}}],
        ),
        _refused_for_operators(
            client.scan,
            TableName=table,
            FilterExpression=condition["ConditionExpression"],
            ExpressionAttributeNames=names,
            **({"ExpressionAttributeValues": values} if values else {}),
        ),
    ]


@pytest.mark.parametrize("term", sorted(TERMS))
def test_a_condition_of_more_than_300_operators_is_refused_whole(
    client: Any, table_name: str, term: str
) -> None:
    """The largest condition of each kind of term is taken, one term more refused with
    nothing applied: in an update, a transaction's condition check and a scan's filter."""
    item = {**_key(1), "a": {"N": "1"}, "l": {"L": [{"S": "x"}]}}
    for terms in (TERMS[term], TERMS[term] + 1):
        client.put_item(TableName=table_name, Item=item)
        over = terms > TERMS[term]
        assert _refusals(client, table_name, _condition(term, terms)) == [over] * 3, terms
        if over:  # the refused update applied nothing
            assert client.get_item(TableName=table_name, Key=_key(1))["Item"] == item
