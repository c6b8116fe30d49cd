"""Whole-core conformance timing: the reference implementation through every suite with the
default race settings (``race_defaults``: 8 threads x 3 rounds), on moto and on DynamoDB
Local, in one process (the baseline) and spread over worker processes (``--jobs``), in the
same run.

Targets on a 2-core machine: <= 30 s wall on moto, <= 60 s on DynamoDB Local. Printed per run:
the wall time, the CPU time of every process of the run (on a busy machine wall time grows with
the load, CPU time much less), and per suite the summed test durations and outcome counts.
Never asserted:

    python bench/bench_conformance.py [--backend moto|dynamodb-local|both] [--impl NAME]
                                      [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe

from novacat_persistence.cli.conformance_cmd import default_jobs

TARGETS = {"moto": 30.0, "dynamodb-local": 60.0}


def children_cpu() -> float:
    """CPU seconds of every finished child process so far (theirs included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(backend: str, impl: str, jobs: int) -> dict[str, float]:
    """Run the whole core once; print its figures; return the seconds per suite."""
    with tempfile.TemporaryDirectory(prefix="bench-conformance-") as folder:
        report_dir = Path(folder)
        command = [
            sys.executable,
            "-m",
            "novacat_persistence.cli.main",
            "conformance",
            f"--impl={impl}",
            f"--backend={backend}",
            f"--jobs={jobs}",
            f"--report-dir={report_dir}",
        ]
        cpu = children_cpu()
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        cpu = children_cpu() - cpu
        report = json.loads((report_dir / "conformance.json").read_text())
    spent: dict[str, float] = {}
    outcomes: dict[str, dict[str, int]] = report["suites"]
    for test in report["tests"]:
        spent[test["suite"]] = spent.get(test["suite"], 0.0) + test["duration"]
    target = TARGETS[backend]
    verdict = "within" if wall <= target else "OVER"
    print(
        f"\n{backend}, --jobs {jobs}: {wall:.1f} s wall ({verdict} the {target:.0f} s target), "
        f"{cpu:.1f} s CPU, exit {done.returncode}, core passed: {report['core_passed']}"
    )
    print(f"  {report['header']['backend']}")
    for suite in sorted(spent, key=lambda s: -spent[s]):
        counts = ", ".join(f"{n} {o}" for o, n in sorted(outcomes[suite].items()))
        print(f"  {suite:<24} {spent[suite]:7.1f} s   {counts}")
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("moto", "dynamodb-local", "both"), default="both")
    parser.add_argument("--impl", default="reference")
    parser.add_argument(
        "--jobs",
        default=f"1,{default_jobs()}",
        help="comma-separated process counts to run with (default: 1 and one per CPU)",
    )
    args = parser.parse_args()
    print(f"at the start: {describe()}")
    for backend in ("moto", "dynamodb-local") if args.backend == "both" else (args.backend,):
        for jobs in dict.fromkeys(int(j) for j in args.jobs.split(",")):
            run(backend, args.impl, jobs)
    print(f"\nat the end: {describe()}")


if __name__ == "__main__":
    main()
