"""An upcast validates its carried fields as the current model's own validator does.

``EntitySpec.upcast_to_current`` passes on, unvalidated, the container fields the older model
validated with the current model's very schema (``codec.revalidation``), when the upcasters
handed on the very objects read. The oracle is the current model's own validator over every
carried field: the same entity, set fields and value types, for every upcast the codec makes
of the corpus (eras included) and of items near it; the same refusal when an upcaster hands
on a value the current model refuses; and the fields' own validation where their schemas
differ or a validator would change a value again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BeforeValidator, Field, ValidationError

from novacat_persistence.contracts.codec import items
from novacat_persistence.contracts.codec.revalidation import _revalidator, revalidate
from novacat_persistence.contracts.entities import PersistedEntity
from novacat_persistence.contracts.entities.data_product import (
    SpectraProduct,
    SpectraProductV1,
)
from novacat_persistence.contracts.enums import Eligibility, ValidationStatus
from novacat_persistence.contracts.errors import PersistenceError
from novacat_persistence.contracts.versions import EntitySpec, EntityVersion

from ..stored_items import CORPUS_ITEMS, changed_items

Upcast = tuple[EntitySpec, PersistedEntity, EntityVersion]


@contextmanager
def upcasts_recorded() -> Iterator[list[Upcast]]:
    """Every upcast the codec makes meanwhile (readers built afresh, and again after)."""
    real = EntitySpec.upcast_to_current
    made: list[Upcast] = []

    def recording(spec: EntitySpec, entity: Any, start: EntityVersion) -> PersistedEntity:
        made.append((spec, entity, start))
        return real(spec, entity, start)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(items, "_READERS", {})
        patch.setattr(EntitySpec, "upcast_to_current", recording)
        yield made
    items._READERS.clear()


def carried(spec: EntitySpec, entity: PersistedEntity, start: EntityVersion) -> dict[str, Any]:
    """The fields the upcasters carry from ``entity`` (read at ``start``) to the current
    version."""
    fields = dict(entity.__dict__)
    for step in spec.versions[spec.versions.index(start) : -1]:
        fields = step.carry(fields)
    return fields


def validated_in_full(spec: EntitySpec, entity: PersistedEntity, start: EntityVersion) -> Any:
    """The oracle: the current model's own validator over every carried field."""
    fields = carried(spec, entity, start)
    model = spec.current.model_for(fields)
    return model.__pydantic_validator__.validate_python(fields)


def assert_same_entity(got: PersistedEntity, expected: PersistedEntity) -> None:
    assert type(got) is type(expected)
    assert got == expected
    assert got.model_fields_set == expected.model_fields_set
    for name, value in expected.__dict__.items():
        assert type(got.__dict__[name]) is type(value), name


def errors(exc: ValidationError) -> list[Any]:
    """What a refusal says: each error's place, kind and message."""
    return [(e["loc"], e["type"], e["msg"]) for e in exc.errors()]


def passes_on(entity: PersistedEntity, spec: EntitySpec, start: EntityVersion) -> bool:
    """Whether the upcast of ``entity`` passes container fields on unvalidated."""
    fields = carried(spec, entity, start)
    found = _revalidator(type(entity), spec.current.model_for(fields))
    return found is not None and all(fields.get(n) is entity.__dict__.get(n) for n in found[0])


def recorded_upcasts(stored: list[dict[str, Any]]) -> list[Upcast]:
    """The upcasts of reading ``stored`` in two steps (older model, upcasters), as the codec
    does for items the current model does not read alike."""
    with upcasts_recorded() as made:
        for item in stored:
            try:
                items._decode(item, alike=False)
            except PersistenceError:
                continue
    return made


CORPUS_UPCASTS = recorded_upcasts(CORPUS_ITEMS)
UPCAST_ITEMS = [item for item in CORPUS_ITEMS if recorded_upcasts([item])]
"""The corpus items whose reading upcasts an entity."""


def test_every_upcast_of_the_corpus_is_the_current_models_validation() -> None:
    passed_on: dict[tuple[str, str], int] = {}
    for spec, entity, start in CORPUS_UPCASTS:
        expected = validated_in_full(spec, entity, start)
        assert_same_entity(spec.upcast_to_current(entity, start), expected)
        if passes_on(entity, spec, start):
            key = (type(entity).__name__, start.version)
            passed_on[key] = passed_on.get(key, 0) + 1
    # Non-vacuous: spectra products of 1.0.0, plain and as Nova Cat's services stored them.
    assert passed_on.get(("SpectraProductV1", "1.0.0"), 0) >= 5
    assert passed_on.get(("SpectraProductV1Services", "1.0.0"), 0) >= 5
    assert sum(passed_on.values()) >= 20


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_items(UPCAST_ITEMS))
def test_every_upcast_of_an_item_near_the_corpus_is_the_current_models_validation(
    item: dict[str, Any],
) -> None:
    for spec, entity, start in recorded_upcasts([item]):
        try:
            expected = validated_in_full(spec, entity, start)
        except ValidationError as refused:
            with pytest.raises(ValidationError) as raised:
                spec.upcast_to_current(entity, start)
            assert errors(raised.value) == errors(refused)
            continue
        assert_same_entity(spec.upcast_to_current(entity, start), expected)


def spectra_v1_upcasts() -> list[Upcast]:
    found = [u for u in CORPUS_UPCASTS if isinstance(u[1], SpectraProductV1)]
    assert found
    return found


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("hints", {"source": object()}),  # a container passed on when handed on as read
        ("locators", [{"kind": "nowhere"}]),
        ("provider", ""),  # a text field, validated again always
    ],
)
def test_a_value_the_upcasters_replace_is_validated(name: str, value: Any) -> None:
    """An upcaster handing on another object than the one read (here one the current model
    refuses) has it validated: the current model's refusal, as its own validator gives it."""
    real = EntityVersion.carry

    def replacing(version: EntityVersion, fields: dict[str, Any]) -> dict[str, Any]:
        return {**real(version, fields), name: value}

    for spec, entity, start in spectra_v1_upcasts()[:3]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(EntityVersion, "carry", replacing)
            with pytest.raises(ValidationError) as refused:
                validated_in_full(spec, entity, start)
            with pytest.raises(ValidationError) as raised:
                spec.upcast_to_current(entity, start)
        assert errors(raised.value) == errors(refused.value)
        assert raised.value.errors()[0]["loc"][0] == name


def test_the_models_own_validators_still_run() -> None:
    spec, entity, start = spectra_v1_upcasts()[0]
    real = EntityVersion.carry

    def contradicting(version: EntityVersion, fields: dict[str, Any]) -> dict[str, Any]:
        return {
            **real(version, fields),
            "validation_status": ValidationStatus.VALID,
            "eligibility": Eligibility.ACQUIRE,
        }

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EntityVersion, "carry", contradicting)
        with pytest.raises(ValidationError, match="cannot be eligible"):
            spec.upcast_to_current(entity, start)


# --- synthetic models: what the current model reads otherwise is validated again -----------


def _doubled(values: Any) -> Any:
    return [*values, "again"] if isinstance(values, list) else values


Marks = Annotated[list[str], BeforeValidator(_doubled)]
"""A list whose validator changes it again each time (not a settled validator)."""


class _Older(SpectraProductV1):
    notes: list[str] = Field(default_factory=list)
    marks: Marks = Field(default_factory=list)


class _Current(SpectraProduct):
    notes: list[Annotated[str, BeforeValidator(str.strip)]] = Field(default_factory=list)
    marks: Marks = Field(default_factory=list)


def test_a_container_read_otherwise_or_changed_again_is_validated_again() -> None:
    _, entity, _ = spectra_v1_upcasts()[0]
    read = {k: v for k, v in entity.__dict__.items() if k in _Older.model_fields}
    older = _Older(**read, notes=[" a "], marks=["m"])
    fields = {
        **{k: v for k, v in older.__dict__.items() if k not in ("attempt_count", "sha256")},
        "attempt_count_total": older.attempt_count,
        "content_fingerprint": older.sha256,
    }
    found = _revalidator(_Older, _Current)
    assert found is not None and {"hints", "locators"} <= set(found[0])
    assert not {"notes", "marks"} & set(found[0])
    got = revalidate(older, _Current, fields)
    assert got == _Current.__pydantic_validator__.validate_python(fields)
    assert older.marks == ["m", "again"]
    assert (got.notes, got.marks) == (["a"], ["m", "again", "again"])
