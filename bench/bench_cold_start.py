"""Cold start: what a Lambda pays to import the reference wrapper and build one, beside
``import boto3``, in fresh processes.

Run: python bench/bench_cold_start.py [--runs 20]

Each run starts a fresh interpreter and times, inside it, phase by phase with
``time.perf_counter`` (interpreter start-up excluded):

- baseline: ``import boto3``, then a DynamoDB client;
- the kit: ``import novacat_persistence.reference_impl`` (which imports boto3), a DynamoDB
  client, ``create_reference_wrapper(client, ...)``, then the first ``encode``/``decode`` of a
  spectra product (the work deferred to first use: building that model's validator).

The client is what any Lambda calling DynamoDB builds anyway: it is timed apart and left out of
the comparison. The two kinds alternate run by run, so a busy machine slows both alike.
Printed: medians over the runs, and import + wrapper over ``import boto3`` (target: at most
+150 ms). Never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

TARGET_MS = 150.0

CLIENT = (
    "client = boto3.client('dynamodb', region_name='us-east-1', aws_access_key_id='x', "
    "aws_secret_access_key='x')"
)

FIRST_USE = """
import uuid
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import SpectraProduct
product = SpectraProduct(nova_id=uuid.uuid4(), data_product_id=uuid.uuid4(), provider='ESO',
                         locator_identity='provider_product_id:ADP.1')
assert decode(encode(product)) == product
"""

KINDS: dict[str, list[tuple[str, str]]] = {
    "baseline": [("import boto3", "import boto3"), ("client", CLIENT)],
    "kit": [
        ("import reference_impl", "import novacat_persistence.reference_impl"),
        ("client", f"import boto3\n{CLIENT}"),
        (
            "create_reference_wrapper",
            "novacat_persistence.reference_impl.create_reference_wrapper(client, 'NovaCat')",
        ),
        ("first encode + decode", FIRST_USE),
    ],
}

PROGRAM = """
import json, sys, time
spent = []
for code in json.loads(sys.argv[1]):
    started = time.perf_counter()
    exec(compile(code, "<phase>", "exec"))
    spent.append(time.perf_counter() - started)
print(json.dumps(spent))
"""


def measure(phases: list[tuple[str, str]]) -> list[float]:
    """Seconds of each phase, run in order in one fresh interpreter."""
    codes = json.dumps([code for _, code in phases])
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, codes], capture_output=True, text=True, check=True
    )
    spent: list[float] = json.loads(done.stdout)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    times: dict[str, list[list[float]]] = {kind: [] for kind in KINDS}
    for phases in KINDS.values():  # warm the file cache once, untimed
        measure(phases)
    for _ in range(args.runs):
        for kind, phases in KINDS.items():
            times[kind].append(measure(phases))
    print(f"cold start, medians of {args.runs} fresh processes each ({sys.executable}):")
    medians: dict[str, dict[str, float]] = {}
    for kind, phases in KINDS.items():
        medians[kind] = {}
        for index, (name, _) in enumerate(phases):
            ms = statistics.median(run[index] for run in times[kind]) * 1000
            medians[kind][name] = ms
            print(f"  {kind:<9} {name:<28} {ms:8.1f} ms")
    boto3_ms = medians["baseline"]["import boto3"]
    kit_ms = statistics.median(
        (run[0] + run[2]) * 1000 for run in times["kit"]
    )
    over = kit_ms - boto3_ms
    verdict = "within" if over <= TARGET_MS else "OVER"
    print(
        f"  import reference_impl + create_reference_wrapper: {kit_ms:.1f} ms vs import boto3 "
        f"{boto3_ms:.1f} ms: +{over:.1f} ms, {kit_ms / boto3_ms:.2f}x "
        f"({verdict} the +{TARGET_MS:.0f} ms target)"
    )


if __name__ == "__main__":
    main()
