"""Bump judging: the version bump a snapshot change requires, and the one its number declares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from novacat_persistence.contracts.snapshots import comparable
from novacat_persistence.contracts.versions import parse_version
from novacat_persistence.schemadiff import Bump, Direction, classify

_BUMP_RANK: Final[dict[Bump, int]] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_PARTS: Final[tuple[Bump, Bump, Bump]] = ("major", "minor", "patch")


def declared_bump(old: str, new: str) -> Bump:
    """The bump from version ``old`` to ``new`` (MAJOR.MINOR.PATCH)."""
    before, after = parse_version(old), parse_version(new)
    for part, bump in enumerate(_PARTS):
        if before[part] != after[part]:
            return bump
    return "none"


@dataclass(frozen=True)
class BumpVerdict:
    """How one new version's number compares with the bump its change requires."""

    entity: str
    old: str
    new: str
    declared: Bump
    required: Bump
    breaking: tuple[str, ...]
    """The changes that break the promised direction."""

    @property
    def ok(self) -> bool:
        """Whether the declared bump is at least the required one."""
        return _BUMP_RANK[self.declared] >= _BUMP_RANK[self.required]

    def describe(self) -> str:
        """One line (and the breaking changes) for the report."""
        head = (
            f"{self.entity} {self.old} -> {self.new}: declared {self.declared.upper()}, "
            f"the change needs {self.required.upper()}"
        )
        return "\n".join([head, *self.breaking[:10]])


def judge_bump(
    entity: str,
    old_version: str,
    old_schema: dict[str, Any],
    new_version: str,
    new_schema: dict[str, Any],
    *,
    direction: Direction = "backward",
) -> BumpVerdict:
    """Judge a new version against the previous one's snapshot: the bump the change requires
    in ``direction`` (breaking: MAJOR, additive: MINOR, annotations: PATCH) and the one the
    version numbers declare."""
    report = classify(comparable(old_schema), comparable(new_schema))
    breaking = tuple(
        f"{c.rule_id} {c.path or '(root)'}: {c.old} -> {c.new}"
        for c in report.changes
        if c.breaks(direction)
    )
    return BumpVerdict(
        entity,
        old_version,
        new_version,
        declared_bump(old_version, new_version),
        report.required_bump(direction),
        breaking,
    )
