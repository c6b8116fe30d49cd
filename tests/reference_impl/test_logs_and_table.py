"""Rule 12 (structured logs) and the table definition, factory and entry point."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.contracts.errors import LockHeldError
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.reference_impl import (
    LOGGER_NAME,
    ReferenceWrapper,
    correlation_context,
    create_reference_wrapper,
    set_correlation_id,
    table_definition,
)

from .conftest import TABLE, make_nova

FIELDS = {
    "operation",
    "entity_type",
    "pk",
    "sk",
    "keys",
    "condition",
    "outcome",
    "latency_ms",
    "requests",
    "retries",
    "consumed_capacity",
    "correlation_id",
}


def test_each_operation_emits_one_keys_only_record(
    wrapper: ReferenceWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger=LOGGER_NAME)
    nova = make_nova()
    with correlation_context("corr-42"):
        wrapper.create_nova(nova)
        wrapper.set_discovery_date(nova.nova_id, "1975-08-29", expected=None)
    records = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert [r.persistence["operation"] for r in records] == ["create_nova", "set_discovery_date"]
    fields = records[1].persistence
    assert set(fields) == FIELDS
    assert fields["entity_type"] == "Nova"
    assert (fields["pk"], fields["sk"]) == (str(nova.nova_id), "NOVA")
    assert fields["condition"] == "passed" and fields["outcome"] == "ok"
    assert fields["correlation_id"] == "corr-42"
    assert fields["consumed_capacity"] > 0 and fields["latency_ms"] > 0
    assert fields["requests"] == 1 and fields["retries"] == 0
    text = " ".join(f"{r.getMessage()} {r.persistence}" for r in records)
    assert "V1500 Cyg" not in text and "1975-08-29" not in text


def test_a_correlation_id_set_for_a_context_is_stamped_until_reset(
    wrapper: ReferenceWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    """What a Lambda handler does at the start of an invocation, without a ``with`` block:
    the id is on every record until the token restores the one before (here, inside a block)."""
    caplog.set_level("INFO", logger=LOGGER_NAME)
    with correlation_context("outer"):
        token = set_correlation_id("invocation-1")
        wrapper.create_nova(make_nova("V1"))
        token.var.reset(token)  # back to before "invocation-1"
        wrapper.create_nova(make_nova("V2"))
    wrapper.create_nova(make_nova("V3"))
    records = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert [r.persistence["correlation_id"] for r in records] == ["invocation-1", "outer", None]


def test_refused_conditions_and_errors_are_logged_without_idempotency_keys(
    wrapper: ReferenceWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger=LOGGER_NAME)
    key = "initialize_nova:secret-primary:1.0.0:2025-03-01T12"
    wrapper.acquire_lock(key, job_run_id=uuid4(), workflow_name="initialize_nova", primary_id="p")
    with pytest.raises(LockHeldError):
        wrapper.acquire_lock(
            key, job_run_id=uuid4(), workflow_name="initialize_nova", primary_id="p"
        )
    last = caplog.records[-1].persistence
    assert (last["condition"], last["outcome"]) == ("refused", "LockHeldError")
    assert last["pk"].startswith("IDEMPOTENCY#sha256:")
    for record in caplog.records:
        assert "secret-primary" not in f"{record.getMessage()} {record.persistence}"


def test_table_definition_is_the_single_table_model() -> None:
    definition = table_definition(TABLE)
    assert definition["BillingMode"] == "PAY_PER_REQUEST"
    assert [k["AttributeName"] for k in definition["KeySchema"]] == ["PK", "SK"]
    [gsi] = definition["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "EligibilityIndex" and gsi["Projection"] == {"ProjectionType": "ALL"}
    assert [k["AttributeName"] for k in gsi["KeySchema"]] == ["GSI1PK", "GSI1SK"]


def test_created_table_has_ttl_on_ttl(client: Any, table: str) -> None:
    ttl = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "ttl" and ttl["TimeToLiveStatus"] == "ENABLED"


def test_entry_point_builds_a_persistence_wrapper(client: Any, table: str) -> None:
    [entry] = entry_points(group="novacat_persistence.implementations", name="reference")
    factory = entry.load()
    assert factory is create_reference_wrapper
    wrapper = factory(client, table)
    assert isinstance(wrapper, PersistenceWrapper)
