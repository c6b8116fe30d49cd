"""DynamoDB's nesting limits (:mod:`~novacat_persistence.contracts.nesting`) and the codec,
which refuses a document nested deeper than an attribute holds before anything is sent.

``tests/suites/test_moto_nesting.py`` holds the limits to DynamoDB Local."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts.codec.attribute_values import to_attribute_value
from novacat_persistence.contracts.codec.field_encoders import encode_fields
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import DocumentValue, PersistedEntity, SpectraProduct
from novacat_persistence.contracts.entities.base import NestedModel
from novacat_persistence.contracts.errors import EncodingError
from novacat_persistence.contracts.nesting import (
    MAX_ATTRIBUTE_LEVELS,
    MAX_EXPRESSION_VALUE_LEVELS,
    holds_more_levels,
    item_too_deep,
    values_too_deep,
)
from tests.suites.test_moto_nesting import levels_of, nested

_LEAVES = st.sampled_from([{"S": "x"}, {"N": "1"}, {"SS": ["a", "b"]}, {"NULL": True}, {"B": b"1"}])
ATTRIBUTE_VALUES = st.recursive(
    _LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=3).map(lambda v: {"L": v}),
        st.dictionaries(st.sampled_from("abc"), children, max_size=3).map(lambda v: {"M": v}),
    ),
    max_leaves=40,
)


@given(ATTRIBUTE_VALUES, st.integers(min_value=0, max_value=8))
def test_holds_more_levels_counts_lists_and_maps(value: dict[str, Any], levels: int) -> None:
    """Whether a value holds more than ``levels`` levels, as counting them says."""
    assert holds_more_levels(value, levels) == (levels_of(value) > levels)


def test_the_limits_at_their_boundaries() -> None:
    """An attribute of 31 levels (lists, maps, an empty one last, a set at the deepest) is
    within the item limit, of 32 over it; an expression value of 32 is within, of 33 over,
    named by its placeholder wherever the request holds it."""
    within = [nested(MAX_ATTRIBUTE_LEVELS, kind) for kind in ("M", "L", "LM")] + [
        nested(MAX_ATTRIBUTE_LEVELS - 1, "L", {"M": {}}),
        nested(31, "M", {"SS": ["x"]}),
    ]
    for value in within:
        assert item_too_deep({"PK": {"S": "p"}, "a": value}) is None
        assert item_too_deep({"PK": {"S": "p"}, "a": {"L": [value]}}) == "a"
    assert item_too_deep({"a": nested(2), "b": nested(MAX_ATTRIBUTE_LEVELS + 1, "L")}) == "b"
    deepest, over = nested(MAX_EXPRESSION_VALUE_LEVELS), nested(MAX_EXPRESSION_VALUE_LEVELS + 1)
    assert values_too_deep({"ExpressionAttributeValues": {":v": deepest}}) is None
    for request in (
        {"ExpressionAttributeValues": {":a": {"S": "a"}, ":v": over}},
        {"TransactItems": [{"ConditionCheck": {"ExpressionAttributeValues": {":v": over}}}]},
    ):
        reason = values_too_deep(request)
        assert reason is not None and reason.endswith("for key :v"), reason


def _document(levels: int, kind: str = "M") -> Any:
    """A Python document of exactly ``levels`` levels of dicts (``M``), lists (``L``) or
    tuples (``T``), taken in turn."""
    value: Any = "x"
    for level in range(levels):
        tag = kind[level % len(kind)]
        value = {"a": value} if tag == "M" else [value] if tag == "L" else (value,)
    return value


@pytest.mark.parametrize("kind", ["M", "L", "T", "MLT"])
def test_the_codec_refuses_a_document_nested_deeper_than_an_attribute_holds(kind: str) -> None:
    """31 levels encode to an AttributeValue of 31 levels; 32 are refused with EncodingError
    saying what to do; a value stored deeper (``levels``) may hold fewer."""
    assert levels_of(to_attribute_value(_document(MAX_ATTRIBUTE_LEVELS, kind))) == 31
    with pytest.raises(EncodingError, match="nests lists and maps more than 31 levels") as caught:
        to_attribute_value(_document(MAX_ATTRIBUTE_LEVELS + 1, kind))
    assert caught.value.hint
    assert levels_of(to_attribute_value(_document(3, kind), levels=3)) == 3
    with pytest.raises(EncodingError):
        to_attribute_value(_document(4, kind), levels=3)


def test_an_entity_holding_a_document_at_the_limit_is_encoded_and_one_level_more_refused() -> None:
    """A product's hints map holding a document of 30 levels is an attribute of 31 levels,
    encoded whole; one level more is refused before any item is made."""
    product = SpectraProduct(
        nova_id=uuid4(),
        data_product_id=uuid4(),
        provider="ESO",
        locator_identity="provider_product_id:x",
        hints={"deep": _document(MAX_ATTRIBUTE_LEVELS - 1, "ML")},
    )
    assert levels_of(encode(product)["hints"]) == MAX_ATTRIBUTE_LEVELS
    deeper = product.model_copy(update={"hints": {"deep": _document(31, "ML")}})
    with pytest.raises(EncodingError):
        encode(deeper)


class _Note(NestedModel):
    doc: dict[str, DocumentValue]


class _Holder(PersistedEntity):
    """An entity whose documents sit below its top level: in a list of maps."""

    ENTITY_TYPE: ClassVar[str] = "Holder"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"
    notes: list[_Note]


def test_a_document_below_the_top_level_holds_only_the_levels_left_above_it() -> None:
    """``notes`` is a list (level 1) of maps (2) whose ``doc`` map is level 3: its values may
    hold 28 levels, the attribute then 31; 29 are refused."""
    fits = _Holder(notes=[_Note(doc={"d": _document(MAX_ATTRIBUTE_LEVELS - 3)})])
    assert levels_of(encode_fields(fits)["notes"]) == MAX_ATTRIBUTE_LEVELS
    over = _Holder(notes=[_Note(doc={"d": _document(MAX_ATTRIBUTE_LEVELS - 2)})])
    with pytest.raises(EncodingError):
        encode_fields(over)
