"""The fake table's snapshots: any item DynamoDB accepts comes back exactly as it was put."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.fake.stored_form import checked_item, freeze, thaw
from tests.suites.test_moto_nesting import nested

from ..wire_values import attribute_values, text

_items = st.dictionaries(text, attribute_values(), max_size=5).map(
    lambda rest: {**rest, "PK": {"S": "P"}, "SK": {"S": "S"}}
)


@given(_items)
def test_a_snapshot_gives_back_the_item(item: dict[str, Any]) -> None:
    stored = checked_item(item)
    assert thaw(freeze(stored)) == stored == item


def test_an_item_nested_deeper_than_dynamodb_stores_is_refused() -> None:
    """An attribute of 31 levels of lists and maps is taken, of 32 refused naming it
    (DynamoDB Local's limit: ``tests/suites/test_moto_nesting.py``)."""
    deepest = {"PK": {"S": "P"}, "SK": {"S": "S"}, "deep": nested(31, "LM")}
    assert checked_item(deepest) == deepest
    with pytest.raises(InputValidationError, match="deep: Nesting Levels have exceeded"):
        checked_item({**deepest, "deep": nested(32, "LM")})
