"""Entry point of ``novacat-persistence``: parse the verb, run it, map errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn, cast

from novacat_persistence import __version__
from novacat_persistence.cli import (
    audit_cmd,
    conformance_cmd,
    corpus_cmd,
    gate_cmd,
    migrate_cmd,
    scan_cmd,
    schemas_cmd,
)
from novacat_persistence.cli.common import ExitCode, UsageError, Verb
from novacat_persistence.contracts.errors import PersistenceError

VERBS: tuple[Verb, ...] = (
    schemas_cmd,
    scan_cmd,
    audit_cmd,
    migrate_cmd,
    corpus_cmd,
    gate_cmd,
    conformance_cmd,
)


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line on stderr (and exit 2), for every verb."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the whole command line, every verb registered."""
    parser = _Parser(
        prog="novacat-persistence",
        description=(
            "Contracts, checks and conformance runs for the Nova Cat persistence layer. "
            "Exit codes: 0 success, 1 a check found problems, 2 usage or environment error."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = cast(  # its parsers are _Parsers; the verbs need only ArgumentParser's API
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="verb", metavar="VERB", required=True),
    )
    for verb in VERBS:
        verb.register(subparsers)
    return parser


def _one_line(exc: Exception) -> str:
    """An error's message on one line (a library's message may span several)."""
    return " ".join(str(exc).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    command_line = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(command_line)
    args.command_line = command_line  # to run it again on a checkout's code (cli/folders.py)
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"novacat-persistence: error: {_one_line(exc)}", file=sys.stderr)
        return ExitCode.USAGE
    except PersistenceError as exc:
        print(f"novacat-persistence: {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("novacat-persistence: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
