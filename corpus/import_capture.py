r"""The script that recorded what Nova Cat's services really wrote (run once per capture; kept
as the record of how).

    python -m novacat_persistence.corpus.import_capture --source nova-cat-bf28f13 \\
        --commit bf28f13 CAPTURE_DIR... [--corpus DIR] [--dry-run]

``CAPTURE_DIR`` holds the export lines ``pytest --novacat-capture`` wrote while Nova Cat's own
tests (or a driver of its writers) ran at ``--commit``. Each line keeps its ``Capture`` record:
the test and the writing ``file:line`` of every write that made the item.

An item is evidence of what the deployed code stores when:

- every write that made it comes from Nova Cat's code (``services/``), not from a test that
  seeded it;
- it holds no test-only value (:data:`TEST_ONLY`: ids such as ``job-001``, ``FAKE.BIBCODE``,
  pytest's temporary paths), which are no evidence of real data;
- it reads: an item that does not is reported (a shape the kit still refuses).

The items kept are grouped by entity and by the version or era they read as, and each group is
recorded as one corpus file of the source (``<label>@<source>.jsonl``) with ``corpus add``'s
checks, its evidence (repository, commit, the writers' ``file:line``) and the workflows of its
writers. With ``--kit-shapes``, each current version or new entity type that has no corpus
file yet also gets one of the items the kit itself writes for the same data (each kept item
read and written back by the codec; source ``kit-<commit>``), so that every version has items.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from novacat_persistence.contracts.codec.export_lines import item_to_export_line
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import is_legacy
from novacat_persistence.contracts.eras import label_of
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.store import Corpus
from novacat_persistence.corpus_tools.verify import add_lines, recorded_items, stored_item

REPOSITORY: Final = "finzellt/aws_nova_cat"
WRITERS: Final = "services/"
TEST_ONLY: Final = re.compile(
    r"(?i)fake|/tmp/pytest|\btest\b|test-|-test|integ-|\b(corr|job|dp|comp|run)-\d|"
    r"aaaa-bbbb|snrgate|nova-uuid|other-nova"
)
"""Values tests invent, which no deployed writer stores."""

WORKFLOWS: Final[dict[str, tuple[str, ...]]] = {
    "job_run_manager": (
        "initialize_nova",
        "ingest_new_nova",
        "refresh_references",
        "discover_spectra_products",
        "acquire_and_validate_spectra",
        "ingest_ticket",
    ),
    "quarantine_handler": ("initialize_nova", "acquire_and_validate_spectra"),
    "idempotency_guard": (
        "initialize_nova",
        "ingest_new_nova",
        "refresh_references",
        "discover_spectra_products",
        "acquire_and_validate_spectra",
        "ingest_ticket",
    ),
    "nova_resolver": ("initialize_nova",),
    "nova_resolver_ticket": ("ingest_ticket",),
    "reference_manager": ("refresh_references",),
    "spectra_discoverer": ("discover_spectra_products",),
    "spectra_acquirer": ("acquire_and_validate_spectra",),
    "spectra_validator": ("acquire_and_validate_spectra",),
    "workflow_launcher": ("discover_spectra_products", "acquire_and_validate_spectra"),
    "ticket_ingestor": ("ingest_ticket",),
    "nova_common_layer": ("refresh_references", "acquire_and_validate_spectra", "ingest_ticket"),
    "artifact_coordinator": ("regenerate_artifacts",),
    "artifact_finalizer": ("regenerate_artifacts",),
    "artifact_generator": ("regenerate_artifacts",),
}
"""The workflows each of Nova Cat's services serves (its Step Functions definitions)."""


@dataclass
class Group:
    """The kept items of one entity and label, and what shows they were written so."""

    lines: list[bytes] = field(default_factory=list)
    writers: set[str] = field(default_factory=set)
    tests: set[str] = field(default_factory=set)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def select(paths: Sequence[Path]) -> tuple[dict[tuple[str, str], Group], list[str]]:
    """The kept items, grouped by (entity, label), and why the others were left out."""
    groups: dict[tuple[str, str], Group] = defaultdict(Group)
    left_out: list[str] = []
    for path in paths:
        for file in sorted(path.glob("*.jsonl")):
            for number, line in enumerate(file.read_bytes().splitlines(), start=1):
                where = f"{file.name}:{number}"
                record = json.loads(line)
                writes = record["Capture"]["writes"]
                if not all(w["at"].startswith(WRITERS) for w in writes):
                    left_out.append(f"{where}: seeded or written by a test")
                    continue
                item = record["Item"]
                odd = next((t for t in _strings(item) if TEST_ONLY.search(t)), None)
                if odd is not None:
                    left_out.append(f"{where}: test-only value {odd!r}")
                    continue
                try:
                    entity = decode(item)
                except Exception as exc:  # reported: a shape the kit does not read
                    left_out.append(f"{where}: UNREADABLE {type(exc).__name__}: {exc}")
                    continue
                provenance = entity.read_provenance
                assert provenance is not None
                label = label_of(provenance.source_version, provenance.era)
                group = groups[(entity.ENTITY_TYPE, label)]
                group.lines.append(line)
                group.writers.update(w["at"] for w in writes)
                group.tests.update(w["test"] for w in writes)
    return groups, left_out


def _workflows(writers: Iterable[str]) -> list[str]:
    found: set[str] = set()
    for writer in writers:
        parts = writer.split("/")
        found.update(WORKFLOWS.get(parts[1] if len(parts) > 1 else "", ()))
    return sorted(found) or ["unknown"]


def record(
    corpus: Corpus, groups: dict[tuple[str, str], Group], source: str, commit: str
) -> list[str]:
    """Add one corpus file per group; return what was written (and left out), line by line."""
    written = []
    recorded = recorded_items(corpus)
    for (entity, label), group in sorted(groups.items()):
        version, _, era = label.partition("+")
        if corpus.find(entity, label, source) is not None:
            continue  # recorded by an earlier run
        evidence = [
            f"{REPOSITORY} at {commit}: items captured from its services' own tests (and a "
            "driver of its writers with realistic inputs) on moto with pytest --novacat-capture",
            *(f"written at {writer}" for writer in sorted(group.writers)),
        ]
        lines, repeated = _not_recorded(recorded, group.lines)
        if not lines:
            written.append(f"left out {entity} {label}: every item is in the corpus already")
            continue
        added = add_lines(
            corpus,
            entity,
            version,
            era or None,
            lines,
            workflows=_workflows(group.writers),
            description=f"as Nova Cat's services wrote them at {commit} ({len(group.tests)} "
            "test(s))",
            source=source,
            evidence=evidence,
        )
        written.append(f"wrote {added.items_path}: {added.count} item(s){repeated}")
    return written


def _not_recorded(recorded: dict[bytes, str], lines: Sequence[bytes]) -> tuple[list[bytes], str]:
    """The lines whose items neither ``recorded`` (``recorded_items``: the corpus's, and those
    kept before; the kept ones are added) nor an earlier line holds (a corpus holds each item
    once: ``corpus add`` refuses it again), and a note of how many were left out."""
    kept = []
    for line in lines:
        item = stored_item(line)
        if item is None or item not in recorded:
            kept.append(line)
            if item is not None:
                recorded[item] = "an earlier line"
    left = len(lines) - len(kept)
    return kept, f" ({left} already recorded, left out)" if left else ""


def record_kit_shapes(
    corpus: Corpus, groups: dict[tuple[str, str], Group], source: str, commit: str
) -> list[str]:
    """For each current version with no corpus file, one file of the items the kit writes for
    the kept items' data (each read, then written back by the codec), as source
    ``kit-<commit>``; return what was written (and left out), line by line."""
    written = []
    by_entity: dict[str, list[bytes]] = defaultdict(list)
    for (entity, _label), group in sorted(groups.items()):
        for line in group.lines:
            read = decode(json.loads(line)["Item"])
            if not is_legacy(read):
                by_entity[entity].append(item_to_export_line(encode(read)))
    recorded = recorded_items(corpus)
    for entity, written_back in sorted(by_entity.items()):
        current = ENTITIES[entity].current.version
        if any(f.entity == entity and f.label == current for f in corpus.files):
            continue
        lines, repeated = _not_recorded(recorded, written_back)
        if not lines:
            written.append(f"left out {entity} {current}: every item is in the corpus already")
            continue
        added = add_lines(
            corpus,
            entity,
            current,
            None,
            lines,
            workflows=["(the kit's writers)"],
            description="what the kit writes for the data Nova Cat's services stored",
            source=f"kit-{commit}",
            evidence=[f"the items of source {source}, read and written back by the kit's codec"],
        )
        written.append(f"wrote {added.items_path}: {added.count} item(s){repeated}")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Record a capture in the corpus (see the module)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("captures", nargs="+", type=Path, metavar="CAPTURE_DIR")
    parser.add_argument("--source", required=True, help="the source's name, e.g. nova-cat-bf28f13")
    parser.add_argument("--commit", required=True, help="the upstream commit the capture ran at")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="the corpus folder")
    parser.add_argument("--kit-shapes", action="store_true", help="also record the kit's shapes")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = parser.parse_args(argv)
    groups, left_out = select(args.captures)
    for reason in left_out:
        print(f"left out {reason}")
    for (entity, label), group in sorted(groups.items()):
        print(f"keep {entity} {label}: {len(group.lines)} item(s)")
    if args.dry_run:
        return 0
    corpus = Corpus.load(args.corpus)
    for line in record(corpus, groups, args.source, args.commit):
        print(line)
    if args.kit_shapes:
        for line in record_kit_shapes(corpus, groups, args.source, args.commit):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
