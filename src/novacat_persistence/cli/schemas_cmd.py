"""``novacat-persistence schemas``: export, check and compare the JSON Schema snapshots."""

from __future__ import annotations

import argparse

from novacat_persistence.cli.common import ExitCode


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schemas`` verb and its sub-verbs."""
    parser = subparsers.add_parser(
        "schemas",
        help="export, check or diff the JSON Schema snapshots of the persisted entities",
        description="Work with the committed JSON Schema snapshots (contracts/schemas/).",
    )
    parser.set_defaults(handler=lambda _args: ExitCode.OK)
    parser.add_subparsers(dest="schemas_verb", metavar="SUBVERB")
