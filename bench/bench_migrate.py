"""Benchmark: ``novacat-persistence migrate`` over N old items, against the naive migration.

The table is seeded with N items of older shapes, in thirds: JobRuns of era ``id-dataset``
(stamped ``"1"``: renamed to the current attributes, and a JobRunClaim each), Novas stamped
``"1"`` (carried to 1.1.0) and NameMappings stamped ``"1"`` without claims (restamped, and a
NameClaim each). Then, each on a freshly seeded table and in turn, repeated:

- **naive**: raw boto3 scan, and for every item the codec's current shape put back
  unconditionally, and each claim put unconditionally (what a hand-written one-off script
  does: no condition, so a concurrent writer's write is lost; no check that a name maps to one
  nova);
- **dry run**: the migrator deciding every item and claim, writing nothing;
- **apply**: the migrator writing: one conditional write per item (the whole item as read as
  its condition), the claims by conditional creates after reading the name's partition.

Prints per backend the median seconds of each, items/s, and the ratio apply/naive. Backends:
moto in-process and the real DynamoDB Local (skipped with a message if it cannot run).

Run: ``python bench/bench_migrate.py [--items 900] [--repeats 3]
[--backend moto|dynamodb-local|all]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import (
    JobRun,
    JobRunClaim,
    NameClaim,
    NameMapping,
    Nova,
)
from novacat_persistence.contracts.enums import NameKind, NameSource
from novacat_persistence.contracts.eras import era_item
from novacat_persistence.migration.report import MigrationReport
from novacat_persistence.migration.run import run_migration
from novacat_persistence.reference_impl import create_table_migrator
from novacat_persistence.suites.harness.backends import Backend, make_backend
from novacat_persistence.suites.harness.ddblocal import DynamoDBLocalUnavailable

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def old_items(count: int) -> list[dict[str, Any]]:
    """``count`` items of older shapes, in thirds (see the module)."""
    items: list[dict[str, Any]] = []
    for i in range(count):
        at = T0 + timedelta(minutes=i)
        if i % 3 == 0:
            run = JobRun(
                job_run_id=uuid4(),
                workflow_name="initialize_nova",
                correlation_id=f"corr-{i}",
                started_at=at,
                created_at=at,
                updated_at=at,
            )
            items.append(_restamped(era_item(run, "id-dataset", "1")))
        elif i % 3 == 1:
            name = f"nova bench {i}"
            nova = Nova(
                nova_id=uuid4(),
                primary_name=name,
                primary_name_normalized=name,
                created_at=at,
                updated_at=at,
            )
            items.append(_restamped(encode(nova)))
        else:
            name = f"alias bench {i}"
            mapping = NameMapping(
                name_raw=name,
                name_normalized=name,
                name_kind=NameKind.ALIAS,
                nova_id=uuid4(),
                source=NameSource.USER_INPUT,
                created_at=at,
                updated_at=at,
            )
            items.append(_restamped(encode(mapping)))
    return items


def _restamped(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "schema_version": {"S": "1"}}


def seed(client: Any, table: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        pending: dict[str, Any] = {table: batch}
        while pending:
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


def naive(client: Any, table: str) -> int:
    """Scan, and put back every item's current shape and every claim, unconditionally."""
    writes = 0
    for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        for item in page["Items"]:
            entity = decode(item)
            client.put_item(
                TableName=table, Item={**encode(entity), "PK": item["PK"], "SK": item["SK"]}
            )
            writes += 1
            now = datetime.now(UTC)
            claim: NameClaim | JobRunClaim | None = None
            if isinstance(entity, NameMapping):
                claim = NameClaim(
                    name_normalized=entity.name_normalized,
                    nova_id=entity.nova_id,
                    created_at=now,
                    updated_at=now,
                )
            elif isinstance(entity, JobRun):
                claim = JobRunClaim(
                    job_run_id=entity.job_run_id,
                    workflow_name=entity.workflow_name,
                    started_at=entity.started_at,
                    correlation_id=entity.correlation_id,
                    created_at=now,
                    updated_at=now,
                )
            if claim is not None:
                client.put_item(TableName=table, Item=encode(claim))
                writes += 1
    return writes


def migrate(client: Any, table: str, *, apply: bool) -> int:
    report = run_migration(create_table_migrator(client, table), MigrationReport(table, apply))
    assert not report.attention, report.to_text()
    return report.writes


def measure(backend: Backend, count: int, repeats: int) -> None:
    client = backend.client()
    items = old_items(count)
    runs: dict[str, list[float]] = {"naive": [], "dry run": [], "apply": []}
    writes: dict[str, int] = {}
    sides: dict[str, Callable[[Any, str], int]] = {
        "naive": naive,
        "dry run": lambda c, t: migrate(c, t, apply=False),
        "apply": lambda c, t: migrate(c, t, apply=True),
    }
    for _ in range(repeats):
        for name, side in sides.items():
            table = backend.create_table(client)
            try:
                seed(client, table, items)
                started = time.perf_counter()
                writes[name] = side(client, table)
                runs[name].append(time.perf_counter() - started)
            finally:
                backend.delete_table(client, table)
    print(f"\n{backend.describe()}: {count} old items, median of {repeats}")
    print(f"{'':10} {'seconds':>9} {'items/s':>9} {'writes':>7}")
    for name, samples in runs.items():
        median = statistics.median(samples)
        print(f"{name:10} {median:9.2f} {count / median:9.0f} {writes[name]:7}")
    ratio = statistics.median(runs["apply"]) / statistics.median(runs["naive"])
    print(f"apply / naive: {ratio:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=900)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backend", choices=("moto", "dynamodb-local", "all"), default="all")
    args = parser.parse_args()
    names = ("moto", "dynamodb-local") if args.backend == "all" else (args.backend,)
    for name in names:
        backend = make_backend(name, None)
        try:
            backend.start()
        except DynamoDBLocalUnavailable as exc:
            print(f"\n{name}: skipped ({exc})")
            continue
        try:
            measure(backend, args.items, args.repeats)
        finally:
            backend.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
