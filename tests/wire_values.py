"""Hypothesis strategies for DynamoDB attribute values in wire form (binary as raw bytes)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
"""Any string DynamoDB stores (no lone surrogates), the empty one included."""

names = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20)
"""Non-empty attribute and map-key names."""

numbers = st.integers(-(10**30), 10**30).map(str) | st.decimals(
    allow_nan=False, allow_infinity=False, places=4
).map(str)
"""Number texts: integers up to 31 digits and decimals with four places."""

scalars = st.one_of(
    text.map(lambda v: {"S": v}),
    numbers.map(lambda v: {"N": v}),
    st.binary(max_size=8).map(lambda v: {"B": v}),
    st.booleans().map(lambda v: {"BOOL": v}),
    st.just({"NULL": True}),
    st.lists(text, min_size=1, max_size=3, unique=True).map(lambda v: {"SS": v}),
    st.lists(numbers, min_size=1, max_size=3, unique=True).map(lambda v: {"NS": v}),
    st.lists(st.binary(max_size=4), min_size=1, max_size=3, unique=True).map(lambda v: {"BS": v}),
)
"""One value of every non-document type."""


def attribute_values(map_keys: st.SearchStrategy[str] = text) -> st.SearchStrategy[Any]:
    """Any attribute value, maps (keyed by ``map_keys``) and lists nested up to 8 leaves."""
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda v: {"L": v}),
            st.dictionaries(map_keys, inner, max_size=3).map(lambda v: {"M": v}),
        ),
        max_leaves=8,
    )
