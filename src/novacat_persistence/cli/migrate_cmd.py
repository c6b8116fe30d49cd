"""``novacat-persistence migrate``: carry a table's stored items to the current version."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from novacat_persistence.cli.common import (
    ExitCode,
    UsageError,
    add_aws_options,
    aws_region,
    table_name,
)

if TYPE_CHECKING:
    from novacat_persistence.migration.report import MigrationReport


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``migrate`` verb."""
    parser = subparsers.add_parser(
        "migrate",
        help="rewrite a table's items of older versions and eras as the current version",
        description=(
            "Read every stored item of TABLE through the reference wrapper's machinery and "
            "carry it to the current version: items of older versions and of the eras the "
            "codec reads as the current model are rewritten (an era's key shape moves to the "
            "current key), names without a NameClaim and JobRuns without a JobRunClaim get "
            "theirs. Without --apply it is a dry run: it reports what it would do and writes "
            "nothing. Each item is one conditional write on the item as it was read, so a "
            "concurrent writer always wins (the item is reported as changed). Items of legacy "
            "eras, items of a newer version, unreadable items, items with more attributes "
            "than one condition can compare (too-wide) and names that map to several novae "
            "are reported, never written. Running again takes up what is left; Ctrl-C lets "
            "the item under way finish. Exit codes: 0 nothing needs attention, 1 some items "
            "failed, changed under the run or conflict (see the report), 2 usage or "
            "environment error (a table whose keys are not PK and SK included), 130 "
            "interrupted."
        ),
    )
    parser.add_argument("--table", required=True, type=table_name, help="the DynamoDB table name")
    parser.add_argument(
        "--apply", action="store_true", help="write (default: a dry run that writes nothing)"
    )
    parser.add_argument(
        "--limit",
        type=_positive,
        metavar="N",
        help="stop after N writes (migrations and claims); run again to go on",
    )
    add_aws_options(parser, "DynamoDB endpoint (DynamoDB Local, moto, ...)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default: text)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE (created before anything is read) instead of stdout",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress line on a terminal")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    """Migrate (or, without --apply, plan) and print the report; interrupted, print the
    report so far (the CLI then exits 130)."""
    region = aws_region(args.region)
    from novacat_persistence.migration.report import MigrationReport
    from novacat_persistence.migration.run import Progress, run_migration
    from novacat_persistence.reference_impl import LOGGER_NAME, connect_table_migrator

    # The report says what happened to each item; the per-item records stay with whoever
    # configures logging (never the last-resort handler's stderr lines).
    logging.getLogger(LOGGER_NAME).addHandler(logging.NullHandler())
    out = _open_output(args.output)
    try:
        migrator = connect_table_migrator(args.table, region=region, endpoint_url=args.endpoint_url)
        report = MigrationReport(args.table, applied=args.apply)
        show = not args.no_progress and sys.stderr.isatty()
        try:
            run_migration(
                migrator, report, limit=args.limit, progress=Progress(sys.stderr) if show else None
            )
        except KeyboardInterrupt:
            _print(report, args.format, out)  # what was done, before exiting 130
            raise
        _print(report, args.format, out)
    finally:
        if out is not sys.stdout:
            out.close()
    return ExitCode.PROBLEMS if report.attention else ExitCode.OK


def _print(report: MigrationReport, form: str, out: TextIO) -> None:
    text = json.dumps(report.to_json(), indent=2) if form == "json" else report.to_text()
    print(text, file=out)


def _open_output(path: Path | None) -> TextIO:
    if path is None:
        return sys.stdout
    try:
        return path.open("w", encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot write the report to {str(path)!r}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value
