"""Where the replay's time goes: each (entity, version) class of the bench export beside its floor.

Run: python bench/bench_replay_classes.py [--items 50000] [--rounds 3] [--mix kit]

Generates the gzip'd export of ``bench_replay.py`` (same ``--mix``, same drift share), decompresses
its lines in memory, and prints:

1. per (entity type, version as read) class and whether the replay reads its lines the quick
   way (``plain``: ``read_plainly`` gives only a row) or in full: its share of the lines, the
   floor (json.loads + boto3 TypeDeserializer) and ``read_plainly`` on the class's lines alone
   (CPU µs per line, the least of ``--rounds`` passes), their ratio, and what the class adds
   to the average line beyond its floor;
2. ``read_plainly`` over every line in file order, in the replay's batch order (lines of one
   entity type together per batch) and fully grouped: what mixing entity types costs;
3. the replay itself in process on the same lines (a ``.jsonl`` file);
4. the same replay with each line's reading cut short after a stage: the loop alone (every line
   counted as read); parsing; one validation by the model of the line's stamped version (no
   other check); the codec's quick read instead (``read_quickly``: eras told apart, upcasts,
   timestamps, what was read counted, the keys checked; a line that is not plain goes no
   further); the whole reading (lines that are not plain read in full, drift and problems recorded).
   Each stage's added cost is what it costs inside the replay, where the readers of several
   entity types take turns, rather than in a hot loop over one class.

Figures are printed, never asserted; compare the ratios (this machine is noisy).
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from bench_replay import MIXES, floor_line, write_export
from machine import describe

from novacat_persistence.contracts.codec.export_lines import parse_export_line
from novacat_persistence.contracts.codec.items import read_quickly
from novacat_persistence.contracts.codec.wire import wire_validator
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus_tools import replay as replay_module
from novacat_persistence.corpus_tools.reading import Reading, read_line, read_plainly

ROW = ("Attempt", "1.0.0")
"""The row every line is counted in by the cut-short readings."""


def cpu_per_line(read: Callable[[bytes], object], lines: Sequence[bytes], rounds: int) -> float:
    """The least CPU µs per line of ``rounds`` passes of ``read`` over ``lines``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for line in lines:
            read(line)
        best = min(best, time.process_time() - start)
    return best / len(lines) * 1e6


def batch_order(lines: list[bytes]) -> list[bytes]:
    """The lines in the order the replay reads them (grouped per batch)."""
    ordered: list[bytes] = []
    size = replay_module.BATCH_LINES
    for start in range(0, len(lines), size):
        batch = lines[start : start + size]
        ordered += [batch[index] for index in replay_module._by_reader(batch)]
    return ordered


def cut_short(stage: Callable[[bytes], object]) -> Callable[[bytes], tuple[str, str]]:
    """The replay's reading of a line cut short after ``stage``, which may refuse the line:
    only its cost counts, and the line is counted in :data:`ROW`."""

    def read(line: bytes) -> tuple[str, str]:
        try:  # noqa: SIM105  (contextlib.suppress would add its own cost to every stage)
            stage(line)
        except Exception:
            pass
        return ROW

    return read


def validate_stamped(line: bytes) -> None:
    """One validation of a line's item by the model of its stamped version (an era's item
    is refused)."""
    item = parse_export_line(line)
    version, _ = ENTITIES[item["entity_type"]["S"]].reader_for(item["schema_version"]["S"])
    wire_validator(version.model_for(item)).validate_python(item)


def staged_replay(export: Path, lines: int, rounds: int) -> dict[str, float]:
    """CPU µs per line of the replay of ``export`` with each line's reading cut short after
    each stage (the least of ``rounds`` passes, the stages taking turns)."""
    stages: dict[str, Callable[[bytes], object]] = {
        "loop": cut_short(lambda line: None),
        "parse": cut_short(parse_export_line),
        "validate": cut_short(validate_stamped),
        "quick read": cut_short(lambda line: read_quickly(parse_export_line(line))),
        "everything": read_plainly,
    }
    best = dict.fromkeys(stages, float("inf"))
    try:
        for _ in range(rounds):
            for name, read in stages.items():
                replay_module.read_plainly = read  # type: ignore[assignment]
                start = time.process_time()
                replay_module.replay([export])
                best[name] = min(best[name], time.process_time() - start)
    finally:
        replay_module.read_plainly = read_plainly
    return {name: cost / lines * 1e6 for name, cost in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000, help="lines in the export")
    parser.add_argument("--rounds", type=int, default=3, help="passes per figure (least)")
    parser.add_argument(
        "--mix", choices=list(MIXES), default="kit", help="the export (see bench_replay.py)"
    )
    args = parser.parse_args()
    print(f"at the start: {describe()}")
    with tempfile.TemporaryDirectory(prefix="bench-replay-classes-") as scratch:
        folder = write_export(Path(scratch), args.items, args.mix)
        lines: list[bytes] = []
        for path in sorted(folder.rglob("*.json.gz")):
            with gzip.open(path, "rb") as stream:
                lines += [line.rstrip(b"\n") for line in stream]
        classes: dict[tuple[str, str, bool], list[bytes]] = defaultdict(list)
        for line in lines:
            reading = read_line(line)  # also makes every reader known before timing
            plain = not isinstance(read_plainly(line), Reading)
            classes[reading.entity_type, reading.version, plain].append(line)

        print(f"{len(lines):,} lines; CPU µs per line, least of {args.rounds} passes")
        print(
            f"{'entity':<16} {'version':<28} {'read':<6} {'share':>6} {'floor':>6} "
            f"{'replay':>7} {'ratio':>6} {'adds':>6}"
        )
        floor_total = plainly_total = 0.0
        for (entity, version, plain), group in sorted(classes.items()):
            floor = cpu_per_line(floor_line, group, args.rounds)
            plainly = cpu_per_line(read_plainly, group, args.rounds)
            share = len(group) / len(lines)
            floor_total += floor * share
            plainly_total += plainly * share
            print(
                f"{entity:<16} {version:<28} {'plain' if plain else 'full':<6} {share:>6.1%} "
                f"{floor:>6.1f} {plainly:>7.1f} {plainly / floor:>6.2f} "
                f"{(plainly - floor) * share:>+6.2f}"
            )
        print(
            f"weighted: floor {floor_total:.1f}, read_plainly {plainly_total:.1f} "
            f"({plainly_total / floor_total:.2f}x the floor's cost)"
        )

        in_file = cpu_per_line(read_plainly, lines, args.rounds)
        batched = cpu_per_line(read_plainly, batch_order(lines), args.rounds)
        grouped_lines = [line for group in classes.values() for line in group]
        grouped = cpu_per_line(read_plainly, grouped_lines, args.rounds)
        print(
            f"read_plainly over every line: file order {in_file:.1f}, batch order "
            f"{batched:.1f}, fully grouped {grouped:.1f}"
        )

        export = Path(scratch) / "lines.jsonl"
        export.write_bytes(b"\n".join(lines) + b"\n")
        report = replay_module.replay([export])  # what it reads; timed with the stages
        stages = staged_replay(export, len(lines), args.rounds)
        replayed = stages["everything"]
        floor_all = cpu_per_line(floor_line, lines, args.rounds)
        print(
            f"replay in process (no gzip): {replayed:.1f} µs per line, floor {floor_all:.1f}: "
            f"{floor_all / replayed:.2f}x the floor's rate ({replayed - batched:+.1f} beside "
            "read_plainly alone in batch order: the loop, and the readers taking turns)"
        )
        print(json.dumps({"readable": report.total(replay_module.READABLE), "ok": report.ok}))

        print("the replay in process, each line's reading cut short after a stage (µs per line):")
        before = 0.0
        for name, cost in stages.items():
            print(f"  {name:<11} {cost:>6.1f}  ({cost - before:+.1f})")
            before = cost
        print(
            f"  one validation per line and no other check already costs "
            f"{stages['validate'] / floor_all:.2f}x the floor's time per line"
        )
    print(f"at the end: {describe()}")


if __name__ == "__main__":
    main()
