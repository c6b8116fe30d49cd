"""Stored items to read: the committed corpus's, and hypothesis strategies for items near them
(an attribute set, retyped, nulled or dropped, a second type tag or none, another version
stamp)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from novacat_persistence.contracts.codec.export_lines import parse_export_line
from novacat_persistence.contracts.eras import ERAS
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus import CORPUS_DIR

from .wire_values import attribute_values

CORPUS_LINES = [
    line
    for path in sorted((CORPUS_DIR / "items").rglob("*.jsonl"))
    for line in path.read_bytes().splitlines()
    if len(line) < 100_000  # the 400 KB reference: slow to change, and read as any other
]
CORPUS_ITEMS = [parse_export_line(line) for line in CORPUS_LINES]

_NAMES = sorted(
    {name for spec in ENTITIES.values() for v in spec.versions for name in v.field_names}
    | {old for eras in ERAS.values() for era in eras for old in era.renames}
    | {"PK", "SK", "GSI1PK", "GSI1SK", "entity_type", "schema_version", "upstream_note"}
)
"""Every attribute name a reader knows of (fields of every version, the old names of eras,
reserved ones), and one none knows."""

_STAMPS = sorted(
    {v.version for spec in ENTITIES.values() for v in spec.versions} | {"1", "1.0", "9.0.0"}
)
_TAGS = ("S", "N", "BOOL", "L", "M", "NULL")


def _retagged(value: Any, tag: str) -> dict[str, Any]:
    """The payload of ``value`` under another type tag (what a writer of another type did)."""
    payload = next(iter(value.values())) if isinstance(value, dict) and value else value
    return {tag: True if tag == "NULL" else payload}


@st.composite
def changed_items(draw: st.DrawFn, items: list[dict[str, Any]] = CORPUS_ITEMS) -> dict[str, Any]:
    """A corpus item with up to three changes: an attribute set to any value, given another
    type tag, a second tag or none, nulled or dropped, or the item restamped."""
    item = dict(draw(st.sampled_from(items)))
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(sorted(item)) | st.sampled_from(_NAMES))
        change = draw(st.sampled_from(("set", "retag", "second", "empty", "null", "drop", "stamp")))
        if change == "set":
            item[name] = draw(attribute_values())
        elif change == "retag" and name in item:
            item[name] = _retagged(item[name], draw(st.sampled_from(_TAGS)))
        elif change == "second" and name in item and isinstance(item[name], dict):
            item[name] = {**item[name], draw(st.sampled_from(_TAGS)): "1"}
        elif change == "empty":  # no type tag at all
            item[name] = {}
        elif change == "null":
            item[name] = {"NULL": True}
        elif change == "drop":
            item.pop(name, None)
        elif change == "stamp":
            item["schema_version"] = {"S": draw(st.sampled_from(_STAMPS))}
    return item
