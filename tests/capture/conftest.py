"""Fixtures of the capture tests: moto and DynamoDB Local, a recorder, the pytester plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from novacat_persistence.capture.recorder import Recorder

REPOSITORY = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    # As in tests/scan/conftest.py: pytest_plugins is refused in a conftest below the rootdir.
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


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
