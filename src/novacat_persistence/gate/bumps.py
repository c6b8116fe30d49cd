"""Bump judging: the version bump a snapshot change requires, and the one its number declares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

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


def comparable(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a snapshot without what encodes the version number itself: every
    ``schema_version`` property reads as any string (each version pins its own number, which
    is not a shape change), and the generated ``$comment`` is dropped. Any nesting depth."""
    copied = dict(schema)
    copied.pop("$comment", None)
    pending: list[dict[str, Any] | list[Any]] = [copied]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            node[:] = [_copied(value, pending) for value in node]
            continue
        for key, value in node.items():
            node[key] = _copied(value, pending)
        properties = node.get("properties")
        if isinstance(properties, dict) and "schema_version" in properties:
            properties["schema_version"] = {"type": "string"}
    return copied


def _copied(value: Any, pending: list[dict[str, Any] | list[Any]]) -> Any:
    """``value``, a shallow copy if it is an object or array (queued to be copied within)."""
    if isinstance(value, dict):
        pending.append(copy := dict(value))
        return copy
    if isinstance(value, list):
        pending.append(items := list(value))
        return items
    return value


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
