"""Fixtures of the capture tests: moto and DynamoDB Local, a recorder, the pytester plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from novacat_persistence.capture.recorder import Recorder
from novacat_persistence.suites.harness.backends import Backend, make_backend
from novacat_persistence.suites.harness.ddblocal import DynamoDBLocalUnavailable

REPOSITORY = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    # As in tests/scan/conftest.py: pytest_plugins is refused in a conftest below the rootdir.
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


@pytest.fixture(scope="module", params=["moto", "dynamodb-local"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """moto in process, then the real DynamoDB Local (started once per module)."""
    backend = make_backend(request.param, None)
    try:
        backend.start()
    except DynamoDBLocalUnavailable as exc:
        pytest.skip(f"DynamoDB Local cannot run here: {exc}")
    try:
        yield backend
    finally:
        backend.stop()


@pytest.fixture
def client(backend: Backend) -> Any:
    """A low-level client of the backend."""
    return backend.client()


@pytest.fixture
def resource(client: Any) -> Any:
    """A service resource reaching the same tables as ``client``."""
    return boto3.resource(
        "dynamodb",
        endpoint_url=client.meta.endpoint_url,
        region_name=client.meta.region_name,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


@pytest.fixture
def table_name(backend: Backend, client: Any) -> Iterator[str]:
    """A fresh table (PK/SK), created before the recorder starts, deleted afterwards."""
    name = backend.create_table(client)
    yield name
    backend.delete_table(client, name)


@pytest.fixture
def start_recorder() -> Iterator[Callable[[], Recorder]]:
    """Starts a recorder watching every DynamoDB request from then on, until the test ends."""
    started: list[Recorder] = []

    def start() -> Recorder:
        recorder = Recorder(REPOSITORY)
        recorder.install()
        started.append(recorder)
        return recorder

    yield start
    for recorder in started:
        recorder.uninstall()


@pytest.fixture
def recorder(start_recorder: Callable[[], Recorder]) -> Recorder:
    """A recorder watching every DynamoDB request of the test (table creations included, when
    requested before the table)."""
    return start_recorder()
