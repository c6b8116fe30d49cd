"""What every verb shares: exit codes, the usage-error type, reading a file given by name,
the table and region of a verb that reaches DynamoDB."""

from __future__ import annotations

import argparse
import os
import re
import stat
import tempfile
import urllib.parse
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Final, Protocol

from novacat_persistence.contracts.tables import TABLE_NAME_PATTERN

MAX_PROCESSES: Final = 256
"""Worker processes a verb that reads files in parallel may start (replay, scan)."""

REGION_NAME: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
"""The form of an AWS region name (as botocore checks it)."""


class ExitCode(IntEnum):
    """The exit codes of every verb."""

    OK = 0
    """Success: the check found nothing wrong."""
    PROBLEMS = 1
    """The check ran and found problems."""
    USAGE = 2
    """Bad arguments, or the environment cannot run the check."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (SIGINT) or SIGTERM: a shell's code for a command stopped by SIGINT."""
    PIPE_CLOSED = 141
    """The reader of the output went away (``| head``): a shell's code for a command stopped
    by SIGPIPE."""


class UsageError(Exception):
    """A verb was called wrongly or its environment is missing something; exit code 2."""


def read_regular_text(path: Path) -> str:
    """The UTF-8 text of the regular file ``path``. Raises UsageError when it cannot be read,
    is not UTF-8, or is not a regular file (a FIFO or a device would block or never end)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise UsageError(f"cannot read {path}: not a regular file")
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {path}: not UTF-8 text ({exc})") from exc


def ensure_writable_folder(folder: Path, *, create: bool = False) -> None:
    """Raise UsageError unless files can be made in ``folder`` (made first, with its parents,
    when ``create``). Checked by making a file there and removing it, before a verb does any
    work: a read-only mount, an immutable folder or ``/proc`` are refused as they are."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot write into {folder}: not a folder")
    if not create and not folder.is_dir():
        raise UsageError(f"cannot write into {folder}: no such folder")
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror or exc}") from None


def table_name(text: str) -> str:
    """An argparse type: a DynamoDB table name, else a one-line usage error."""
    if not TABLE_NAME_PATTERN.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"not a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -): {text!r:.80}"
        )
    return text


def process_count(maximum: int) -> Callable[[str], int]:
    """An argparse type: a number of worker processes from 1 to ``maximum``, else a one-line
    usage error."""

    def parse(text: str) -> int:
        try:
            count = int(text)
        except ValueError:
            count = 0
        if not 1 <= count <= maximum:
            raise argparse.ArgumentTypeError(
                f"not a number of processes (1 to {maximum}): {text!r:.80}"
            )
        return count

    return parse


def region_name(text: str) -> str:
    """An argparse type: an AWS region name, else a one-line usage error."""
    if not REGION_NAME.fullmatch(text):
        raise argparse.ArgumentTypeError(f"not an AWS region name: {text!r:.80}")
    return text


def endpoint_url(text: str) -> str:
    """An argparse type: an http(s) URL naming a host, else a one-line usage error."""
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"not an endpoint URL (http://host:port or https://host): {text!r:.80}"
        )
    return text


def add_aws_options(
    parser: argparse.ArgumentParser,
    endpoint_help: str,
    region_help: str = "AWS region (default: from the environment)",
) -> None:
    """Add ``--endpoint-url URL`` and ``--region``, each refused as it is read when it names
    no endpoint or region."""
    parser.add_argument("--endpoint-url", type=endpoint_url, metavar="URL", help=endpoint_help)
    parser.add_argument("--region", type=region_name, help=region_help)


def aws_region(given: str | None) -> str:
    """The region ``--region`` gave, else ``AWS_REGION`` / ``AWS_DEFAULT_REGION``. Raises
    UsageError when there is none or it is not a region name."""
    region = given or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise UsageError("no AWS region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION")
    if not REGION_NAME.fullmatch(region):
        raise UsageError(f"not an AWS region name: {region!r:.80}")
    return region


Handler = Callable[[argparse.Namespace], ExitCode]
"""A verb's entry point: parsed arguments in, exit code out."""


class Verb(Protocol):
    """A CLI verb module: registers its sub-parser and sets ``handler`` in its defaults."""

    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        """Add this verb's parser (with ``--help`` text) to the CLI."""
