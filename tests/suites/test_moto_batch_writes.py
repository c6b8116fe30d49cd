"""The suites' moto refuses a BatchWriteItem as DynamoDB Local does (the oracle): more than 25
requests over all its tables, or two requests of one table naming one key, whatever they
hold (moto 5 refused only two requests that are the same whole, and those in two tables
too), nothing of it applied; 25 distinct requests, or one item in each of two tables, are
applied."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from novacat_persistence.suites.harness.backends import Backend
from novacat_persistence.suites.harness.moto_request_checks import batch_write_problem


def _put(n: int, content: str = "a") -> dict[str, Any]:
    return {"PutRequest": {"Item": {"PK": {"S": f"p{n}"}, "SK": {"S": "s"}, "a": {"S": content}}}}


def _delete(n: int) -> dict[str, Any]:
    return {"DeleteRequest": {"Key": {"PK": {"S": f"p{n}"}, "SK": {"S": "s"}}}}


BATCHES: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]] = {
    "25 puts": ([_put(n) for n in range(25)], [], None),
    "26 puts": ([_put(n) for n in range(26)], [], "Too many items requested"),
    "13 and 13 over two tables": (
        [_put(n) for n in range(13)],
        [_put(n) for n in range(13)],
        "Too many items requested",
    ),
    "the same item in each of two tables": ([_put(1)], [_put(1)], None),
    "the same put twice": ([_put(1), _put(2), _put(1)], [], "contains duplicates"),
    "one key, two contents": ([_put(1), _put(1, "other")], [], "contains duplicates"),
    "a put and a delete of one key": ([_put(1), _delete(1)], [], "contains duplicates"),
    "puts and deletes of other keys": ([_put(1), _delete(2)], [], None),
}


@pytest.fixture
def second_table(backend: Backend, client: Any) -> Iterator[str]:
    """Another table, for a batch writing to two."""
    name = backend.create_table(client)
    yield name
    backend.delete_table(client, name)


def _pk(item: dict[str, Any]) -> str:
    text: str = item["PK"]["S"]
    return text


def _applied(stored: list[dict[str, Any]], requests: list[dict[str, Any]]) -> list[Any]:
    """What a table holds once ``requests`` are applied to the items it held, sorted."""
    held = {item["PK"]["S"]: item for item in stored}
    for request in requests:
        if "PutRequest" in request:
            item = request["PutRequest"]["Item"]
            held[item["PK"]["S"]] = item
        else:
            held.pop(request["DeleteRequest"]["Key"]["PK"]["S"], None)
    return sorted(held.values(), key=_pk)


@pytest.mark.parametrize("name", sorted(BATCHES))
def test_a_batch_dynamodb_refuses_is_refused_whole(
    client: Any, table_name: str, second_table: str, name: str
) -> None:
    """Applied, or refused with ValidationException saying why and nothing applied; the
    kit's rule says the same of each batch."""
    client.put_item(TableName=table_name, Item={"PK": {"S": "p2"}, "SK": {"S": "s"}})
    first, second, refused = BATCHES[name]
    tables = ((table_name, first), (second_table, second))
    request = {"RequestItems": {table: requests for table, requests in tables if requests}}
    reason = batch_write_problem(
        request, {table_name: ("PK", "SK"), second_table: ("PK", "SK")}.get
    )
    before = [client.scan(TableName=table)["Items"] for table, _ in tables]
    if refused is None:
        assert reason is None
        assert client.batch_write_item(**request)["UnprocessedItems"] == {}
        expected = [
            _applied(held, requests) for held, (_, requests) in zip(before, tables, strict=True)
        ]
    else:
        assert reason is not None and refused in reason
        with pytest.raises(ClientError) as caught:
            client.batch_write_item(**request)
        error = caught.value.response["Error"]
        assert error["Code"] == "ValidationException", error
        assert refused in error["Message"], error
        expected = [sorted(held, key=_pk) for held in before]
    after = [sorted(client.scan(TableName=table)["Items"], key=_pk) for table, _ in tables]
    assert after == expected
