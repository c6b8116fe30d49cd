"""Fixtures of the migration tests: a fresh table on moto and on the real DynamoDB Local, the
wrapper over it, raw seeding and snapshots, and the ``migrate`` verb run in process."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.errors import PersistenceError
from novacat_persistence.reference_impl import (
    ReferenceWrapper,
    create_reference_wrapper,
    create_table_migrator,
)
from novacat_persistence.reference_impl.migration import TableMigrator
from novacat_persistence.suites.harness.backends import Backend

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "items"
Key = tuple[str, str]


@pytest.fixture
def table(table_name: str) -> str:
    """The test's fresh table (``table_name`` of the root conftest)."""
    return table_name


@pytest.fixture
def wrapper(client: Any, table: str) -> ReferenceWrapper:
    return create_reference_wrapper(client, table)


@pytest.fixture
def migrator(backend: Backend, table: str) -> Callable[[], TableMigrator]:
    """A new migrator (one per run) over its own client, as the verb builds it."""
    return lambda: create_table_migrator(backend.client(), table)


class Raw:
    """The table's stored items, read and seeded around the wrapper."""

    def __init__(self, client: Any, table: str) -> None:
        self.client, self.table = client, table

    def put(self, *items: dict[str, Any]) -> None:
        for item in items:
            self.client.put_item(TableName=self.table, Item=item)

    def get(self, pk: str, sk: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.client.get_item(
            TableName=self.table, Key={"PK": {"S": pk}, "SK": {"S": sk}}, ConsistentRead=True
        ).get("Item")
        return found

    def snapshot(self) -> dict[Key, dict[str, Any]]:
        items: dict[Key, dict[str, Any]] = {}
        pages = self.client.get_paginator("scan").paginate(
            TableName=self.table, ConsistentRead=True
        )
        for page in pages:
            for item in page["Items"]:
                items[item["PK"]["S"], item["SK"]["S"]] = item
        return items


@pytest.fixture
def raw(client: Any, table: str) -> Raw:
    return Raw(client, table)


def corpus_items(per_file: int | None = None) -> list[dict[str, Any]]:
    """The corpus items a live table holds (no NULL-typed index keys, nothing over 400 KB), one
    per key, each readable by the codec: every one, or the first ``per_file`` of each file
    (every version and era, fewer items: moto serves a scan of the whole corpus slowly).

    The corpus gathers several sources' novae, and a name may map to a nova in each: a name
    mapping whose name an earlier file maps to another nova is left out (one table, one nova
    per name, as the tests of the run's course assume; ambiguous names have tests of their own).
    """
    found: dict[Key, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    for path in sorted(CORPUS.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:per_file]:
            if len(line) > 350_000:
                continue
            item = json.loads(line)["Item"]
            item = {k: v for k, v in item.items() if not (k.startswith("GSI1") and "NULL" in v)}
            try:
                decode(item)
            except PersistenceError:
                continue
            if item.get("entity_type", {}).get("S") == "NameMapping":
                name, nova = item["name_normalized"]["S"], item["nova_id"]["S"]
                if owners.setdefault(name, nova) != nova:
                    continue
            found.setdefault((item["PK"]["S"], item["SK"]["S"]), item)
    return list(found.values())


@dataclass
class Ran:
    """One run of the verb: its exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.out)
        return document


@pytest.fixture
def migrate(
    backend: Backend,
    table: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., Ran]:
    """Run ``novacat-persistence migrate --table <table> ...`` against the backend."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    endpoint = getattr(backend, "endpoint", None)
    where = ["--region", "us-east-1", *(["--endpoint-url", endpoint] if endpoint else [])]

    def run(*args: str, table_name: str = table) -> Ran:
        capsys.readouterr()
        try:
            code = main(["migrate", "--table", table_name, *where, *args])
        except SystemExit as exited:
            code = int(exited.code or 0)
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run
