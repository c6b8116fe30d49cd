"""``corpus replay`` throughput and memory on a generated DynamoDB export, beside its floors.

Run: python bench/bench_replay.py [--items 1000000] [--naive-items 50000] [--keep DIR]
                                   [--jobs 1,2,4] [--rounds 3] [--drift-share 0.05] [--mix kit]

1. Generates a gzip'd export of ``--items`` lines into a temporary directory, laid out as
   DynamoDB writes it (``AWSDynamoDB/<id>/data/*.json.gz`` and manifests), made from the
   committed corpus items: ``--mix kit`` (the default) mixes every version and era of every
   entity as the kit writes them; ``--mix nova-cat`` is Nova Cat's main table as its own code
   writes it (the items captured from its tests, its services' eras among them), and
   ``--mix photometry`` its photometry table (rows only). Every id of a
   line is replaced (consistently, so keys and fields agree): nova ids by one of 5,000 novae,
   every other id by a fresh one, so that ids are as unique as in a real table. A share of
   the lines (``--drift-share``) carries an attribute its model does not know (drift).
2. ``--rounds`` times, in turn: the floor, ``json.loads`` + boto3 ``TypeDeserializer`` alone
   on every line of the export (decompressed in chunks first, untimed), CPU time of this
   process; then ``novacat-persistence corpus replay --jobs 1 --no-progress --format json``
   on it in a subprocess with every check and the drift section on. Each round's ratio of the
   two CPU rates is printed, and their median (one pass varies by 10-20% from the next on
   these machines: taken in turns, both see the same machine). On a shared machine the
   CPU-time rate is the one that tells what one process can do. Each round also times the
   reading alone (the replay's own decompression and line splitting, nothing parsed): part
   of the replay's CPU time that the floor's does not hold; the median ratio is also given
   with that reading added to the floor's time (both sides then read the same files; the
   first ratio, without it, is the target's).
3. Runs the replay once per other ``--jobs`` value: wall time, CPU time, items/s of each,
   and peak RSS of the largest process (``VmHWM`` of every process of the tree, workers
   included, sampled from ``/proc``); the wall rate is what ``--jobs`` buys.
4. On the first ``--naive-items`` lines (decompressed in memory), times the naive path
   (json.loads + boto3 TypeDeserializer + model_validate of the version's model: no era
   handling, no key check) beside the kit's decoding alone (``decode_export_line``), its
   full per-line reader (parse, decode with eras and upcasters, key check), the reader the
   replay runs (``read_plainly``: plain lines the quick way; here in file order, where the
   replay groups a batch's lines by entity type), and the replay of those lines with and
   without the drift section's accounting (its cost).

Figures are printed, never asserted; this machine is noisy, so compare the ratios. How busy
the machine was is printed at the start and at the end (``machine.py``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from boto3.dynamodb.types import TypeDeserializer
from machine import describe

from novacat_persistence.contracts.codec.export_lines import decode_export_line
from novacat_persistence.contracts.codec.wire import RESERVED_ATTRIBUTES
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.drift import Drift
from novacat_persistence.corpus_tools.exports import LocalFile, discover
from novacat_persistence.corpus_tools.reading import read_line, read_plainly
from novacat_persistence.corpus_tools.replay import replay

FILES = 8
DRIFT_SHARE = 0.05
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
"""Share of each corpus file's items in the ``kit`` export (a nova has far more attempts, runs
and spectra than names): items of every version and era, as the kit writes them."""
NOVA_CAT = "@nova-cat-bf28f13"
NOVA_CAT_MIX = {
    f"data_product/1.0.0+services{NOVA_CAT}": 20,
    f"data_product/1.0.0+unversioned{NOVA_CAT}": 2,
    f"file_object/1.0.0{NOVA_CAT}": 20,
    f"locator_alias/1.0.0{NOVA_CAT}": 20,
    f"job_run/1.0.0+services{NOVA_CAT}": 10,
    f"job_run/1.0.0{NOVA_CAT}": 5,
    f"idempotency_lock/1.0.0+services{NOVA_CAT}": 5,
    "idempotency_lock/1.0.0+candidate-name@nova-cat-b41e413": 0.5,
    f"reference/1.0.0{NOVA_CAT}": 5,
    f"nova_reference/1.0.0{NOVA_CAT}": 5,
    f"name_mapping/1.0.0{NOVA_CAT}": 3,
    f"work_item/1.0.0+services{NOVA_CAT}": 2,
    f"nova/1.0.0+services{NOVA_CAT}": 1,
    f"offset_cache/1.0.0+unversioned{NOVA_CAT}": 1,
    f"regen_batch_plan/1.0.0+services{NOVA_CAT}": 0.2,
}
"""The ``nova-cat`` export: Nova Cat's main table as its own code writes it (the items its
tests stored, captured at the commit named), shared as for a nova with tens of spectra, each
with its files and locator, a few runs, references and names (an assumption: no production
figures are published)."""
MIXES = {
    "kit": MIX,
    "nova-cat": NOVA_CAT_MIX,
    "photometry": {f"photometry_row/1.0.0+services{NOVA_CAT}": 1},
}
"""The exports ``--mix`` names; ``photometry`` is Nova Cat's photometry table (rows only)."""
UUID_TEXT = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NOVA_ID = re.compile(
    rb'"nova_id":\{"S":"([0-9a-f-]{36})"\}|^\{"Item":\{"PK":\{"S":"([0-9a-f-]{36})"\}'
)


def templates(mix: dict[str, float]) -> list[tuple[str, list[bytes]]]:
    """The corpus lines of each mixed file as export lines (a capture's record of the write
    that stored it left out; the 400 KB reference line left out)."""
    found = []
    for label in mix:
        lines = (CORPUS_DIR / "items" / f"{label}.jsonl").read_bytes().splitlines()
        found.append((label, [export_line(line) for line in lines if len(line) < 100_000]))
    return found


def export_line(line: bytes) -> bytes:
    """A corpus line as an export writes it: its ``Item`` alone."""
    record = json.loads(line)
    if record.keys() == {"Item"}:
        return line
    return json.dumps({"Item": record["Item"]}, ensure_ascii=False, separators=(",", ":")).encode()


def export_lines(count: int, mix: dict[str, float], seed: int = 20240301) -> Iterator[bytes]:
    """``count`` export lines of the mix, each with its ids replaced consistently."""
    rng = random.Random(seed)
    groups = templates(mix)
    weights = [mix[label] for label, _ in groups]
    novae = [str(uuid5(NAMESPACE, str(n))).encode() for n in range(NOVAE)]
    for number in range(count):
        _, lines = rng.choices(groups, weights)[0]
        line = rng.choice(lines)
        yield renamed(line, number, novae[rng.randrange(NOVAE)]) + b"\n"


def renamed(line: bytes, number: int, nova_id: bytes) -> bytes:
    """A template line with fresh ids: ``nova_id`` for its nova, ids derived from ``number``
    for the others (a composite keeps its constituents, whose order it records)."""
    found = NOVA_ID.search(line)
    nova = None if found is None else found.group(1) or found.group(2)
    if nova is None or b'"composite_id"' in line or b"#COMPOSITE#" in line:
        fresh = {} if nova is None else {nova: nova_id}
    else:
        fresh = {
            old: nova_id if old == nova else str(uuid5(NAMESPACE, f"{old!r}|{number}")).encode()
            for old in set(UUID_TEXT.findall(line))
        }
    return UUID_TEXT.sub(lambda found: fresh.get(found.group(0), found.group(0)), line)


def write_export(root: Path, count: int, mix: str = "kit") -> Path:
    """Write the export of ``--mix`` ``mix``; return its ``AWSDynamoDB/<id>`` folder."""
    folder = root / "AWSDynamoDB" / "01717000000000-bench0001"
    (folder / "data").mkdir(parents=True)
    numbered = enumerate(export_lines(count, MIXES[mix]))
    lines = (with_drift(line, n, DRIFT_SHARE) for n, line in numbered)
    per_file = -(-count // FILES)
    for n in range(FILES):
        with gzip.open(folder / "data" / f"{n:04d}-bench.json.gz", "wb", compresslevel=6) as out:
            for _ in range(min(per_file, count - n * per_file)):
                out.write(next(lines))
    summary = {"itemCount": count, "outputFormat": "DYNAMODB_JSON"}
    (folder / "manifest-summary.json").write_text(json.dumps(summary))
    return folder


class TreeWatch:
    """Samples a process and its descendants (worker processes included, whose usage the
    parent's ``getrusage`` never sees under a fork server) every 50 ms: the peak RSS of the
    largest (``VmHWM``) and the CPU time each had used when last seen."""

    def __init__(self, root: int) -> None:
        self._root = root
        self.peak_kib = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        while not self._stop.wait(0.05):
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:  # it ended meanwhile
                    continue
                if b"bench_replay" in command:  # forked, not yet exec'd: this process's image
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                self._cpu[pid] = (int(fields[11]) + int(fields[12])) / tick

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat[1])
        tree, grew = {self._root}, True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
            grew = bool(found)
        return sorted(tree)

    def stop(self) -> float:
        """Stop sampling; return the CPU seconds of the whole tree."""
        self._stop.set()
        self._thread.join()
        return sum(self._cpu.values())


def run_replay(folder: Path, jobs: int) -> tuple[float, float, int, dict[str, Any]]:
    """Replay in a subprocess: (wall seconds, CPU seconds of every process, peak RSS in KiB
    of the largest process, the JSON report)."""
    command = [sys.executable, "-m", "novacat_persistence.cli.main", "corpus", "replay"]
    command += ["--jobs", str(jobs), "--no-progress", "--format", "json", str(folder)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        watch = TreeWatch(child.pid)
        out, err = child.communicate()
    seconds = time.perf_counter() - start
    sampled_cpu = watch.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if child.returncode not in (0, 1):
        sys.exit(f"replay failed: {err.decode()}")
    # ru_maxrss of the children would count the fork of this (large) process before its exec
    return seconds, max(cpu, sampled_cpu), watch.peak_kib, json.loads(out)


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
    """(items per CPU-second, lines that raised) of a reader over ``lines``."""
    failures = 0
    start = time.process_time()
    for line in lines:
        try:
            read(line)  # type: ignore[operator]
        except Exception:  # the naive path fails on era items: counted
            failures += 1
    return len(lines) / (time.process_time() - start), failures


def floor_line(line: bytes) -> object:
    """The floor: the line parsed and every attribute deserialized, nothing checked."""
    return {k: _deserializer.deserialize(v) for k, v in json.loads(line)["Item"].items()}


def floor_rate(folder: Path, chunk: int = 50_000) -> tuple[float, int]:
    """(items per CPU-second, lines) of :func:`floor_line` over every line of the export,
    decompressed ``chunk`` lines at a time outside the timing."""
    spent, count = 0.0, 0
    for path in sorted(folder.rglob("*.json.gz")):
        with gzip.open(path, "rb") as stream:
            while lines := [line for _, line in zip(range(chunk), stream, strict=False)]:
                start = time.process_time()
                for line in lines:
                    floor_line(line)
                spent += time.process_time() - start
                count += len(lines)
    return count / spent, count


def reading_seconds(folder: Path) -> float:
    """CPU seconds of reading the export as the replay reads it (its files found, each
    decompressed and split into lines, a block at a time), nothing parsed: what the replay
    pays that the floor, timed on lines already decompressed, does not."""
    start = time.process_time()
    for path in discover([folder]).files:
        with LocalFile(path).open() as source:
            for _ in source.blocks:
                pass
    return time.process_time() - start


def drift_cost(lines: list[bytes], rounds: int = 5) -> tuple[float, float]:
    """CPU seconds of an in-process replay of ``lines`` (written to a scratch file) with the
    drift section's accounting and without it (a no-op stands in; the readings are the same
    either way): the least of ``rounds`` runs of each, taken in turns."""
    with tempfile.TemporaryDirectory(prefix="bench-replay-drift-") as scratch:
        path = Path(scratch) / "subset.jsonl"
        path.write_bytes(b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines))
        saved = Drift.unknown_attributes, Drift.key_shape
        best = {True: float("inf"), False: float("inf")}
        try:
            for _ in range(rounds):
                for drift in (True, False):
                    if drift:
                        Drift.unknown_attributes, Drift.key_shape = saved  # type: ignore[method-assign]
                    else:
                        Drift.unknown_attributes = lambda *_: None  # type: ignore[method-assign,assignment]
                        Drift.key_shape = lambda *_: None  # type: ignore[method-assign,assignment]
                    start = time.process_time()
                    replay([path])
                    best[drift] = min(best[drift], time.process_time() - start)
        finally:
            Drift.unknown_attributes, Drift.key_shape = saved  # type: ignore[method-assign]
        return best[True], best[False]


def with_drift(line: bytes, number: int, share: float) -> bytes:
    """Every (1/share)-th line gets an attribute its model does not know."""
    if share <= 0 or number % round(1 / share):
        return line
    return line.replace(b'{"Item":{', b'{"Item":{"upstream_note":{"S":"written upstream"},', 1)


def one_process_rounds(folder: Path, items: int, rounds: int) -> dict[str, Any]:
    """``rounds`` times in turn: the floor, then one replay process; prints each round's CPU
    rates and their ratio, then the median ratio. Returns the last replay's JSON report."""
    floors: list[float] = []
    ratios: list[float] = []
    one_cpu_rates: list[float] = []
    readings: list[float] = []
    same_reading: list[float] = []
    report: dict[str, Any] = {}
    for round_number in range(1, rounds + 1):
        floor, floor_lines = floor_rate(folder)
        seconds, cpu, peak_kib, report = run_replay(folder, 1)
        readings.append(reading_seconds(folder))
        floors.append(floor)
        one_cpu_rates.append(items / cpu)
        ratios.append(one_cpu_rates[-1] / floor)
        same_reading.append(one_cpu_rates[-1] * (1 / floor + readings[-1] / items))
        print(
            f"round {round_number}: floor (json.loads + TypeDeserializer on all "
            f"{floor_lines:,} lines, decompression not counted) {floor:,.0f} items/CPU-s; "
            f"corpus replay --jobs 1 (every check, drift on) wall {seconds:.1f}s, CPU "
            f"{cpu:.1f}s = {one_cpu_rates[-1]:,.0f} items/CPU-s, peak RSS "
            f"{peak_kib / 1024:,.0f} MiB: {ratios[-1]:.2f}x; reading the export alone "
            f"{readings[-1]:.2f} CPU-s ({readings[-1] / cpu:.0%} of the replay's)"
        )
    print(
        f"  one process vs the floor: median {statistics.median(ratios):.2f}x of "
        f"{rounds} round(s) (floor median {statistics.median(floors):,.0f}, replay "
        f"median {statistics.median(one_cpu_rates):,.0f} items/CPU-s; CPU rates, the "
        "replay's including its start, gzip decompression and the report; reading the "
        f"export alone, decompressed and split as the replay does: median "
        f"{statistics.median(readings):.2f} CPU-s)"
    )
    print(
        f"  with that reading added to the floor's time (both sides reading the same files): "
        f"median {statistics.median(same_reading):.2f}x"
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="lines in the export")
    parser.add_argument("--naive-items", type=int, default=50_000, help="lines of the subset")
    parser.add_argument("--keep", type=Path, help="write the export here and keep it")
    parser.add_argument(
        "--jobs", default="1,2,4", help="--jobs values above 1 to run replay with (once each)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the floor beside one process"
    )
    parser.add_argument("--drift-share", type=float, default=0.05, help="lines with drift")
    parser.add_argument(
        "--mix",
        choices=list(MIXES),
        default="kit",
        help="the export: kit (every version and era, as the kit writes them), nova-cat (Nova "
        "Cat's main table as its code writes it), photometry (its photometry table)",
    )
    args = parser.parse_args()
    global DRIFT_SHARE  # noqa: PLW0603  # read by write_export
    DRIFT_SHARE = args.drift_share

    print(f"at the start: {describe()}")
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as scratch:
        root = args.keep or Path(scratch)
        start = time.perf_counter()
        folder = write_export(root, args.items, args.mix)
        size = sum(p.stat().st_size for p in folder.rglob("*.json.gz"))
        print(
            f"export ({args.mix}): {args.items:,} lines in {FILES} gzip files, "
            f"{size / 2**20:,.1f} MiB compressed, {args.drift_share:.0%} with drift "
            f"(generated in {time.perf_counter() - start:.1f}s)"
        )

        report = one_process_rounds(folder, args.items, args.rounds)
        for jobs in [int(j) for j in args.jobs.split(",") if int(j) > 1]:
            seconds, cpu, peak_kib, report = run_replay(folder, jobs)
            print(
                f"corpus replay --jobs {jobs} (every check, drift on): wall {seconds:.1f}s = "
                f"{args.items / seconds:,.0f} items/s; CPU {cpu:.1f}s = "
                f"{args.items / cpu:,.0f} items/CPU-s; peak RSS {peak_kib / 1024:,.0f} MiB "
                "per process"
            )
        print(
            f"  readable {report['readable']:,}  legacy {report['legacy']:,}  "
            f"unreadable {report['unreadable']:,}  drift attributes "
            f"{sum(a['count'] for a in report['drift']['attributes']):,}"
        )

        subset = []
        with gzip.open(next(iter(sorted(folder.rglob("*.json.gz")))), "rb") as stream:
            for line in stream:
                subset.append(line)
                if len(subset) == args.naive_items:
                    break
        naive, naive_failed = rate(subset, naive_read)
        floor_subset, _ = rate(subset, floor_line)
        decoded, decode_failed = rate(subset, decode_export_line)
        kit, kit_failed = rate(subset, read_line)
        quick, _ = rate(subset, read_plainly)
        print(f"per line on {len(subset):,} decompressed lines (in process, CPU time):")
        print(f"  floor json+TypeDeserializer              {floor_subset:>9,.0f} items/CPU-s")
        print(
            f"  naive json+TypeDeserializer+validate     {naive:>9,.0f} items/CPU-s  "
            f"({naive_failed:,} era lines raised: it cannot read them)"
        )
        print(
            f"  kit   decode_export_line (eras, upcast)  {decoded:>9,.0f} items/CPU-s  "
            f"{decoded / naive:.2f}x naive, {decoded / floor_subset:.2f}x floor"
        )
        print(
            f"  kit   read_line (decode + key check)     {kit:>9,.0f} items/CPU-s  "
            f"{kit / naive:.2f}x naive, {kit / floor_subset:.2f}x floor"
        )
        print(
            f"  kit   read_plainly (the replay's reader) {quick:>9,.0f} items/CPU-s  "
            f"{quick / naive:.2f}x naive, {quick / floor_subset:.2f}x floor (lines in file order)"
        )
        with_section, without = drift_cost(subset)
        print(
            f"  drift section: replay of the subset {with_section:.2f} CPU-s with it, "
            f"{without:.2f} without: {(with_section / without - 1):+.1%}"
        )
        assert kit_failed == decode_failed == 0
    print(f"at the end: {describe()}")


if __name__ == "__main__":
    main()
