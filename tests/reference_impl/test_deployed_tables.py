"""The tables as Nova Cat deploys them, and the names a wrapper finds them by."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.contracts.errors import BackendConfigurationError
from novacat_persistence.contracts.tables import (
    TableNames,
    photometry_table_definition,
    resolve_table_names,
    table_definition,
)
from novacat_persistence.reference_impl import create_reference_wrapper, create_tables

from .conftest import registration

# The main table as Nova Cat's infrastructure describes it (finzellt/aws_nova_cat at bf28f13,
# infra/nova_constructs/storage.py: table "NovaCat" keyed PK/SK, both strings, on demand, TTL
# on "ttl"; its index "EligibilityIndex" on GSI1PK/GSI1SK, both strings, projecting ALL),
# written out as the CreateTable request CloudFormation makes of it.
DEPLOYED_MAIN = {
    "TableName": "NovaCat",
    "AttributeDefinitions": [
        {"AttributeName": "PK", "AttributeType": "S"},
        {"AttributeName": "SK", "AttributeType": "S"},
        {"AttributeName": "GSI1PK", "AttributeType": "S"},
        {"AttributeName": "GSI1SK", "AttributeType": "S"},
    ],
    "KeySchema": [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": "EligibilityIndex",
            "KeySchema": [
                {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
    ],
    "BillingMode": "PAY_PER_REQUEST",
}
# ... and its photometry table (same file: "<prefix>Photometry", PK/SK strings, on demand, TTL
# on "ttl", no index).
DEPLOYED_PHOTOMETRY = {
    "TableName": "NovaCatPhotometry",
    "AttributeDefinitions": [
        {"AttributeName": "PK", "AttributeType": "S"},
        {"AttributeName": "SK", "AttributeType": "S"},
    ],
    "KeySchema": [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
}


def _deploy_as_nova_cat(client: Any) -> None:
    for request in (DEPLOYED_MAIN, DEPLOYED_PHOTOMETRY):
        client.create_table(**request)
        client.update_time_to_live(
            TableName=request["TableName"],
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"},
        )


def test_the_kit_defines_the_tables_nova_cat_deploys() -> None:
    assert table_definition() == DEPLOYED_MAIN
    assert photometry_table_definition() == DEPLOYED_PHOTOMETRY


def test_the_eligibility_listing_runs_on_the_table_nova_cat_deployed(
    aws: None, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deploy_as_nova_cat(client)
    monkeypatch.delenv("NOVA_CAT_TABLE_NAME", raising=False)
    wrapper = create_reference_wrapper(client)  # a Lambda's call: every name by default
    nova_id = uuid4()
    stored = wrapper.register_spectra_product(registration(nova_id)).item
    assert [p.data_product_id for p in wrapper.list_eligible_spectra(nova_id)] == [
        stored.data_product_id
    ]
    description = client.describe_table(TableName="NovaCat")["Table"]
    [index] = description["GlobalSecondaryIndexes"]
    assert index["IndexName"] == "EligibilityIndex"


def test_a_lambda_finds_the_tables_by_its_environment(
    aws: None, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = TableNames("NovaCatSmoke", "NovaCatSmokePhotometry")
    create_tables(client, names)
    monkeypatch.setenv("NOVA_CAT_TABLE_NAME", "NovaCatSmoke")
    monkeypatch.setenv("PHOTOMETRY_TABLE_NAME", "NovaCatSmokePhotometry")
    wrapper = create_reference_wrapper(client)
    nova_id = uuid4()
    wrapper.register_spectra_product(registration(nova_id))
    assert len(wrapper.list_eligible_spectra(nova_id)) == 1
    for name in ("NovaCatSmoke", "NovaCatSmokePhotometry"):
        ttl = client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        assert (ttl["AttributeName"], ttl["TimeToLiveStatus"]) == ("ttl", "ENABLED")
    photometry = client.describe_table(TableName="NovaCatSmokePhotometry")["Table"]
    assert not photometry.get("GlobalSecondaryIndexes")


@pytest.mark.parametrize(
    ("given", "environ", "expected"),
    [
        ({}, {}, TableNames("NovaCat", "NovaCatPhotometry", "EligibilityIndex")),
        (
            {},
            {"NOVA_CAT_TABLE_NAME": "NovaCatSmoke"},
            TableNames("NovaCatSmoke", "NovaCatSmokePhotometry"),
        ),
        (
            {},
            {"NOVA_CAT_TABLE_NAME": "Tab", "NOVA_CAT_PHOTOMETRY_TABLE_NAME": "Pho"},
            TableNames("Tab", "Pho"),
        ),
        (
            {},
            {"NOVA_CAT_TABLE_NAME": "Tab", "PHOTOMETRY_TABLE_NAME": "Pho"},
            TableNames("Tab", "Pho"),
        ),
        (
            {"table_name": "conformance-1"},
            {"NOVA_CAT_TABLE_NAME": "NovaCat", "PHOTOMETRY_TABLE_NAME": "NovaCatPhotometry"},
            TableNames("conformance-1", "conformance-1Photometry"),
        ),
        (
            {
                "table_name": "Tab",
                "photometry_table_name": "Rows",
                "eligibility_index_name": "GSI1",
            },
            {},
            TableNames("Tab", "Rows", "GSI1"),
        ),
    ],
)
def test_names_given_win_then_the_environment_then_the_deployed_names(
    given: dict[str, str], environ: dict[str, str], expected: TableNames
) -> None:
    assert resolve_table_names(**given, environ=environ) == expected


@pytest.mark.parametrize(
    ("given", "environ", "problem"),
    [
        ({}, {"NOVA_CAT_PHOTOMETRY_TABLE_NAME": "A", "PHOTOMETRY_TABLE_NAME": "B"}, "twice"),
        ({"table_name": " "}, {}, "empty"),
        ({"table_name": "Tab", "photometry_table_name": "Tab"}, {}, "both named"),
        ({"table_name": "Nova Cat"}, {}, "'Nova Cat' is not one DynamoDB takes"),
        ({}, {"NOVA_CAT_TABLE_NAME": "NC"}, "'NC' is not one DynamoDB takes"),
        ({"table_name": "N" * 250}, {}, "photometry table name 'NNN"),
        ({"eligibility_index_name": "GSI 1"}, {}, "eligibility index name 'GSI 1'"),
        ({"table_name": 5}, {}, "main table name is int, not text"),
        ({"photometry_table_name": b"Rows"}, {}, "photometry table name is bytes, not text"),
    ],
)
def test_names_that_cannot_be_right_are_refused_in_one_line(
    given: dict[str, Any], environ: dict[str, str], problem: str
) -> None:
    with pytest.raises(BackendConfigurationError, match=problem) as raised:
        resolve_table_names(**given, environ=environ)
    assert "\n" not in str(raised.value)
