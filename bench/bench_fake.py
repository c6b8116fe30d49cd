"""Benchmark: the in-memory fake against the reference implementation on moto.

For get, conditional create, conditional update and query/listing, times the same IFC-030
operation on the fake and on the reference wrapper over moto (``mock_aws``), alternating the
two in blocks of fifty calls in the same run on identically seeded tables, and prints the
median per-call time of the blocks and the ratio fake/reference (target <= 1/50 = 0.020).
Figures are printed, never asserted.

Run: ``/work/venv/bin/python bench/bench_fake.py [--iterations 300]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import boto3
from moto import mock_aws

from novacat_persistence.contracts.entities import Nova, WorkItem
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.fake import create_fake_wrapper
from novacat_persistence.reference_impl import create_reference_wrapper, create_table

TABLE = "NovaCatBenchFake"
TARGET = 1 / 50
BLOCK = 50
"""Calls timed together: blocks of the two implementations alternate, so that both see the
same process state (moto's garbage, caches) without timing one call at a time."""
Op = Callable[[Any, int], Any]


class Seeded:
    """One wrapper with a nova, ten spectra products and the photometry table."""

    def __init__(self, wrapper: Any, nova_id: UUID) -> None:
        self.wrapper = wrapper
        self.nova_id = nova_id
        wrapper.create_nova(
            Nova(nova_id=nova_id, primary_name="Bench", primary_name_normalized="bench")
        )
        stored = [
            wrapper.register_spectra_product(
                SpectraRegistration(nova_id, "ESO", f"provider_product_id:P{n}")
            ).item
            for n in range(10)
        ]
        self.products = [SpectraProductKey(nova_id, "ESO", p.data_product_id) for p in stored]
        wrapper.ensure_photometry_table(nova_id)
        self.work_items: list[WorkItem] = []


BASE = datetime(2025, 1, 1, tzinfo=UTC)


def get(s: Seeded, _i: int) -> Any:
    return s.wrapper.get_nova(s.nova_id)


def work_item(nova_id: UUID, i: int) -> WorkItem:
    return WorkItem(
        nova_id=nova_id,
        dirty_type="spectra",
        source_workflow="bench",
        job_run_id=nova_id,
        correlation_id="bench",
        ttl=1_900_000_000,
        created_at=BASE + timedelta(seconds=i),
    )


def create(s: Seeded, i: int) -> Any:
    # The entities are built before timing: the operation's cost, not the caller's model.
    return s.wrapper.enqueue_work_item(s.work_items[i])


def update(s: Seeded, i: int) -> Any:
    expected = None if i == 0 else f"19{(i - 1) % 100:02d}-01-01"
    return s.wrapper.set_discovery_date(s.nova_id, f"19{i % 100:02d}-01-01", expected=expected)


def counter(s: Seeded, i: int) -> Any:
    # Rotates over the ten products: BackoffPolicy.delay overflows timedelta (a raw
    # OverflowError) from about 39 failed attempts of one product.
    product = s.products[i % len(s.products)]
    return s.wrapper.record_retryable_failure(
        product, error_fingerprint="f" * 16, execution=f"run-{i}"
    )


def listing(s: Seeded, _i: int) -> Any:
    return s.wrapper.list_data_products(s.nova_id)


def eligible(s: Seeded, _i: int) -> Any:
    return s.wrapper.list_eligible_spectra(s.nova_id)


OPERATIONS: list[tuple[str, Op]] = [
    ("get_nova (get)", get),
    ("enqueue_work_item (conditional create)", create),
    ("set_discovery_date (conditional update)", update),
    ("record_retryable_failure (conditional ADD)", counter),
    ("list_data_products (query, 11 items)", listing),
    ("list_eligible_spectra (GSI1 query)", eligible),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    if args.iterations > 380:
        parser.error("at most 380 iterations (see counter())")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_table(client, TABLE)
        nova_id = uuid4()
        reference = Seeded(create_reference_wrapper(client, TABLE), nova_id)
        fake = Seeded(create_fake_wrapper(), nova_id)
        for seeded in (reference, fake):
            seeded.work_items = [work_item(nova_id, i) for i in range(args.iterations)]
        print(
            f"{args.iterations} calls per operation and implementation, alternating blocks of "
            f"{BLOCK}; median per-call microseconds"
        )
        print(f"{'operation':<44} {'fake':>9} {'moto ref':>10} {'fake/ref':>9}  target <= 0.020")
        for name, op in OPERATIONS:
            fake_s: list[float] = []
            ref_s: list[float] = []
            for block in range(0, args.iterations, BLOCK):
                calls = range(block, min(block + BLOCK, args.iterations))
                for seeded, into in ((fake, fake_s), (reference, ref_s)):
                    started = time.perf_counter()
                    for i in calls:
                        op(seeded, i)
                    into.append((time.perf_counter() - started) / len(calls))
            f_us = statistics.median(fake_s) * 1e6
            r_us = statistics.median(ref_s) * 1e6
            ratio = f_us / r_us
            verdict = "ok" if ratio <= TARGET else "MISSED"
            print(f"{name:<44} {f_us:>9.1f} {r_us:>10.1f} {ratio:>9.4f}  {verdict}")


if __name__ == "__main__":
    main()
