"""Creating the Nova Cat tables (tests, local runs, operators), as :mod:`.contracts.tables`
defines them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from novacat_persistence.contracts.tables import (
    DEFAULT_PHOTOMETRY_TABLE_NAME,
    DEFAULT_TABLE_NAME,
    ELIGIBILITY_INDEX_NAME,
    TTL_ATTRIBUTE,
    TableNames,
    photometry_table_definition,
    table_definition,
    table_definitions,
)
from novacat_persistence.reference_impl import client_errors

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient


def create_table(
    client: DynamoDBClient,
    table_name: str = DEFAULT_TABLE_NAME,
    *,
    index_name: str = ELIGIBILITY_INDEX_NAME,
) -> None:
    """Create the main table from
    :func:`~novacat_persistence.contracts.tables.table_definition`, wait until it is ACTIVE and
    enable TTL on ``ttl``. Raises a typed error (BackendConfigurationError when the table
    already exists)."""
    _create(client, table_definition(table_name, index_name=index_name))


def create_photometry_table(
    client: DynamoDBClient, table_name: str = DEFAULT_PHOTOMETRY_TABLE_NAME
) -> None:
    """Create the photometry table from
    :func:`~novacat_persistence.contracts.tables.photometry_table_definition`, as
    :func:`create_table` does."""
    _create(client, photometry_table_definition(table_name))


def create_tables(client: DynamoDBClient, names: TableNames | None = None) -> None:
    """Create both tables of ``names`` (default: the deployed names), as :func:`create_table`
    does."""
    for definition in table_definitions(names or TableNames()):
        _create(client, definition)


def _create(client: DynamoDBClient, definition: dict[str, Any]) -> None:
    name = definition["TableName"]
    try:
        client.create_table(**definition)
        client.get_waiter("table_exists").wait(
            TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
        )
        client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
        )
    except ClientError as exc:
        raise client_errors.from_client_error(exc) from None
    except BotoCoreError as exc:
        raise client_errors.from_botocore_error(exc) from None
