"""What one replayed line costs, counted rather than timed: instructions, cache misses and
mispredicted branches per line of the replay beside its floor, under valgrind's cachegrind.

Run: python bench/bench_replay_counts.py [--items 3000] [--mix nova-cat] [--baseline PYTHON]

Timings on these machines vary by 10-30% from one pass to the next; counts hardly do (the
children run with ``PYTHONHASHSEED=0``: three runs agreed to within 0.3% on instructions, 7% on
data cache misses), so a change of 1% to the replay's work shows here when no timing could
show it. Counts are not time: the simulated caches are the host's first level and last level
only, with no prefetching, so they tell where time may go, not how much.

1. Writes ``--items`` lines of the bench export (``bench_replay.py``'s ``--mix``, its 5% of
   lines with drift) to a scratch ``.jsonl`` file, not compressed.
2. Runs, under ``valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes``, a child
   process that reads every line once (imports done, readers built) and then twice more:
   the floor (``json.loads`` + boto3 ``TypeDeserializer``, as ``bench_replay.floor_line``),
   and the replay (``corpus_tools.replay.replay`` of the file, in process: every check, the
   drift report on). The same child without the two passes is subtracted, so the figures are
   what one warm pass costs per line, start and import left out.
3. Prints, per line: instructions, first-level instruction and data cache misses, and
   mispredicted branches of the floor and the replay, and the replay's ratio to the floor.
   ``--baseline PYTHON`` (an interpreter with another copy of the kit, as for
   ``bench_replay_ab.py``) counts that copy's replay too, beside this one's.

Needs valgrind (Debian: ``apt install valgrind``); a run of 3,000 lines takes about three
minutes (a fifth more with ``--baseline``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_replay import DRIFT_SHARE, MIXES, export_lines, floor_line, with_drift
from machine import describe

from novacat_persistence.corpus_tools.replay import replay

COUNTED = {
    "instructions": r"I\s+refs:\s+([\d,]+)",
    "I1 misses": r"I1\s+misses:\s+([\d,]+)",
    "D1 misses": r"D1\s+misses:\s+([\d,]+)",
    "mispredicts": r"Mispredicts:\s+([\d,]+)",
}
"""What cachegrind's summary says, and how to find it."""
PASSES = 2
"""Warm passes counted, beyond the first (which builds the readers)."""


def child(kind: str, path: Path, passes: int) -> None:
    """The counted process: one pass of ``kind`` over the file, then ``passes`` more."""
    if kind == "floor":
        lines = path.read_bytes().splitlines()
        for _ in range(passes + 1):
            for line in lines:
                floor_line(line)
    else:
        for _ in range(passes + 1):
            replay([path])


def counts(kind: str, path: Path, passes: int, python: str) -> dict[str, int]:
    """cachegrind's totals of a child process run by ``python``."""
    env = dict(os.environ, PYTHONHASHSEED="0")  # the same dict layouts in every child
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--branch-sim=yes"]
    command += ["--cachegrind-out-file=/dev/null", python, __file__]
    command += ["--child", kind, str(path), str(passes)]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=Path(__file__).parent, check=False
    )
    if done.returncode != 0:
        sys.exit(f"the counted {kind} process failed: {done.stderr[-2000:]}")
    found = {}
    for name, pattern in COUNTED.items():
        match = re.search(pattern, done.stderr)
        if match is None:
            sys.exit(f"cachegrind printed no {name}: {done.stderr[-2000:]}")
        found[name] = int(match.group(1).replace(",", ""))
    return found


def per_line(kind: str, path: Path, lines: int, python: str = sys.executable) -> dict[str, float]:
    """What one warm pass of ``kind`` (run by ``python``) costs per line."""
    once = counts(kind, path, 0, python)
    more = counts(kind, path, PASSES, python)
    return {name: (more[name] - once[name]) / PASSES / lines for name in COUNTED}


def show(label: str, row: dict[str, float], style: str) -> None:
    """Print one row of the table: its label, then each count in ``style``."""
    print(f"  {label[:40]:40}" + "".join(f"{row[name]:>14{style}}" for name in COUNTED))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000, help="lines counted")
    parser.add_argument("--mix", choices=list(MIXES), default="nova-cat", help="the export")
    parser.add_argument(
        "--baseline", help="an interpreter with another copy of the kit (its replay counted too)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, passes = args.child
        child(kind, Path(path), int(passes))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind); nothing counted")
    if args.baseline is not None and shutil.which(args.baseline) is None:
        sys.exit(f"--baseline {args.baseline}: no such interpreter")

    print(f"at the start: {describe()}")
    with tempfile.TemporaryDirectory(prefix="bench-replay-counts-") as scratch:
        path = Path(scratch) / "export.jsonl"
        numbered = enumerate(export_lines(args.items, MIXES[args.mix]))
        path.write_bytes(b"".join(with_drift(line, n, DRIFT_SHARE) for n, line in numbered))
        floor_row = per_line("floor", path, args.items)
        base_row = None
        if args.baseline is not None:
            base_row = per_line("replay", path, args.items, args.baseline)
        replay_row = per_line("replay", path, args.items)
    print(f"{args.items:,} lines ({args.mix}); per line of one warm pass, counted by cachegrind:")
    print(f"  {'':40}" + "".join(f"{name:>14}" for name in COUNTED))
    show("floor (json.loads + TypeDeserializer)", floor_row, ",.0f")
    if base_row is not None:
        show(f"replay of {args.baseline}", base_row, ",.0f")
    show("replay (this checkout)", replay_row, ",.0f")
    show("replay / floor", {n: replay_row[n] / floor_row[n] for n in COUNTED}, ".3f")
    if base_row is not None:
        show("replay / baseline", {n: replay_row[n] / base_row[n] for n in COUNTED}, ".4f")
    print(f"at the end: {describe()}")


if __name__ == "__main__":
    main()
