"""The fake table's snapshots: any item DynamoDB accepts comes back exactly as it was put."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.fake.stored_form import checked_item, freeze, thaw

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
_number = st.integers(-(10**30), 10**30).map(str) | st.decimals(
    allow_nan=False, allow_infinity=False, places=4
).map(str)
_scalars = st.one_of(
    _text.map(lambda v: {"S": v}),
    _number.map(lambda v: {"N": v}),
    st.binary(max_size=8).map(lambda v: {"B": v}),
    st.booleans().map(lambda v: {"BOOL": v}),
    st.just({"NULL": True}),
    st.lists(_text, min_size=1, max_size=3, unique=True).map(lambda v: {"SS": v}),
    st.lists(st.binary(max_size=4), min_size=1, max_size=3, unique=True).map(lambda v: {"BS": v}),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda v: {"L": v}),
        st.dictionaries(_text, inner, max_size=3).map(lambda v: {"M": v}),
    ),
    max_leaves=8,
)
_items = st.dictionaries(_text, _values, max_size=5).map(
    lambda rest: {**rest, "PK": {"S": "P"}, "SK": {"S": "S"}}
)


@given(_items)
def test_a_snapshot_gives_back_the_item(item: dict[str, Any]) -> None:
    stored = checked_item(item)
    assert thaw(freeze(stored)) == stored == item
