"""What a migration run did: counts per outcome and per migrated shape, and every item it
migrated, claimed, skipped or failed (keys only, never values)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final

from novacat_persistence.reference_impl.migration import (
    NEEDS_ATTENTION,
    ItemMigration,
    Outcome,
)

FORMAT: Final = "novacat-migrate/1.1"
"""The ``format`` of the JSON report: ``novacat-migrate/<major>.<minor>``. A minor version only
adds members (1.1: ``claims``); a major one changes or removes some. Check the major."""

TEXT_EXAMPLES: Final = 20
"""Skipped or failed items the text report lists per reason (JSON lists all)."""

Shape = tuple[str, str, str, bool]
"""(entity type, stored as, written as, moved to its current key)."""


@dataclass
class MigrationReport:
    """The report of one run over ``table``; ``applied`` False for a dry run."""

    table: str
    applied: bool
    read: int = 0
    """Stored items read."""
    counts: Counter[Outcome] = field(default_factory=Counter)
    """Results per outcome, the stored items' and the claims' together."""
    claims: Counter[Outcome] = field(default_factory=Counter)
    """The claims' results per outcome (a stored item's are ``counts`` less these)."""
    shapes: Counter[Shape] = field(default_factory=Counter)
    """Migrated items per shape."""
    items: list[ItemMigration] = field(default_factory=list)
    """Every result but ``current``, in the order met."""
    stopped: str | None = None
    """Why the run ended before the last item: ``limit`` or ``interrupted``."""

    def add(self, result: ItemMigration, *, item: bool = False) -> ItemMigration:
        """Count one result (``item``: a stored item's own, else a claim's); return it."""
        self.read += int(item)
        self.counts[result.outcome] += 1
        if not item:
            self.claims[result.outcome] += 1
        if result.outcome is Outcome.CURRENT:
            return result
        self.items.append(result)
        if result.outcome is Outcome.MIGRATED:
            shape = (
                str(result.entity_type),
                str(result.stored_as),
                str(result.written_as),
                result.moved_to is not None,
            )
            self.shapes[shape] += 1
        return result

    @property
    def writes(self) -> int:
        """Items migrated and claims created (in a dry run: that would be)."""
        return self.counts[Outcome.MIGRATED] + self.counts[Outcome.CLAIMED]

    @property
    def attention(self) -> list[ItemMigration]:
        """The results that leave work for a person or a later run: failures, conflicts,
        ambiguous names, items a concurrent writer changed."""
        return [r for r in self.items if r.reason in NEEDS_ATTENTION]

    def to_json(self) -> dict[str, Any]:
        """The ``novacat-migrate/1.1`` document."""
        return {
            "format": FORMAT,
            "table": self.table,
            "applied": self.applied,
            "complete": self.stopped is None,
            "stopped": self.stopped,
            "read": self.read,
            "counts": {outcome.value: self.counts[outcome] for outcome in Outcome},
            "claims": {outcome.value: self.claims[outcome] for outcome in _CLAIM_OUTCOMES},
            "migrated_shapes": [
                {"entity_type": e, "from": old, "to": new, "moved": moved, "count": count}
                for (e, old, new, moved), count in sorted(self.shapes.items())
            ],
            "items": [_entry(result) for result in self.items],
        }

    def to_text(self) -> str:
        """Sections per outcome and a summary line."""
        verb = "migrated" if self.applied else "would migrate"
        mode = "" if self.applied else " (dry run: nothing written; --apply writes)"
        lines = [f"migrate: table {self.table}{mode}"]
        if self.shapes:
            lines.append(f"{verb}:")
            for (entity, old, new, moved), count in sorted(self.shapes.items()):
                where = "  (to its current key)" if moved else ""
                lines.append(f"  {entity:<16} {old} -> {new}: {count:,}{where}")
        claimed = Counter(r.entity_type for r in self.items if r.outcome is Outcome.CLAIMED)
        if claimed:
            lines.append("claimed:" if self.applied else "would claim:")
            lines += [f"  {entity:<16} {count:,}" for entity, count in sorted(claimed.items())]
        for outcome in (Outcome.SKIPPED, Outcome.FAILED):
            lines += _listed(outcome, [r for r in self.items if r.outcome is outcome])
        lines.append(self._summary())
        return "\n".join(lines)

    def _summary(self) -> str:
        items = self.counts - self.claims
        claims = self.claims
        done = "migrated" if self.applied else "to migrate"
        created = "created" if self.applied else "to create"
        text = (
            f"migrate: {self.read:,} item(s) read: {items[Outcome.CURRENT]:,} current, "
            f"{items[Outcome.MIGRATED]:,} {done}, {items[Outcome.SKIPPED]:,} skipped, "
            f"{items[Outcome.FAILED]:,} failed; claims: {claims[Outcome.CLAIMED]:,} {created}, "
            f"{claims[Outcome.SKIPPED]:,} skipped, {claims[Outcome.FAILED]:,} failed"
        )
        if self.stopped == "limit":
            text += "; stopped at --limit: run again to go on"
        elif self.stopped == "interrupted":
            text += "; interrupted: run again to go on"
        return text


_CLAIM_OUTCOMES: Final = (Outcome.CLAIMED, Outcome.SKIPPED, Outcome.FAILED)
"""What becomes of a claim a stored item needs."""


def _listed(outcome: Outcome, results: list[ItemMigration]) -> list[str]:
    if not results:
        return []
    lines = [f"{outcome.value} ({len(results):,}):"]
    by_reason: dict[str, list[ItemMigration]] = {}
    for result in results:
        by_reason.setdefault(str(result.reason), []).append(result)
    for reason, group in sorted(by_reason.items()):
        lines.append(f"  {reason}: {len(group):,}")
        for result in group[:TEXT_EXAMPLES]:
            what = " ".join(filter(None, (result.entity_type, result.stored_as)))
            lines.append(f"    {result.pk} / {result.sk}  {what}: {result.detail}")
        if len(group) > TEXT_EXAMPLES:
            lines.append(f"    ... and {len(group) - TEXT_EXAMPLES:,} more (--format json)")
    return lines


def _entry(result: ItemMigration) -> dict[str, Any]:
    moved = result.moved_to
    return {
        "outcome": result.outcome.value,
        "pk": result.pk,
        "sk": result.sk,
        "entity_type": result.entity_type,
        "from": result.stored_as,
        "to": result.written_as,
        "moved_to": None if moved is None else {"pk": moved.pk, "sk": moved.sk},
        "reason": None if result.reason is None else result.reason.value,
        "detail": result.detail or None,
    }
