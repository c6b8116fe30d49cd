"""Replay a DynamoDB export through the current readers, before a schema change is deployed.

Every line of every export file is parsed, decoded (eras and upcasters included) and its keys
checked against its fields (:func:`~.reading.read_line`). The report counts lines per entity
and version (``<version>[+<era>]``): readable, legacy, unreadable; and keeps the first few
examples of each kind of problem by file and line. Memory stays bounded whatever the export's
size: files are streamed line by line and only counters and a bounded number of examples are
kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

from novacat_persistence.corpus_tools.exports import READ_ERRORS, discover, open_lines
from novacat_persistence.corpus_tools.reading import UNKNOWN_ENTITY, ProblemKind, read_line

EXAMPLES: Final = 5
"""Examples kept per kind of problem."""
REPORT_FORMAT: Final = "novacat-replay/1"
"""The ``format`` of the JSON report."""
_PROGRESS_EVERY: Final = 0x3FFF
"""Lines between two progress checks, minus one (a bit mask)."""

COUNT, READABLE, LEGACY, UNREADABLE = range(4)
"""Indexes of a row's counters."""


@dataclass(frozen=True)
class Example:
    """One problem line: where it is and what is wrong."""

    file: str
    line: int
    entity: str
    message: str


@dataclass
class ProblemTally:
    """How many lines had one kind of problem, and the first examples."""

    count: int = 0
    examples: list[Example] = field(default_factory=list)


@dataclass
class ReplayReport:
    """The outcome of a replay."""

    files: list[str] = field(default_factory=list)
    rows: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(entity, version) -> [count, readable, legacy, unreadable]."""
    problems: dict[ProblemKind, ProblemTally] = field(default_factory=dict)

    def total(self, column: int) -> int:
        """The sum of one counter over every row."""
        return sum(row[column] for row in self.rows.values())

    @property
    def ok(self) -> bool:
        """Whether every line was readable (legacy readings included)."""
        return self.total(UNREADABLE) == 0 and ProblemKind.UNREADABLE_FILE not in self.problems

    def record(self, kind: ProblemKind, example: Example, keep: int) -> None:
        """Count one problem line, keeping it as an example if fewer than ``keep`` are."""
        tally = self.problems.setdefault(kind, ProblemTally())
        tally.count += 1
        if len(tally.examples) < keep:
            tally.examples.append(example)

    def to_json(self) -> dict[str, Any]:
        """The machine-readable report (``format`` :data:`REPORT_FORMAT`)."""
        return {
            "format": REPORT_FORMAT,
            "ok": self.ok,
            "files": self.files,
            "lines": self.total(COUNT),
            "readable": self.total(READABLE),
            "legacy": self.total(LEGACY),
            "unreadable": self.total(UNREADABLE),
            "rows": [
                {
                    "entity": entity,
                    "version": version,
                    "count": row[COUNT],
                    "readable": row[READABLE],
                    "legacy": row[LEGACY],
                    "unreadable": row[UNREADABLE],
                }
                for (entity, version), row in sorted(self.rows.items())
            ],
            "problems": {
                kind.value: {
                    "count": tally.count,
                    "examples": [vars(example) for example in tally.examples],
                }
                for kind, tally in sorted(self.problems.items())
            },
        }

    def to_text(self) -> str:
        """The readable report: one row per entity and version, then the problems."""
        header = ("entity", "version", "count", "readable", "legacy", "unreadable")
        rows = [
            (entity, version, *(f"{row[i]:,}" for i in range(4)))
            for (entity, version), row in sorted(self.rows.items())
        ]
        rows.append(("(total)", "", *(f"{self.total(i):,}" for i in range(4))))
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
        lines = [
            "  ".join(
                cell.ljust(width) if i < 2 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
            for row in (header, *rows)
        ]
        if self.problems:
            lines += ["", f"problems (first {EXAMPLES} examples of each):"]
        for kind, tally in sorted(self.problems.items()):
            lines.append(f"  {kind.value}: {tally.count:,} line(s)")
            lines += [f"    {e.file}:{e.line}  {e.entity}: {e.message}" for e in tally.examples]
        verdict = "every line is readable" if self.ok else "some lines are unreadable"
        lines += [
            "",
            f"replay: {len(self.files)} file(s), {self.total(COUNT):,} line(s): {verdict}",
        ]
        return "\n".join(lines)


class Progress:
    """A one-line progress display on a terminal: bytes read of the total, lines, rate."""

    def __init__(self, stream: TextIO, total_bytes: int, files: int) -> None:
        self._stream = stream
        self._total = max(total_bytes, 1)
        self._files = files
        self._start = time.monotonic()

    def show(self, done_bytes: int, lines: int, file_index: int) -> None:
        """Redraw the line."""
        elapsed = max(time.monotonic() - self._start, 1e-9)
        share = min(done_bytes / self._total, 1.0)
        bar = "#" * int(share * 30)
        self._stream.write(
            f"\r[{bar:<30}] {share:6.1%}  file {file_index}/{self._files}  "
            f"{lines:,} lines  {lines / elapsed:,.0f} lines/s"
        )
        self._stream.flush()

    def close(self) -> None:
        """Erase the line."""
        self._stream.write("\r" + " " * 100 + "\r")
        self._stream.flush()


def replay(
    paths: Sequence[Path],
    *,
    progress: Callable[[int, int], Progress] | None = None,
    examples: int = EXAMPLES,
) -> ReplayReport:
    """Replay every export file under ``paths`` and return the report.

    ``progress``, given the total bytes and the file count, returns the display to update.
    Raises FileNotFoundError for a path that does not exist; every problem of the files
    themselves is in the report.
    """
    files = discover(paths)
    report = ReplayReport(files=[str(path) for path in files])
    display = progress(sum(path.stat().st_size for path in files), len(files)) if progress else None
    rows = report.rows
    done = lines = 0
    for index, path in enumerate(files, start=1):
        name = str(path)
        number = 0
        try:
            with open_lines(path) as source:
                for line in source.lines:
                    number += 1
                    if line.isspace():
                        continue
                    reading = read_line(line)
                    row = rows.get((reading.entity_type, reading.version))
                    if row is None:
                        row = rows[reading.entity_type, reading.version] = [0, 0, 0, 0]
                    row[COUNT] += 1
                    if reading.problem is None:
                        row[LEGACY if reading.legacy else READABLE] += 1
                    else:
                        row[UNREADABLE] += 1
                        report.record(
                            reading.problem,
                            Example(name, number, reading.entity_type, reading.message),
                            examples,
                        )
                    if display is not None and not (lines + number) & _PROGRESS_EVERY:
                        display.show(done + source.position(), lines + number, index)
        except READ_ERRORS as exc:
            report.record(
                ProblemKind.UNREADABLE_FILE,
                Example(name, number + 1, UNKNOWN_ENTITY, f"{type(exc).__name__}: {exc}"),
                examples,
            )
        done += path.stat().st_size
        lines += number
    if display is not None:
        display.close()
    return report
