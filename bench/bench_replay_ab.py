"""The replay's cost per line against another copy of the kit and the floor, in turns.

Run: python bench/bench_replay_ab.py --baseline PYTHON [--items 60000] [--rounds 5] [--mix nova-cat]

``PYTHON`` is an interpreter with another copy of the kit installed, such as a virtualenv made
from an earlier commit::

    git worktree add /tmp/base <commit> && python3 -m venv /tmp/vbase
    /tmp/vbase/bin/pip install '/tmp/base[kit]'
    python bench/bench_replay_ab.py --baseline /tmp/vbase/bin/python

Generates the export of ``bench_replay.py`` (``--items`` lines of ``--mix``), decompressed into
one ``.jsonl`` file, then ``--rounds`` times in turn, each in a fresh process: the floor
(``json.loads`` + boto3 ``TypeDeserializer``, this interpreter), ``replay()`` with the baseline's
kit, ``replay()`` with this interpreter's kit. Each figure is the least CPU time of three passes
after one warm-up pass, in µs per line; the medians of the ratios are printed last. One
round's figures are taken within a minute of each other, so each ratio sees one state of this
(noisy) machine; compare the medians. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_replay import MIXES, write_export
from machine import describe

PASSES = """\
import sys, time
def least(run, lines):
    run(); best = float("inf")
    for _ in range(3):
        start = time.process_time(); run(); best = min(best, time.process_time() - start)
    print(f"{best / lines * 1e6:.3f}")
"""
REPLAY = (
    PASSES
    + """\
from novacat_persistence.corpus_tools.replay import replay
least(lambda: replay([sys.argv[1]]), sum(1 for _ in open(sys.argv[1], "rb")))
"""
)
FLOOR = (
    PASSES
    + """\
sys.path.insert(0, sys.argv[2])
from bench_replay import floor_line
lines = open(sys.argv[1], "rb").read().splitlines()
def floor():
    for line in lines:  # each result dropped as the replay drops its items: no list grows
        floor_line(line)
least(floor, len(lines))
"""
)


def per_line(python: str, program: str, *args: str) -> float:
    """The µs per line a program prints, run by ``python`` in a fresh process."""
    done = subprocess.run(
        [python, "-c", program, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),  # outside any checkout: each interpreter's own kit
    )
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="an interpreter with another kit")
    parser.add_argument("--items", type=int, default=60_000, help="lines in the export")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the three figures")
    parser.add_argument("--mix", choices=list(MIXES), default="nova-cat", help="the export")
    args = parser.parse_args()
    print(f"at the start: {describe()}")
    bench = str(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory(prefix="bench-replay-ab-") as scratch:
        folder = write_export(Path(scratch), args.items, args.mix)
        export = Path(scratch) / "lines.jsonl"
        with export.open("wb") as out:
            for path in sorted(folder.rglob("*.json.gz")):
                with gzip.open(path, "rb") as stream:
                    out.writelines(stream)
        print(f"{args.items:,} lines ({args.mix}); CPU µs per line, least of 3 passes each")
        print(f"{'round':>5} {'floor':>8} {'baseline':>9} {'this kit':>9}")
        rounds = []
        for number in range(1, args.rounds + 1):
            floor = per_line(sys.executable, FLOOR, str(export), bench)
            base = per_line(args.baseline, REPLAY, str(export))
            new = per_line(sys.executable, REPLAY, str(export))
            rounds.append((floor, base, new))
            print(f"{number:>5} {floor:>8.2f} {base:>9.2f} {new:>9.2f}")
    print(
        "medians: floor/baseline "
        f"{statistics.median(f / b for f, b, _ in rounds):.3f}x, floor/this kit "
        f"{statistics.median(f / n for f, _, n in rounds):.3f}x (the rate against the floor's), "
        f"this kit/baseline {statistics.median(n / b for _, b, n in rounds):.3f} (its cost)"
    )
    print(f"at the end: {describe()}")


if __name__ == "__main__":
    main()
