"""``novacat-persistence schemas``: export, check and compare the JSON Schema snapshots."""

from __future__ import annotations

import argparse
import stat
import sys
from pathlib import Path

from novacat_persistence.cli import schemas_diff
from novacat_persistence.cli.common import ExitCode, UsageError
from novacat_persistence.cli.folders import SNAPSHOTS, add_folder_options, on_working_folder
from novacat_persistence.contracts import snapshots
from novacat_persistence.corpus_tools.staging import write_all


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schemas`` verb and its sub-verbs."""
    parser = subparsers.add_parser(
        "schemas",
        help="export, check or diff the JSON Schema snapshots of the persisted entities",
        description=(
            "Work with the JSON Schema snapshots of every published entity version "
            "(contracts/schemas/<entity>/<version>.json). Published snapshots are immutable: "
            "a shape change needs a new version. export and check use the snapshots of the "
            "checkout of novacat-persistence they run in (or --root's), with that checkout's "
            "models; outside one, the installed copy's (export then refuses to write)."
        ),
    )
    sub = parser.add_subparsers(dest="schemas_verb", metavar="SUBVERB", required=True)

    export = sub.add_parser(
        "export",
        help="write the snapshots of versions that have none yet",
        description=(
            "Generate the snapshot of every entity version from its model and write the "
            "missing ones. A snapshot that exists with other content is refused (exit 1): its "
            "version is published, so the changed model needs a new version."
        ),
    )
    add_folder_options(export, SNAPSHOTS, "--dir")
    export.add_argument(
        "--force",
        action="store_true",
        help="also overwrite changed snapshots (only for a version never released)",
    )
    export.set_defaults(handler=_export)

    check = sub.add_parser(
        "check",
        help="fail when a model no longer generates its committed snapshot",
        description=(
            "Regenerate every snapshot in memory and compare it with the committed file. Exit 1 "
            "with a unified diff for each snapshot that is missing, changed or orphaned."
        ),
    )
    add_folder_options(check, SNAPSHOTS, "--dir")
    check.set_defaults(handler=_check)

    schemas_diff.register(sub)


@on_working_folder(SNAPSHOTS, writes=lambda _: True)
def _export(args: argparse.Namespace, folder: Path) -> ExitCode:
    _refuse_unusable(folder)
    try:
        planned, refused = snapshots.export_plan(folder, force=args.force)
        write_all([(path, text.encode("utf-8")) for path, text in planned])  # all or nothing
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot export the snapshots into {folder}: {exc}") from exc
    written = [path for path, _text in planned]
    for path in written:
        print(f"wrote {path}")
    for drift in refused:
        print(drift.describe(), file=sys.stderr)
    if not written and not refused:
        print(f"all {len(snapshots.published())} snapshots are up to date")
    return ExitCode.PROBLEMS if refused else ExitCode.OK


@on_working_folder(SNAPSHOTS, writes=lambda _: False)
def _check(args: argparse.Namespace, folder: Path) -> ExitCode:
    _refuse_unusable(folder)
    try:
        drifts = snapshots.check(folder)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the snapshots in {folder}: {exc}") from exc
    for drift in drifts:
        print(drift.describe())
    total = len(snapshots.published())
    if drifts:
        print(f"schemas check: {len(drifts)} problem(s) in {total} published versions")
        return ExitCode.PROBLEMS
    print(f"schemas check: {total} snapshots match their models")
    return ExitCode.OK


def _refuse_unusable(folder: Path) -> None:
    """Raise UsageError unless ``folder`` is, or can become, a snapshot folder: every snapshot
    the models define is a regular file there, or is absent with only folders above it (a FIFO
    would block a read; a link to nothing would send a write elsewhere)."""
    try:
        if not stat.S_ISDIR(folder.stat().st_mode):
            raise UsageError(f"{folder}: not a folder")
    except FileNotFoundError:
        pass  # export makes it
    except OSError as exc:  # a link loop, a long name, a file above it
        raise UsageError(f"{folder}: {exc.strerror or exc}") from None
    for path in snapshots.published(folder):
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                raise UsageError(f"{path}: not a regular file")
        except FileNotFoundError:
            dangling = next(
                (p for p in (path, *path.parents) if p.is_symlink() and not p.exists()), None
            )
            if dangling is not None:
                raise UsageError(f"{dangling}: a symbolic link to nothing") from None
        except OSError as exc:  # a file where a folder should be, a link loop, a long name
            raise UsageError(f"{path}: {exc.strerror or exc}") from None
