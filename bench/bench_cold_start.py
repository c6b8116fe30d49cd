"""Cold start: what a Lambda pays to import the reference wrapper and build one, beside
``import boto3``, in fresh processes.

Run: python bench/bench_cold_start.py [--runs 20]

Each run starts a fresh interpreter and times, inside it, phase by phase (interpreter start-up
excluded), wall and CPU time:

- baseline: ``import boto3``, then a DynamoDB client;
- the kit: ``import novacat_persistence.reference_impl`` (which imports boto3), a DynamoDB
  client, ``create_reference_wrapper(client, ...)``, then the first ``encode``/``decode`` of a
  spectra product (the work deferred to first use: building that model's validator).

Where the work moved: with DynamoDB Local running (started here with the conformance suites'
launcher; without it these phases are left out, with a message), each process also makes its
first put and first get right after building its client (the kit: after its wrapper): boto3
a conditional ``put_item`` of a WorkItem's attributes, then ``get_item`` of a seeded Nova; the
kit ``enqueue_work_item`` of a WorkItem, then ``get_nova`` of the same Nova (validation,
encoding, decoding and key checks, each built on first use). Both clients skip botocore's
parameter validation (:func:`recommended_client_config`).

The client is what any Lambda calling DynamoDB builds anyway: it is timed apart and left out of
the comparison. Bytecode is compiled once, untimed, into a temporary cache (an installed
package has its bytecode: pip compiles it at install), whatever PYTHONDONTWRITEBYTECODE says.
The two kinds alternate run by run, so a busy machine slows both alike. Printed: medians over
the runs, and import + wrapper over ``import boto3`` (target: at most +150 ms). Never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from uuid import uuid4

import boto3
from machine import describe

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.reference_impl import create_reference_wrapper, create_table
from novacat_persistence.suites.harness.ddblocal import (
    DynamoDBLocal,
    DynamoDBLocalUnavailable,
    locate,
)

TARGET_MS = 150.0

TABLE = "ColdStart"

CLIENT = (
    "from botocore.config import Config\n"
    "client = boto3.client('dynamodb', region_name='us-east-1', aws_access_key_id='x', "
    "aws_secret_access_key='x', endpoint_url=ENDPOINT, "
    "config=Config(parameter_validation=False))"
)

FIRST_USE = """
import uuid
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import SpectraProduct
product = SpectraProduct(nova_id=uuid.uuid4(), data_product_id=uuid.uuid4(), provider='ESO',
                         locator_identity='provider_product_id:ADP.1')
assert decode(encode(product)) == product
"""

RAW_PUT = """
from datetime import UTC, datetime
created = datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
client.put_item(
    TableName=TABLE,
    Item={'PK': {'S': 'WORKQUEUE'}, 'SK': {'S': f'{NOVA_ID}#spectra#{created}'},
          'nova_id': {'S': NOVA_ID}, 'dirty_type': {'S': 'spectra'},
          'source_workflow': {'S': 'bench'}, 'job_run_id': {'S': NOVA_ID},
          'correlation_id': {'S': 'bench'}, 'ttl': {'N': '1900000000'},
          'created_at': {'S': created}, 'updated_at': {'S': created},
          'entity_type': {'S': 'WorkItem'}, 'schema_version': {'S': '1.1.0'}},
    ConditionExpression='attribute_not_exists(PK)',
    ReturnValuesOnConditionCheckFailure='ALL_OLD',
    ReturnConsumedCapacity='TOTAL',
)
"""

RAW_GET = """
assert client.get_item(
    TableName=TABLE, Key={'PK': {'S': NOVA_ID}, 'SK': {'S': 'NOVA'}}, ConsistentRead=True,
    ReturnConsumedCapacity='TOTAL',
)['Item']
"""

WRAPPER_PUT = """
import uuid
from datetime import UTC, datetime
from novacat_persistence.contracts.entities import WorkItem
wrapper.enqueue_work_item(WorkItem(
    nova_id=uuid.UUID(NOVA_ID), dirty_type='spectra', source_workflow='bench',
    job_run_id=NOVA_ID, correlation_id='bench', ttl=1_900_000_000,
    created_at=datetime.now(UTC)))
"""

WRAPPER_GET = "assert wrapper.get_nova(uuid.UUID(NOVA_ID)) is not None"

FIRST_CALLS = ("first put", "first get")
"""The phases that need a running table: left out without DynamoDB Local."""

KINDS: dict[str, list[tuple[str, str]]] = {
    "baseline": [
        ("import boto3", "import boto3"),
        ("client", CLIENT),
        ("first put", RAW_PUT),
        ("first get", RAW_GET),
    ],
    "kit": [
        ("import reference_impl", "import novacat_persistence.reference_impl"),
        ("client", f"import boto3\n{CLIENT}"),
        (
            "create_reference_wrapper",
            "wrapper = novacat_persistence.reference_impl.create_reference_wrapper(client, TABLE)",
        ),
        ("first put", WRAPPER_PUT),
        ("first get", WRAPPER_GET),
        ("first encode + decode", FIRST_USE),
    ],
}

PROGRAM = """
import json, sys, time
spent = []
codes, names = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for code in codes:
    started, cpu = time.perf_counter(), time.process_time()
    exec(compile(code, "<phase>", "exec"), names)
    spent.append((time.perf_counter() - started, time.process_time() - cpu))
print(json.dumps(spent))
"""

Run = list[tuple[float, float]]
"""(wall, CPU) seconds of each phase of one process."""


def measure(
    phases: list[tuple[str, str]], env: dict[str, str], names: dict[str, str | None]
) -> Run:
    """Seconds of each phase, run in order in one fresh interpreter that knows ``names``."""
    codes = json.dumps([code for _, code in phases])
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, codes, json.dumps(names)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return [(wall, cpu) for wall, cpu in json.loads(done.stdout)]


def bytecode_environment(cache: str) -> dict[str, str]:
    """The measured processes' environment: bytecode written to and read from ``cache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


@contextmanager
def seeded_table() -> Iterator[dict[str, str] | None]:
    """The names the phases use (DynamoDB Local's endpoint, a table holding one Nova), or None
    when DynamoDB Local cannot run (the reason printed)."""
    try:
        server = DynamoDBLocal(locate())
        server.start()
    except DynamoDBLocalUnavailable as exc:
        print(f"first put/get left out: DynamoDB Local unavailable ({exc})")
        yield None
        return
    try:
        client = boto3.client(
            "dynamodb",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
            endpoint_url=server.endpoint,
        )
        create_table(client, TABLE)
        nova = Nova(nova_id=uuid4(), primary_name="Cold", primary_name_normalized="cold")
        create_reference_wrapper(client, TABLE).create_nova(nova)
        yield {"ENDPOINT": server.endpoint, "TABLE": TABLE, "NOVA_ID": str(nova.nova_id)}
    finally:
        server.stop()


def median_ms(
    runs: list[Run], phases: list[tuple[str, str]], names: Iterable[str], i: int
) -> float:
    """Median over ``runs`` of the sum of the named phases' wall (i=0) or CPU (i=1), in ms."""
    index = [n for n, _ in phases]
    positions = [index.index(name) for name in names]
    return statistics.median(sum(run[p][i] for p in positions) for run in runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with seeded_table() as names, tempfile.TemporaryDirectory(prefix="bench-cold-start-") as cache:
        kinds = {
            kind: [p for p in phases if names is not None or p[0] not in FIRST_CALLS]
            for kind, phases in KINDS.items()
        }
        given: dict[str, str | None] = {"ENDPOINT": None, "TABLE": TABLE, **(names or {})}
        times: dict[str, list[Run]] = {kind: [] for kind in kinds}
        env = bytecode_environment(cache)
        for phases in kinds.values():  # compile the bytecode and warm the file cache, untimed
            measure(phases, env, given)
        for _ in range(args.runs):
            for kind, phases in kinds.items():
                times[kind].append(measure(phases, env, given))
    print(
        f"cold start, medians of {args.runs} fresh processes each, wall (CPU); "
        f"{sys.executable}; {describe()}:"
    )
    for kind, phases in kinds.items():
        for name, _ in phases:
            wall, cpu = (median_ms(times[kind], phases, [name], i) for i in (0, 1))
            print(f"  {kind:<9} {name:<26} {wall:8.1f} ms ({cpu:6.1f} ms)")
    base, kit = kinds["baseline"], kinds["kit"]
    for i, what in ((0, "wall"), (1, "CPU")):
        boto3_ms = median_ms(times["baseline"], base, ["import boto3"], i)
        kit_ms = median_ms(
            times["kit"], kit, ["import reference_impl", "create_reference_wrapper"], i
        )
        over = kit_ms - boto3_ms
        verdict = "within" if over <= TARGET_MS else "OVER"
        print(
            f"  {what}: import reference_impl + create_reference_wrapper {kit_ms:.1f} ms vs "
            f"import boto3 {boto3_ms:.1f} ms: +{over:.1f} ms, {kit_ms / boto3_ms:.2f}x "
            f"({verdict} the +{TARGET_MS:.0f} ms target)"
        )
        if names is not None:
            raw_calls = median_ms(times["baseline"], base, FIRST_CALLS, i)
            kit_calls = median_ms(times["kit"], kit, FIRST_CALLS, i)
            raw_all = median_ms(times["baseline"], base, ["import boto3", *FIRST_CALLS], i)
            kit_all = median_ms(
                times["kit"],
                kit,
                ["import reference_impl", "create_reference_wrapper", *FIRST_CALLS],
                i,
            )
            print(
                f"  {what}: first put + get {kit_calls:.1f} ms vs boto3's {raw_calls:.1f} ms "
                f"(+{kit_calls - raw_calls:.1f} ms); import to first get {kit_all:.1f} ms vs "
                f"{raw_all:.1f} ms (+{kit_all - raw_all:.1f} ms, {kit_all / raw_all:.2f}x)"
            )


if __name__ == "__main__":
    main()
