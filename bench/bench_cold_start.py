"""Cold start: what a Lambda pays to import the reference wrapper and build one, beside
``import boto3``, in fresh processes.

Run: python bench/bench_cold_start.py [--runs 20]

Each run starts a fresh interpreter and times, inside it, phase by phase (interpreter start-up
excluded), wall and CPU time:

- baseline: ``import boto3``, then a DynamoDB client;
- the kit: ``import novacat_persistence.reference_impl`` (which imports boto3), a DynamoDB
  client, ``create_reference_wrapper(client, ...)``, then the first ``encode``/``decode`` of a
  spectra product (the work deferred to first use: building that model's validator).

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

from machine import describe

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
    started, cpu = time.perf_counter(), time.process_time()
    exec(compile(code, "<phase>", "exec"))
    spent.append((time.perf_counter() - started, time.process_time() - cpu))
print(json.dumps(spent))
"""

Run = list[tuple[float, float]]
"""(wall, CPU) seconds of each phase of one process."""


def measure(phases: list[tuple[str, str]], env: dict[str, str]) -> Run:
    """Seconds of each phase, run in order in one fresh interpreter."""
    codes = json.dumps([code for _, code in phases])
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, codes], capture_output=True, text=True, check=True, env=env
    )
    return [(wall, cpu) for wall, cpu in json.loads(done.stdout)]


def bytecode_environment(cache: str) -> dict[str, str]:
    """The measured processes' environment: bytecode written to and read from ``cache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    times: dict[str, list[Run]] = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="bench-cold-start-") as cache:
        env = bytecode_environment(cache)
        for phases in KINDS.values():  # compile the bytecode and warm the file cache, untimed
            measure(phases, env)
        for _ in range(args.runs):
            for kind, phases in KINDS.items():
                times[kind].append(measure(phases, env))
    print(
        f"cold start, medians of {args.runs} fresh processes each, wall (CPU); "
        f"{sys.executable}; {describe()}:"
    )
    for kind, phases in KINDS.items():
        for index, (name, _) in enumerate(phases):
            wall, cpu = (statistics.median(r[index][i] for r in times[kind]) for i in (0, 1))
            print(f"  {kind:<9} {name:<26} {wall * 1000:8.1f} ms ({cpu * 1000:6.1f} ms)")
    for i, what in ((0, "wall"), (1, "CPU")):
        boto3_ms = statistics.median(r[0][i] for r in times["baseline"]) * 1000
        kit_ms = statistics.median(r[0][i] + r[2][i] for r in times["kit"]) * 1000
        over = kit_ms - boto3_ms
        verdict = "within" if over <= TARGET_MS else "OVER"
        print(
            f"  {what}: import reference_impl + create_reference_wrapper {kit_ms:.1f} ms vs "
            f"import boto3 {boto3_ms:.1f} ms: +{over:.1f} ms, {kit_ms / boto3_ms:.2f}x "
            f"({verdict} the +{TARGET_MS:.0f} ms target)"
        )


if __name__ == "__main__":
    main()
