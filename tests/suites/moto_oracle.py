"""Plain moto as the oracle of the suites' moto patches: a client of a fresh ``mock_aws``, tables
keyed like the suites' (PK, SK strings), and a call's outcome as one comparable value."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import boto3
from botocore.exceptions import ClientError
from moto import mock_aws


@contextmanager
def moto_client() -> Iterator[Any]:
    """A DynamoDB client of a fresh in-process moto (plain: none of the suites' patches)."""
    with mock_aws():
        yield boto3.client(
            "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )


def pk_sk_table(client: Any, name: str | None = None) -> str:
    """Create a table keyed by string PK and SK (a new name unless given); return its name."""
    table = name or f"t{uuid4().hex}"
    client.create_table(
        TableName=table,
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "SK", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return table


def outcome(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What ``call(*args, **kwargs)`` answered, or its error: (code, message) for a service
    error, (exception type, text) for anything else moto raised (some of its paths fail with
    an assertion)."""
    try:
        return call(*args, **kwargs)
    except ClientError as exc:
        return exc.response["Error"]["Code"], exc.response["Error"]["Message"]
    except Exception as exc:  # moto's own failures are outcomes to compare too
        return type(exc).__name__, str(exc)


def on_new_table(
    client: Any, start: dict[str, Any], run: Callable[[str], list[Any]]
) -> tuple[list[Any], list[Any]]:
    """On a new table holding one item (``P1``/``S`` with the attributes ``start``): what
    ``run(table name)`` returns, then every item left; the table is deleted after."""
    table = pk_sk_table(client)
    client.put_item(TableName=table, Item={"PK": {"S": "P1"}, "SK": {"S": "S"}, **start})
    answers = run(table)
    items = client.scan(TableName=table)["Items"]
    client.delete_table(TableName=table)
    return answers, items
