"""``novacat-persistence audit``: check every recorded S3 pointer against its object."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING, Final
from uuid import UUID

from novacat_persistence.cli.common import (
    ExitCode,
    add_aws_options,
    aws_region,
    table_name,
)

if TYPE_CHECKING:
    from novacat_persistence.contracts.operations import PointerAuditReport


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``audit`` verb."""
    parser = subparsers.add_parser(
        "audit",
        help="check the S3 pointers recorded in the table against the bucket",
        description=(
            "Read every FileObject, raw spectra pointer and photometry table pointer (of one "
            "nova, or of the whole table) through the reference wrapper and check it against "
            "S3: the object exists, its size and ETag match, its SHA-256 matches where one "
            "was recorded, its key follows the layout, and it lies in BUCKET. Reads only. "
            "Exit codes: 0 every pointer matches, 1 dangling or mismatched pointers, "
            "2 usage or environment error (no credentials or region, missing table or bucket)."
        ),
    )
    parser.add_argument("--table", required=True, type=table_name, help="the DynamoDB table name")
    parser.add_argument(
        "--bucket",
        required=True,
        type=_bucket_name,
        help="the private bucket pointers must use",
    )
    parser.add_argument("--nova", type=_nova_id, metavar="ID", help="audit one nova only")
    add_aws_options(parser, "DynamoDB and S3 endpoint (DynamoDB Local, a moto server, ...)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default: text)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    """Audit the pointers, print the report; 1 when any pointer is dangling or mismatched, or
    an item recording one cannot be read."""
    region = aws_region(args.region)
    from novacat_persistence.reference_impl import connect_reference_wrapper

    wrapper = connect_reference_wrapper(args.table, region=region, endpoint_url=args.endpoint_url)
    report = wrapper.audit_pointers(nova_id=args.nova, bucket=args.bucket)
    print(_render(report, args.format))
    return ExitCode.OK if report.ok else ExitCode.PROBLEMS


def _render(report: PointerAuditReport, form: str) -> str:
    if form == "json":
        document = {
            "checked": report.checked,
            "ok": report.ok,
            "findings": [
                {
                    "pk": f.pk,
                    "sk": f.sk,
                    "bucket": f.bucket,
                    "key": f.key,
                    "problem": f.problem.value,
                    "detail": f.detail,
                }
                for f in report.findings
            ],
        }
        return json.dumps(document, indent=2)
    lines = [
        f"{f.problem.value}: {f.pk} / {f.sk}: "
        f"{f's3://{f.bucket}/{f.key}' if f.key else '(no pointer read)'}: {f.detail}"
        for f in report.findings
    ]
    lines.append(f"audit: {report.checked} pointer(s) checked, {len(report.findings)} problem(s)")
    return "\n".join(lines)


_BUCKET_NAME: Final = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def _bucket_name(text: str) -> str:
    if not _BUCKET_NAME.fullmatch(text) or ".." in text:
        raise argparse.ArgumentTypeError(
            f"not an S3 bucket name (3 to 63 of a-z 0-9 . -, starting and ending with a "
            f"letter or digit): {text!r:.80}"
        )
    return text


def _nova_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a nova id (UUID): {text!r}") from None
