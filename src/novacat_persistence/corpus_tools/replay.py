"""Replay a DynamoDB export through the current readers, before a schema change is deployed.

Every line of every export file (on disk, or in S3: :mod:`.s3_exports`; of a full export, or of
an incremental one, whose records of deleted items hold no item and are counted apart) is
parsed, decoded (eras and upcasters included) and its keys checked against its fields
(:func:`~.reading.read_line`; a plain line with nothing to report, most of any export, the
quick way: :func:`~.reading.read_plainly`). The report counts lines per entity and version
(``<version>[+<era>]``): readable, legacy, unreadable; keeps the first few examples of each
kind of problem by file and line; and tallies drift (:mod:`.drift`). Files may be read by
worker processes, whose reports are merged in file order into the one a single process gives.
Lines are read in batches (:data:`BATCH_LINES` lines or :data:`BATCH_BYTES` of text), the lines
of a batch grouped by entity type so that each reader's code runs warm; they are counted as
read, and their problems and drift recorded afterwards in file order, so that the examples and
drift kept are the first ones whatever the grouping. Memory stays bounded whatever the export
holds: files are streamed in blocks, a batch of lines is held as text, one item at a time is
parsed (of a line with a problem or drift, only its keys and what the report records are kept
until the batch ends), and only counters and a bounded number of examples are kept, every text
of them cut to a bounded length (:mod:`.kept_text`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any, Final, TextIO

from novacat_persistence.contracts.codec.plain_reads import Row
from novacat_persistence.corpus_tools.drift import Drift
from novacat_persistence.corpus_tools.exports import (
    MAX_LINE_BYTES,
    OVERSIZED,
    READ_ERRORS,
    ExportFile,
    LocalFile,
    Unreadable,
    discover,
)
from novacat_persistence.corpus_tools.kept_text import (
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    kept,
    shown,
)
from novacat_persistence.corpus_tools.reading import (
    DELETION_RECORD,
    UNKNOWN_ENTITY,
    UNPARSED_VERSION,
    ProblemKind,
    Reading,
    kept_for_report,
    read_plainly,
)
from novacat_persistence.corpus_tools.s3_exports import S3Settings, discover_s3, is_s3_url
from novacat_persistence.workers import interrupts_deferred, worker_pool

EXAMPLES: Final = 5
"""Examples kept per kind of problem."""
REPORT_FORMAT: Final = "novacat-replay/1.2"
"""The ``format`` of the JSON report: ``novacat-replay/<major>.<minor>``. A minor version only
adds members (1.1: ``drift``; 1.2: ``deleted``); a major one changes or removes some. Check the
major."""
MAX_ROWS: Final = 4096
"""(entity, version) rows told apart; an export stamping more versions than that (none
real does) has the rest counted in one row per entity, version :data:`OTHER_VERSIONS`."""
OTHER_VERSIONS: Final = "(other)"
BATCH_LINES: Final = 8192
BATCH_BYTES: Final = 4 * 1024 * 1024
"""A file's lines are read in batches, each ending with the block of the file
(:data:`~.exports.BLOCK_BYTES` of text, and the line running into it) that brings it to this
many lines or bytes; the progress display is redrawn after each."""

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
    drift: Drift = field(default_factory=Drift)
    """What the export holds that the contracts do not describe (no problem by itself)."""
    deleted: int = 0
    """Records of deleted items an incremental export holds (no item: not lines read)."""

    def total(self, column: int) -> int:
        """The sum of one counter over every row."""
        return sum(row[column] for row in self.rows.values())

    @property
    def ok(self) -> bool:
        """Whether items were read, every line was readable (legacy readings included) and
        every file and folder could be read: an export with no item is no pass."""
        return (
            self.total(COUNT) > 0
            and self.total(UNREADABLE) == 0
            and ProblemKind.UNREADABLE_FILE not in self.problems
            and ProblemKind.UNREADABLE_PATH not in self.problems
        )

    def merge(self, other: ReplayReport, keep: int) -> None:
        """Add the counts, problems and drift of a report of other files (read after these:
        its examples follow, up to ``keep`` per kind); its files are already listed."""
        for key, row in other.rows.items():
            mine = _row(self.rows, key)
            for column, count in enumerate(row):
                mine[column] += count
        for kind, tally in other.problems.items():
            own = self.problems.setdefault(kind, ProblemTally())
            own.count += tally.count
            own.examples += tally.examples[: max(keep - len(own.examples), 0)]
        self.drift.merge(other.drift)
        self.deleted += other.deleted

    def record(self, kind: ProblemKind, example: Example, keep: int) -> None:
        """Count one problem line, keeping it as an example if fewer than ``keep`` are."""
        tally = self.problems.setdefault(kind, ProblemTally())
        tally.count += 1
        if len(tally.examples) < keep:
            message = kept(example.message, MAX_MESSAGE_CHARS)
            tally.examples.append(
                example if message is example.message else replace(example, message=message)
            )

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
            "deleted": self.deleted,
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
            "drift": self.drift.to_json(),
        }

    def to_text(self) -> str:
        """The readable report: one row per entity and version, then the problems."""
        header = ("entity", "version", "count", "readable", "legacy", "unreadable")
        rows = [
            (shown(entity), shown(version), *(f"{row[i]:,}" for i in range(4)))
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
            lines.append(f"  {kind.value}: {tally.count:,} {_COUNTED.get(kind, 'line(s)')}")
            lines += [
                f"    {shown(e.file)}:{e.line}  {shown(e.entity)}: {shown(e.message)}"
                for e in tally.examples
            ]
        lines += self.drift.to_text()
        if self.deleted:
            lines += [
                "",
                f"deleted: {self.deleted:,} record(s) of deleted items (an incremental export): "
                "no item to read",
            ]
        if self.ok:
            verdict = "every line is readable"
        elif self.total(COUNT) == 0 and not self.problems:
            verdict = "no item was read (an export with no item is no pass)"
        else:
            verdict = "some lines or files are unreadable"
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


class Replayer:
    """Reads export files, one after the other, into one report."""

    def __init__(
        self, report: ReplayReport, *, examples: int = EXAMPLES, display: Progress | None = None
    ) -> None:
        self.report = report
        self._examples = examples
        self._display = display
        self._bytes_done = 0
        self._lines_done = 0
        self._files_done = 0

    def merge(self, part: ReplayReport, size: int) -> None:
        """Add the report of one file read elsewhere (files merged in order: the examples kept
        are the first ones, as if read here)."""
        self.report.merge(part, self._examples)
        self._files_done += 1
        self._bytes_done += size
        self._lines_done += part.total(COUNT)
        if self._display is not None:
            self._display.show(self._bytes_done, self._lines_done, self._files_done)

    def unreadable(self, entry: Unreadable) -> None:
        """Report an entry of the export that could not be examined, listed or read."""
        example = Example(str(entry.path), 0, UNKNOWN_ENTITY, entry.reason)
        self.report.record(ProblemKind.UNREADABLE_PATH, example, self._examples)

    def replay_file(self, file: ExportFile) -> None:
        """Read every line of one file into the report; a file that cannot be read on is
        reported from the line where reading stopped."""
        before = self._lines_done
        self._files_done += 1
        batch: list[bytes] = []
        held = 0
        number = 0  # the lines read so far
        failure: Exception | None = None
        try:
            with file.open() as source:
                for block in source.blocks:
                    batch += block
                    held += sum(map(len, block))
                    number += len(block)
                    if len(batch) >= BATCH_LINES or held >= BATCH_BYTES:
                        self._read_batch(file.name, number - len(batch), batch)
                        batch, held = [], 0
                        if self._display is not None:
                            done = self._bytes_done + source.position()
                            self._display.show(done, before + number, self._files_done)
        except READ_ERRORS as exc:
            failure = exc
        # the lines read before the end (or the failure)
        self._read_batch(file.name, number - len(batch), batch)
        if failure is not None:
            example = Example(
                file.name, number + 1, UNKNOWN_ENTITY, f"{type(failure).__name__}: {failure}"
            )
            self.report.record(ProblemKind.UNREADABLE_FILE, example, self._examples)
        self._bytes_done += file.size
        self._lines_done += number

    def _read_batch(self, name: str, before: int, batch: list[bytes]) -> None:
        """Read a batch of one file's lines, those after its first ``before``: those of one
        entity type together (each reader's code runs warm), counted as read, then their
        problems and drift recorded in file order (the examples and drift kept are the first
        ones)."""
        rows = self.report.rows
        plain: list[Row] = []  # what each plain line read, counted at the end
        later: list[tuple[int, Reading]] = []
        for index in _by_reader(batch):
            line = batch[index]
            read = _OVERSIZED_READING if line is OVERSIZED else read_plainly(line)
            if not isinstance(read, Reading):  # most lines: readable, nothing to report
                plain.append(read)
                continue
            if read is DELETION_RECORD:
                self.report.deleted += 1
                continue
            if read.problem is ProblemKind.MALFORMED_LINE and (not line or line.isspace()):
                continue  # a blank line: no record, not counted
            row = _row(rows, (read.entity_type, read.version))
            row[COUNT] += 1
            if read.problem is None:
                row[LEGACY if read.legacy else READABLE] += 1
            else:
                row[UNREADABLE] += 1
            if read.problem is not None or (read.unknown and read.item is not None):
                later.append((before + index + 1, kept_for_report(read)))
            del read  # not alive while the next line is parsed: one item at a time
        for key, count in Counter(plain).items():
            row = _row(rows, key)
            row[COUNT] += count
            row[READABLE] += count
        later.sort(key=_line_number)
        for number, reading in later:
            self._record(name, number, reading)

    def _record(self, name: str, number: int, reading: Reading) -> None:
        """Record one line's problem and drift."""
        report = self.report
        if reading.problem is not None:
            report.record(
                reading.problem,
                Example(name, number, reading.entity_type, reading.message),
                self._examples,
            )
            if reading.key_shape is not None and reading.item is not None:
                report.drift.key_shape(reading.key_shape, reading.item)
        if reading.unknown and reading.item is not None:
            report.drift.unknown_attributes(
                reading.entity_type, reading.version, reading.unknown, reading.item
            )


def _by_reader(batch: list[bytes]) -> list[int]:
    """The indexes of a batch's lines, those of one ``entity_type`` (its text as an export
    writes it) together, each group in file order; the order only matters for speed."""
    groups: dict[bytes, list[int]] = {}
    for index, line in enumerate(batch):
        start = line.find(_ENTITY_TYPE) + _AFTER_ENTITY_TYPE
        stamp = line[start : start + _STAMP_BYTES]  # the type and what follows: a bytes key
        group = groups.get(stamp)
        if group is None:
            groups[stamp] = [index]
        else:
            group.append(index)
    return list(chain.from_iterable(groups.values()))


_ENTITY_TYPE: Final = b'"entity_type":{"S":"'
_AFTER_ENTITY_TYPE: Final = len(_ENTITY_TYPE)
_STAMP_BYTES: Final = 16
"""The bytes of a line, from its ``entity_type``'s text on, that tell its group: a type's
name then what the export writes after it (types sharing 16 first bytes share a group)."""


def _line_number(numbered: tuple[int, object]) -> int:
    return numbered[0]


_COUNTED: Final = {
    ProblemKind.UNREADABLE_FILE: "file(s)",
    ProblemKind.UNREADABLE_PATH: "path(s)",
}
"""What a problem's count counts, when not lines."""


def _row(rows: dict[tuple[str, str], list[int]], key: tuple[str, str]) -> list[int]:
    """The counters of an (entity, version) row: the row of its full version text, else a
    new row, the row of its version cut to a bounded length, or the entity's overflow row."""
    row = rows.get(key)
    if row is not None:
        return row
    entity, version = key[0], kept(key[1], MAX_NAME_CHARS)
    row = rows.get((entity, version))
    if row is None and len(rows) >= MAX_ROWS:
        version = OTHER_VERSIONS
        row = rows.get((entity, version))
    if row is None:
        row = rows[entity, version] = [0, 0, 0, 0]
    return row


_OVERSIZED_READING: Final = Reading(
    UNKNOWN_ENTITY,
    UNPARSED_VERSION,
    problem=ProblemKind.OVERSIZED_LINE,
    message=f"longer than {MAX_LINE_BYTES:,} bytes, more than any DynamoDB item's line "
    "(skipped unread)",
)


def replay_one(file: ExportFile, examples: int = EXAMPLES) -> ReplayReport:
    """The report of one file alone (what a worker process returns)."""
    report = ReplayReport(files=[file.name])
    Replayer(report, examples=examples).replay_file(file)
    return report


def gather(
    paths: Sequence[str | Path], s3: S3Settings
) -> tuple[list[ExportFile], list[Unreadable]]:
    """The files to read under ``paths`` (local paths or ``s3://`` URLs), in order, and the
    entries that could not be read. Raises ExportPathError for a local path that is no
    readable file or directory, S3ExportError for an S3 location that cannot be read."""
    files: list[ExportFile] = []
    unreadable: list[Unreadable] = []
    for path in paths:
        if is_s3_url(str(path)):
            export = discover_s3(str(path), s3)
            files += export.files
            unreadable += export.unreadable
        else:
            found = discover([Path(path)])
            files += [LocalFile(file) for file in found.files]
            unreadable += found.unreadable
    return _each_once(files), unreadable


def _each_once(files: list[ExportFile]) -> list[ExportFile]:
    """The files in order, each once: a path given twice, or a folder and one within it, must
    not count the same lines twice."""
    seen: set[str] = set()
    kept: list[ExportFile] = []
    for file in files:
        identity = str(file.path.resolve()) if isinstance(file, LocalFile) else file.name
        if identity not in seen:
            seen.add(identity)
            kept.append(file)
    return kept


def replay(
    paths: Sequence[str | Path],
    *,
    jobs: int = 1,
    s3: S3Settings | None = None,
    progress: Callable[[int, int], Progress] | None = None,
    examples: int = EXAMPLES,
) -> ReplayReport:
    """Replay every export file under ``paths`` (local paths or ``s3://`` URLs) and return
    the report, reading files in ``jobs`` processes (the report is the same for any number).

    ``progress``, given the total bytes and the file count, returns the display to update.
    Raises ExportPathError or S3ExportError (see :func:`gather`); every problem of what lies
    under the paths is in the report.
    """
    files, unreadable = gather(paths, s3 or S3Settings())
    report = ReplayReport(files=[file.name for file in files])
    sizes = [file.size for file in files]
    display = progress(sum(sizes), len(files)) if progress else None
    replayer = Replayer(report, examples=examples, display=display)
    for entry in unreadable:
        replayer.unreadable(entry)
    if jobs <= 1 or len(files) <= 1:
        for file in files:
            replayer.replay_file(file)
    else:
        with worker_pool(min(jobs, len(files)), preload=__name__) as pool:
            parts = _in_processes(pool, files, sizes, examples)
            for file, part in zip(files, parts, strict=True):
                if isinstance(part, BaseException):
                    message = f"its worker failed: {part!r}"
                    example = Example(file.name, 0, UNKNOWN_ENTITY, message)
                    report.record(ProblemKind.UNREADABLE_FILE, example, examples)
                else:
                    replayer.merge(part, file.size)
    if display is not None:
        display.close()
    return report


def _in_processes(
    pool: ProcessPoolExecutor, files: Sequence[ExportFile], sizes: Sequence[int], examples: int
) -> Iterator[ReplayReport | BaseException]:
    """The report of each file, in order, read by the pool's workers (largest files first, so
    that the last to finish is a small one)."""
    order = sorted(range(len(files)), key=lambda index: -sizes[index])
    with interrupts_deferred():  # the workers start here: a Ctrl-C is the command's alone
        futures = {index: pool.submit(replay_one, files[index], examples) for index in order}
    for index in range(len(files)):
        try:
            yield futures[index].result()
        except Exception as exc:  # a worker that died or failed: that file's problem
            yield exc
