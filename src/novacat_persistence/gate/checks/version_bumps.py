"""Check ``version-bumps``: each new version's number fits its change (schemadiff against the
previous version's snapshot), and every published version but the newest has an upcaster."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from novacat_persistence.contracts.versions import parse_version
from novacat_persistence.gate.bumps import judge_bump
from novacat_persistence.gate.checks.context import SCHEMAS, Context
from novacat_persistence.gate.checks.result import CheckResult, judged
from novacat_persistence.gate.working_tree import EntityVersions
from novacat_persistence.schemadiff import parse_schema

_SEMVER: Final = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def _versions(paths: list[str]) -> dict[str, list[str]]:
    """Entity folder -> published versions (not eras), oldest first, from snapshot paths."""
    found: dict[str, list[str]] = {}
    for path in paths:
        parts = path.split("/")
        name = parts[-1].removesuffix(".json")
        if len(parts) == 4 and _SEMVER.match(name):  # other names: orphans (check snapshots)
            found.setdefault(parts[2], []).append(name)
    for versions in found.values():
        versions.sort(key=parse_version)
    return found


def _schema(ctx: Context, path: str) -> dict[str, Any]:
    """The snapshot at ``path`` (as published at the base, else in the working tree); OSError,
    or ValueError when it is not UTF-8 or not a JSON Schema object the classifier takes."""
    text = ctx.at_base(path) or (ctx.repo / path).read_bytes()
    return parse_schema(text.decode("utf-8"), path)


def missing_upcasters(entities: Iterable[EntityVersions]) -> Iterator[str]:
    """A finding for each published version, but the newest, that has no upcaster (its stored
    items could not be carried to the current model)."""
    for entity in entities:
        steps = zip(entity.versions, entity.versions[1:], entity.upcasters, strict=False)
        for version, following, has_upcaster in steps:
            if not has_upcaster:
                yield (
                    f"{entity.entity_type} {version} has no upcaster to {following}: its "
                    "stored items could not be read"
                )


def version_bumps(ctx: Context) -> CheckResult:
    """Each new version's number fits its change, and old versions can be upcast (by the
    working tree's own code)."""
    base = _versions(ctx.files_at_base(SCHEMAS))
    working_paths = ctx.snapshot_paths()
    working = _versions(working_paths)
    findings, notes = [], []
    judged_count = 0
    for folder, versions in sorted(working.items()):
        for index, version in enumerate(versions):
            if version in base.get(folder, []):
                continue
            if index == 0:
                notes.append(f"{folder} {version}: first version, nothing to compare")
                continue
            previous = versions[index - 1]
            prefix = f"{SCHEMAS}/{folder}"
            try:
                verdict = judge_bump(
                    folder,
                    previous,
                    _schema(ctx, f"{prefix}/{previous}.json"),
                    version,
                    _schema(ctx, f"{prefix}/{version}.json"),
                    direction=ctx.direction,
                )
            except (OSError, ValueError) as exc:  # unreadable snapshot or schema error
                findings.append(f"{folder} {previous} -> {version}: cannot compare: {exc}")
                continue
            judged_count += 1
            (notes if verdict.ok else findings).append(verdict.describe())
    published = set(ctx.files_at_base(SCHEMAS))
    added_eras = sorted(p for p in working_paths if "/eras/" in p and p not in published)
    notes += [f"{p}: historical era added (a stored shape: no bump to judge)" for p in added_eras]
    entities = ctx.tree.entities
    if entities is None:
        findings.append(ctx.tree.not_run("entities"))
    else:
        findings += missing_upcasters(entities)
    return judged(
        "version-bumps",
        "each new version's number fits its change",
        f"{judged_count} new version(s), each bump fits its change",
        findings,
        notes,
    )
