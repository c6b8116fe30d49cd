"""``novacat-persistence corpus``: verify the historical corpus, add to it, replay an export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from novacat_persistence.cli.common import (
    MAX_PROCESSES,
    ExitCode,
    UsageError,
    add_aws_options,
    process_count,
)
from novacat_persistence.cli.folders import CORPUS, add_folder_options, on_working_folder
from novacat_persistence.corpus_tools.exports import EXPORT_SUFFIXES, ExportPathError
from novacat_persistence.corpus_tools.replay import Progress, replay
from novacat_persistence.corpus_tools.s3_exports import S3ExportError, S3Settings
from novacat_persistence.corpus_tools.store import Corpus, CorpusAccessError, CorpusError
from novacat_persistence.corpus_tools.verify import ItemsRefused, add, update_goldens, verify


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``corpus`` verb and its sub-verbs."""
    parser = subparsers.add_parser(
        "corpus",
        help="verify the historical corpus, record items of a new version, replay an export",
        description=(
            "The corpus holds stored items of every entity version and historical era, as "
            "DynamoDB exports them, with the current-model reading each must give (its golden "
            "line). Exit codes: 0 success, 1 problems found, 2 usage or environment error."
        ),
    )
    sub = parser.add_subparsers(dest="corpus_verb", metavar="SUBVERB", required=True)

    check = sub.add_parser(
        "verify",
        help="check that every corpus item still reads as its golden line says",
        description=(
            "Every corpus item must decode (eras and upcasters included) at its file's version "
            "and era, validate against that version's or era's JSON Schema snapshot, be stored "
            "under the keys its fields produce, and read as its golden line. Exit 1 listing "
            "every problem. --update-goldens rewrites the golden lines from today's readings "
            "(after a MAJOR version changes what old items read as; review the diff)."
        ),
    )
    _corpus_option(check)
    check.add_argument(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files from today's readings (items are never changed)",
    )
    check.set_defaults(handler=_verify)

    record = sub.add_parser(
        "add",
        help="record stored items of a new entity version (or era) in the corpus",
        description=(
            "Check items (export lines, plain or gzip'd) of one entity version or era, then "
            "write them as a new corpus file with their golden readings and manifest entry. "
            "Refuses (exit 1) if any item fails a check, is given twice or is in the corpus "
            "already (the same stored item, key order and spacing aside), or if the corpus file "
            "exists: historical items are never overwritten."
        ),
    )
    _corpus_option(record)
    record.add_argument("--entity", required=True, help="entity type, e.g. DataProduct")
    record.add_argument("--version", required=True, help="the published version, e.g. 2.0.0")
    record.add_argument("--era", help="a historical era of that version (contracts/eras.py)")
    record.add_argument(
        "--workflow",
        dest="workflows",
        action="append",
        required=True,
        metavar="NAME",
        help="a workflow that writes such items (repeat for several)",
    )
    record.add_argument("--description", default="", help="what the items show")
    record.add_argument(
        "--source",
        metavar="NAME",
        help="where the items were observed (e.g. nova-cat-bf28f13): a file of its own beside "
        "the kit's files of the same version or era",
    )
    record.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="TEXT",
        help="what shows the items were written so: repository and commit, a writer's "
        "file:line, how they were captured (repeat for several)",
    )
    record.add_argument("files", nargs="+", type=Path, metavar="FILE", help="export-line files")
    record.set_defaults(handler=_add)

    rerun = sub.add_parser(
        "replay",
        help="read every item of a DynamoDB export with today's readers and summarize",
        description=(
            "Stream files or directories of a DynamoDB export (DYNAMODB_JSON: gzip'd or plain "
            "export lines; directories are searched for *.json.gz, *.json, *.jsonl, leaving "
            "out the export's manifest files), decode and upcast every item, check its keys "
            "against its fields, and print per entity and version the lines read, readable, "
            "legacy and unreadable, with the first examples of each problem. Bad lines are "
            "counted and skipped. A drift section lists attributes the models do not know and "
            "items with an entity's keys but not its entity_type. Exit 1 if any line, file or "
            "folder is unreadable, if no item was read, or (--fail-on-drift) on drift."
        ),
    )
    rerun.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files or directories, or s3://bucket/prefix of a DynamoDB export to S3",
    )
    rerun.add_argument(
        "--jobs",
        "-j",
        type=process_count(MAX_PROCESSES),
        default=1,
        metavar="N",
        help=f"read files in N processes, 1 to {MAX_PROCESSES} (default 1); the report is the same",
    )
    add_aws_options(
        rerun,
        "S3 endpoint (a moto server, ...)",
        "AWS region of the bucket (default: from the environment)",
    )
    rerun.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default: text)"
    )
    rerun.add_argument(
        "--no-progress", action="store_true", help="no progress bar (shown only on a terminal)"
    )
    rerun.add_argument(
        "--fail-on-drift",
        action="store_true",
        help="exit 1 when the export holds drift (attributes a model does not know, keys of an "
        "entity without its entity_type), even if every line is readable: for CI",
    )
    rerun.set_defaults(handler=_replay)


def _corpus_option(parser: argparse.ArgumentParser) -> None:
    add_folder_options(parser, CORPUS, "--corpus")


def _load(path: Path) -> Corpus:
    try:
        return Corpus.load(path)
    except CorpusError as exc:
        raise UsageError(str(exc)) from exc


@on_working_folder(CORPUS, writes=lambda args: bool(args.update_goldens))
def _verify(args: argparse.Namespace, folder: Path) -> ExitCode:
    corpus = _load(folder)
    if args.update_goldens:
        try:
            changed, problems = update_goldens(corpus)
        except CorpusAccessError as exc:
            raise UsageError(f"corpus verify: {exc}") from exc
        for problem in problems:
            print(problem.describe())
        if problems:
            print(f"corpus verify: {len(problems)} problem(s); no golden was rewritten")
            return ExitCode.PROBLEMS
        for path in changed:
            print(f"rewrote {path}")
        print(f"corpus verify: {len(changed)} golden file(s) changed; review the diff")
    report = verify(corpus)
    for problem in report.problems:
        print(problem.describe())
    summary = f"{report.items} items in {report.files} files"
    if report.problems:
        print(f"corpus verify: {len(report.problems)} problem(s) in {summary}")
        return ExitCode.PROBLEMS
    print(f"corpus verify: {summary} read as their goldens say")
    return ExitCode.OK


@on_working_folder(CORPUS, writes=lambda _: True)
def _add(args: argparse.Namespace, folder: Path) -> ExitCode:
    corpus = _load(folder)
    try:
        added = add(
            corpus,
            args.entity,
            args.version,
            args.era,
            args.files,
            workflows=args.workflows,
            description=args.description,
            source=args.source,
            evidence=args.evidence,
        )
    except CorpusAccessError as exc:
        raise UsageError(f"corpus add: {exc}") from exc
    except ItemsRefused as exc:
        for problem in exc.problems:
            print(problem)
        print(f"corpus add: {exc.args[0]}", file=sys.stderr)
        return ExitCode.PROBLEMS
    except CorpusError as exc:  # an unknown shape, a file that exists, nothing to add: usage
        raise UsageError(f"corpus add: {exc}") from exc
    print(f"corpus add: wrote {added.items_path} ({added.count} items) and {added.golden_path}")
    return ExitCode.OK


def _replay(args: argparse.Namespace) -> ExitCode:
    show = not args.no_progress and sys.stderr.isatty()
    try:
        report = replay(
            args.paths,
            jobs=args.jobs,
            s3=S3Settings(args.endpoint_url, args.region),
            progress=(lambda total, files: Progress(sys.stderr, total, files)) if show else None,
        )
    except (ExportPathError, S3ExportError) as exc:  # nothing can be read there
        raise UsageError(str(exc)) from exc
    if not report.files and not report.problems:
        raise UsageError(
            "no export files under "
            + ", ".join(str(path) for path in args.paths)
            + f" (a directory is searched for {', '.join(EXPORT_SUFFIXES)})"
        )
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(report.to_text())
    if report.ok and args.fail_on_drift and report.drift:
        print(
            "novacat-persistence: corpus replay fails on drift (--fail-on-drift): the export "
            "holds what the contracts do not describe (the drift section above)",
            file=sys.stderr,
        )
        return ExitCode.PROBLEMS
    return ExitCode.OK if report.ok else ExitCode.PROBLEMS
