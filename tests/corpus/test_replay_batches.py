"""Replay reads plain lines the quick way, in batches grouped by reader, and reports exactly what
reading every line in order with ``read_line`` reports.

The oracle is ``read_line`` itself, line by line in file order: the counts of each (entity,
version) row, the first examples of each kind of problem (file, line, entity, message) and
the drift tallies (the first key of each) must be the same whatever the batch size, for
lines of every kind mixed (plain, eras, legacy, drift, refused, malformed, blank), and for a
file whose gzip stream breaks off.
"""

from __future__ import annotations

import gzip
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.contracts.codec.export_lines import item_to_export_line
from novacat_persistence.corpus_tools import replay as replay_module
from novacat_persistence.corpus_tools.drift import Drift
from novacat_persistence.corpus_tools.exports import READ_ERRORS, LocalFile
from novacat_persistence.corpus_tools.kept_text import MAX_MESSAGE_CHARS, kept
from novacat_persistence.corpus_tools.reading import (
    ProblemKind,
    Reading,
    read_line,
    read_plainly,
)
from novacat_persistence.corpus_tools.replay import EXAMPLES, replay

from ..stored_items import CORPUS_LINES, changed_items

ODD_LINES = [b"", b"   ", b"nope", b'{"Items": {}}', b'{"Item": {"PK": {"S": "x", "N": "1"}}}']

lines_to_read = st.one_of(
    st.sampled_from(CORPUS_LINES),
    changed_items().map(item_to_export_line),
    st.sampled_from(CORPUS_LINES).map(
        lambda line: line.replace(b'{"Item":{', b'{"Item":{"upstream_note":{"S":"new"},', 1)
    ),
    st.sampled_from(ODD_LINES),
)


def assert_read_as_read_line_reads(line: bytes) -> bool:
    """``read_plainly`` says what ``read_line`` says; whether it said it the quick way."""
    reading = read_line(line)  # first: it makes the item's reader known
    read = read_plainly(line)
    if isinstance(read, Reading):
        assert read == reading
        return False
    assert reading.problem is None and not reading.legacy and not reading.unknown
    assert read == (reading.entity_type, reading.version)
    return True


def test_plain_lines_are_read_quickly_as_read_line_reads_them() -> None:
    plain = sum(assert_read_as_read_line_reads(line) for line in CORPUS_LINES)
    assert plain >= 200  # not vacuous: most corpus lines are plain (the rest: eras, legacy)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_to_read)
def test_any_line_is_read_as_read_line_reads_it(line: bytes) -> None:
    assert_read_as_read_line_reads(line)


def expected_report(name: str, lines: list[bytes], failed_at: int | None) -> dict[str, Any]:
    """What reading each line in order with read_line gives."""
    rows: dict[tuple[str, str], list[int]] = {}
    counts: Counter[ProblemKind] = Counter()
    examples: dict[ProblemKind, list[tuple[str, int, str, str]]] = {}
    drift = Drift()

    def problem(kind: ProblemKind, example: tuple[str, int, str, str]) -> None:
        counts[kind] += 1
        kept_ones = examples.setdefault(kind, [])
        if len(kept_ones) < EXAMPLES:
            kept_ones.append(example)

    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            continue
        reading = read_line(line)
        row = rows.setdefault((reading.entity_type, reading.version), [0, 0, 0, 0])
        row[0] += 1
        if reading.problem is None:
            row[2 if reading.legacy else 1] += 1
        else:
            row[3] += 1
            message = kept(reading.message, MAX_MESSAGE_CHARS)
            problem(reading.problem, (name, number, reading.entity_type, message))
            if reading.key_shape is not None and reading.item is not None:
                drift.key_shape(reading.key_shape, reading.item)
        if reading.unknown and reading.item is not None:
            drift.unknown_attributes(
                reading.entity_type, reading.version, reading.unknown, reading.item
            )
    if failed_at is not None:
        problem(ProblemKind.UNREADABLE_FILE, (name, failed_at, "(unknown)", ""))
    return {"rows": rows, "counts": counts, "examples": examples, "drift": drift.to_json()}


def reported(report: replay_module.ReplayReport) -> dict[str, Any]:
    examples = {
        kind: [
            (e.file, e.line, e.entity, "" if kind is ProblemKind.UNREADABLE_FILE else e.message)
            for e in tally.examples
        ]
        for kind, tally in report.problems.items()
    }
    counts = Counter({kind: tally.count for kind, tally in report.problems.items()})
    return {
        "rows": report.rows,
        "counts": counts,
        "examples": examples,
        "drift": report.drift.to_json(),
    }


def lines_before_the_failure(path: Path) -> tuple[list[bytes], int | None]:
    """The lines a file yields, and the line number where reading broke off (None: it did
    not)."""
    lines: list[bytes] = []
    try:
        with LocalFile(path).open() as source:
            lines.extend(source.lines)
    except READ_ERRORS:
        return lines, len(lines) + 1
    return lines, None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(lines_to_read, max_size=40),
    batch=st.integers(1, 9),
    batch_bytes=st.sampled_from([1, 600, 4000, replay_module.BATCH_BYTES]),
    cut=st.none() | st.floats(0.2, 0.95),
)
def test_a_replay_in_batches_reports_what_reading_line_by_line_reports(
    lines: list[bytes], batch: int, batch_bytes: int, cut: float | None
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "part.json.gz"
        whole = gzip.compress(b"".join(line + b"\n" for line in lines))
        path.write_bytes(whole if cut is None else whole[: max(int(len(whole) * cut), 10)])
        read, failed_at = lines_before_the_failure(path)
        expected = expected_report(str(path), read, failed_at)
        with (
            mock.patch.object(replay_module, "BATCH_LINES", batch),
            mock.patch.object(replay_module, "BATCH_BYTES", batch_bytes),
        ):
            report = replay([path])
    assert reported(report) == expected


def refused(line: bytes) -> bytes:
    """A corpus line whose item its model refuses (no created_at)."""
    return line.replace(b'"created_at":', b'"created_at_":', 1)


def test_examples_keep_file_order_across_entity_types_in_one_batch(tmp_path: Path) -> None:
    """Lines of one entity type before and after another's: read grouped by entity type, their
    examples still come in file order."""
    by_type = {read_line(line).entity_type: line for line in CORPUS_LINES}
    work, nova = refused(by_type["WorkItem"]), refused(by_type["Nova"])
    lines = [by_type["LocatorAlias"], work, nova, by_type["Attempt"], work, nova]
    path = tmp_path / "part.jsonl"
    path.write_bytes(b"\n".join(lines))
    report = replay([path])
    assert reported(report) == expected_report(str(path), lines, None)
    examples = report.problems[ProblemKind.INVALID_ITEM].examples
    assert [(e.line, e.entity) for e in examples] == [
        (2, "WorkItem"),
        (3, "Nova"),
        (5, "WorkItem"),
        (6, "Nova"),
    ]
