"""What every verb shares: exit codes, the usage-error type, reading a file given by name."""

from __future__ import annotations

import argparse
import stat
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Protocol


class ExitCode(IntEnum):
    """The exit codes of every verb."""

    OK = 0
    """Success: the check found nothing wrong."""
    PROBLEMS = 1
    """The check ran and found problems."""
    USAGE = 2
    """Bad arguments, or the environment cannot run the check."""


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


Handler = Callable[[argparse.Namespace], ExitCode]
"""A verb's entry point: parsed arguments in, exit code out."""


class Verb(Protocol):
    """A CLI verb module: registers its sub-parser and sets ``handler`` in its defaults."""

    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        """Add this verb's parser (with ``--help`` text) to the CLI."""
