"""What every verb shares: exit codes and the usage-error type."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from enum import IntEnum
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


Handler = Callable[[argparse.Namespace], ExitCode]
"""A verb's entry point: parsed arguments in, exit code out."""


class Verb(Protocol):
    """A CLI verb module: registers its sub-parser and sets ``handler`` in its defaults."""

    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        """Add this verb's parser (with ``--help`` text) to the CLI."""
