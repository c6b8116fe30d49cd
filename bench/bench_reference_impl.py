"""Benchmark: the reference wrapper against hand-written boto3 calls and PynamoDB.

For get, conditional put, conditional update and query, times the wrapper operation, a raw
low-level client call making the same request, and the same request through PynamoDB (when it
is installed; else that column is skipped with a message), alternating them on the same
backend in the same run, and prints the medians, the ratio wrapper/raw (target <= 1.10) and
the ratio wrapper/PynamoDB (target < 1). Backends: moto in-process (``mock_aws``) and the real
DynamoDB Local (started and stopped with the conformance suites' launcher; skipped with a
message if it cannot run).

What each side sends (every request asks ``ReturnConsumedCapacity=TOTAL``):

- get: GetItem of the nova, ``ConsistentRead``. The wrapper decodes the item into its
  ``Nova`` model, PynamoDB into its model, raw boto3 returns the wire item.
- conditional put: PutItem of a 12-attribute WorkItem under ``attribute_not_exists(PK)``,
  every side building the item from the same values. The wrapper and raw boto3 also ask
  ``ReturnValuesOnConditionCheckFailure=ALL_OLD``; PynamoDB's ``Model.save`` cannot (only its
  transactions can). No put is refused here, so the responses are the same.
- conditional update: UpdateItem ``SET discovery_date, schema_version, updated_at`` under
  ``attribute_exists(PK) AND schema_version IN (<Nova's current version, each spelling>)
  AND discovery_date = <expected>`` (the wrapper's schema-version guard and compare-and-set),
  ``ReturnValues=ALL_NEW``; ``ALL_OLD`` on refusal as for put (not PynamoDB's
  ``Model.update``). One chain of dates: each writer expects the previous writer's value.
- query: Query ``PK = <nova> AND begins_with(SK, "PRODUCT#")``, ``ConsistentRead``, every
  page (11 items). The wrapper decodes them into its entities, PynamoDB into its model.

PynamoDB's model declares every attribute of the items read and written here (typed by their
stored tags), so it reads and writes whole items as the wrapper does. PynamoDB builds its own
botocore client; the wrapper and raw boto3 share one built with
:func:`~novacat_persistence.reference_impl.recommended_client_config`. Both skip botocore's
client-side parameter validation (``parameter_validation=False``).

Batch photometry write: ``put_photometry_rows`` of ``--batch-rows`` fresh rows (validated,
encoded, split into BatchWriteItem requests of 25, UnprocessedItems re-sent) against raw
``batch_write_item`` requests of 25 whose items are built by hand from the same rows' values
(the same items: checked once at the start), re-sending UnprocessedItems; calls alternate,
the medians per call and the rows per second of each side are printed with their ratio
(target <= 1.10).

Run: ``/work/venv/bin/python bench/bench_reference_impl.py [--iterations 300] [--warmup 30]
[--backend moto|dynamodb-local|all] [--sections operations batch] [--batch-rows 250]
[--batch-iterations 20]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4, uuid5

import boto3

sys.path.insert(0, str(Path(__file__).parent))


from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import Nova, PhotometryRow, WorkItem
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.contracts.tables import TableNames, photometry_table_beside
from novacat_persistence.reference_impl import (
    create_reference_wrapper,
    create_tables,
    recommended_client_config,
)
from novacat_persistence.reference_impl.conditions import writable_versions
from novacat_persistence.suites.harness.ddblocal import (
    DynamoDBLocal,
    DynamoDBLocalUnavailable,
    locate,
)

TABLE = "NovaCatBench"
PHOTOMETRY_TABLE = photometry_table_beside(TABLE)
REGION = "us-east-1"
VERSIONS = writable_versions("Nova")
"""The stored versions the wrapper's guard lets a Nova update overwrite (its request's list)."""
VERSION_NAMES = ", ".join(f":v{n}" for n in range(1, len(VERSIONS) + 1))
"""The stored schema versions the wrapper's guard lets a Nova writer overwrite."""
Op = Callable[[int], Any]
Row = tuple[str, float, float, float | None]


def median_us(samples: list[float]) -> float:
    return statistics.median(samples) * 1e6


def timed(op: Op, i: int, into: list[float]) -> None:
    started = time.perf_counter()
    op(i)
    into.append(time.perf_counter() - started)


def utc_text(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Scenario:
    """The four operations on one backend, as wrapper, raw and PynamoDB callables."""

    def __init__(self, client: Any, endpoint: str | None) -> None:
        self.client = client
        self.wrapper = create_reference_wrapper(client, TABLE)
        self.nova = Nova(nova_id=uuid4(), primary_name="Bench", primary_name_normalized="bench")
        self.wrapper.create_nova(self.nova)
        for n in range(10):
            self.wrapper.register_spectra_product(
                SpectraRegistration(self.nova.nova_id, "ESO", f"provider_product_id:P{n}")
            )
        self.wrapper.ensure_photometry_table(self.nova.nova_id)
        self.pk = str(self.nova.nova_id)
        self.base = datetime(2025, 1, 1, tzinfo=UTC)
        # PynamoDB's model: the attributes of the seeded items, of the work items put and of
        # the discovery date the updates set.
        seeded = client.scan(TableName=TABLE, ConsistentRead=True)["Items"]
        written = [encode(self._work_item(0, "w")), {"discovery_date": {"S": self._date(0)}}]
        self.pynamo = _pynamo_model(endpoint, [*seeded, *written])

    # --- get ---------------------------------------------------------------------------

    def wrapper_get(self, _i: int) -> Any:
        return self.wrapper.get_nova(self.nova.nova_id)

    def raw_get(self, _i: int) -> Any:
        return self.client.get_item(
            TableName=TABLE,
            Key={"PK": {"S": self.pk}, "SK": {"S": "NOVA"}},
            ConsistentRead=True,
            ReturnConsumedCapacity="TOTAL",
        ).get("Item")

    # --- conditional put (create-only) ----------------------------------------------------

    def _work_item_at(self, i: int, salt: str) -> datetime:
        return self.base + timedelta(seconds=i, microseconds={"w": 1, "r": 2, "p": 3}[salt])

    def _work_item(self, i: int, salt: str) -> WorkItem:
        return WorkItem(
            nova_id=self.nova.nova_id,
            dirty_type="spectra",
            source_workflow="bench",
            job_run_id=self.nova.nova_id,
            correlation_id="bench",
            ttl=1_900_000_000,
            created_at=self._work_item_at(i, salt),
        )

    def wrapper_put(self, i: int) -> Any:
        return self.wrapper.enqueue_work_item(self._work_item(i, "w"))

    def raw_put(self, i: int) -> Any:
        created = utc_text(self._work_item_at(i, "r"))
        return self.client.put_item(
            TableName=TABLE,
            Item={
                "PK": {"S": "WORKQUEUE"},
                "SK": {"S": f"{self.pk}#spectra#{created}"},
                "nova_id": {"S": self.pk},
                "dirty_type": {"S": "spectra"},
                "source_workflow": {"S": "bench"},
                "job_run_id": {"S": self.pk},
                "correlation_id": {"S": "bench"},
                "ttl": {"N": "1900000000"},
                "created_at": {"S": created},
                "updated_at": {"S": utc_text(datetime.now(UTC))},
                "entity_type": {"S": "WorkItem"},
                "schema_version": {"S": WorkItem.SCHEMA_VERSION},
            },
            ConditionExpression="attribute_not_exists(#PK)",
            ExpressionAttributeNames={"#PK": "PK"},
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
            ReturnConsumedCapacity="TOTAL",
        )

    # --- conditional update (compare-and-set) --------------------------------------------

    @staticmethod
    def _date(i: int) -> str:
        return f"19{i % 100:02d}-01-01"

    def wrapper_update(self, i: int) -> Any:
        expected = None if i == 0 else self._date(i - 1)
        return self.wrapper.set_discovery_date(self.nova.nova_id, self._date(i), expected=expected)

    def raw_update(self, i: int) -> Any:
        return self.client.update_item(
            TableName=TABLE,
            Key={"PK": {"S": self.pk}, "SK": {"S": "NOVA"}},
            UpdateExpression="SET #d = :d, #v = :v, #u = :u",
            ConditionExpression=(
                f"(attribute_exists(#PK)) AND (#v IN ({VERSION_NAMES})) AND (#d = :e)"
            ),
            ExpressionAttributeNames={
                "#d": "discovery_date",
                "#v": "schema_version",
                "#u": "updated_at",
                "#PK": "PK",
            },
            ExpressionAttributeValues={
                ":d": {"S": self._date(i + 1)},
                ":e": {"S": self._date(i)},
                ":v": {"S": Nova.SCHEMA_VERSION},
                ":u": {"S": utc_text(datetime.now(UTC))},
                **{f":v{n}": {"S": version} for n, version in enumerate(VERSIONS, 1)},
            },
            ReturnValues="ALL_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
            ReturnConsumedCapacity="TOTAL",
        )["Attributes"]

    # --- query -----------------------------------------------------------------------------

    def wrapper_query(self, _i: int) -> Any:
        return self.wrapper.list_data_products(self.nova.nova_id)

    def raw_query(self, _i: int) -> Any:
        params: dict[str, Any] = {
            "TableName": TABLE,
            "KeyConditionExpression": "#PK = :p AND begins_with(#SK, :s)",
            "ExpressionAttributeNames": {"#PK": "PK", "#SK": "SK"},
            "ExpressionAttributeValues": {":p": {"S": self.pk}, ":s": {"S": "PRODUCT#"}},
            "ConsistentRead": True,
            "ReturnConsumedCapacity": "TOTAL",
        }
        items = []
        while True:
            page = self.client.query(**params)
            items.extend(page["Items"])
            if "LastEvaluatedKey" not in page:
                return items
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    # --- PynamoDB ------------------------------------------------------------------------

    def pynamo_ops(self) -> dict[str, Op] | None:
        model = self.pynamo
        if model is None:
            return None
        pk = self.pk

        def get(_i: int) -> Any:
            return model.get(pk, "NOVA", consistent_read=True)

        def put(i: int) -> Any:
            created = utc_text(self._work_item_at(i, "p"))
            row = model(
                "WORKQUEUE",
                f"{pk}#spectra#{created}",
                nova_id=pk,
                dirty_type="spectra",
                source_workflow="bench",
                job_run_id=pk,
                correlation_id="bench",
                ttl=1_900_000_000,
                created_at=created,
                updated_at=utc_text(datetime.now(UTC)),
                entity_type="WorkItem",
                schema_version=WorkItem.SCHEMA_VERSION,
            )
            return row.save(condition=model.PK.does_not_exist())

        nova_row = model.get(pk, "NOVA", consistent_read=True)

        def update(i: int) -> Any:
            return nova_row.update(
                actions=[
                    model.discovery_date.set(self._date(i + 1)),
                    model.schema_version.set(Nova.SCHEMA_VERSION),
                    model.updated_at.set(utc_text(datetime.now(UTC))),
                ],
                condition=model.PK.exists()
                & model.schema_version.is_in(*VERSIONS)
                & (model.discovery_date == self._date(i)),
            )

        def query(_i: int) -> Any:
            return list(model.query(pk, model.SK.startswith("PRODUCT#"), consistent_read=True))

        return {"get": get, "conditional put": put, "conditional update": update, "query": query}


def _pynamo_model(endpoint: str | None, items: list[dict[str, Any]]) -> Any:
    """A PynamoDB model of the table declaring every attribute of ``items`` (by stored tag),
    or None when PynamoDB is not installed."""
    try:
        from pynamodb import attributes
        from pynamodb.models import Model
    except ImportError:
        return None

    by_tag = {
        "S": attributes.UnicodeAttribute,
        "N": attributes.NumberAttribute,
        "BOOL": attributes.BooleanAttribute,
        "M": attributes.MapAttribute,
        "L": attributes.ListAttribute,
        "SS": attributes.UnicodeSetAttribute,
        "NS": attributes.NumberSetAttribute,
        "NULL": attributes.NullAttribute,
    }
    tags = {name: next(iter(value)) for item in items for name, value in item.items()}

    class Meta:
        table_name = TABLE
        region = REGION
        host = endpoint

    declared: dict[str, Any] = {
        name: by_tag[tag](null=True) for name, tag in tags.items() if name not in ("PK", "SK")
    }
    declared["PK"] = attributes.UnicodeAttribute(hash_key=True)
    declared["SK"] = attributes.UnicodeAttribute(range_key=True)
    return type("BenchItem", (Model,), {"Meta": Meta, **declared})


def run(scenario: Scenario, iterations: int, warmup: int) -> list[Row]:
    pairs = {
        "get": (scenario.wrapper_get, scenario.raw_get),
        "conditional put": (scenario.wrapper_put, scenario.raw_put),
        "conditional update": (scenario.wrapper_update, scenario.raw_update),
        "query": (scenario.wrapper_query, scenario.raw_query),
    }
    pynamo = scenario.pynamo_ops()
    rows = []
    for name, (wrapped, raw) in pairs.items():
        samples: dict[str, list[float]] = {"w": [], "r": [], "p": []}
        total = warmup + iterations
        for i in range(total):
            keep = i >= warmup
            if name == "conditional update":
                # One chain of dates: each writer expects the previous writer's value.
                step = (3 if pynamo is not None else 2) * i
                timed(wrapped, step, samples["w"] if keep else [])
                timed(raw, step, samples["r"] if keep else [])
                if pynamo is not None:
                    timed(pynamo[name], step + 1, samples["p"] if keep else [])
                continue
            timed(wrapped, i, samples["w"] if keep else [])
            timed(raw, i, samples["r"] if keep else [])
            if pynamo is not None:
                timed(pynamo[name], i, samples["p"] if keep else [])
        w, r = median_us(samples["w"]), median_us(samples["r"])
        p = median_us(samples["p"]) if samples["p"] else None
        rows.append((name, w, r, p))
    return rows


def report(backend: str, rows: list[Row], pynamo: bool) -> None:
    print(f"\n{backend}: median latency per operation (microseconds)")
    header = f"{'operation':<20}{'wrapper':>10}{'raw boto3':>11}{'ratio':>8}"
    print(header + (f"{'PynamoDB':>11}{'wrapper/Pynamo':>16}" if pynamo else ""))
    for name, w, r, p in rows:
        line = f"{name:<20}{w:>10.0f}{r:>11.0f}{w / r:>8.2f}"
        if p is not None:
            line += f"{p:>11.0f}{w / p:>16.2f}"
        print(line)
    if not pynamo:
        print("(PynamoDB column skipped: pynamodb is not installed)")


@contextmanager
def moto_backend() -> Iterator[tuple[Any, str | None]]:
    from moto import mock_aws

    with mock_aws():
        yield boto3.client("dynamodb", region_name=REGION, config=recommended_client_config()), None


@contextmanager
def ddblocal_backend() -> Iterator[tuple[Any, str | None]]:
    server = DynamoDBLocal(locate())
    server.start()
    try:
        client = boto3.client(
            "dynamodb",
            region_name=REGION,
            endpoint_url=server.endpoint,
            config=recommended_client_config(),
        )
        yield client, server.endpoint
    finally:
        server.stop()


def local_credentials() -> None:
    """Credentials and a region for the local backends (those already set are kept), and the
    wrapper's records quiet (a record per call would be timed too)."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        os.environ.setdefault(name, value)
    logging.getLogger("novacat_persistence.reference_impl").setLevel(logging.WARNING)


BACKENDS = {
    "moto": ("moto (in-process)", moto_backend),
    "dynamodb-local": ("DynamoDB Local", ddblocal_backend),
}


def each_backend(choice: str) -> Iterator[tuple[str, Any, str | None]]:
    """Each chosen backend in turn (``all``: every one), while it runs: its name, a client and
    its endpoint. A DynamoDB Local that cannot start is reported skipped."""
    for backend, factory in (BACKENDS[n] for n in (BACKENDS if choice == "all" else [choice])):
        try:
            with factory() as (client, endpoint):
                yield backend, client, endpoint
        except DynamoDBLocalUnavailable as exc:
            print(f"\n{backend}: skipped ({exc})")


# --- batch photometry write --------------------------------------------------------------


def raw_row_item(row: PhotometryRow) -> dict[str, Any]:
    """The row's item built by hand from its values, attribute for attribute what the wrapper
    stores: what a service writing rows with boto3 itself would build."""
    item: dict[str, Any] = {
        "PK": {"S": str(row.nova_id)},
        "SK": {"S": f"PHOT#{row.row_id}"},
        "entity_type": {"S": "PhotometryRow"},
        "schema_version": {"S": PhotometryRow.SCHEMA_VERSION},
    }
    for name, value in row.__dict__.items():
        if value is None:
            continue
        if isinstance(value, bool):
            item[name] = {"BOOL": value}
        elif isinstance(value, (int, Decimal)):
            item[name] = {"N": str(value)}
        elif isinstance(value, datetime):
            item[name] = {"S": utc_text(value).replace(".000000Z", "Z")}
        else:  # text, enumerations, UUIDs
            item[name] = {"S": str(value)}
    return item


class BatchScenario:
    """Rows of one nova per call, written by the wrapper's ``put_photometry_rows`` and by raw
    ``batch_write_item`` requests of 25 (re-sending UnprocessedItems), on the same table."""

    def __init__(self, client: Any, rows_per_call: int) -> None:
        self.client = client
        self.wrapper = create_reference_wrapper(client, TABLE)
        self.rows_per_call = rows_per_call
        sample = _bench_row(uuid4(), 7)
        if raw_row_item(sample) != encode(sample):  # both sides must send the same items
            raise SystemExit("the raw side's row item differs from the wrapper's")

    def rows(self) -> list[PhotometryRow]:
        """Fresh rows of a fresh nova (both sides write rows they did not write before)."""
        nova_id = uuid4()
        return [_bench_row(nova_id, n) for n in range(self.rows_per_call)]

    def wrapper_put(self, rows: list[PhotometryRow]) -> Any:
        return self.wrapper.put_photometry_rows(rows)

    def raw_put(self, rows: list[PhotometryRow]) -> Any:
        items = [raw_row_item(row) for row in rows]
        for start in range(0, len(items), 25):
            requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            pending: dict[str, Any] = {PHOTOMETRY_TABLE: requests}
            while pending:
                pending = self.client.batch_write_item(
                    RequestItems=pending, ReturnConsumedCapacity="TOTAL"
                ).get("UnprocessedItems")


def _bench_row(nova_id: Any, n: int) -> PhotometryRow:
    at = datetime(2026, 4, 1, 12, tzinfo=UTC)
    return PhotometryRow(
        nova_id=nova_id,
        row_id=uuid5(nova_id, str(n)),
        primary_name="V1405 Cas",
        ra_deg=Decimal("351.1619"),
        dec_deg=Decimal("61.1706"),
        time_mjd=Decimal("59307.5") + Decimal(n) / 10,
        time_orig=Decimal("2459308.0") + Decimal(n) / 10,
        time_orig_sys="JD_UTC",
        band_id="Generic_V",
        band_name="V",
        regime="optical",
        spectral_coord_type="wavelength",
        spectral_coord_value=Decimal("5511.0"),
        spectral_coord_unit="Angstrom",
        magnitude=Decimal("5.14") + Decimal(n % 100) / 100,
        mag_err=Decimal("0.02"),
        bibcode="2021ATel14838....1T",
        telescope="AAVSO",
        band_resolution_type="canonical",
        band_resolution_confidence="high",
        data_origin="literature",
        ingested_at=at,
        ingestion_source="ticket_ingestion",
        created_at=at,
        updated_at=at,
    )


def run_batches(scenario: BatchScenario, iterations: int, warmup: int) -> tuple[float, float]:
    """Median seconds per call of the wrapper and of raw boto3, calls alternating."""
    samples: dict[str, list[float]] = {"w": [], "r": []}
    for i in range(warmup + iterations):
        keep = i >= warmup
        for side, put in (("w", scenario.wrapper_put), ("r", scenario.raw_put)):
            rows = scenario.rows()
            started = time.perf_counter()
            put(rows)
            if keep:
                samples[side].append(time.perf_counter() - started)
    return statistics.median(samples["w"]), statistics.median(samples["r"])


def report_batches(backend: str, rows: int, wrapper: float, raw: float) -> None:
    print(f"\n{backend}: batch photometry write, {rows} rows per call (median per call)")
    print(f"{'side':<20}{'ms/call':>10}{'rows/s':>10}")
    print(f"{'wrapper':<20}{wrapper * 1e3:>10.1f}{rows / wrapper:>10.0f}")
    print(f"{'raw boto3':<20}{raw * 1e3:>10.1f}{rows / raw:>10.0f}")
    print(f"wrapper/raw ratio {wrapper / raw:.2f} (target <= 1.10)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all")
    parser.add_argument(
        "--sections", nargs="+", choices=["operations", "batch"], default=["operations", "batch"]
    )
    parser.add_argument("--batch-rows", type=int, default=250)
    parser.add_argument("--batch-iterations", type=int, default=20)
    args = parser.parse_args()
    local_credentials()
    print(f"{args.iterations} timed iterations per operation after {args.warmup} warm-up ones")
    for backend, client, endpoint in each_backend(args.backend):
        create_tables(client, TableNames.beside(TABLE))
        if "operations" in args.sections:
            scenario = Scenario(client, endpoint)
            rows = run(scenario, args.iterations, args.warmup)
            report(backend, rows, scenario.pynamo is not None)
        if "batch" in args.sections:
            batch = BatchScenario(client, args.batch_rows)
            wrapper, raw = run_batches(batch, args.batch_iterations, args.warmup // 10)
            report_batches(backend, args.batch_rows, wrapper, raw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
