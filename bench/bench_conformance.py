"""Whole-core conformance timing: the reference implementation through every suite with the
default race settings (16 threads x 50 rounds), on moto and on DynamoDB Local.

Targets on a 2-core machine: <= 60 s on moto, <= 180 s on DynamoDB Local. Printed, never
asserted:

    python bench/bench_conformance.py [--backend moto|dynamodb-local|both] [--impl NAME]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"moto": 60.0, "dynamodb-local": 180.0}


def run(backend: str, impl: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-conformance-") as folder:
        report_dir = Path(folder)
        command = [
            sys.executable,
            "-m",
            "novacat_persistence.cli.main",
            "conformance",
            f"--impl={impl}",
            f"--backend={backend}",
            f"--report-dir={report_dir}",
            "--",
            "-q",
            "-p",
            "no:logging",
        ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        report = json.loads((report_dir / "conformance.json").read_text())
    spent: dict[str, float] = {}
    outcomes: dict[str, dict[str, int]] = report["suites"]
    for test in report["tests"]:
        spent[test["suite"]] = spent.get(test["suite"], 0.0) + test["duration"]
    target = TARGETS[backend]
    verdict = "within" if wall <= target else "OVER"
    print(
        f"\n{backend}: {wall:.1f} s wall ({verdict} the {target:.0f} s target), "
        f"exit {done.returncode}, core passed: {report['core_passed']}"
    )
    print(f"  {report['header']['backend']}")
    for suite in sorted(spent, key=lambda s: -spent[s]):
        counts = ", ".join(f"{n} {o}" for o, n in sorted(outcomes[suite].items()))
        print(f"  {suite:<24} {spent[suite]:7.1f} s   {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("moto", "dynamodb-local", "both"), default="both")
    parser.add_argument("--impl", default="reference")
    args = parser.parse_args()
    for backend in ("moto", "dynamodb-local") if args.backend == "both" else (args.backend,):
        run(backend, args.impl)


if __name__ == "__main__":
    main()
