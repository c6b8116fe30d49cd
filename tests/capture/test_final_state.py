"""The capture holds exactly what the table holds at the end: on moto and on DynamoDB Local,
through the client and the resource, for single writes, batches and transactions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import boto3
import orjson
import pytest
from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from novacat_persistence.capture.recorder import Recorder
from novacat_persistence.contracts.codec.export_lines import item_to_export_line
from novacat_persistence.contracts.tables import table_definition
from novacat_persistence.fake.expressions import canonical
from novacat_persistence.suites.harness.backends import Backend


def s(text: str) -> dict[str, str]:
    return {"S": text}


def key(pk: str, sk: str = "A") -> dict[str, Any]:
    return {"PK": s(pk), "SK": s(sk)}


def as_exported(item: dict[str, Any]) -> Any:
    """An item as an export line holds it (binary values as base64 text), made comparable."""
    return canonical({"M": orjson.loads(item_to_export_line(item))["Item"]})


def table_items(client: Any, name: str) -> set[Any]:
    pages = client.get_paginator("scan").paginate(TableName=name)
    return {as_exported(item) for page in pages for item in page["Items"]}


def captured_items(recorder: Recorder, name: str) -> set[Any]:
    tables, problems = recorder.history.final_items()
    assert problems == []
    items = [captured.item for captured in tables.get(name, [])]
    assert len(items) == len({canonical({"M": item}) for item in items})
    return {canonical({"M": item}) for item in items}


def test_client_writes(recorder: Recorder, client: Any, table_name: str) -> None:
    client.put_item(TableName=table_name, Item={**key("a"), "n": {"N": "1"}, "l": {"L": []}})
    client.put_item(TableName=table_name, Item={**key("a"), "n": {"N": "2"}, "gone": s("x")})
    client.update_item(
        TableName=table_name,
        Key=key("a"),
        UpdateExpression="SET #l = list_append(if_not_exists(#l, :e), :v), m = :m "
        "REMOVE gone ADD n :one, tags :tags",
        ExpressionAttributeNames={"#l": "l"},
        ExpressionAttributeValues={
            ":e": {"L": []},
            ":v": {"L": [s("v")]},
            ":m": {"M": {"x": {"N": "3.25"}, "b": {"B": b"\x00\xff"}}},
            ":one": {"N": "1"},
            ":tags": {"SS": ["t1", "t2"]},
        },
    )
    client.update_item(
        TableName=table_name,
        Key=key("a"),
        UpdateExpression="SET m.y = :y DELETE tags :t1",
        ExpressionAttributeValues={":y": {"BOOL": True}, ":t1": {"SS": ["t1"]}},
        ReturnValues="UPDATED_NEW",
    )
    client.update_item(  # creates the item
        TableName=table_name,
        Key=key("b"),
        UpdateExpression="SET created = :c",
        ExpressionAttributeValues={":c": {"NULL": True}},
        ReturnValues="ALL_NEW",
    )
    client.put_item(TableName=table_name, Item={**key("c"), "v": s("deleted soon")})
    client.delete_item(TableName=table_name, Key=key("c"))
    client.delete_item(TableName=table_name, Key=key("never-written"))
    with pytest.raises(ClientError, match="ConditionalCheckFailed"):
        client.put_item(
            TableName=table_name,
            Item={**key("a"), "refused": s("yes")},
            ConditionExpression="attribute_not_exists(PK)",
        )
    with pytest.raises(ClientError, match="ConditionalCheckFailed"):
        client.delete_item(
            TableName=table_name, Key=key("b"), ConditionExpression="attribute_exists(nope)"
        )
    assert captured_items(recorder, table_name) == table_items(client, table_name)
    assert len(table_items(client, table_name)) == 2


def test_batches_and_transactions(recorder: Recorder, client: Any, table_name: str) -> None:
    client.batch_write_item(
        RequestItems={
            table_name: [
                {"PutRequest": {"Item": {**key("p1"), "v": s("1")}}},
                {"PutRequest": {"Item": {**key("p2"), "v": s("2")}}},
                {"PutRequest": {"Item": {**key("p3"), "v": s("3")}}},
            ]
        }
    )
    client.batch_write_item(
        RequestItems={
            table_name: [
                {"DeleteRequest": {"Key": key("p2")}},
                {"PutRequest": {"Item": {**key("p3"), "v": s("3 again")}}},
            ]
        }
    )
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table_name, "Item": {**key("t1"), "v": s("t")}}},
            {
                "Update": {
                    "TableName": table_name,
                    "Key": key("p1"),
                    "UpdateExpression": "SET v = :v, tally = :zero",
                    "ExpressionAttributeValues": {":v": s("updated"), ":zero": {"N": "0"}},
                }
            },
            {"Delete": {"TableName": table_name, "Key": key("p3")}},
            {
                "ConditionCheck": {
                    "TableName": table_name,
                    "Key": key("p2"),
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            },
        ]
    )
    with pytest.raises(ClientError, match="TransactionCanceled"):
        client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table_name, "Item": {**key("t2"), "v": s("refused")}}},
                {
                    "ConditionCheck": {
                        "TableName": table_name,
                        "Key": key("t1"),
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                },
            ]
        )
    table = table_items(client, table_name)
    assert captured_items(recorder, table_name) == table
    assert len(table) == 2


def test_resource_writes(recorder: Recorder, resource: Any, client: Any, table_name: str) -> None:
    table = resource.Table(table_name)
    table.put_item(
        Item={
            "PK": "r1",
            "SK": "A",
            "price": Decimal("12.500"),
            "big": Decimal("123456789012345678901234567890.12345678"),
            "flags": {"x", "y"},
            "nums": {Decimal(1), Decimal("2.5")},
            "blob": b"\x00\x01\xfe",
            "nested": {"list": [1, "two", None, True], "empty": {}},
        }
    )
    table.update_item(
        Key={"PK": "r1", "SK": "A"},
        UpdateExpression="SET price = price + :d REMOVE flags",
        ExpressionAttributeValues={":d": Decimal("0.25")},
    )
    table.update_item(
        Key={"PK": "r2", "SK": "A"},
        AttributeUpdates={
            "count": {"Action": "ADD", "Value": 5},
            "name": {"Action": "PUT", "Value": "legacy"},
        },
    )
    table.update_item(
        Key={"PK": "r2", "SK": "A"},
        AttributeUpdates={"name": {"Action": "DELETE"}, "count": {"Action": "ADD", "Value": -2}},
    )
    table.put_item(Item={"PK": "r3", "SK": "A"})
    table.delete_item(Key={"PK": "r3", "SK": "A"})
    with pytest.raises(ClientError, match="ConditionalCheckFailed"):
        table.put_item(Item={"PK": "r1", "SK": "A"}, ConditionExpression=Attr("PK").not_exists())
    with table.batch_writer() as batch:
        for number in range(30):  # more than one BatchWriteItem (25 per request)
            batch.put_item(Item={"PK": f"b{number}", "SK": "A", "n": number})
        batch.delete_item(Key={"PK": "b3", "SK": "A"})
        batch.put_item(Item={"PK": "b4", "SK": "A", "n": "rewritten"})
    with table.batch_writer(overwrite_by_pkeys=["PK", "SK"]) as batch:
        batch.put_item(Item={"PK": "b5", "SK": "A", "n": "first"})
        batch.put_item(Item={"PK": "b5", "SK": "A", "n": "last"})
    items = table_items(client, table_name)
    assert captured_items(recorder, table_name) == items
    assert len(items) == 2 + 29


def test_generations_of_a_table_keep_their_own_final_items(
    recorder: Recorder, backend: Backend, client: Any
) -> None:
    name = backend.create_table(client)
    client.put_item(TableName=name, Item={**key("same"), "life": s("first")})
    client.put_item(TableName=name, Item={**key("shared"), "v": s("equal in both lives")})
    client.put_item(TableName=name, Item={**key("gone"), "v": s("deleted in the first life")})
    client.delete_item(TableName=name, Key=key("gone"))
    backend.delete_table(client, name)
    client.create_table(**table_definition(name))
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    client.put_item(TableName=name, Item={**key("same"), "life": s("second")})
    client.put_item(TableName=name, Item={**key("shared"), "v": s("equal in both lives")})
    tables, problems = recorder.history.final_items()
    backend.delete_table(client, name)
    assert problems == []
    assert [captured.item for captured in tables[name]] == [
        {**key("same"), "life": s("first")},
        {**key("shared"), "v": s("equal in both lives")},
        {**key("same"), "life": s("second")},
    ]


def test_a_table_made_before_the_capture_is_keyed_by_its_first_keyed_request(
    client: Any, table_name: str, start_recorder: Callable[[], Recorder]
) -> None:
    recorder = start_recorder()  # after the table's CreateTable and DescribeTable
    client.put_item(TableName=table_name, Item={**key("k"), "v": s("1")})
    client.put_item(TableName=table_name, Item={**key("k"), "v": s("2")})
    client.update_item(
        TableName=table_name,
        Key=key("k"),
        UpdateExpression="SET w = :w",
        ExpressionAttributeValues={":w": s("3")},
    )
    assert captured_items(recorder, table_name) == table_items(client, table_name)


def test_a_table_whose_key_is_never_seen_keeps_every_put_and_says_so(
    client: Any, table_name: str, start_recorder: Callable[[], Recorder]
) -> None:
    recorder = start_recorder()
    client.put_item(TableName=table_name, Item={**key("k"), "v": s("1")})
    client.put_item(TableName=table_name, Item={**key("k"), "v": s("2")})
    tables, problems = recorder.history.final_items()
    assert len(tables[table_name]) == 2
    assert problems == [
        f"table {table_name}: its key attributes were never seen (no CreateTable, "
        "DescribeTable or keyed request): every put is kept, overwritten items included"
    ]


def test_the_capture_sends_no_request_and_changes_no_answer(
    client: Any,
    table_name: str,
    start_recorder: Callable[[], Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[str] = []
    client.meta.events.register("before-send.dynamodb", lambda **kw: sent.append(kw["event_name"]))
    made: list[str] = []
    create_client = boto3.session.Session.client
    monkeypatch.setattr(
        boto3.session.Session,
        "client",
        lambda *a, **kw: made.append("client") or create_client(*a, **kw),
    )

    def workload(pk: str) -> list[Any]:
        answers = [
            client.put_item(TableName=table_name, Item={**key(pk), "n": {"N": "1"}}),
            client.update_item(
                TableName=table_name,
                Key=key(pk),
                UpdateExpression="ADD n :one",
                ExpressionAttributeValues={":one": {"N": "1"}},
                ReturnValues="ALL_NEW",
            ),
            client.batch_write_item(
                RequestItems={table_name: [{"PutRequest": {"Item": key(pk, "batch")}}]}
            ),
        ]
        return [{k: v for k, v in a.items() if k != "ResponseMetadata"} for a in answers]

    plain = workload("plain")
    sent_plain = len(sent)
    recorder = start_recorder()
    watched = workload("plain")
    assert watched == plain
    assert sent == 2 * sent[:sent_plain]
    assert made == []
    assert captured_items(recorder, table_name) == table_items(client, table_name)
