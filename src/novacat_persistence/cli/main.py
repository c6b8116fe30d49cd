"""Entry point of ``novacat-persistence``: parse the verb, run it, map errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the whole command line, every verb registered."""
    parser = argparse.ArgumentParser(
        prog="novacat-persistence",
        description=(
            "Contracts, checks and conformance runs for the Nova Cat persistence layer. "
            "Exit codes: 0 success, 1 a check found problems, 2 usage or environment error."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb in VERBS:
        verb.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
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


def _one_line(error: Exception) -> str:
    """An error's message on one line: a value it quotes may hold line breaks."""
    return " ".join(str(error).splitlines())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
