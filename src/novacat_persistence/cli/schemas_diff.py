"""``novacat-persistence schemas diff``: classify every difference between two JSON Schemas."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from novacat_persistence.cli.common import ExitCode, UsageError, read_regular_text
from novacat_persistence.contracts.snapshots import comparable, is_snapshot, snapshot_entity
from novacat_persistence.schemadiff import (
    DIRECTIONS,
    MAX_DEPTH,
    SchemaError,
    classify,
    parse_schema,
    render_json,
    render_text,
)

_DESCRIPTION = """\
Classify every difference between OLD and NEW (JSON Schema draft 2020-12, as pydantic v2
generates it) with a rule of the catalogue (src/novacat_persistence/schemadiff/CATALOGUE.md)
and a verdict for each direction:

  backward  the NEW schema accepts all data the OLD one accepted (new readers, old data)
  forward   the OLD schema accepts all data the NEW one accepts (old readers, new data)
  full      both
"""
_EPILOG = f"""\
exit codes: 0 the requested direction holds, 1 it is broken, 2 usage error (missing file,
invalid JSON, not a schema object, unresolvable $ref, nested deeper than {MAX_DEPTH} levels)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` sub-verb to the ``schemas`` verb's sub-parsers."""
    parser = subparsers.add_parser(
        "diff",
        help="classify the differences between two JSON Schemas and judge compatibility",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", metavar="OLD.json", type=Path, help="the previous schema")
    parser.add_argument("new", metavar="NEW.json", type=Path, help="the proposed schema")
    parser.add_argument(
        "--direction",
        choices=DIRECTIONS,
        default="backward",
        help="the compatibility that must hold (default: %(default)s)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (the default): one line per change and a summary; json: one documented object",
    )
    parser.set_defaults(handler=run)


def _say_when_entities_differ(old: str | None, new: str | None) -> None:
    """A note on stderr when two snapshots describe different entity types: their differences
    are then no version bump of one entity (the comparison goes on, as of any two schemas)."""
    if old != new:
        print(
            f"novacat-persistence: OLD is a snapshot of {old}, NEW of {new}: different entity "
            "types, so what follows compares two schemas, not two versions of one entity",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> ExitCode:
    """Diff the two schema files, print the report, and judge the requested direction.

    Raises :class:`UsageError` when a file cannot be read or is not a JSON Schema object.
    """
    try:
        old, new = _load(args.old), _load(args.new)
        if is_snapshot(old) and is_snapshot(new):
            _say_when_entities_differ(snapshot_entity(old), snapshot_entity(new))
            old, new = comparable(old), comparable(new)
            print(
                "novacat-persistence: two snapshots of the kit: each pins its own "
                "schema_version, which is not compared (as the gate compares them)",
                file=sys.stderr,
            )
        report = classify(old, new)
    except SchemaError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        print(json.dumps(render_json(report, args.direction), indent=2, ensure_ascii=False))
    else:
        print(render_text(report, args.direction))
    return ExitCode.OK if report.compatible(args.direction) else ExitCode.PROBLEMS


def _load(path: Path) -> dict[str, object]:
    return parse_schema(read_regular_text(path), str(path))
