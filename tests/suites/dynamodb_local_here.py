"""Whether this machine can run DynamoDB Local: its tests are skipped, saying why, where not."""

from __future__ import annotations

import shutil

import pytest

from novacat_persistence.suites.harness import ddblocal

needs_dynamodb_local = pytest.mark.skipif(
    ddblocal.find_server(ddblocal.cache_dir()) is None or shutil.which("java") is None,
    reason="DynamoDB Local or Java is not installed here",
)
"""Marks a test that starts DynamoDB Local from the cache (``.ci/run`` installs both)."""
