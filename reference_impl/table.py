"""Creating the Nova Cat table (tests, local runs, operators), as :mod:`.contracts.tables`
defines it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from novacat_persistence.contracts.tables import DEFAULT_TABLE_NAME, TTL_ATTRIBUTE, table_definition
from novacat_persistence.reference_impl import client_errors

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient


def create_table(client: DynamoDBClient, table_name: str = DEFAULT_TABLE_NAME) -> None:
    """Create the table from :func:`~novacat_persistence.contracts.tables.table_definition`,
    wait until it is ACTIVE and enable TTL on ``ttl``. Raises a typed error
    (BackendConfigurationError when the table already exists)."""
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
