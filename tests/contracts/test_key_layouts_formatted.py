"""Keys formatted from an entity's fields (``Layout.formatted``): the texts build() writes.

An item of an older version carried to the current model by upcasters that may change its key
fields holds fields that may no longer be the item's own texts; ``eras.keys_shown``
shows its keys from the fields instead (where the key fields hold what was read, it shows
them from the texts: ``test_key_fields_as_read.py``). These tests hold that to build(): for
every current model the formatted texts are the keys build() gives, and for every item of an
older version in the corpus a True is exact (its keys are among those it may be stored under,
``eras.stored_keys``) and a stored key that differs from its fields by one character is never
shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts import eras, keys
from novacat_persistence.contracts.codec.export_lines import parse_export_line
from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.entities import LegacyEntity, PersistedEntity
from novacat_persistence.contracts.errors import KeyShapeError, PersistenceError
from novacat_persistence.contracts.keys.layouts import LAYOUTS, STORED_LAYOUTS
from novacat_persistence.corpus import CORPUS_DIR

from .test_key_layouts import STRATEGIES


def upcast_items() -> list[dict[str, Any]]:
    """Every corpus item of an older version than its entity's current one, of no era."""
    found = []
    for path in sorted((CORPUS_DIR / "items").rglob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            item = parse_export_line(line)
            entity = decode(item)
            provenance = entity.read_provenance
            assert provenance is not None
            if provenance.era is None and provenance.source_version != entity.SCHEMA_VERSION:
                found.append(item)
    return found


UPCAST = upcast_items()


def test_the_corpus_has_upcast_items_of_every_older_version() -> None:
    stored = {(i["entity_type"]["S"], i["schema_version"]["S"]) for i in UPCAST}
    assert {
        ("DataProduct", "1.0.0"),
        ("DataProduct", "2.0.0"),
        ("JobRun", "1.0.0"),
        ("Nova", "1.0.0"),
        ("StepDedupe", "1.0.0"),
        ("WorkItem", "1.0.0"),
    } <= stored


@pytest.mark.parametrize("model", list(STRATEGIES), ids=lambda m: m.__name__)
def test_formatted_keys_are_the_keys_build_gives(model: type) -> None:
    @given(STRATEGIES[model])
    def check(entity: PersistedEntity) -> None:
        expected = keys.stored_keys(entity)
        layouts = STORED_LAYOUTS[model](entity)
        assert layouts[0] is LAYOUTS[model](entity)
        assert tuple(keys.ItemKey(*layout.formatted(entity)) for layout in layouts) == expected

    check()


def test_formatted_keys_refuse_what_build_refuses() -> None:
    (item,) = [i for i in UPCAST if i["entity_type"]["S"] == "StepDedupe"][:1]
    step = decode(item)
    broken = step.model_copy(update={"dedupe_key": ""})
    with pytest.raises(KeyShapeError):
        keys.item_key(broken)
    with pytest.raises(KeyShapeError):
        LAYOUTS[type(step)](broken).formatted(broken)


@pytest.mark.parametrize("item", UPCAST, ids=lambda i: f"{i['entity_type']['S']}-{i['SK']['S']}")
def test_an_upcast_item_whose_keys_are_its_fields_is_shown_exactly(item: dict[str, Any]) -> None:
    entity = decode(item)
    assert eras.keys_shown(entity, item)
    assert keys.ItemKey(item["PK"]["S"], item["SK"]["S"]) in eras.stored_keys(entity)


@pytest.mark.parametrize("item", UPCAST, ids=lambda i: f"{i['entity_type']['S']}-{i['SK']['S']}")
def test_an_upcast_item_whose_keys_differ_from_its_fields_is_never_shown(
    item: dict[str, Any],
) -> None:
    @given(st.sampled_from(["PK", "SK"]), st.data())
    def check(name: str, data: st.DataObject) -> None:
        text = item[name]["S"]
        at = data.draw(st.integers(0, len(text) - 1))
        changed = text[:at] + data.draw(st.sampled_from(["A", "0", "#", "-", "é"])) + text[at:]
        changed_item = item | {name: {"S": changed}}
        assert not eras.keys_shown(decode(changed_item), changed_item)

    check()


def test_a_reading_not_marked_as_read_is_shown_from_its_fields_not_the_items_texts() -> None:
    """An upcaster could change a key field: then the item's texts show nothing of the
    entity's key. Stood in for here by an entity whose key field differs from the item's."""
    (item,) = [i for i in UPCAST if i["entity_type"]["S"] == "StepDedupe"][:1]
    step = decode(item)
    provenance = step.read_provenance
    assert provenance is not None and not provenance.key_fields_as_read
    assert eras.keys_shown(step, item)
    moved = step.model_copy(update={"dedupe_key": step.dedupe_key + "-moved"})
    assert not eras.keys_shown(moved, item)  # its fields formatted: not the stored key
    moved.attach_read_provenance(replace(provenance, key_fields_as_read=True))
    assert eras.keys_shown(moved, item)  # as if marked: the texts match


def era_items() -> list[dict[str, Any]]:
    """Every corpus item of an era."""
    found = []
    for path in sorted((CORPUS_DIR / "items").rglob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            item = parse_export_line(line)
            provenance = decode(item).read_provenance
            if provenance is not None and provenance.era is not None:
                found.append(item)
    return found


ERA_ITEMS = era_items()


def keeps_the_grammar(entity: PersistedEntity) -> bool:
    """Whether an entity's eras keep the current key grammar (have no key shape of their own)."""
    provenance = entity.read_provenance
    assert provenance is not None and provenance.era is not None
    named = [eras.era_named(entity.ENTITY_TYPE, name) for name in provenance.era.split(".")]
    return not isinstance(entity, LegacyEntity) and all(era.key is None for era in named)


@pytest.mark.parametrize("item", ERA_ITEMS, ids=lambda i: f"{i.get('SK', {}).get('S')}")
def test_an_era_item_is_shown_exactly_when_its_eras_keep_the_grammar(
    item: dict[str, Any],
) -> None:
    entity = decode(item)
    stored = keys.ItemKey(item["PK"]["S"], item["SK"]["S"]) in eras.stored_keys(entity)
    assert stored  # the corpus holds items under their keys
    assert eras.keys_shown(entity, item) == keeps_the_grammar(entity)
    provenance = entity.read_provenance
    assert provenance is not None and provenance.era is not None
    if any(eras.era_named(entity.ENTITY_TYPE, n).from_key for n in provenance.era.split(".")):
        return  # its fields are taken from its key: a moved key moves them
    moved = item | {"SK": {"S": item["SK"]["S"] + "#X"}}
    try:
        moved_entity = decode(moved)
    except PersistenceError:
        return  # a key shape that tells its era: moved, the item is read otherwise or not
    assert not eras.keys_shown(moved_entity, moved)


def test_the_corpus_has_era_items_that_keep_the_grammar_and_that_do_not() -> None:
    kept = {keeps_the_grammar(decode(item)) for item in ERA_ITEMS}
    assert kept == {True, False}
