"""Each captured item says which writes made it: test, phase, request, and the writing line."""

from __future__ import annotations

import inspect
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from novacat_persistence.capture.recorder import Recorder
from novacat_persistence.capture.tables import CapturedItem, Write

HERE = "tests/capture/test_provenance.py"


def line_after() -> int:
    """The line after the caller's: where the write under test is sent from."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno + 1


def only_items(recorder: Recorder, table: str) -> list[CapturedItem]:
    tables, problems = recorder.history.final_items()
    assert problems == []
    return tables[table]


def test_client_and_resource_writes_name_their_line(
    recorder: Recorder, client: Any, resource: Any, table_name: str
) -> None:
    with recorder.running("tests/x.py::test_a", "call"):
        put_line = line_after()
        client.put_item(TableName=table_name, Item={"PK": {"S": "c"}, "SK": {"S": "1"}})
        resource_line = line_after()
        resource.Table(table_name).put_item(Item={"PK": "r", "SK": "1"})
    with recorder.running("tests/x.py::test_b", "teardown"):
        update_line = line_after()
        resource.Table(table_name).update_item(
            Key={"PK": "r", "SK": "1"},
            UpdateExpression="SET v = :v",
            ExpressionAttributeValues={":v": 1},
        )
    first, second = only_items(recorder, table_name)
    assert first.writes == [Write("tests/x.py::test_a", "call", "PutItem", f"{HERE}:{put_line}")]
    assert second.writes == [
        Write("tests/x.py::test_a", "call", "PutItem", f"{HERE}:{resource_line}"),
        Write("tests/x.py::test_b", "teardown", "UpdateItem", f"{HERE}:{update_line}"),
    ]


def test_batches_and_transactions_name_their_request(
    recorder: Recorder, client: Any, resource: Any, table_name: str
) -> None:
    table = resource.Table(table_name)
    batch_line = line_after()
    with table.batch_writer() as batch:
        batch.put_item(Item={"PK": "b", "SK": "1"})
    transaction_line = line_after()
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table_name, "Item": {"PK": {"S": "t"}, "SK": {"S": "1"}}}}
        ]
    )
    batched, transacted = only_items(recorder, table_name)
    assert batched.writes == [Write(None, None, "BatchWriteItem", f"{HERE}:{batch_line}")]
    assert transacted.writes == [
        Write(None, None, "TransactWriteItems", f"{HERE}:{transaction_line}")
    ]


def write_twice(client: Any, table: str) -> None:
    for value in ("1", "2"):
        client.update_item(
            TableName=table,
            Key={"PK": {"S": "k"}, "SK": {"S": "1"}},
            UpdateExpression="SET v = :v",
            ExpressionAttributeValues={":v": {"S": value}},
        )


def test_writes_are_listed_once_oldest_first_and_a_put_starts_afresh(
    recorder: Recorder, client: Any, table_name: str
) -> None:
    put_line = line_after()
    client.put_item(TableName=table_name, Item={"PK": {"S": "k"}, "SK": {"S": "1"}})
    helper_line = inspect.getsourcelines(write_twice)[1] + 2
    write_twice(client, table_name)
    put_again = line_after()
    client.put_item(
        TableName=table_name, Item={"PK": {"S": "k"}, "SK": {"S": "1"}, "w": {"N": "1"}}
    )
    write_twice(client, table_name)
    (item,) = only_items(recorder, table_name)
    assert item.item["v"] == {"S": "2"}
    assert item.writes == [
        Write(None, None, "PutItem", f"{HERE}:{put_again}"),
        Write(None, None, "UpdateItem", f"{HERE}:{helper_line}"),
    ]
    assert put_line != put_again


def answer_without_a_table(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
    """What a botocore Stubber answers: a response no endpoint sent (it has no URL)."""
    return AWSResponse(None, 200, {}, None), {}


def test_a_stubbed_answer_wrote_no_table_and_is_not_captured(
    recorder: Recorder, client: Any, table_name: str
) -> None:
    with Stubber(client) as stubber:  # answers before the capture's handler sees the request
        stubber.add_response("put_item", {})
        client.put_item(TableName=table_name, Item={"PK": {"S": "stubbed"}, "SK": {"S": "1"}})
    client.meta.events.register("before-call", answer_without_a_table)  # answers after it
    client.put_item(TableName=table_name, Item={"PK": {"S": "answered"}, "SK": {"S": "1"}})
    client.meta.events.unregister("before-call", answer_without_a_table)
    client.put_item(TableName=table_name, Item={"PK": {"S": "real"}, "SK": {"S": "1"}})
    assert [c.item["PK"] for c in only_items(recorder, table_name)] == [{"S": "real"}]
