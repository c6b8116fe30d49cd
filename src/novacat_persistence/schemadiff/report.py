"""The result of a classification: the changes found and what they mean for a version bump."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from novacat_persistence.schemadiff.catalogue import Rule, Verdict

Direction = Literal["backward", "forward", "full"]
"""Which compatibility is required: new readers of old data, old readers of new data, or both."""

DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
"""Every direction, default (``backward``) first."""

ChangeClass = Literal["breaking", "additive", "annotation", "none"]
"""What a set of changes amounts to in one direction."""

Bump = Literal["major", "minor", "patch", "none"]
"""The least semantic-version bump a set of changes requires."""

_BUMPS: dict[ChangeClass, Bump] = {
    "breaking": "major",
    "additive": "minor",
    "annotation": "patch",
    "none": "none",
}


@dataclass(frozen=True)
class Change:
    """One difference between two schemas, classified by a catalogue rule.

    ``path`` is the dotted location in the schema, following the instance structure through
    references (e.g. ``properties.locators.items.properties.kind``; empty at the root);
    ``old``/``new`` are short renderings of the values involved, ``None`` when absent.
    """

    rule: Rule
    path: str
    old: str | None
    new: str | None
    backward: Verdict
    forward: Verdict

    @property
    def rule_id(self) -> str:
        """The stable id of the rule that classified this change."""
        return self.rule.id

    def breaks(self, direction: Direction) -> bool:
        """Whether this change is incompatible in ``direction`` (``full``: in either)."""
        backward = self.backward is Verdict.INCOMPATIBLE
        forward = self.forward is Verdict.INCOMPATIBLE
        return {"backward": backward, "forward": forward, "full": backward or forward}[direction]


@dataclass(frozen=True)
class DiffReport:
    """Every classified change between an old and a new schema, in walk order."""

    changes: tuple[Change, ...]

    @property
    def backward_compatible(self) -> bool:
        """Whether the new schema accepts all data the old one accepted."""
        return self.compatible("backward")

    @property
    def forward_compatible(self) -> bool:
        """Whether the old schema accepts all data the new one accepts."""
        return self.compatible("forward")

    def compatible(self, direction: Direction) -> bool:
        """Whether no change breaks ``direction`` (``full``: neither direction is broken)."""
        return not any(change.breaks(direction) for change in self.changes)

    def change_class(self, direction: Direction) -> ChangeClass:
        """Classify the whole diff for ``direction``.

        ``breaking`` if a change breaks the direction, else ``additive`` if a change affects
        validity, else ``annotation`` if anything changed, else ``none``.
        """
        if not self.compatible(direction):
            return "breaking"
        if any(not change.rule.annotation for change in self.changes):
            return "additive"
        return "annotation" if self.changes else "none"

    def required_bump(self, direction: Direction) -> Bump:
        """Return the least version bump the diff requires when ``direction`` is promised.

        Breaking in that direction: ``major``; other validity changes: ``minor``; annotations
        only: ``patch``; identical: ``none``.
        """
        return _BUMPS[self.change_class(direction)]
