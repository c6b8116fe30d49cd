"""What a request did to its table, read from the request and its answer alone."""

from __future__ import annotations

from typing import Any

from novacat_persistence.capture.recorder import Recorder
from novacat_persistence.capture.requests import (
    Delete,
    Image,
    Put,
    TableEvent,
    Update,
    effects_of,
    partiql_writes,
    table_event_of,
)

ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/NovaCat"


def key(pk: str) -> dict[str, Any]:
    return {"PK": {"S": pk}, "SK": {"S": "A"}}


def test_unprocessed_batch_entries_were_not_written() -> None:
    put_a = {"PutRequest": {"Item": key("a")}}
    put_b = {"PutRequest": {"Item": key("b")}}
    delete_c = {"DeleteRequest": {"Key": key("c")}}
    request = {"RequestItems": {"T": [put_a, put_b, delete_c], ARN: [put_a]}}
    answer = {"UnprocessedItems": {"T": [put_b]}}
    assert effects_of("BatchWriteItem", request, answer) == [
        Put("T", key("a")),
        Delete("T", key("c")),
        Put("NovaCat", key("a")),
    ]


def test_an_all_new_answer_is_the_stored_item_and_other_answers_are_not() -> None:
    request = {
        "TableName": "T",
        "Key": key("a"),
        "UpdateExpression": "ADD n :one",
        "ExpressionAttributeValues": {":one": {"N": "1"}},
    }
    stored = {**key("a"), "n": {"N": "7"}}
    assert effects_of(
        "UpdateItem", {**request, "ReturnValues": "ALL_NEW"}, {"Attributes": stored}
    ) == [Image("T", key("a"), stored)]
    assert effects_of(
        "UpdateItem", {**request, "ReturnValues": "UPDATED_NEW"}, {"Attributes": {"n": {"N": "7"}}}
    ) == [Update("T", key("a"), "ADD n :one", {}, {":one": {"N": "1"}})]


def test_legacy_attribute_updates_become_the_equivalent_expression() -> None:
    request = {
        "TableName": ARN,
        "Key": key("a"),
        "AttributeUpdates": {
            "name": {"Action": "PUT", "Value": {"S": "x"}},
            "count": {"Action": "ADD", "Value": {"N": "2"}},
            "old": {"Action": "DELETE"},
            "tags": {"Action": "DELETE", "Value": {"SS": ["t"]}},
        },
    }
    assert effects_of("UpdateItem", request, {}) == [
        Update(
            "NovaCat",
            key("a"),
            "SET #u0 = :u0 REMOVE #u2 ADD #u1 :u1 DELETE #u3 :u3",
            {"#u0": "name", "#u1": "count", "#u2": "old", "#u3": "tags"},
            {":u0": {"S": "x"}, ":u1": {"N": "2"}, ":u3": {"SS": ["t"]}},
        )
    ]


def test_table_requests_say_what_they_show() -> None:
    schema = [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ]
    keys = frozenset({"PK", "SK"})
    assert table_event_of("CreateTable", {"TableName": "T", "KeySchema": schema}, {}) == (
        TableEvent("T", "created", keys)
    )
    assert table_event_of("DeleteTable", {"TableName": ARN}, {}) == TableEvent(
        "NovaCat", "deleted", None
    )
    assert table_event_of(
        "DescribeTable", {"TableName": "T"}, {"Table": {"KeySchema": schema}}
    ) == TableEvent("T", "described", keys)
    assert table_event_of("PutItem", {"TableName": "T"}, {}) is None


def test_partiql_writes_are_counted() -> None:
    assert (
        partiql_writes("ExecuteStatement", {"Statement": "  insert INTO T VALUE {'PK': 'a'}"}) == 1
    )
    assert partiql_writes("ExecuteStatement", {"Statement": "SELECT * FROM T"}) == 0
    statements = [{"Statement": "UPDATE T SET v = 1 WHERE PK = 'a'"}, {"Statement": "SELECT 1"}]
    assert partiql_writes("BatchExecuteStatement", {"Statements": statements}) == 1
    assert partiql_writes("ExecuteTransaction", {"TransactStatements": statements * 2}) == 2


def test_a_partiql_write_is_reported_not_captured(
    recorder: Recorder, client: Any, table_name: str
) -> None:
    client.execute_statement(
        Statement=f"INSERT INTO \"{table_name}\" VALUE {{'PK': 'p', 'SK': 'A'}}"
    )
    client.execute_statement(Statement=f'SELECT * FROM "{table_name}"')
    assert recorder.history.final_items()[0] == {}
    (problem,) = recorder.problems
    assert problem.startswith("ExecuteStatement at tests/capture/test_requests.py:")
    assert problem.endswith(": PartiQL writes are not captured")
