"""The fake table's snapshots: any item DynamoDB accepts comes back exactly as it was put."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.fake.stored_form import checked_item, freeze, thaw

from ..wire_values import attribute_values, text

_items = st.dictionaries(text, attribute_values(), max_size=5).map(
    lambda rest: {**rest, "PK": {"S": "P"}, "SK": {"S": "S"}}
)


@given(_items)
def test_a_snapshot_gives_back_the_item(item: dict[str, Any]) -> None:
    stored = checked_item(item)
    assert thaw(freeze(stored)) == stored == item
