"""Entry point of ``novacat-persistence``: parse the verb, run it, map errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn, cast

import novacat_persistence
from novacat_persistence.cli.common import ExitCode, UsageError, Verb
from novacat_persistence.cli.extras import MissingKitError, UnavailableVerb, missing_kit_module
from novacat_persistence.cli.output import OutputError, checked_stdout, discard_output
from novacat_persistence.contracts.errors import PersistenceError
from novacat_persistence.interrupts import raise_terminated, signal_handled

VERB_NAMES = ("schemas", "scan", "audit", "migrate", "corpus", "gate", "conformance")
"""Every verb, in the order ``--help`` lists them; each is the module ``cli.<verb>_cmd``."""


def _load_verb(name: str) -> Verb:
    """The verb's module, or an :class:`UnavailableVerb` when it needs the kit extra."""
    try:
        verb: Verb = importlib.import_module(f"novacat_persistence.cli.{name}_cmd")
    except ModuleNotFoundError as exc:
        module = missing_kit_module(exc)
        if module is None:
            raise
        return UnavailableVerb(name, module)
    return verb


def verbs(names: Sequence[str] = VERB_NAMES) -> tuple[Verb, ...]:
    """The modules of the verbs ``names`` (every verb by default), each imported when first
    asked for: a command line imports only its own verb's tools."""
    return tuple(_load_verb(name) for name in names)


def _verb_of(command_line: Sequence[str]) -> str | None:
    """The verb a command line names (its first word, when it is a verb); None for a command
    line that names none, or starts with an option (``--help``, ``--version``)."""
    first = command_line[0] if command_line else None
    return first if first in VERB_NAMES else None


class _Versions(argparse.Action):
    """``--version``: the kit's version, the IFC-030 version its contracts define and the
    version of its conformance suites, on stdout (the contracts imported only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show the kit's, IFC-030's and the conformance suites' versions and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from novacat_persistence.contracts.interface import IFC_030_VERSION  # noqa: PLC0415
        from novacat_persistence.suites import SUITE_VERSION  # noqa: PLC0415

        sys.stdout.write(
            f"{parser.prog} {novacat_persistence.__version__} "
            f"(IFC-030 {IFC_030_VERSION}, conformance suites {SUITE_VERSION})\n"
        )
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line on stderr (and exit 2), for every verb."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """Return the parser of the whole command line: every verb registered, or only ``verb``
    (for a command line that names it, whose other verbs need not be imported)."""
    parser = _Parser(
        prog="novacat-persistence",
        description=(
            "Contracts, checks and conformance runs for the Nova Cat persistence layer. "
            "Exit codes: 0 success, 1 a check found problems, 2 usage or environment error."
        ),
    )
    parser.add_argument("--version", action=_Versions)
    subparsers = cast(  # its parsers are _Parsers; the verbs need only ArgumentParser's API
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="verb", metavar="VERB", required=True),
    )
    for module in verbs(VERB_NAMES if verb is None else (verb,)):
        module.register(subparsers)
    return parser


def _one_line(exc: Exception) -> str:
    """An error's message on one line (a library's message may span several)."""
    return " ".join(str(exc).split())


def _run_verb(args: argparse.Namespace) -> int:
    """Run the parsed verb; a kit module it cannot import is a :class:`MissingKitError`."""
    try:
        return int(args.handler(args))
    except ModuleNotFoundError as exc:  # a verb importing the kit's tools as it runs
        module = missing_kit_module(exc)
        if module is None:
            raise
        raise MissingKitError(args.verb, module) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    with checked_stdout():
        try:
            try:
                return _main(argv)
            finally:  # what is still buffered is written now, where a failure can be told
                sys.stdout.flush()
        except KeyboardInterrupt:  # from the verb's imports on, however far it got
            print("novacat-persistence: interrupted", file=sys.stderr)
            return ExitCode.INTERRUPTED
        except BrokenPipeError:  # nothing more can be said
            discard_output()
            return ExitCode.PIPE_CLOSED
        except OutputError as exc:
            print(f"novacat-persistence: error: cannot write the output: {exc}", file=sys.stderr)
            discard_output()
            return ExitCode.USAGE


def _main(argv: Sequence[str] | None) -> int:
    command_line = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_verb_of(command_line))
    args, unknown = parser.parse_known_args(command_line)
    if unknown:
        hint = (
            " (pytest's options go after --: novacat-persistence conformance --impl NAME"
            " -- -k races)"
            if args.verb == "conformance"
            else ""
        )
        parser.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    args.command_line = command_line  # to run it again on a checkout's code (cli/folders.py)
    try:
        with signal_handled(signal.SIGTERM, raise_terminated):  # stops as Ctrl-C does
            return _run_verb(args)
    except UsageError as exc:
        print(f"novacat-persistence: error: {_one_line(exc)}", file=sys.stderr)
        return ExitCode.USAGE
    except PersistenceError as exc:
        print(f"novacat-persistence: {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        return ExitCode.USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
