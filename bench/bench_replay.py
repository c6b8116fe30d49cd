"""``corpus replay`` throughput and memory on a generated DynamoDB export, beside the naive path.

Run: python bench/bench_replay.py [--items 1000000] [--naive-items 50000] [--keep DIR]

1. Generates a gzip'd export of ``--items`` lines into a temporary directory, laid out as
   DynamoDB writes it (``AWSDynamoDB/<id>/data/*.json.gz`` and manifests): a production-like
   mix of entities, versions and eras, made from the committed corpus items. Every id of a
   line is replaced (consistently, so keys and fields agree): nova ids by one of 5,000 novae,
   every other id by a fresh one, so that ids are as unique as in a real table.
2. Runs ``novacat-persistence corpus replay --no-progress --format json`` on it in a
   subprocess: wall time, CPU time, items/s of each, and peak RSS
   (``getrusage(RUSAGE_CHILDREN)``). On a shared machine the CPU-time rate is the one that
   tells what one process can do.
3. On the first ``--naive-items`` lines (decompressed in memory), times the naive path
   (json.loads + boto3 TypeDeserializer + model_validate of the version's model: no era
   handling, no key check) beside the kit's decoding alone (``decode_export_line``) and its
   full per-line reader (parse, decode with eras and upcasters, key check).

Figures are printed, never asserted; this machine is noisy, so compare the ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID, uuid5

from boto3.dynamodb.types import TypeDeserializer

from novacat_persistence.contracts.codec.export_lines import decode_export_line
from novacat_persistence.contracts.codec.items import RESERVED_ATTRIBUTES
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.reading import read_line

FILES = 8
NOVAE = 5_000
NAMESPACE = UUID("0d5b6a40-3f1e-5c2a-9b77-62656e636800")
MIX = {
    "attempt/1.0.0": 24,
    "job_run/1.0.0": 10,
    "job_run/1.0.0+id-dataset": 1,
    "job_run/1.0.0+initiated-at": 1,
    "job_run/1.0.0+no-correlation-id": 1,
    "job_run_claim/1.0.0": 4,
    "data_product/2.0.0": 12,
    "data_product/1.0.0": 6,
    "locator_alias/1.0.0": 12,
    "file_object/1.0.0": 8,
    "file_object/1.0.0+product-type-sk": 1,
    "reference/1.0.0": 3,
    "reference/1.0.0+per-nova-ref": 0.5,
    "nova_reference/1.0.0": 5,
    "nova_reference/1.0.0+reference-id-sk": 0.5,
    "nova/1.0.0": 1,
    "name_mapping/1.0.0": 2,
    "name_claim/1.0.0": 1,
    "idempotency_lock/1.0.0": 2,
    "step_dedupe/1.0.0": 3,
    "work_item/1.0.0": 2,
}
"""Share of each corpus file's items in the export (a nova has far more attempts, runs and
spectra than names)."""
UUID_TEXT = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NOVA_ID = re.compile(rb'"nova_id":\{"S":"([0-9a-f-]{36})"\}')


def templates() -> list[tuple[str, list[bytes]]]:
    """The corpus lines of each mixed file (the 400 KB reference line left out)."""
    found = []
    for label in MIX:
        lines = (CORPUS_DIR / "items" / f"{label}.jsonl").read_bytes().splitlines()
        found.append((label, [line for line in lines if len(line) < 100_000]))
    return found


def export_lines(count: int, seed: int = 20240301) -> Iterator[bytes]:
    """``count`` export lines of the mix, each with its ids replaced consistently."""
    rng = random.Random(seed)
    groups = templates()
    weights = [MIX[label] for label, _ in groups]
    novae = [str(uuid5(NAMESPACE, str(n))).encode() for n in range(NOVAE)]
    for number in range(count):
        _, lines = rng.choices(groups, weights)[0]
        line = rng.choice(lines)
        yield renamed(line, number, novae[rng.randrange(NOVAE)]) + b"\n"


def renamed(line: bytes, number: int, nova_id: bytes) -> bytes:
    """A template line with fresh ids: ``nova_id`` for its nova, ids derived from ``number``
    for the others (a composite keeps its constituents, whose order it records)."""
    nova = NOVA_ID.search(line)
    if nova is None or b'"composite_id"' in line:
        fresh = {} if nova is None else {nova.group(1): nova_id}
    else:
        fresh = {
            old: nova_id
            if old == nova.group(1)
            else str(uuid5(NAMESPACE, f"{old!r}|{number}")).encode()
            for old in set(UUID_TEXT.findall(line))
        }
    return UUID_TEXT.sub(lambda found: fresh.get(found.group(0), found.group(0)), line)


def write_export(root: Path, count: int) -> Path:
    """Write the export; return its ``AWSDynamoDB/<id>`` folder."""
    folder = root / "AWSDynamoDB" / "01717000000000-bench0001"
    (folder / "data").mkdir(parents=True)
    lines = export_lines(count)
    per_file = -(-count // FILES)
    for n in range(FILES):
        with gzip.open(folder / "data" / f"{n:04d}-bench.json.gz", "wb", compresslevel=6) as out:
            for _ in range(min(per_file, count - n * per_file)):
                out.write(next(lines))
    summary = {"itemCount": count, "outputFormat": "DYNAMODB_JSON"}
    (folder / "manifest-summary.json").write_text(json.dumps(summary))
    return folder


def run_replay(folder: Path) -> tuple[float, float, int, dict[str, object]]:
    """Replay in a subprocess: (wall seconds, CPU seconds, peak RSS in KiB, the JSON report)."""
    command = [sys.executable, "-m", "novacat_persistence.cli.main", "corpus", "replay"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--no-progress", "--format", "json", str(folder)],
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"replay failed: {done.stderr.decode()}")
    return seconds, cpu, after.ru_maxrss, json.loads(done.stdout)


_deserializer = TypeDeserializer()


def naive_read(line: bytes) -> object:
    """The naive path: json + TypeDeserializer + model_validate (no eras, no key check)."""
    item = json.loads(line)["Item"]
    spec = ENTITIES[item["entity_type"]["S"]]
    version, _ = spec.reader_for(item["schema_version"]["S"])
    fields = {
        k: _deserializer.deserialize(v) for k, v in item.items() if k not in RESERVED_ATTRIBUTES
    }
    return version.model_for(fields).model_validate(fields)


def rate(lines: list[bytes], read: object) -> tuple[float, int]:
    """(items/s, lines that raised) of a reader over ``lines``."""
    failures = 0
    start = time.perf_counter()
    for line in lines:
        try:
            read(line)  # type: ignore[operator]
        except Exception:  # the naive path fails on era items: counted
            failures += 1
    return len(lines) / (time.perf_counter() - start), failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="lines in the export")
    parser.add_argument("--naive-items", type=int, default=50_000, help="lines of the subset")
    parser.add_argument("--keep", type=Path, help="write the export here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-replay-") as scratch:
        root = args.keep or Path(scratch)
        start = time.perf_counter()
        folder = write_export(root, args.items)
        size = sum(p.stat().st_size for p in folder.rglob("*.json.gz"))
        print(
            f"export: {args.items:,} lines in {FILES} gzip files, {size / 2**20:,.1f} MiB "
            f"compressed (generated in {time.perf_counter() - start:.1f}s)"
        )

        seconds, cpu, peak_kib, report = run_replay(folder)
        print(
            f"corpus replay (subprocess, one process): wall {seconds:.1f}s = "
            f"{args.items / seconds:,.0f} items/s; CPU {cpu:.1f}s = {args.items / cpu:,.0f} "
            f"items/CPU-s; peak RSS {peak_kib / 1024:,.0f} MiB"
        )
        print(
            f"  readable {report['readable']:,}  legacy {report['legacy']:,}  "
            f"unreadable {report['unreadable']:,}"
        )

        subset = []
        with gzip.open(next(iter(sorted(folder.rglob("*.json.gz")))), "rb") as stream:
            for line in stream:
                subset.append(line)
                if len(subset) == args.naive_items:
                    break
        naive, naive_failed = rate(subset, naive_read)
        decoded, decode_failed = rate(subset, decode_export_line)
        kit, kit_failed = rate(subset, read_line)
        print(f"per line on {len(subset):,} decompressed lines (in process, wall clock):")
        print(
            f"  naive json+TypeDeserializer+validate    {naive:>9,.0f} items/s  "
            f"({naive_failed:,} era lines raised: it cannot read them)"
        )
        print(
            f"  kit   decode_export_line (eras, upcast) {decoded:>9,.0f} items/s  "
            f"{decoded / naive:.2f}x naive"
        )
        print(
            f"  kit   read_line (decode + key check)    {kit:>9,.0f} items/s  "
            f"{kit / naive:.2f}x naive"
        )
        assert kit_failed == decode_failed == 0


if __name__ == "__main__":
    main()
