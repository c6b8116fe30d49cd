"""The Nova Cat table: its definition, and creating it (tests, local runs, operators).

One table, string keys ``PK``/``SK``; one global secondary index ``GSI1`` on
``GSI1PK``/``GSI1SK`` projecting ALL attributes (sparse: only items carrying both keys are
in it); TTL on ``ttl`` (epoch seconds); on-demand billing (PAY_PER_REQUEST).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from botocore.exceptions import BotoCoreError, ClientError

from novacat_persistence.reference_impl import client_errors
from novacat_persistence.reference_impl.gateway import GSI1

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

DEFAULT_TABLE_NAME: Final = "NovaCat"
"""The table name the services use unless configured otherwise."""

TTL_ATTRIBUTE: Final = "ttl"
"""The attribute DynamoDB's TTL reads (epoch seconds; expired items are deleted lazily)."""


def table_definition(table_name: str = DEFAULT_TABLE_NAME) -> dict[str, Any]:
    """Return the ``CreateTable`` parameters of the Nova Cat table (TTL is set separately:
    DynamoDB configures it with ``UpdateTimeToLive`` once the table exists)."""
    key_names = ("PK", "SK", "GSI1PK", "GSI1SK")
    return {
        "TableName": table_name,
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in key_names],
        "KeySchema": [
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": GSI1,
                "KeySchema": [
                    {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                    {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


def create_table(client: DynamoDBClient, table_name: str = DEFAULT_TABLE_NAME) -> None:
    """Create the table from :func:`table_definition`, wait until it is ACTIVE and enable TTL
    on :data:`TTL_ATTRIBUTE`. Raises a typed error (BackendConfigurationError when the table
    already exists)."""
    try:
        client.create_table(**table_definition(table_name))
        client.get_waiter("table_exists").wait(
            TableName=table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
        )
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
        )
    except ClientError as exc:
        raise client_errors.from_client_error(exc) from None
    except BotoCoreError as exc:
        raise client_errors.from_botocore_error(exc) from None
