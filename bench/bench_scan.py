"""Benchmark of ``novacat-persistence scan`` (INV-011) on a generated repository.

Generates N Python files of about 200 lines each (imports, dataclasses, functions, classes;
about a third create S3 clients, one in ten calls a ``query`` that is not DynamoDB's, one in a
hundred creates a DynamoDB resource and table and reads an item, one in a hundred writes
through a table it receives as a parameter (``put_item``, ``batch_writer()``, ``.meta.client``),
one in two hundred imports boto3's condition builders and queries) in a temporary directory,
then in this one process times:

* baseline: reading every file and ``ast.parse`` on it, nothing else;
* scan: :func:`novacat_persistence.scan.scan` on the directory (walk, read, parse, resolve),
  once in this process alone (``jobs=1``) and once with the default worker processes (one
  per CPU), the way the CLI runs it.

The parts run in ``--repeat`` rounds (default 3), each round timing the baseline and then the
scans; the medians are reported, and for each scan the median of its ratios to the baseline of
the same round.

Run: ``python bench/bench_scan.py [--files 10000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from novacat_persistence.scan import ScanConfig, ScanResult, scan
from novacat_persistence.scan.engine import default_jobs

TARGET_SECONDS = 10.0

_HEADER = '''"""Module {name}: {topic} handling for the {area} service."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
{extra_imports}
LOGGER = logging.getLogger(__name__)
BATCH_SIZE = {batch}
DEFAULT_PREFIX = "{area}/{topic}"
'''

_DATACLASS = '''

@dataclass
class {cls}:
    """A {topic} record as the {area} service keeps it."""

    identifier: str
    name: str
    tags: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    version: int = 0

    def bump(self) -> {cls}:
        """Return a copy one version later."""
        return {cls}(self.identifier, self.name, list(self.tags), dict(self.attributes),
                     self.version + 1)

    def to_json(self) -> str:
        payload = {{"id": self.identifier, "name": self.name, "tags": sorted(self.tags)}}
        payload.update({{k: v for k, v in self.attributes.items() if not k.startswith("_")}})
        return json.dumps(payload, sort_keys=True)
'''

_FUNCTION = '''

def {func}(items: Iterable[Mapping[str, Any]], limit: int = {limit}) -> list[str]:
    """Select the {topic} items worth keeping, at most ``limit`` of them."""
    selected: list[str] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        key = str(item.get("key", index))
        if key in seen:
            LOGGER.debug("duplicate %s at %d", key, index)
            continue
        seen.add(key)
        try:
            score = float(item.get("score", 0)) * {factor}
        except (TypeError, ValueError):
            LOGGER.warning("bad score for %s", key)
            continue
        if score > {threshold} and len(selected) < limit:
            selected.append(f"{{DEFAULT_PREFIX}}/{{key}}")
        elif score < 0:
            break
    return [name.lower() for name in selected if name]
'''

_CLASS = '''

class {cls}Repository:
    """Keeps {topic} records in memory, keyed by identifier."""

    def __init__(self) -> None:
        self._records: dict[str, {cls}] = {{}}
        self._history: list[tuple[str, int]] = []

    def put(self, record: {cls}) -> None:
        previous = self._records.get(record.identifier)
        if previous is not None and previous.version >= record.version:
            raise ValueError(f"stale {{record.identifier}}: {{record.version}}")
        self._records[record.identifier] = record
        self._history.append((record.identifier, record.version))

    def get(self, identifier: str) -> {cls} | None:
        return self._records.get(identifier)

    def batches(self) -> Iterable[list[{cls}]]:
        batch: list[{cls}] = []
        for record in sorted(self._records.values(), key=lambda r: r.identifier):
            batch.append(record)
            if len(batch) == BATCH_SIZE:
                yield batch
                batch = []
        if batch:
            yield batch
'''

_S3 = '''

def upload_{func}(records: Iterable[{cls}], bucket: str = "{area}-exports") -> int:
    """Write each record to S3 under the default prefix; return how many were written."""
    s3 = boto3.client("s3", region_name="eu-west-1")
    count = 0
    for record in records:
        s3.put_object(Bucket=bucket, Key=f"{{DEFAULT_PREFIX}}/{{record.identifier}}.json",
                      Body=record.to_json().encode())
        count += 1
    return count
'''

_DYNAMODB = '''

def load_{func}(identifier: str) -> dict[str, Any]:
    """Read one item straight from the table (the bypass the scan must find)."""
    table = boto3.resource("dynamodb").Table("{area}-table")
    return dict(table.get_item(Key={{"pk": identifier}}).get("Item", {{}}))
'''

_CONDITIONS = """

def query_{func}(table: Any, identifier: str) -> list[Any]:
    return list(table.query(KeyConditionExpression=Key("pk").eq(identifier))["Items"])
"""

_TABLE_PARAMETER = """

def store_{func}(table: Any, items: list[dict[str, Any]]) -> Any:
    table.put_item(Item=items[0])
    with table.batch_writer() as writer:
        for item in items[1:]:
            writer.delete_item(Key={{"pk": item["pk"]}})
    return table.meta.client
"""

_QUERY_LOOKALIKE = """

def search_{func}(catalog: Any, name: str) -> list[Any]:
    return list(catalog.query(name, limit=BATCH_SIZE, metadata=True))
"""

_TOPICS = ("invoice", "order", "shipment", "customer", "ledger", "report", "catalog", "event")
_AREAS = ("billing", "logistics", "crm", "analytics", "search", "payments")


def _module(rng: random.Random, index: int) -> tuple[str, int]:
    """One generated module and how many findings the scan must report on it."""
    topic, area = rng.choice(_TOPICS), rng.choice(_AREAS)
    cls = f"{topic.title()}{index}"
    s3 = rng.random() < 0.33
    dynamodb = index % 100 == 7
    conditions = index % 200 == 13
    table_parameter = index % 100 == 29
    lookalike = index % 10 == 3
    extra = ["import boto3"] if s3 or dynamodb else []
    if conditions:
        extra.append("from boto3.dynamodb.conditions import Key")
    parts = [
        _HEADER.format(
            name=f"m{index}",
            topic=topic,
            area=area,
            batch=rng.randint(10, 100),
            extra_imports="\n".join(extra) + ("\n" if extra else ""),
        ),
        _DATACLASS.format(cls=cls, topic=topic, area=area),
        _CLASS.format(cls=cls, topic=topic),
    ]
    for number in range(6):
        parts.append(
            _FUNCTION.format(
                func=f"select_{topic}_{number}",
                topic=topic,
                limit=rng.randint(5, 500),
                factor=rng.randint(1, 9),
                threshold=rng.randint(0, 50),
            )
        )
    if s3:
        parts.append(_S3.format(func=f"{topic}_{index}", cls=cls, area=area))
    if dynamodb:
        parts.append(_DYNAMODB.format(func=f"{topic}_{index}", area=area))
    if conditions:
        parts.append(_CONDITIONS.format(func=f"{topic}_{index}"))
    if table_parameter:
        parts.append(_TABLE_PARAMETER.format(func=f"{topic}_{index}"))
    if lookalike:
        parts.append(_QUERY_LOOKALIKE.format(func=f"{topic}_{index}"))
    # dynamodb: resource, .Table, get_item; conditions: import, query; table parameter:
    # put_item, batch_writer, delete_item, .meta.client; the look-alike: nothing.
    return "".join(parts), 3 * dynamodb + 2 * conditions + 4 * table_parameter


def generate(root: Path, files: int, seed: int) -> tuple[int, int]:
    """Write ``files`` modules below ``root``; return the total lines and expected findings."""
    rng = random.Random(seed)
    lines = expected = 0
    for index in range(files):
        package = root / f"pkg{index // 100:03d}"
        if index % 100 == 0:
            package.mkdir(parents=True)
            (package / "__init__.py").write_text("")
        source, findings = _module(rng, index)
        (package / f"module_{index:05d}.py").write_text(source)
        lines += source.count("\n")
        expected += findings
    return lines, expected


def baseline(root: Path) -> tuple[float, int]:
    """Seconds to read and ``ast.parse`` every ``.py`` file below ``root``, and their count."""
    paths = sorted(root.rglob("*.py"))
    start = time.perf_counter()
    for path in paths:
        ast.parse(path.read_bytes(), filename=str(path))
    return time.perf_counter() - start, len(paths)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--repeat", type=int, default=3, help="time each part N times, report the median"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_scan_") as directory:
        root = Path(directory)
        lines, expected = generate(root, args.files, args.seed)
        modules = args.files + len(list(root.glob("pkg*/__init__.py")))
        print(
            f"generated {args.files} modules ({lines} lines, {lines / args.files:.0f} per module)"
        )
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        config = ScanConfig(root=root)
        variants = (1, default_jobs())
        # Each round times the baseline and then every variant, so that a ratio compares
        # runs made moments apart (a shared machine's load drifts between rounds).
        parses: list[float] = []
        scans: dict[int, list[tuple[float, ScanResult]]] = {jobs: [] for jobs in variants}
        for _ in range(args.repeat):
            seconds, parsed = baseline(root)
            parses.append(seconds)
            for jobs in variants:
                scans[jobs].append(_timed_scan(root, config, jobs))
        parse_seconds = statistics.median(parses)
        print(
            f"baseline (read + ast.parse only, 1 process), median of {args.repeat}: {parsed} "
            f"files in {parse_seconds:.2f} s = {parsed / parse_seconds:,.0f} files/s"
        )
        ok = True
        seconds = 0.0
        for jobs in variants:
            result = scans[jobs][0][1]
            seconds = statistics.median(timed for timed, _ in scans[jobs])
            ratio = statistics.median(
                timed / parse for (timed, _), parse in zip(scans[jobs], parses, strict=True)
            )
            print(
                f"scan, jobs={jobs}, median of {args.repeat}: {result.files_checked} files in "
                f"{seconds:.2f} s = {result.files_checked / seconds:,.0f} files/s; "
                f"median ratio to the baseline of its round {ratio:.2f}x; "
                f"{len(result.findings)} findings (expected {expected})"
            )
            ok = ok and result.files_checked == modules and len(result.findings) == expected
        within = seconds <= TARGET_SECONDS
        print(
            f"target: whole scan (default jobs) <= {TARGET_SECONDS:.0f} s: "
            f"{'met' if within else 'MISSED'}; findings as planted: {'yes' if ok else 'NO'}"
        )
        return 0 if ok and within else 1


def _timed_scan(root: Path, config: ScanConfig, jobs: int) -> tuple[float, ScanResult]:
    start = time.perf_counter()
    result = scan([root], config, jobs=jobs)
    return time.perf_counter() - start, result


if __name__ == "__main__":
    sys.exit(main())
