"""The Nova Cat table as every implementation must create and use it.

One table, string keys ``PK``/``SK``; one global secondary index (the eligibility index) on
``GSI1PK``/``GSI1SK`` projecting ALL attributes (sparse: only items carrying both keys are in
it); TTL on ``ttl`` (epoch seconds, deleted lazily by DynamoDB); on-demand billing
(PAY_PER_REQUEST). :func:`table_definition` gives the ``CreateTable`` parameters; TTL is set
separately with ``UpdateTimeToLive`` once the table exists.
"""

from __future__ import annotations

from typing import Any, Final

DEFAULT_TABLE_NAME: Final = "NovaCat"
"""The table name the services use unless configured otherwise."""

ELIGIBILITY_INDEX_NAME: Final = "GSI1"
"""Name of the eligibility index (keys ``GSI1PK``/``GSI1SK``)."""

TTL_ATTRIBUTE: Final = "ttl"
"""The attribute DynamoDB's TTL reads (epoch seconds; expired items are deleted lazily)."""


def table_definition(table_name: str = DEFAULT_TABLE_NAME) -> dict[str, Any]:
    """Return the ``CreateTable`` parameters of the Nova Cat table."""
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
                "IndexName": ELIGIBILITY_INDEX_NAME,
                "KeySchema": [
                    {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                    {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }
