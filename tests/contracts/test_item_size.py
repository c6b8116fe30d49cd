"""DynamoDB's item size as the contracts count it (:mod:`~.contracts.item_size`).

The sizes of numbers below were measured on DynamoDB Local (the kit's DynamoDB Local harness,
2026-12-06): for each number, the longest string an item holding it and the string was
stored with, one character more refused; the number's size is what is left of 409,600 bytes.
``tests/suites/test_moto_item_size.py`` holds whole items to DynamoDB Local at the exact limit.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts.item_size import (
    MAX_ITEM_BYTES,
    item_size,
    number_size,
    size_over_limit,
    value_size,
)

from ..wire_values import attribute_values, names

MEASURED_NUMBER_SIZES = {
    "0": 1,
    "1": 2,
    "5": 2,
    "9": 2,
    "10": 2,
    "11": 2,
    "50": 2,
    "99": 2,
    "100": 2,
    "101": 3,
    "123": 3,
    "1000": 2,
    "1234": 3,
    "12345": 4,
    "123456": 4,
    "1.5": 3,
    "0.5": 2,
    "0.05": 2,
    "0.005": 2,
    "12.3": 3,
    "1.23": 3,
    "0.123": 3,
    "10.5": 3,
    "100.5": 4,
    "-1": 3,
    "-5": 3,
    "-10": 3,
    "-100": 3,
    "-0.5": 3,
    "-1.5": 4,
    "-123": 4,
    "-12345": 5,
    "1E+10": 2,
    "1e10": 2,
    "10000000000": 2,
    "1.0": 2,
    "1.00": 2,
    "001": 2,
    "0.0": 1,
    "-0": 1,
    "0.1": 2,
    "0.01": 2,
    "0.001": 2,
    "0.0001": 2,
    "99999999999999999999999999999999999999": 20,
    "9.9999999999999999999999999999999999999E+125": 20,
    "1E-130": 2,
    "-1E-130": 3,
    "123456789012345678901234567890123456": 19,
    "1234567890123456789012345678901234567": 20,
    "12345678901234567890123456789012345678": 20,
    "2.5E+3": 2,
    "25E2": 2,
    "250": 3,
    "2500": 2,
}
"""Number text -> the bytes DynamoDB Local counts for it."""


@pytest.mark.parametrize("text", MEASURED_NUMBER_SIZES)
def test_a_number_is_sized_as_dynamodb_local_sizes_it(text: str) -> None:
    """Base-100 digits from the first non-zero digit to the last (aligned on the decimal
    point), one byte more, and one more again for a negative number; zero is one byte."""
    assert number_size(text) == MEASURED_NUMBER_SIZES[text]
    assert value_size({"N": text}) == MEASURED_NUMBER_SIZES[text]


def test_documents_and_sets_are_sized_by_their_elements() -> None:
    """A list or map is 3 bytes and, per element, 1 byte and its size (and a map key's
    bytes); a set is its elements' sizes; texts count UTF-8 bytes, names included."""
    assert value_size({"L": [{"S": "ab"}, {"N": "-1.5"}]}) == 3 + (1 + 2) + (1 + 4)
    assert value_size({"M": {"é": {"BOOL": True}, "k": {"NULL": True}}}) == 3 + (2 + 1 + 1) + 3
    assert value_size({"L": []}) == value_size({"M": {}}) == 3
    assert value_size({"SS": ["a", "été"]}) == 1 + 5
    assert value_size({"NS": ["100", "-1"]}) == 2 + 3
    assert value_size({"BS": [b"\x00", b"ab"]}) == 3
    assert item_size({"PK": {"S": "p"}, "ß": {"B": b"xyz"}}) == (2 + 1) + (2 + 3)


@pytest.mark.parametrize(
    "value",
    [{"S": "a", "N": "1"}, {}, {"X": "1"}, {"N": "one"}, {"N": "NaN"}, {"N": "Infinity"}],
    ids=["two tags", "no tag", "unknown tag", "no number", "NaN", "infinity"],
)
def test_a_value_that_is_no_attribute_value_is_refused(value: dict[str, Any]) -> None:
    """ValueError, saying what the value is, for what DynamoDB would not store."""
    with pytest.raises(ValueError, match=r"a (value|number text) (of|that is no)"):
        value_size(value)


@given(st.dictionaries(names, attribute_values(), min_size=1, max_size=6))
def test_an_items_json_is_never_shorter_than_its_size(item: dict[str, Any]) -> None:
    """What lets most items be passed without counting them (binary payloads as long as their
    bytes)."""
    text = orjson.dumps(item, default=lambda v: "x" * len(v))
    assert len(text) >= item_size(item)


@given(st.dictionaries(names, attribute_values(), max_size=6), st.integers(-3, 3))
def test_only_an_item_over_the_limit_has_its_size_told(item: dict[str, Any], past: int) -> None:
    """An item filled to the limit, a few bytes under or over: its size is told exactly when
    it is over."""
    item = {**item, "filler": {"S": ""}}
    item["filler"] = {"S": "x" * (MAX_ITEM_BYTES + past - item_size(item))}
    assert size_over_limit(item) == (MAX_ITEM_BYTES + past if past > 0 else None)
