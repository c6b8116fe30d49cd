"""An entity marked ``key_fields_as_read`` holds in its key fields what its item's texts say.

The key checks of ``corpus verify`` and ``corpus replay`` join an item's texts instead of
formatting the entity's fields when its provenance says ``key_fields_as_read``: its own model
read them, or an older model that reads each key field as the current one does, and the
upcasters kept the very values read (``direct_reads.keeps_key_fields``). The oracle here is
build()'s own formatting (``Component.format``) of the entity's fields: wherever a mark is
set, every canonical text of a key field among the attributes read is that field formatted.
An upcaster that moves a key field (stood in for by a wrapper around the real ones) leaves
the entity unmarked, and the moved key is reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any
from unittest import mock
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BeforeValidator, model_validator

from novacat_persistence.contracts import eras
from novacat_persistence.contracts.codec import items
from novacat_persistence.contracts.codec.direct_reads import keeps_key_fields, reads_fields_alike
from novacat_persistence.contracts.codec.items import read_in_full
from novacat_persistence.contracts.codec.wire import wire_validator
from novacat_persistence.contracts.entities import LegacyEntity, PersistedEntity
from novacat_persistence.contracts.errors import KeyShapeError, PersistenceError
from novacat_persistence.contracts.keys.build import ALL_KEY_SPECS, ENTITY_KEY_TYPES
from novacat_persistence.contracts.keys.components import Component
from novacat_persistence.contracts.versions import ENTITIES, EntitySpec
from novacat_persistence.corpus_tools.reading import ProblemKind, read_item

from ..stored_items import CORPUS_ITEMS, changed_items


def key_components(model: type[PersistedEntity]) -> dict[str, Component]:
    """The key components of every shape a current model may be stored under, by field."""
    key_type = ENTITY_KEY_TYPES[model]
    return {
        part.name: part
        for template in ALL_KEY_SPECS[key_type].templates
        for part in (*template.pk, *template.sk)
        if isinstance(part, Component)
    }


def texts_disagreeing(entity: PersistedEntity, attributes: Mapping[str, Any]) -> list[str]:
    """The key fields whose canonical text among ``attributes`` is not the field formatted
    as build() formats it."""
    wrong = []
    for name, component in key_components(type(entity)).items():
        text = attributes.get(name, {}).get(component.tag)
        if not isinstance(text, str):
            continue
        try:
            component.parse(text)
        except KeyShapeError:
            continue  # not canonical: the key checks build the keys
        try:
            formatted = component.format(getattr(entity, name))
        except KeyShapeError:
            formatted = None
        if formatted != text:
            wrong.append(name)
    return wrong


def upcast(entity: PersistedEntity) -> bool:
    """Whether a decoded entity was carried from an older model (an older version, or an era
    read by its own model)."""
    provenance = entity.read_provenance
    assert provenance is not None
    current = ENTITIES[entity.ENTITY_TYPE].reader_for(provenance.source_version)[0]
    return current is not ENTITIES[entity.ENTITY_TYPE].current


def keeps_the_grammar(entity: PersistedEntity) -> bool:
    """Whether an entity is of no era, or of eras with no key shape of their own."""
    provenance = entity.read_provenance
    assert provenance is not None
    era = provenance.era
    return era is None or all(
        eras.era_named(entity.ENTITY_TYPE, name).key is None for name in era.split(".")
    )


def test_every_mark_in_the_corpus_is_held_by_the_texts_and_upcast_entities_are_marked() -> None:
    marked: Counter[tuple[str, str]] = Counter()
    for item in CORPUS_ITEMS:
        read = read_in_full(item)
        entity = read.entity
        provenance = entity.read_provenance
        assert provenance is not None
        if not provenance.key_fields_as_read:
            continue
        assert not isinstance(entity, LegacyEntity)
        assert texts_disagreeing(entity, read.attributes) == [], item
        if keeps_the_grammar(entity) and item["PK"]["S"].isascii() and item["SK"]["S"].isascii():
            assert eras.keys_shown(entity, read.attributes), item  # shown from its texts
        if upcast(entity):
            marked[entity.ENTITY_TYPE, provenance.source_version] += 1
    # Not vacuous: upcast entities of every kept older version, eras included, are marked;
    # StepDedupe 1.0.0 reads its step_kind narrower than the current model: never marked.
    assert {
        ("DataProduct", "1.0.0"),
        ("DataProduct", "2.0.0"),
        ("JobRun", "1.0.0"),
        ("Nova", "1.0.0"),
        ("WorkItem", "1.0.0"),
    } <= set(marked), marked
    assert ("StepDedupe", "1.0.0") not in marked
    assert sum(marked.values()) >= 100, marked


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_items())
def test_a_mark_on_an_item_near_the_corpus_is_held_by_its_texts(item: dict[str, Any]) -> None:
    try:
        read = read_in_full(item)
    except PersistenceError:
        return
    provenance = read.entity.read_provenance
    assert provenance is not None
    if provenance.key_fields_as_read:
        assert texts_disagreeing(read.entity, read.attributes) == []


def older_readings() -> list[tuple[PersistedEntity, PersistedEntity]]:
    """(the older model's reading, the upcast entity) of every corpus item of an older version
    of no era, read in two steps."""
    found = []
    for item in CORPUS_ITEMS:
        entity = items.decode(item)
        provenance = entity.read_provenance
        assert provenance is not None
        if provenance.era is not None or not upcast(entity):
            continue
        spec = ENTITIES[entity.ENTITY_TYPE]
        version = spec.reader_for(provenance.source_version)[0]
        read = wire_validator(version.model_for(item)).validate_python(item)
        found.append((read, spec.upcast_to_current(read, version)))
    return found


OLDER_READINGS = older_readings()


def equal_copy(value: Any) -> Any:
    """A value equal to ``value`` that is not the same object."""
    if isinstance(value, UUID):
        return UUID(str(value))
    if isinstance(value, str) and len(value) > 1:
        return value[:1] + value[1:]
    return None


def test_upcast_entities_keep_their_key_fields_only_as_the_very_values_read() -> None:
    kept = 0
    for read, carried in OLDER_READINGS:
        if carried.ENTITY_TYPE == "StepDedupe":  # its step_kind is read otherwise
            assert not keeps_key_fields(read, carried)
            continue
        assert keeps_key_fields(read, carried), carried
        kept += 1
        for name in key_components(type(carried)):
            copy = equal_copy(getattr(carried, name))
            if copy is None or copy is getattr(carried, name):
                continue
            moved = carried.model_copy(update={name: copy})
            assert not keeps_key_fields(read, moved), name  # equal is not enough
    assert kept >= 50


@contextmanager
def upcasters_moving_nova_id() -> Iterator[None]:
    """Every upcast moves the entity's ``nova_id`` (readers built afresh, and again after)."""
    real = EntitySpec.upcast_to_current

    def moving(spec: EntitySpec, entity: Any, start: Any) -> PersistedEntity:
        result = real(spec, entity, start)
        nova_id = getattr(result, "nova_id", None)
        if not isinstance(nova_id, UUID):
            return result
        return result.model_copy(update={"nova_id": UUID(int=nova_id.int ^ 1)})

    with (
        mock.patch.dict(items._READERS, clear=True),
        mock.patch.object(EntitySpec, "upcast_to_current", autospec=True, side_effect=moving),
    ):
        yield
    items._READERS.clear()


@pytest.mark.parametrize(
    ("stored", "added"),
    [
        # DataProduct 1.0.0 is read alike (no upcaster runs) but for an item holding what only
        # a later version reads: a spectra product holding one is read in two steps.
        (("DataProduct", "1.0.0"), {"last_applied_by": {"S": "a-run"}}),
        (("WorkItem", "1.0.0"), {}),
        (("Nova", "1.0.0"), {}),
    ],
)
def test_an_upcaster_moving_a_key_field_leaves_the_entity_unmarked_and_its_key_reported(
    stored: tuple[str, str], added: dict[str, Any]
) -> None:
    found = [
        item | added
        for item in CORPUS_ITEMS
        if (item.get("entity_type", {}).get("S"), item.get("schema_version", {}).get("S")) == stored
        and (item.get("nova_id") or {}).get("S")
        and set(added) <= set(ENTITIES[stored[0]].current.model_for(item).model_fields)
    ]
    assert found, stored
    moved = 0
    with upcasters_moving_nova_id():
        for item in found[:20]:
            reading = read_item(item)
            entity = reading.entity
            assert entity is not None, reading
            provenance = entity.read_provenance
            if isinstance(entity, LegacyEntity) or provenance is None or not upcast(entity):
                continue
            assert not provenance.key_fields_as_read
            assert str(entity.nova_id) != item["nova_id"]["S"]
            if "nova_id" in key_components(type(entity)):
                assert reading.problem is ProblemKind.KEY_MISMATCH, reading
                assert not eras.keys_shown(entity, read_in_full(item).attributes)
                moved += 1
    assert moved > 0


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def test_key_fields_kept_only_where_the_older_model_reads_them_as_the_current_one_does() -> None:
    """The very values, read by a model that reads a key field otherwise (here: Nova 1.0.0
    with a validator of its own on ``nova_id``), do not stand for the current model's."""
    spec = ENTITIES["Nova"]
    older = spec.version("1.0.0").models[0]

    class Shouting(older):  # type: ignore[valid-type,misc]
        nova_id: Annotated[UUID, BeforeValidator(_upper)]

    class Checked(older):  # type: ignore[valid-type,misc]
        @model_validator(mode="after")
        def _checked(self) -> Any:  # a model validator could change any field
            return self

    (item,) = [
        i
        for i in CORPUS_ITEMS
        if i.get("entity_type") == {"S": "Nova"} and i.get("schema_version") == {"S": "1.0.0"}
    ][:1]
    for model, kept in ((older, True), (Shouting, False), (Checked, False)):
        read = wire_validator(model).validate_python(item)
        carried = spec.current.models[0].model_construct(**read.__dict__)  # the very values
        assert keeps_key_fields(read, carried) is kept, model
    assert reads_fields_alike(older, spec.current.models[0], frozenset({"nova_id"}))
    assert not reads_fields_alike(Shouting, spec.current.models[0], frozenset({"nova_id"}))
    assert reads_fields_alike(Shouting, spec.current.models[0], frozenset({"created_at"}))
