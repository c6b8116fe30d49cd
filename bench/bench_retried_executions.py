"""Benchmark: what counting once per execution costs (IFC-030 2.0.0).

Times each counter of the reference wrapper beside the single raw boto3 request a counter needs
at the least (the request IFC-030 1.0.0 sent for an ingestion: one conditional UpdateItem with
``ADD``, ``ReturnValues=ALL_NEW``), alternating them on the same backend in the same run, and
prints the medians, the ratio wrapper/raw and the requests the wrapper sent per call:

- photometry ingestion: the per-execution marker and the ``ADD`` in one TransactWriteItems,
  then a GetItem to answer with the stored table;
- retryable failure: the last-applier condition on the product's own ``ADD`` (one
  UpdateItem; a second one lengthens the cooldown, as in 1.0.0, while the policy's delay
  still grows);
- a retried ingestion (the same execution again): the refused marker, then the GetItem.

Each call is a new execution (``run-<i>``) but the retried one. Backends: moto in-process and
the real DynamoDB Local (skipped with a message when it cannot run). Figures are printed, never
asserted.

Run: ``/work/venv/bin/python bench/bench_retried_executions.py [--iterations 300]
[--backend moto|dynamodb-local|all]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).parent))

from bench_reference_impl import BACKENDS, each_backend, local_credentials, median_us, timed

from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import (
    PhotometryIngestion,
    SpectraRegistration,
)
from novacat_persistence.reference_impl import create_reference_wrapper, create_table

TABLE = "NovaCatBenchRetried"


class Counters:
    """One nova's photometry table and one spectra product, counted by the wrapper and by raw
    requests; the client's request count taken from botocore's event hook."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.requests = 0
        client.meta.events.register("before-send.dynamodb.*", self._count)
        self.wrapper = create_reference_wrapper(client, TABLE)
        self.nova_id = uuid4()
        self.ingestion = PhotometryIngestion("aavso", "novacat-private", "1.0.0")
        self.wrapper.record_photometry_ingestion(self.nova_id, self.ingestion, execution="seed")
        product = self.wrapper.register_spectra_product(
            SpectraRegistration(self.nova_id, "ESO", "provider_product_id:P1")
        ).item
        self.product = SpectraProductKey(self.nova_id, "ESO", product.data_product_id)

    def _count(self, **_kwargs: Any) -> None:
        self.requests += 1

    def ingest(self, i: int) -> Any:
        return self.wrapper.record_photometry_ingestion(
            self.nova_id, self.ingestion, execution=f"run-{i}"
        )

    def ingest_again(self, _i: int) -> Any:
        return self.wrapper.record_photometry_ingestion(
            self.nova_id, self.ingestion, execution="seed"
        )

    def fail(self, i: int) -> Any:
        return self.wrapper.record_retryable_failure(
            self.product, error_fingerprint="f" * 16, execution=f"run-{i}"
        )

    def raw_add(self, i: int) -> Any:
        return self.client.update_item(
            TableName=TABLE,
            Key={"PK": {"S": str(self.nova_id)}, "SK": {"S": "PRODUCT#PHOTOMETRY_TABLE"}},
            UpdateExpression="SET #s = :s, #u = :u ADD #c :one",
            ConditionExpression="(attribute_exists(#PK)) AND (#v IN (:v1, :v2))",
            ExpressionAttributeNames={
                "#s": "last_ingestion_source",
                "#u": "updated_at",
                "#c": "ingestion_count",
                "#v": "schema_version",
                "#PK": "PK",
            },
            ExpressionAttributeValues={
                ":s": {"S": "aavso"},
                ":u": {"S": f"2025-03-01T12:00:00.{i % 1000:03d}Z"},
                ":one": {"N": "1"},
                ":v1": {"S": "2.2.0"},
                ":v2": {"S": "2.2"},
            },
            ReturnValues="ALL_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
            ReturnConsumedCapacity="TOTAL",
        )["Attributes"]


def run(counters: Counters, iterations: int, warmup: int) -> list[tuple[str, float, float, float]]:
    rows = []
    for name, op in (
        ("photometry ingestion", counters.ingest),
        ("retryable failure", counters.fail),
        ("retried ingestion", counters.ingest_again),
    ):
        wrapped: list[float] = []
        raw: list[float] = []
        sent = 0
        for i in range(warmup + iterations):
            keep = i >= warmup
            before = counters.requests
            timed(op, i, wrapped if keep else [])
            sent += counters.requests - before if keep else 0
            timed(counters.raw_add, i, raw if keep else [])
        rows.append((name, median_us(wrapped), median_us(raw), sent / iterations))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all")
    args = parser.parse_args()
    local_credentials()
    print(f"{args.iterations} timed iterations per operation after {args.warmup} warm-up ones")
    for backend, client, _endpoint in each_backend(args.backend):
        create_table(client, TABLE)
        rows = run(Counters(client), args.iterations, args.warmup)
        print(f"\n{backend}: median latency per call (microseconds)")
        print(f"{'operation':<22}{'wrapper':>10}{'raw ADD':>10}{'ratio':>8}{'requests':>10}")
        for name, w, r, sent in rows:
            print(f"{name:<22}{w:>10.0f}{r:>10.0f}{w / r:>8.2f}{sent:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
