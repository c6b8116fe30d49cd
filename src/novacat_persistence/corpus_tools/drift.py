"""Drift: what an export holds that the contracts do not describe, though nothing is corrupt.

Two kinds are tallied by ``corpus replay``:

- **unknown attributes**: per entity and version (``<version>[+<era>]``), each attribute an
  item stores that its version's model has no field for, by name and DynamoDB type, with a
  count and the key of the first item that had it (readable items keep such attributes as
  ``read_provenance.unknown_attributes``; unreadable items of a known entity and version are
  examined too);
- **key shapes without their entity type**: items whose ``PK``/``SK`` parse as a key of the
  table's grammar but whose ``entity_type`` is missing or names no entity, by key shape and
  stored ``entity_type``.

Memory stays bounded whatever the export holds: at most :data:`MAX_ROWS` (entity, version)
rows, :data:`MAX_ATTRIBUTES` attributes per row and :data:`MAX_KEY_SHAPES` (key shape, entity
type) pairs are told apart, the rest counted under :data:`OTHER`; every name, type tag, entity
type, version and example key is kept cut to a bounded length (:mod:`.kept_text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from novacat_persistence.contracts.wire_form import AttributeValue
from novacat_persistence.corpus_tools.kept_text import MAX_KEY_CHARS, MAX_NAME_CHARS, kept, shown

MAX_ROWS: Final = 64
"""(entity, version) rows of unknown attributes told apart; the rest of an entity's versions
are counted in its row of version :data:`OTHER`."""
MAX_ATTRIBUTES: Final = 64
"""Unknown attributes told apart per entity and version."""
MAX_KEY_SHAPES: Final = 64
"""(key shape, stored entity type) pairs told apart."""
OTHER: Final = "(other)"
"""The name under which what is past a bound is counted."""
NO_ENTITY_TYPE: Final = "(none)"
"""The stored entity type of an item that has none (or none that is a string)."""


K = TypeVar("K")
_OTHER_ATTRIBUTE: Final = (OTHER, "-")
_OTHER_SHAPE: Final = (OTHER, OTHER)


@dataclass
class Seen:
    """How many items showed one kind of drift, and the key of the first."""

    count: int
    pk: str
    sk: str


def _key(item: Mapping[str, AttributeValue]) -> tuple[str, str]:
    pk, sk = item.get("PK"), item.get("SK")
    return (
        kept(str(pk.get("S", "")), MAX_KEY_CHARS) if isinstance(pk, dict) else "",
        kept(str(sk.get("S", "")), MAX_KEY_CHARS) if isinstance(sk, dict) else "",
    )


def _type(value: object) -> str:
    """The DynamoDB type of a stored value: its type tag."""
    return kept(str(next(iter(value), "?")), MAX_NAME_CHARS) if isinstance(value, dict) else "?"


@dataclass
class Drift:
    """The drift of one replay (or of several, merged)."""

    attributes: dict[tuple[str, str], dict[tuple[str, str], Seen]] = field(default_factory=dict)
    """(entity, version) -> (attribute, DynamoDB type) -> seen."""
    key_shapes: dict[tuple[str, str], Seen] = field(default_factory=dict)
    """(key shape, stored entity type) -> seen."""

    def __bool__(self) -> bool:
        return bool(self.attributes or self.key_shapes)

    def unknown_attributes(
        self,
        entity: str,
        version: str,
        unknown: Mapping[str, AttributeValue],
        item: Mapping[str, AttributeValue],
    ) -> None:
        """Count the attributes of one item that its model does not know."""
        row = self._row((entity, kept(version, MAX_NAME_CHARS)))
        key: tuple[str, str] | None = None  # the item's keys, once an attribute is first seen
        for name, value in unknown.items():
            attribute = (kept(name, MAX_NAME_CHARS), _type(value))
            seen = row.get(attribute)
            if seen is not None:  # most drift: an attribute seen before
                seen.count += 1
                continue
            if key is None:
                key = _key(item)
            _tally(row, attribute, _OTHER_ATTRIBUTE, MAX_ATTRIBUTES, Seen(1, *key))

    def _row(self, key: tuple[str, str]) -> dict[tuple[str, str], Seen]:
        """The attributes of an (entity, version) row, or of the entity's overflow row."""
        row = self.attributes.get(key)
        if row is None:
            if len(self.attributes) >= MAX_ROWS:
                key = (key[0], OTHER)
            row = self.attributes.setdefault(key, {})
        return row

    def key_shape(self, shape: str, item: Mapping[str, Any]) -> None:
        """Count one item whose keys have ``shape`` but whose entity type is unknown."""
        value = item.get("entity_type")
        text = value.get("S") if isinstance(value, dict) else None
        stored = kept(text, MAX_NAME_CHARS) if isinstance(text, str) else NO_ENTITY_TYPE
        seen = Seen(1, *_key(item))
        _tally(self.key_shapes, (shape, stored), _OTHER_SHAPE, MAX_KEY_SHAPES, seen)

    def merge(self, other: Drift) -> None:
        """Add another replay's drift to this one (first examples kept, bounds held)."""
        for row_key, row in other.attributes.items():
            mine = self._row(row_key)
            for key, seen in row.items():
                _tally(mine, key, _OTHER_ATTRIBUTE, MAX_ATTRIBUTES, seen)
        for key, seen in other.key_shapes.items():
            _tally(self.key_shapes, key, _OTHER_SHAPE, MAX_KEY_SHAPES, seen)

    def to_json(self) -> dict[str, Any]:
        """The ``drift`` object of the JSON report."""
        return {
            "attributes": [
                {
                    "entity": entity,
                    "version": version,
                    "attribute": name,
                    "type": tag,
                    "count": seen.count,
                    "example": {"pk": seen.pk, "sk": seen.sk},
                }
                for (entity, version), row in sorted(self.attributes.items())
                for (name, tag), seen in sorted(row.items())
            ],
            "key_shapes": [
                {
                    "key_shape": shape,
                    "entity_type": None if stored == NO_ENTITY_TYPE else stored,
                    "count": seen.count,
                    "example": {"pk": seen.pk, "sk": seen.sk},
                }
                for (shape, stored), seen in sorted(self.key_shapes.items())
            ],
        }

    def to_text(self) -> list[str]:
        """The lines of the text report's drift section (none when there is no drift)."""
        if not self:
            return []
        lines = ["", "drift (the data holds what the contracts do not describe):"]
        for (entity, version), row in sorted(self.attributes.items()):
            lines.append(f"  {shown(entity)} {shown(version)}: attributes its model does not know")
            lines += [
                f"    {shown(name)} ({shown(tag)}): {seen.count:,} item(s), "
                f"e.g. {seen.pk!r}/{seen.sk!r}"
                for (name, tag), seen in sorted(row.items())
            ]
        if self.key_shapes:
            lines.append("  items with the keys of an entity but not its entity_type")
            lines += [
                f"    keys of a {shown(shape)}, entity_type {shown(stored)}: {seen.count:,} "
                f"item(s), e.g. {seen.pk!r}/{seen.sk!r}"
                for (shape, stored), seen in sorted(self.key_shapes.items())
            ]
        return lines


def _tally(table: dict[K, Seen], key: K, other: K, bound: int, seen: Seen) -> None:
    """Add ``seen`` under ``key``, or under ``other`` once ``bound`` keys are told apart."""
    if key not in table and len(table) >= bound:
        key = other
    mine = table.get(key)
    if mine is None:
        table[key] = Seen(seen.count, seen.pk, seen.sk)
    else:
        mine.count += seen.count
