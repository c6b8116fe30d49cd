"""Which snapshot or corpus folder a verb works on, and with whose code.

Inside a checkout of this kit (or with ``--root DIR``), a verb uses that checkout's folders;
outside one it uses the installed copy's, says so, and never writes there. A checkout's
folders are always worked on with that checkout's own code: when another copy of the kit is
installed, the verb runs again in a child interpreter importing the checkout's packages.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import novacat_persistence
from novacat_persistence.checkout import (
    RUNNING_CHECKOUT,
    Checkout,
    NotACheckout,
    find_checkout,
    run_python,
)
from novacat_persistence.cli.common import ExitCode, Handler, UsageError
from novacat_persistence.contracts.snapshots import SCHEMAS_DIR
from novacat_persistence.corpus import CORPUS_DIR

_RUN_CHECKOUT_CLI = """\
import importlib, sys
try:
    from novacat_persistence.cli.main import main
    importlib.import_module(f"novacat_persistence.cli.{sys.argv[1]}_cmd")  # the verb's code
except Exception as exc:
    print(f"novacat-persistence: error: the checkout's code does not import: "
          f"{type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(2)
sys.exit(main(sys.argv[1:]))
"""
"""The child's program: the checkout's command line, or one line when its code is broken."""


@dataclass(frozen=True)
class FolderKind:
    """A kind of folder a verb works on, and where each copy of the kit keeps it."""

    name: str
    option: str
    """The verb's option naming the folder explicitly (its ``argparse`` destination)."""
    of_checkout: Callable[[Checkout], Path]
    installed: Path


SNAPSHOTS = FolderKind("snapshot folder", "dir", lambda checkout: checkout.schemas_dir, SCHEMAS_DIR)
"""``contracts/schemas``: the published JSON Schema snapshots."""
CORPUS = FolderKind("corpus", "corpus", lambda checkout: checkout.corpus_dir, CORPUS_DIR)
"""``corpus``: the historical corpus."""


@dataclass(frozen=True)
class WorkingFolder:
    """The folder a verb works on."""

    path: Path
    elsewhere: Checkout | None
    """The checkout holding the folder when this process does not run its code: the verb
    must then run again on that code (:func:`rerun_in`)."""


def add_folder_options(parser: argparse.ArgumentParser, kind: FolderKind, flag: str) -> None:
    """Add ``flag`` (an explicit folder of ``kind``) and ``--root`` (a checkout), exclusive."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        flag,
        dest=kind.option,
        type=Path,
        metavar="DIR",
        help=f"the {kind.name} (default: the checkout's, see --root)",
    )
    group.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help=(
            "a checkout of novacat-persistence whose folders to use (default: the checkout "
            "holding the current directory; outside one, the installed copy's, read-only)"
        ),
    )


def working_folder(args: argparse.Namespace, kind: FolderKind, *, writes: bool) -> WorkingFolder:
    """The folder of ``kind`` the verb works on: its option's, else ``--root``'s checkout's,
    else the checkout holding the working directory's, else the installed copy's (said on
    stderr). Raises UsageError for a folder its option names that is not there, a ``--root``
    that is no checkout, and, when the verb ``writes``, a folder inside an installed copy of
    the kit."""
    path: Path = getattr(args, kind.option)
    if path is not None:
        _refuse_missing(path, kind)
    else:
        checkout = _checkout(args.root) if args.root is not None else _around(Path.cwd())
        if checkout is not None:
            path = kind.of_checkout(checkout)
        else:
            path = kind.installed
            print(
                f"novacat-persistence: no checkout of novacat-persistence at or above "
                f"{Path.cwd()}: using the installed {kind.name} {path} (--root DIR names a "
                "checkout)",
                file=sys.stderr,
            )
    owner = _around(path)
    if owner is not None and not owner.is_running():
        return WorkingFolder(path, owner)
    if writes:
        _refuse_installed_copy(path, kind)
    return WorkingFolder(path, None)


def _refuse_missing(path: Path, kind: FolderKind) -> None:
    """Raise UsageError when the folder an option names is not there, or cannot be looked at
    (a name too long, a link loop): a mistyped folder is never made, nor searched as empty."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(
            f"no such folder: {path} (the {kind.name} named by --{kind.option})"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot use {path}: {exc.strerror or exc}") from None


def on_working_folder(
    kind: FolderKind, *, writes: Callable[[argparse.Namespace], bool]
) -> Callable[[Callable[[argparse.Namespace, Path], ExitCode]], Handler]:
    """Make a verb's handler out of ``work(args, folder)``: the folder is the
    :func:`working_folder` of ``kind`` (``writes(args)``: whether the verb will write there),
    and when this process does not run the code of the checkout holding it, the command runs
    again on that code (:func:`rerun_in`) instead."""

    def decorate(work: Callable[[argparse.Namespace, Path], ExitCode]) -> Handler:
        def handler(args: argparse.Namespace) -> ExitCode:
            folder = working_folder(args, kind, writes=writes(args))
            if folder.elsewhere is not None:
                return rerun_in(folder.elsewhere, args)
            return work(args, folder.path)

        return handler

    return decorate


def rerun_in(checkout: Checkout, args: argparse.Namespace) -> ExitCode:
    """Run this command line again in a child interpreter on ``checkout``'s code; its exit
    code (a code that is no :class:`ExitCode` reads as USAGE)."""
    if os.environ.get(RUNNING_CHECKOUT) == str(checkout.root):
        raise UsageError(f"cannot run the code of the checkout {checkout.root}")
    try:
        cli = ("-c", _RUN_CHECKOUT_CLI, *args.command_line)
        done = run_python(checkout, *cli, cwd=Path.cwd(), capture=False)
    except OSError as exc:
        raise UsageError(f"cannot run the code of the checkout {checkout.root}: {exc}") from exc
    codes = {int(code) for code in ExitCode}
    return ExitCode(done.returncode) if done.returncode in codes else ExitCode.USAGE


def _checkout(root: Path) -> Checkout:
    found = _around(root)
    if found is None:
        raise UsageError(
            f"--root {root}: no checkout of novacat-persistence at or above it (a folder whose "
            "pyproject.toml names the project novacat-persistence)"
        )
    return found


def _around(path: Path) -> Checkout | None:
    try:
        return find_checkout(path)
    except NotACheckout as exc:
        raise UsageError(str(exc)) from None


def _refuse_installed_copy(path: Path, kind: FolderKind) -> None:
    installed = Path(novacat_persistence.__file__).resolve().parent
    if _around(installed) is not None:
        return  # the running kit is a checkout's (an editable install): not an installed copy
    if path.resolve().is_relative_to(installed):  # resolvable: _around(path) resolved it
        raise UsageError(
            f"refusing to write into the installed copy of novacat-persistence ({path}): run "
            f"inside a checkout of the kit, or name one with --root DIR, or another "
            f"{kind.name} with its option"
        )
