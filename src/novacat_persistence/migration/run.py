"""One migration run: every stored item through the migrator, counted into the report."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Final, TextIO

from novacat_persistence.interrupts import signal_handled
from novacat_persistence.migration.report import MigrationReport
from novacat_persistence.reference_impl.migration import Outcome, TableMigrator

REDRAW_SECONDS: Final = 0.2


class Progress:
    """A one-line display on a terminal: items read, outcomes so far, rate."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._start = self._drawn = time.monotonic()

    def show(self, report: MigrationReport, *, force: bool = False) -> None:
        """Redraw the line (at most every 0.2 s unless ``force``)."""
        now = time.monotonic()
        if not force and now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        rate = report.read / max(now - self._start, 1e-9)
        self._stream.write(
            f"\rmigrate: {report.read:,} read, {report.writes:,} to write, "
            f"{len(report.items) - report.writes:,} skipped or failed  {rate:,.0f} items/s"
        )
        self._stream.flush()

    def close(self) -> None:
        """Erase the line."""
        self._stream.write("\r" + " " * 100 + "\r")
        self._stream.flush()


def run_migration(
    migrator: TableMigrator,
    report: MigrationReport,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> MigrationReport:
    """Pass every stored item to ``migrator`` (writing when ``report.applied``): its rewrite,
    then the claim it needs, each counted into ``report`` as soon as it is done (so an
    interrupted run reports what it did). Stops after ``limit`` writes (migrations and claims),
    with ``report.stopped = "limit"``.

    Interrupted (SIGINT, in the main thread), it finishes the item under way, so that the
    report holds every write made, then raises KeyboardInterrupt with ``report.stopped =
    "interrupted"``; a second interrupt stops it at once."""
    apply = report.applied
    noted: list[int] = []

    def note(signum: int, _frame: FrameType | None) -> None:  # the second one stops at once
        noted.append(signum)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    try:
        with signal_handled(signal.SIGINT, note):
            for item in migrator.items():
                result = report.add(migrator.migrate(item, apply=apply), item=True)
                if _reached(report, limit):
                    break
                if result.outcome in (Outcome.CURRENT, Outcome.MIGRATED):
                    claim = migrator.backfill_claim(item, apply=apply)
                    if claim is not None:
                        report.add(claim)
                        if _reached(report, limit):
                            break
                if noted:
                    raise KeyboardInterrupt
                if progress is not None:
                    progress.show(report)
    except KeyboardInterrupt:
        report.stopped = "interrupted"
        raise
    finally:
        if progress is not None:
            progress.close()
    return report


def _reached(report: MigrationReport, limit: int | None) -> bool:
    if limit is None or report.writes < limit:
        return False
    report.stopped = "limit"
    return True
