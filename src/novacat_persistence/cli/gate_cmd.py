"""``novacat-persistence gate``: the compatibility gate before an interface version bump."""

from __future__ import annotations

import argparse
import json
import stat
from pathlib import Path

from novacat_persistence.cli.common import ExitCode, UsageError, ensure_writable_folder
from novacat_persistence.schemadiff import DIRECTIONS


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``gate`` verb."""
    parser = subparsers.add_parser(
        "gate",
        help="judge the working tree against a base commit before a version bump",
        description=(
            "Compare the working tree (a checkout of novacat-persistence) with a base commit "
            "and fail unless: (a) every JSON Schema snapshot published at the base is "
            "byte-identical and the models still generate their snapshots; (b) each new entity "
            "version's number fits its change (schemadiff against the previous version: "
            "breaking needs MAJOR, additive MINOR, annotations PATCH) and old versions have "
            "upcasters; (c) corpus items published at the base are unchanged, every snapshot "
            "has corpus items, and every item of every version reads as its golden line; "
            "(d) the IFC-030 Python API has no breaking change (griffe) unless "
            "IFC_030_VERSION's MAJOR changed; (e) the conformance core passes. The working "
            "tree's own code is judged, whatever copy of the kit is installed; a check that "
            "cannot run on it fails. Exit codes: 0 passed, 1 a check failed, 2 usage error "
            "(no git repository, unknown ref, not a checkout of the kit, unwritable --json)."
        ),
    )
    parser.add_argument(
        "--against",
        metavar="GITREF",
        help="the base commit (default: where HEAD forked from origin/main, else HEAD)",
    )
    parser.add_argument(
        "--repo",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="a directory of the repository to judge (default: the current directory)",
    )
    parser.add_argument(
        "--direction",
        choices=DIRECTIONS,
        default="backward",
        help="the compatibility promised (default: %(default)s: new readers read old data)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write a JSON report")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> ExitCode:
    """Run the gate, print the report (and write the JSON one); 1 when a check failed."""
    from novacat_persistence.gate import GitError, NotACheckout, run_gate

    if args.json is not None:
        _refuse_unwritable(args.json)
    try:
        report = run_gate(args.repo, args.against, args.direction)
    except (GitError, NotACheckout) as exc:
        raise UsageError(str(exc)) from exc
    print(report.to_text())
    if args.json is not None:
        try:
            args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.json}: {exc.strerror or exc}") from exc
    return ExitCode.OK if report.ok else ExitCode.PROBLEMS


def _refuse_unwritable(report: Path) -> None:
    """Raise UsageError unless ``report`` can be written: a regular file, or none yet in an
    existing folder (checked before the gate runs, which takes minutes)."""
    try:
        mode: int | None = report.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:  # a file above it, a link loop, a name too long
        raise UsageError(f"cannot write {report}: {exc.strerror or exc}") from None
    if mode is None:
        ensure_writable_folder(report.parent)
        return
    if not stat.S_ISREG(mode):
        raise UsageError(f"cannot write {report}: not a regular file")
    try:
        with report.open("ab"):  # opened to append: its content stays as it is
            pass
    except OSError as exc:
        raise UsageError(f"cannot write {report}: {exc.strerror or exc}") from None
