"""The codec: exact round trips, omitted Nones, the sparse index, versions and upcasting."""

from __future__ import annotations

import base64
import contextlib
import copy
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from novacat_persistence.contracts.codec import wire
from novacat_persistence.contracts.codec.attribute_values import (
    from_attribute_value,
    number_text,
    to_attribute_value,
)
from novacat_persistence.contracts.codec.export_lines import (
    decode_export_line,
    encode_export_line,
    item_to_export_line,
    parse_export_line,
)
from novacat_persistence.contracts.codec.items import decode, encode, validate_entity
from novacat_persistence.contracts.entities import (
    Nova,
    PersistedEntity,
    SpectraProduct,
    SpectraProductV1,
)
from novacat_persistence.contracts.enums import Eligibility, ValidationStatus
from novacat_persistence.contracts.errors import (
    EncodingError,
    EntityValidationError,
    ErrorClassification,
    PersistenceError,
    UnreadableItemError,
    UnsupportedSchemaVersionError,
)
from novacat_persistence.suites.harness.strategies import (
    ENTITY_STRATEGIES,
    decimals_38,
    documents,
    entities,
)

NOVA = UUID("4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60")
PRODUCT = UUID("0b8e6f1a-3c2d-4e5f-8a9b-0c1d2e3f4a5b")
T0 = datetime(2025, 6, 1, 12, 30, tzinfo=UTC)


def spectra(**overrides: object) -> SpectraProduct:
    fields: dict[str, object] = {
        "nova_id": NOVA,
        "data_product_id": PRODUCT,
        "provider": "ESO",
        "locator_identity": "provider_product_id:ADP.2019-03-14T09:12:33.123",
        "created_at": T0,
        "updated_at": T0,
    }
    fields.update(overrides)
    return SpectraProduct.model_validate(fields)


@pytest.mark.parametrize("model", list(ENTITY_STRATEGIES), ids=lambda m: m.__name__)
def test_every_entity_round_trips_through_items_and_export_lines(model: type) -> None:
    @given(ENTITY_STRATEGIES[model])
    def round_trip(entity: PersistedEntity) -> None:
        item = encode(entity)
        assert decode(copy.deepcopy(item)) == entity
        assert decode_export_line(encode_export_line(entity)) == entity
        assert all(v != {"NULL": True} for v in item.values())
        assert item["entity_type"] == {"S": entity.ENTITY_TYPE}
        assert item["schema_version"] == {"S": entity.SCHEMA_VERSION}

    round_trip()


@given(documents)
def test_document_values_round_trip_exactly(value: object) -> None:
    assert from_attribute_value(to_attribute_value(value)) == value


_STORABLE_CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
"""Characters UTF-8 encodes and DynamoDB keeps: no lone surrogate, no NUL."""


@given(
    st.one_of(
        st.frozensets(st.text(_STORABLE_CHARACTERS, max_size=8), min_size=1),
        st.frozensets(st.integers(-(10**20), 10**20), min_size=1),
        st.frozensets(st.binary(max_size=8), min_size=1),
    )
)
def test_sets_round_trip_as_string_number_and_binary_sets(value: frozenset[Any]) -> None:
    """A set is stored under the tag of what it holds, its members sorted, and reads back
    equal; binary members also read back from an export line's base64 text."""
    stored = to_attribute_value(value)
    ((tag, members),) = stored.items()
    kind = type(next(iter(value)))
    assert tag == {str: "SS", int: "NS", bytes: "BS"}[kind]
    assert from_attribute_value(stored) == value
    if tag == "BS":
        as_exported = {"BS": [base64.b64encode(m).decode("ascii") for m in members]}
        assert from_attribute_value(as_exported) == value
    elif tag == "SS":
        assert members == sorted(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (frozenset(), "empty set"),
        ({"a", 1}, "only strings, only numbers or only bytes"),
        ({True}, "only strings, only numbers or only bytes"),
        (object(), "a object value cannot be stored"),
        (1 + 2j, "a complex value cannot be stored"),
    ],
)
def test_values_dynamodb_cannot_store_are_refused_by_name(value: Any, message: str) -> None:
    with pytest.raises(EncodingError, match=message):
        to_attribute_value(value)


def test_a_boolean_is_no_number_and_an_enumeration_is_stored_as_its_value() -> None:
    with pytest.raises(EncodingError, match="a boolean is not a number"):
        number_text(True)
    assert to_attribute_value(Eligibility.ACQUIRE) == {"S": "ACQUIRE"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"S": "a", "N": "1"}, "exactly one type tag"),
        ({}, "exactly one type tag"),
        ({"X": "1"}, "unknown AttributeValue type tag 'X'"),
    ],
)
def test_malformed_attribute_values_are_refused_by_name(value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        from_attribute_value(value)


@given(decimals_38)
def test_decimals_round_trip_exactly(value: Decimal) -> None:
    back = from_attribute_value(to_attribute_value(value))
    assert Decimal(back) == value


def test_thirty_eight_digits_are_kept_and_thirty_nine_refused() -> None:
    big = 10**38 - 1
    assert from_attribute_value(to_attribute_value(big)) == big
    assert from_attribute_value(
        to_attribute_value(Decimal("-0.12345678901234567890123456789012345678"))
    ) == Decimal("-0.12345678901234567890123456789012345678")
    with pytest.raises(EncodingError, match="39 significant digits"):
        to_attribute_value(10**38 + 1)
    with pytest.raises(EncodingError, match="range"):
        to_attribute_value(Decimal("1E-131"))


@pytest.mark.parametrize(
    "bad", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("Infinity")]
)
def test_non_finite_numbers_are_refused(bad: object) -> None:
    with pytest.raises(EncodingError, match="cannot be stored"):
        to_attribute_value(bad)


def test_floats_are_stored_exactly_by_their_shortest_repr() -> None:
    assert to_attribute_value(0.1) == {"N": "0.1"}
    nova = Nova(
        nova_id=NOVA,
        primary_name="V1500 Cyg",
        primary_name_normalized="v1500 cyg",
        ra_deg=315.5404166666667,
        dec_deg=-0.1,
    )
    back = decode(encode(nova))
    assert isinstance(back, Nova)
    assert back.ra_deg == 315.5404166666667 and back.dec_deg == -0.1


def test_stored_decimal_text_without_an_exact_float_is_refused_not_rounded() -> None:
    item = encode(Nova(nova_id=NOVA, primary_name="x", primary_name_normalized="x", ra_deg=10.5))
    item["ra_deg"] = {"N": "10.50000000000000000001"}
    with pytest.raises(UnreadableItemError, match="exact float"):
        decode(item)
    item["ra_deg"] = {"N": "10.5000"}
    assert decode(item).ra_deg == 10.5  # type: ignore[attr-defined]


def test_unstorable_strings_are_refused() -> None:
    with pytest.raises(EncodingError, match="NUL"):
        encode(Nova(nova_id=NOVA, primary_name="nul\x00byte", primary_name_normalized="x"))
    with pytest.raises(EncodingError, match="surrogate"):
        to_attribute_value({"note": "lone \udc80 surrogate"})
    with pytest.raises(ValidationError):  # models refuse them before the codec sees them
        Nova(nova_id=NOVA, primary_name="lone \udc80", primary_name_normalized="x")


def test_none_fields_are_omitted() -> None:
    item = encode(spectra())
    assert "last_attempt_at" not in item and "content_fingerprint" not in item
    assert item["attempt_count_total"] == {"N": "0"}


def test_gsi1_attributes_exactly_while_eligible() -> None:
    eligible = encode(spectra())
    assert eligible["GSI1PK"] == {"S": str(NOVA)}
    assert eligible["GSI1SK"] == {"S": f"ELIG#ACQUIRE#SPECTRA#ESO#{PRODUCT}"}
    for done in (
        spectra(eligibility=Eligibility.NONE),
        spectra(validation_status=ValidationStatus.VALID, eligibility=Eligibility.NONE),
    ):
        item = encode(done)
        assert "GSI1PK" not in item and "GSI1SK" not in item


def test_null_typed_attributes_read_as_absent() -> None:
    item = encode(spectra(eligibility=Eligibility.NONE, content_fingerprint="ab"))
    item["GSI1PK"] = {"NULL": True}
    item["GSI1SK"] = {"NULL": True}
    item["content_fingerprint"] = {"NULL": True}
    product = decode(item)
    assert isinstance(product, SpectraProduct)
    assert product.content_fingerprint is None
    rewritten = encode(product)
    assert "GSI1PK" not in rewritten and "content_fingerprint" not in rewritten


def test_short_version_one_reads_as_one_zero_zero() -> None:
    nova = Nova(nova_id=NOVA, primary_name="x", primary_name_normalized="x")
    item = encode(nova)
    item["schema_version"] = {"S": "1"}
    back = decode(item)
    assert back == nova
    assert back.read_provenance is not None and back.read_provenance.source_version == "1.0.0"


def historical_spectra_item(**fields: object) -> dict[str, dict[str, object]]:
    old = SpectraProductV1(
        nova_id=NOVA,
        data_product_id=PRODUCT,
        provider="ESO",
        locator_identity="provider_product_id:X1",
        attempt_count=4,
        sha256="a" * 64,
        created_at=T0,
        updated_at=T0,
        **fields,  # type: ignore[arg-type]
    )
    return encode(old)


def test_historical_data_product_is_upcast_to_the_current_model() -> None:
    item = historical_spectra_item(validation_status="VALID", eligibility="NONE")
    assert item["schema_version"] == {"S": "1.0.0"} and "attempt_count" in item
    product = decode(item)
    assert isinstance(product, SpectraProduct)
    assert product.attempt_count_total == 4
    assert product.content_fingerprint == "a" * 64
    assert product.last_successful_fingerprint == "a" * 64
    assert product.read_provenance is not None
    assert product.read_provenance.source_version == "1.0.0"
    rewritten = encode(product)
    assert rewritten["schema_version"] == {"S": SpectraProduct.SCHEMA_VERSION}
    assert "attempt_count" not in rewritten and "sha256" not in rewritten


def test_historical_unvalidated_product_has_no_successful_fingerprint() -> None:
    product = decode(historical_spectra_item())
    assert isinstance(product, SpectraProduct)
    assert product.last_successful_fingerprint is None
    assert product.eligibility is Eligibility.ACQUIRE


def test_unknown_major_version_is_a_terminal_typed_error() -> None:
    item = encode(spectra())
    item["schema_version"] = {"S": "3.0.0"}
    with pytest.raises(UnsupportedSchemaVersionError) as raised:
        decode(item)
    assert raised.value.classification is ErrorClassification.TERMINAL
    assert not raised.value.retryable
    assert raised.value.supported == ["1.0.0", "2.0.0", "2.1.0", "2.2.0"]
    for bad in ("banana", "", "2.x", "0.9.0"):
        item["schema_version"] = {"S": bad}
        with pytest.raises(UnsupportedSchemaVersionError):
            decode(item)


def test_newer_minor_attributes_survive_a_rewrite() -> None:
    item = encode(spectra())
    item["schema_version"] = {"S": "2.3.0"}
    item["future_field"] = {"M": {"n": {"N": "1.50"}, "tags": {"SS": ["a", "b"]}}}
    product = decode(item)
    assert isinstance(product, SpectraProduct)
    assert product.read_provenance is not None
    assert product.read_provenance.unknown_attributes == {"future_field": item["future_field"]}
    changed = product.model_copy(update={"attempt_count_total": 7})
    changed.attach_read_provenance(product.read_provenance)
    rewritten = encode(changed)
    assert rewritten["future_field"] == item["future_field"]
    assert rewritten["schema_version"] == {"S": "2.3.0"}
    assert rewritten["attempt_count_total"] == {"N": "7"}


def test_unknown_entity_type_and_malformed_items_are_typed_errors() -> None:
    with pytest.raises(UnreadableItemError, match="entity_type"):
        decode({"PK": {"S": "x"}, "SK": {"S": "y"}})
    with pytest.raises(UnreadableItemError, match="entity_type"):
        decode({"entity_type": {"S": "Spaceship"}, "schema_version": {"S": "1"}})
    with pytest.raises(UnreadableItemError, match="entity_type"):  # not an AttributeValue
        decode({"entity_type": "Nova", "schema_version": {"S": "1"}})  # type: ignore[dict-item]
    with pytest.raises(UnreadableItemError, match="schema_version"):
        decode({"entity_type": {"S": "Nova"}, "schema_version": "1"})  # type: ignore[dict-item]
    item = encode(spectra())
    del item["schema_version"]
    with pytest.raises(UnreadableItemError, match="schema_version"):
        decode(item)
    item = encode(spectra())
    item["attempt_count_total"] = {"S": "2"}
    with pytest.raises(UnreadableItemError, match="attempt_count_total"):
        decode(item)
    item["attempt_count_total"] = {"N": "1", "S": "2"}
    with pytest.raises(UnreadableItemError, match="one type tag"):
        decode_export_line(item_to_export_line(item))
    item = encode(spectra())
    item["validation_status"] = {"S": "MAYBE"}
    with pytest.raises(UnreadableItemError, match="validation_status"):
        decode(item)


_LEAVES = st.one_of(
    st.text(max_size=5),
    st.integers(),
    st.none(),
    st.booleans(),
    st.binary(max_size=3),
    st.lists(st.text(max_size=3), max_size=2),
)
_MANGLED = st.one_of(
    st.dictionaries(st.sampled_from(["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "X"]), _LEAVES),
    _LEAVES,
)


@given(entities, st.data())
def test_a_mangled_item_is_read_or_refused_with_a_typed_error(
    entity: PersistedEntity, data: st.DataObject
) -> None:
    """Any attribute replaced by any value (another type tag, two tags, a bare value)."""
    item: dict[str, Any] = dict(encode(entity))
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from([*sorted(item), "extra"]))
        item[name] = data.draw(_MANGLED)
    with contextlib.suppress(PersistenceError):  # read, or refused with a typed error
        decode(item)


def typed(value: object) -> object:
    """A value with the type of each of its parts spelled out (``True == 1`` and
    ``Decimal(1) == 1``: equality alone would not tell them apart)."""
    if isinstance(value, dict):
        return {key: typed(part) for key, part in value.items()}
    if isinstance(value, list):
        return [typed(part) for part in value]
    return (type(value), value)


@given(documents)
def test_a_document_stored_reads_back_as_it_was_by_the_wire_validators(value: object) -> None:
    """What the wire validators read a free document (``hints``) with: the map of a
    document field, and each value in it."""
    stored = to_attribute_value(value)
    assert typed(wire._document(stored)) == typed(value)
    assert typed(wire._document_map({"field": stored})) == typed({"field": value})


_DOCUMENT_PAYLOADS: dict[str, type] = {"S": str, "N": str, "BOOL": bool, "L": list, "M": dict}
"""The type of each document value's payload (NULL's is whatever it holds)."""


@given(_MANGLED)
def test_a_value_that_is_no_document_is_refused_by_the_wire_validators(value: Any) -> None:
    """Sets, binary, bare values, two tags, a payload of another type: refused with a
    ValueError (pydantic's error for the field); a document value reads as the codec reads it."""
    tag = next(iter(value)) if isinstance(value, dict) and len(value) == 1 else None
    try:
        read = wire._document(value)
    except ValueError:  # never a text or a truth value stored as one
        assert not (tag in ("S", "BOOL") and type(value[tag]) is _DOCUMENT_PAYLOADS[tag])
        with pytest.raises(ValueError):  # nor in the map of a document field
            wire._document_map({"field": value})
        return
    assert tag == "NULL" or type(value[tag]) is _DOCUMENT_PAYLOADS[tag]
    assert typed(read) == typed(from_attribute_value(value))
    assert typed(wire._document_map({"field": value})) == typed({"field": read})


@pytest.mark.parametrize("text", ["abc", "", "NaN", "-Infinity", "1e", "0x10"])
def test_a_stored_number_that_is_no_finite_number_is_a_typed_error(text: str) -> None:
    """In a free document (``hints``) as in a number field: never a raw decimal error."""
    item = dict(encode(spectra(byte_length=10, hints={"snr": 25})))
    with pytest.raises(ValueError, match="not a finite number"):
        from_attribute_value({"N": text})
    for changed in (
        item | {"hints": {"M": {"snr": {"N": text}}}},
        item | {"byte_length": {"N": text}},
    ):
        with pytest.raises(UnreadableItemError):
            decode(changed)


_ANY_VALUE = st.one_of(
    _LEAVES, st.floats(), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2)
)


@given(entities, st.data())
def test_an_entity_built_without_validation_is_encoded_or_refused_with_a_typed_error(
    entity: PersistedEntity, data: st.DataObject
) -> None:
    fields = dict(entity.__dict__)
    fields[data.draw(st.sampled_from(sorted(fields)))] = data.draw(_ANY_VALUE)
    with contextlib.suppress(PersistenceError):
        encode(type(entity).model_construct(**fields))


def test_a_value_of_another_type_is_refused_naming_the_entity() -> None:
    unchecked = SpectraProduct.model_construct(**{**spectra().__dict__, "created_at": "today"})
    with pytest.raises(EncodingError, match="DataProduct holds a value"):
        encode(unchecked)


def test_a_bare_value_for_a_field_is_named_in_the_error() -> None:
    item: dict[str, Any] = dict(encode(spectra()))
    item["created_at"] = None
    with pytest.raises(UnreadableItemError, match="'created_at' as a bare NoneType"):
        decode(item)


@pytest.mark.parametrize(
    "line",
    [
        b"{not json",
        b"[]",
        b'{"Items": {}}',
        b'{"Item": {"PK": "x"}}',
        b"",
        b'{"Item": {"PK": {"S": "x", "N": "1"}}}',
        b'{"Item": {"PK": {}}}',
        # two tags on one attribute and none on another: as many tags as attributes
        b'{"Item": {"PK": {"S": "x", "N": "1"}, "SK": {}}}',
        b'{"Item": {"PK": {"S": "x"}, "SK": ["S", "y"]}}',
        b'{"Item": {"PK": {"S": "x"}, "SK": "y"}}',
        b'{"Item": {"PK": {"S": "x"}, "SK": ["S"]}}',  # one element, but no map
    ],
)
def test_malformed_export_lines_are_typed_errors(line: bytes) -> None:
    with pytest.raises(UnreadableItemError, match=r"one type tag per attribute|not valid JSON"):
        parse_export_line(line)


def test_an_export_line_of_no_attribute_is_an_item_of_nothing() -> None:
    assert parse_export_line(b'{"Item": {}}') == {}


def test_export_lines_carry_binary_as_base64() -> None:
    item = {"blob": {"B": b"\x00\xff"}}
    line = item_to_export_line(item)
    assert orjson.loads(line) == {"Item": {"blob": {"B": "AP8="}}}
    assert from_attribute_value(parse_export_line(line)["blob"]) == b"\x00\xff"


def test_items_over_400_kb_are_refused() -> None:
    big = spectra(normalization_notes=["n" * 100_000] * 4 + ["n" * 10_000])  # > 409,600 bytes
    with pytest.raises(EncodingError, match="409600"):
        encode(big)
    fits = spectra(normalization_notes=["n" * 100_000] * 4)
    assert len(encode(fits)["normalization_notes"]["L"]) == 4


def test_caller_input_errors_are_typed_not_pydantic() -> None:
    with pytest.raises(EntityValidationError) as raised:
        validate_entity(Nova, {"nova_id": "not-a-uuid", "primary_name": ""})
    assert raised.value.entity == "Nova"
    assert "nova_id" in raised.value.details and "primary_name" in raised.value.details
