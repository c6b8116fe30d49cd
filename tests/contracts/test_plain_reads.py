"""A plain read gives exactly what the codec's general reading gives, and reads most items.

``decode`` first tries the plain read of the item's (entity type, stored version) reader
(``plain_reads``), then the general reading (``items._decode``), which is the oracle here:
for every committed corpus item, and for items near them (an attribute set, retyped, nulled,
dropped, a second type tag, another stamp), ``decode`` gives the same entity (model, values,
set fields, provenance with its unknown attributes, era and ``key_fields_as_read``) or the same
error, and ``decode_plain`` gives that entity or None.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.contracts.codec import items
from novacat_persistence.contracts.codec.items import (
    decode,
    decode_plain,
    encode,
    read_plain,
    read_quickly,
)
from novacat_persistence.contracts.codec.plain_reads import PlainRead, ReadItem, plain_read
from novacat_persistence.contracts.entities import PersistedEntity
from novacat_persistence.contracts.eras import Era, filled_in, key_check, label_of, stored_keys
from novacat_persistence.contracts.errors import UnreadableItemError
from novacat_persistence.contracts.keys.build import TEMPLATES_BY_ENTITY_TYPE
from novacat_persistence.contracts.keys.layouts import key_field_names
from novacat_persistence.contracts.keys.parse import attribute_texts
from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.suites.harness.strategies import ENTITY_STRATEGIES

from ..stored_items import CORPUS_ITEMS, changed_items


def outcome(read: Any, item: dict[str, Any]) -> tuple[Any, ...]:
    """What reading ``item`` gives: the entity in full (provenance's ``key_fields_as_read``
    included, which its equality leaves out), or the error."""
    try:
        entity = read(item)
    except Exception as exc:  # a typed error, or a reader bug: compared as such
        return (type(exc), str(exc))
    provenance = entity.read_provenance
    return (
        type(entity),
        entity.__dict__,
        entity.__pydantic_fields_set__,
        provenance,
        provenance.key_fields_as_read,
    )


def general(item: dict[str, Any]) -> PersistedEntity:
    return items._decode(item, alike=True).entity


def assert_read_as_in_general(item: dict[str, Any]) -> bool:
    """``decode`` and ``read_plain`` agree with the general reading, the attributes read
    included; whether it was plain."""
    expected = outcome(general, item)  # first: it makes the item's reader known
    assert outcome(decode, item) == expected
    plain = read_plain(item)
    quick = read_quickly(item)
    if plain is None:
        assert quick is None
        return False
    assert outcome(lambda _: plain.entity, item) == expected
    assert decode_plain(item) == plain.entity
    assert plain.attributes == items.read_in_full(item).attributes
    assert_quick_only_when_nothing_is_to_be_said(quick, plain, item)
    return True


def assert_quick_only_when_nothing_is_to_be_said(
    quick: ReadItem | tuple[str, str] | None, plain: ReadItem, item: dict[str, Any]
) -> None:
    """``read_quickly`` gives a plain item's row alone only when nothing is unknown and its
    stored keys are among the keys its entity's fields build (the oracle: built, not shown),
    and its row names the entity type and its version (and era) as read; else what
    ``read_plain`` gives, saying the keys were shown only where the built keys hold them."""
    entity = plain.entity
    provenance = entity.read_provenance
    assert provenance is not None
    if isinstance(quick, ReadItem):
        assert outcome(lambda _: quick.entity, item) == outcome(lambda _: entity, item)
        assert quick.attributes == plain.attributes
        if quick.keys_shown:  # what it says it showed, the built keys hold
            assert (item["PK"]["S"], item["SK"]["S"]) in stored_keys(entity)
        return
    assert quick == (entity.ENTITY_TYPE, label_of(provenance.source_version, provenance.era))
    assert not provenance.unknown_attributes
    assert (item["PK"]["S"], item["SK"]["S"]) in stored_keys(entity)


def test_every_corpus_item_reads_as_in_general_and_most_read_plainly() -> None:
    kinds: Counter[str] = Counter()
    for item in CORPUS_ITEMS:
        if not assert_read_as_in_general(item):
            continue
        entity = decode(item)
        provenance = entity.read_provenance
        assert provenance is not None
        spec = ENTITIES[entity.ENTITY_TYPE]
        version = spec.reader_for(provenance.source_version)[0]
        if provenance.era is not None:
            kinds[f"{entity.ENTITY_TYPE} {provenance.source_version}+{provenance.era}"] += 1
        elif version is spec.current:
            kinds["current"] += 1
        elif items._read_alike(spec, version) is not None:
            kinds["alike"] += 1
        else:
            kinds["upcast"] += 1
    # Not vacuous: each kind of plain item is read plainly (the rest are eras that rename, and
    # legacy), the eras Nova Cat's services stored most among them, and its unversioned items.
    assert kinds["current"] >= 50 and kinds["alike"] >= 50 and kinds["upcast"] >= 20, kinds
    for era in ("DataProduct 1.0.0+services", "JobRun 1.0.0+services", "Nova 1.0.0+services"):
        assert kinds[era] >= 3, (era, kinds)
    for era in ("DataProduct 1.0.0+unversioned", "OffsetCache 1.0.0+unversioned"):
        assert kinds[era] >= 2, (era, kinds)  # stored with no schema_version (nor entity_type)


def test_most_corpus_items_read_quickly() -> None:
    """The quick read is what most items take: every plain corpus item with nothing unknown
    whose keys are right (all of the committed corpus's but a few) gives its row alone."""
    for item in CORPUS_ITEMS:
        decode(item)  # makes each item's reader known
    answers = Counter(type(read_quickly(item)).__name__ for item in CORPUS_ITEMS)
    assert answers["tuple"] >= 0.8 * len(CORPUS_ITEMS), answers


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_items())
def test_items_near_the_corpus_read_as_in_general(item: dict[str, Any]) -> None:
    assert_read_as_in_general(item)


def test_unknown_attributes_are_read_plainly_and_kept() -> None:
    """An attribute of a newer minor version: read plainly, kept in the provenance."""
    read = 0
    for item in CORPUS_ITEMS:
        note = item | {"upstream_note": {"S": "written upstream"}}
        if assert_read_as_in_general(note):
            provenance = decode(note).read_provenance
            assert provenance is not None
            assert provenance.unknown_attributes == {"upstream_note": {"S": "written upstream"}}
            read += 1
    assert read >= 100


STRATEGIES = sorted(ENTITY_STRATEGIES.items(), key=lambda pair: pair[0].__name__)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_entities_stamped_with_any_version_read_as_in_general(
    data: st.DataObject,
) -> None:
    """Items of every current model, with random values, stamped with each published version
    of their entity type (read plainly, alike, upcast or refused)."""
    model, strategy = data.draw(st.sampled_from(STRATEGIES))
    item: dict[str, Any] = encode(data.draw(strategy))
    versions = [v.version for v in ENTITIES[model.ENTITY_TYPE].versions]
    item["schema_version"] = {"S": data.draw(st.sampled_from(versions))}
    assert_read_as_in_general(item)


def test_items_of_a_version_read_alike_holding_what_only_the_current_reads() -> None:
    """Current items restamped with an older version the current model reads alike: those
    holding an attribute only the current version reads are read in two steps, not plainly."""
    in_two_steps = 0
    for item in CORPUS_ITEMS:
        spec = ENTITIES.get(item.get("entity_type", {}).get("S", ""))
        if spec is None or item.get("schema_version") != {"S": spec.current.version}:
            continue
        for version in spec.versions:
            alike = items._read_alike(spec, version)
            if alike is None:
                continue
            stamped = item | {"schema_version": {"S": version.version}}
            plain = assert_read_as_in_general(stamped)
            added = alike[spec.current.model_for(stamped)].added
            if not added.isdisjoint(stamped):  # not read alike: in two steps, or as an era's
                provenance = decode(stamped).read_provenance
                assert provenance is not None
                assert not plain or provenance.era is not None
                in_two_steps += 1
    assert in_two_steps >= 5


def test_a_plain_read_never_raises_it_leaves_the_item_to_the_general_reading() -> None:
    """Whatever fails in a plain read (here the era test itself) is no error of its own."""

    def failing(_: object) -> bool:
        raise RuntimeError("an era test that fails")

    assert attempt_read(((failing, None),))(ATTEMPT) is None
    assert items._reader(ATTEMPT).plain_read(ATTEMPT) is not None  # plain to its own reader


ATTEMPT = next(i for i in CORPUS_ITEMS if i.get("entity_type") == {"S": "Attempt"})
"""A corpus item of an entity type with no era."""


def attempt_read(eras: tuple[Any, ...], filling: Any = None) -> PlainRead:
    """The plain read of :data:`ATTEMPT`'s version, with the era tests given."""
    reader = items._reader(ATTEMPT)
    return plain_read(
        eras=eras,
        model_for=reader.version.model_for,
        validator=reader.validator,
        alike=None,
        current_model_for=reader.version.model_for,
        upcast=None,
        provenance=functools.partial(items._provenance, reader.normalized, None),
        row=("Attempt", reader.normalized),
        key_check=key_check("Attempt", None),
        filling=filling,
    )


FILLING_ERAS = [
    (spec, era) for spec in ENTITIES.values() for era in spec.eras if era.fills or era.from_key
]


def present(item: dict[str, Any], name: str) -> bool:
    return item.get(name) not in (None, {"NULL": True})


def stored_text(item: dict[str, Any], name: str) -> object:
    value = item.get(name)
    return value.get("S") if isinstance(value, dict) else None


def filled_by_hand(spec: Any, era: Era, item: dict[str, Any]) -> dict[str, Any]:
    """The oracle, from the era's documented rules: one attribute after the other, each of
    ``fills`` the item lacks takes its source's value (as filled so far), then each component
    of the item's key (parsed by the key grammar) the item lacks is taken from the key."""
    filled = dict(item)
    for name, source in era.fills.items():
        if not present(filled, name) and present(filled, source):
            filled[name] = filled[source]
    pk, sk = (stored_text(item, "PK"), stored_text(item, "SK"))
    if era.from_key and isinstance(pk, str) and isinstance(sk, str):
        for template in TEMPLATES_BY_ENTITY_TYPE[spec.entity_type]:
            for name, value in attribute_texts([template], pk, sk).items():
                if not present(filled, name):
                    filled[name] = value
    return filled


def assert_filled_in_as_by_hand(spec: Any, era: Era, item: dict[str, Any]) -> bool:
    """``filled_in`` adds what the oracle fills, nothing else; whether it added anything."""
    added = filled_in(era, item, items._key_texts(spec.entity_type))
    assert {**item, **added} == filled_by_hand(spec, era, item)
    assert all(not present(item, name) for name in added)
    return bool(added)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_items(), st.sampled_from(FILLING_ERAS))
def test_an_era_fills_in_what_its_rules_fill_and_nothing_else(
    item: dict[str, Any], filling: tuple[Any, Era]
) -> None:
    assert_filled_in_as_by_hand(*filling, item)


def test_an_era_fills_in_nothing_its_own_items_hold_and_what_they_lack() -> None:
    """Each corpus item of a filling era's entity type, as it is and with each attribute an
    era fills, or its key gives, left out or nulled."""
    filled = 0
    for spec, era in FILLING_ERAS:
        names = set(era.fills) | set().union(*(key_field_names(m) for m in spec.current.models))
        for item in CORPUS_ITEMS:
            if item.get("entity_type", {}).get("S", spec.entity_type) != spec.entity_type:
                continue
            assert_filled_in_as_by_hand(spec, era, item)
            for name in sorted(names & item.keys()):
                for lacking in (
                    {k: v for k, v in item.items() if k != name},
                    item | {name: {"NULL": True}},
                ):
                    filled += assert_filled_in_as_by_hand(spec, era, lacking)
    assert filled >= 50  # not vacuous: both fills and key components are filled


def test_an_era_fills_nothing_from_a_key_stored_as_a_number() -> None:
    """A table's keys are strings: an item whose PK or SK is stored under another type tag
    has no key to fill from (the key components it lacks stay lacking)."""
    checked = 0
    for spec, era in FILLING_ERAS:
        if not era.from_key:
            continue
        components = set().union(*(key_field_names(m) for m in spec.current.models))
        for item in CORPUS_ITEMS:
            if item.get("entity_type", {}).get("S", spec.entity_type) != spec.entity_type:
                continue
            lacking = {name: value for name, value in item.items() if name not in components}
            for key in ("PK", "SK"):
                mangled = lacking | {key: {"N": item[key]["S"]}}
                added = filled_in(era, mangled, items._key_texts(spec.entity_type))
                assert added.keys().isdisjoint(components), added
                assert_filled_in_as_by_hand(spec, era, mangled)
                checked += 1
    assert checked >= 10


def test_an_item_with_no_entity_type_is_known_by_a_key_stored_as_a_string_only() -> None:
    """An item stored with no ``entity_type`` is told by its key's shape, a string key's:
    the same key stored as a number tells nothing, and the item is refused as unknown."""
    untyped = [item for item in CORPUS_ITEMS if "entity_type" not in item]
    assert untyped  # not vacuous: Nova Cat's generators stored such items
    for item in untyped:
        assert items.entity_spec(item).entity_type == decode(item).ENTITY_TYPE
        for key in ("PK", "SK"):
            with pytest.raises(UnreadableItemError, match="no known entity_type"):
                items.entity_spec(item | {key: {"N": item[key]["S"]}})


def test_an_era_item_lacking_what_its_era_fills_is_read_plainly_of_two_eras_in_general() -> None:
    """A services item lacking what its era fills (a product's ``nova_id``, which its key
    holds; a nova's ``updated_at``) is read plainly, as the general reading reads it, filled;
    of a second era too, it is no plain item."""
    changes = {
        "DataProduct": lambda item: {k: v for k, v in item.items() if k != "nova_id"},
        "Nova": lambda item: {k: v for k, v in item.items() if k != "updated_at"},
        "JobRun": lambda item: {
            ("initiated_at" if k == "started_at" else k): v for k, v in item.items()
        },
    }
    seen: Counter[str] = Counter()
    for item in CORPUS_ITEMS:
        entity_type = item.get("entity_type", {}).get("S")
        if entity_type not in changes or not assert_read_as_in_general(item):
            continue
        entity = decode(item)
        provenance = entity.read_provenance
        if provenance is None or provenance.era != "services":
            continue
        changed = changes[entity_type](item)
        assert assert_read_as_in_general(changed) == (entity_type != "JobRun")
        read = decode(changed)
        assert read.read_provenance is not None and read.read_provenance.era is not None
        assert "services" in read.read_provenance.era.split(".")
        if entity_type == "DataProduct":  # filled from its key: the entity read before
            assert read == entity
        seen[entity_type] += 1
    assert min(seen[name] for name in changes) >= 3, seen


def test_a_plain_read_reads_an_item_of_exactly_one_era_with_that_eras_read() -> None:
    """Of the eras an item is of, exactly one with a plain read of its own reads it; two, or
    one without, leave it to the general reading. What an era fills in is read."""
    item = ATTEMPT
    read = items._reader(item).plain_read(item)
    assert read is not None

    def era_read(_: object) -> ReadItem:
        return read

    def always(_: object) -> bool:
        return True

    def never(_: object) -> bool:
        return False

    assert attempt_read(((never, era_read), (always, era_read)))(item) is read
    assert attempt_read(((always, era_read), (always, era_read)))(item) is None
    assert attempt_read(((always, None),))(item) is None
    assert attempt_read(((never, era_read),))(item) == read  # of no era: read by its model
    assert attempt_read((), filling=lambda _: {})(item) == read
    lacking = {k: v for k, v in item.items() if k != "updated_at"}
    assert attempt_read(())(lacking) is None  # never invented
    assert attempt_read((), filling=lambda _: {"updated_at": item["updated_at"]})(lacking) == read
