"""Fixtures: a moto table created with the shipped definition, and the wrapper over it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import boto3
import pytest
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.contracts.tables import TableNames
from novacat_persistence.reference_impl import (
    ReferenceWrapper,
    create_reference_wrapper,
    create_tables,
    recommended_client_config,
)
from novacat_persistence.suites.harness.races import release_together

TABLE = "NovaCat"
BUCKET = "novacat-private"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class TickingClock:
    """A deterministic clock: every reading is one millisecond after the previous one."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self.now += timedelta(milliseconds=1)
            return self.now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self.now += delta


_MOTO_LOCK = threading.Lock()


def _isolated(call: Callable[..., Any]) -> Callable[..., Any]:
    def serve(*args: Any, **kwargs: Any) -> Any:
        with _MOTO_LOCK:
            return call(*args, **kwargs)

    return serve


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # DynamoDB applies each request atomically; moto serves concurrent requests without
    # isolation (a reader can see a half-applied transaction). Serving one request at a time
    # restores the service's per-request atomicity; threads still race for the order.
    monkeypatch.setattr(BotocoreStubber, "__call__", _isolated(BotocoreStubber.__call__))
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


@pytest.fixture
def client(aws: None) -> Any:
    return boto3.client("dynamodb", region_name="us-east-1", config=recommended_client_config())


@pytest.fixture
def s3(aws: None) -> Any:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    return s3


@pytest.fixture
def table(client: Any) -> str:
    create_tables(client, TableNames.beside(TABLE))
    return TABLE


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def wrapper(client: Any, table: str, clock: TickingClock, s3: Any) -> ReferenceWrapper:
    return create_reference_wrapper(client, table, s3_client=s3, clock=clock)


def raw_item(client: Any, pk: str, sk: str) -> dict[str, Any] | None:
    """The stored item as DynamoDB holds it, read around the wrapper."""
    item: dict[str, Any] | None = client.get_item(
        TableName=TABLE, Key={"PK": {"S": pk}, "SK": {"S": sk}}, ConsistentRead=True
    ).get("Item")
    return item


def make_nova(name: str = "V1500 Cyg", nova_id: UUID | None = None, **fields: Any) -> Nova:
    return Nova(
        nova_id=nova_id or uuid4(),
        primary_name=name,
        primary_name_normalized=name.lower(),
        **fields,
    )


def registration(
    nova_id: UUID, product: str = "ADP.1", provider: str = "ESO"
) -> SpectraRegistration:
    return SpectraRegistration(
        nova_id=nova_id, provider=provider, locator_identity=f"provider_product_id:{product}"
    )


def race(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads released together; return results or exceptions."""
    return release_together(count, work)


def spectra_key(
    wrapper: ReferenceWrapper, nova_id: UUID, product: str = "ADP.1"
) -> SpectraProductKey:
    stored = wrapper.register_spectra_product(registration(nova_id, product)).item
    return SpectraProductKey(nova_id, stored.provider, stored.data_product_id)
