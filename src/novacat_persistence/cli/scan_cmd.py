"""``novacat-persistence scan``: find database access outside the persistence wrapper (INV-011)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from novacat_persistence.cli.common import MAX_PROCESSES, ExitCode, UsageError, process_count
from novacat_persistence.scan import (
    FORMATS,
    ScanUsageError,
    discover_config,
    load_config,
    scan,
)
from novacat_persistence.scan.engine import default_jobs
from novacat_persistence.scan.errors import one_line


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``scan`` verb."""
    parser = subparsers.add_parser(
        "scan",
        help="find DynamoDB access that bypasses the persistence wrapper (INV-011)",
        description=(
            "Statically scan Python files (parsed, never imported) for DynamoDB access outside "
            "the persistence wrapper: boto3/botocore/aioboto3/aiobotocore DynamoDB clients and "
            "resources, .Table(...), boto3.dynamodb conditions and types, DynamoDB ORMs, and on "
            "any receiver DynamoDB operations called with DynamoDB request keywords "
            "(table.put_item(Item=...)), .batch_writer() and .meta.client. "
            "Configured by [tool.novacat-persistence.scan] in pyproject.toml (allow, include, "
            "exclude, severity); suppress one line with "
            "'# novacat: allow-db-access(<reason>)'. Exit codes: 0 no error findings, "
            "1 error findings (or any finding with --strict), 2 usage error."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path()],
        metavar="PATH",
        help="files or directories to scan (default: the current directory)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="read the configuration from FILE instead of the nearest pyproject.toml "
        "with a [tool.novacat-persistence.scan] table above the scanned paths",
    )
    parser.add_argument(
        "--format", choices=tuple(FORMATS), default="text", help="report format (default: text)"
    )
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="write the report to FILE, not stdout"
    )
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument(
        "--jobs",
        type=process_count(MAX_PROCESSES),
        default=None,
        metavar="N",
        help=f"processes checking files, 1 to {MAX_PROCESSES} (default: the CPUs available, "
        f"{default_jobs()} here)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    """Scan ``args.paths``, write the report, and return 1 when the scan fails."""
    try:
        config = load_config(args.config) if args.config else discover_config(args.paths)
        result = scan(args.paths, config, jobs=args.jobs)
    except ScanUsageError as exc:
        raise UsageError(str(exc)) from exc
    if not result.files_checked + result.files_allowed and all(p.is_dir() for p in args.paths):
        # Files named one by one (a pre-commit hook) may all be excluded; folders holding no
        # file to check are a mistyped path or pattern, which must not pass a build.
        raise UsageError(
            "no Python file to check under "
            + ", ".join(str(path) for path in args.paths)
            + " (check the paths, and include/exclude in [tool.novacat-persistence.scan])"
        )
    report = FORMATS[args.format](result)
    if args.output is None:
        sys.stdout.write(report)
    else:
        try:
            args.output.write_text(report, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                one_line(f"cannot write {args.output}: {exc.strerror or exc}")
            ) from exc
    return ExitCode.PROBLEMS if result.failed(strict=args.strict) else ExitCode.OK
