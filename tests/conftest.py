"""Settings every test of the project shares, and the backends tests run on.

Hypothesis runs without deadlines and without the too-slow health check: machines here differ
up to four times in speed and are shared, so how long a draw takes says nothing about a test's
subject. Each test still fails on what it asserts.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from novacat_persistence.suites.harness.backends import Backend, make_backend
from novacat_persistence.suites.harness.ddblocal import DynamoDBLocalUnavailable

settings.register_profile(
    "novacat-tests", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("novacat-tests")


@pytest.fixture(scope="module", params=["moto", "dynamodb-local"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """moto in process, then the real DynamoDB Local (started once per module; skipped with
    the reason when it cannot run here)."""
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
def table_name(backend: Backend, client: Any) -> Iterator[str]:
    """A fresh table from the reference definition (PK/SK, the index, TTL), deleted after the
    test."""
    name = backend.create_table(client)
    yield name
    backend.delete_table(client, name)
