"""Settings and fixtures every test of the project shares.

Hypothesis runs without deadlines and without the too-slow health check: machines here differ
up to four times in speed and are shared, so how long a draw takes says nothing about a test's
subject. Each test still fails on what it asserts.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from novacat_persistence.suites.harness.backends import Backend, make_backend
from novacat_persistence.suites.harness.ddblocal import DynamoDBLocalUnavailable

from .kit_copies import commit_all, copy_kit, git

settings.register_profile(
    "novacat-tests", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("novacat-tests")


@pytest.fixture(scope="session")
def kit_repo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository whose one commit is a copy of this kit's working tree."""
    root = copy_kit(tmp_path_factory.mktemp("kit-template") / "repo")
    git(root, "init", "-q")
    commit_all(root, "base")
    return root


@pytest.fixture
def kit_repo(kit_repo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template repository: a checkout of the kit at its base commit."""
    return Path(shutil.copytree(kit_repo_template, tmp_path / "repo", symlinks=True))


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
