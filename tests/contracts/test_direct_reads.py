"""The current model reads an older version's item itself only when that changes nothing.

``decode`` reads an item of an older version in one validation by the current model when the
upcasters between give the fields back as they are, or only rename them, and the current model
reads every field of the older one alike (``direct_reads.alike_read``). The entity must be
exactly the one the two steps give (older model, upcasters, current model): same model,
values, set fields and provenance, and an item either refuses gets the same error.
``items._decode(item, alike=False)`` is the two-step reading itself, compared with here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Final
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BeforeValidator, Field, model_validator

from novacat_persistence.contracts.codec import items
from novacat_persistence.contracts.codec.direct_reads import alike_read
from novacat_persistence.contracts.codec.export_lines import parse_export_line
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import (
    CompositeSpectra,
    JobRun,
    LegacyEntity,
    PersistedEntity,
    PhotometryTable,
    SpectraProduct,
)
from novacat_persistence.contracts.enums import ValidationStatus
from novacat_persistence.contracts.eras import era_item, identify_era
from novacat_persistence.contracts.errors import PersistenceError
from novacat_persistence.contracts.renaming import NO_RENAMING
from novacat_persistence.contracts.types import ExactFloat, NonEmptyStr
from novacat_persistence.contracts.versions import ENTITIES, EntitySpec, EntityVersion
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.suites.harness.strategies import ENTITY_STRATEGIES


def reads_alike(older: type[PersistedEntity], current: type[PersistedEntity]) -> bool:
    """Whether ``current`` reads the items of ``older`` itself when no upcaster renames."""
    return alike_read(older, current, NO_RENAMING) is not None


def outcome(read: Any, item: dict[str, Any]) -> tuple[Any, ...]:
    """What reading ``item`` gives: the entity in full, or the error."""
    try:
        entity = read(item)
    except PersistenceError as exc:
        return (type(exc), str(exc))
    return (type(entity), entity.__dict__, entity.__pydantic_fields_set__, entity.read_provenance)


def assert_read_alike(item: dict[str, Any]) -> None:
    direct = outcome(decode, item)
    assert direct == outcome(lambda i: items._decode(i, alike=False).entity, item)


def alike_versions() -> set[tuple[str, str]]:
    return {
        (spec.entity_type, version.version)
        for spec in ENTITIES.values()
        for version in spec.versions
        if items._read_alike(spec, version) is not None
    }


def test_the_current_model_reads_alike_only_versions_whose_fields_it_reads_unchanged() -> None:
    # Nova 1.0.0 and StepDedupe 1.0.0 read a field narrower than 1.1.0 does, WorkItem 1.0.0
    # has an upcaster that changes a field: those are read in two steps. DataProduct 2.2.0
    # only adds a field: 2.0.0 and 2.1.0 items read alike; 1.0.0 -> 2.0.0 only renames
    # (a renaming upcaster): its items read alike, their attributes renamed first.
    assert alike_versions() == {
        ("DataProduct", "1.0.0"),
        ("DataProduct", "2.0.0"),
        ("DataProduct", "2.1.0"),
        ("JobRun", "1.0.0"),
    }


CORPUS_ITEMS = [
    parse_export_line(line)
    for path in sorted((CORPUS_DIR / "items").rglob("*.jsonl"))
    for line in path.read_bytes().splitlines()
]


def test_every_corpus_item_reads_as_in_two_steps() -> None:
    read_alike = 0
    for item in CORPUS_ITEMS:
        assert_read_alike(item)
        stored = (item.get("entity_type", {}).get("S"), item.get("schema_version", {}).get("S"))
        read_alike += stored in {("DataProduct", "2.0.0"), ("JobRun", "1.0.0")}
    assert read_alike >= 20


def test_a_reading_is_marked_as_read_exactly_when_a_model_reading_its_keys_read_them() -> None:
    """What the key checks rely on to show keys from the item's texts: the item of a current
    version, or of an older one read alike (an era's item too), or one upcast by upcasters
    that keep its key fields, read by an older model as the current one reads them (every
    upcast but StepDedupe 1.0.0's, whose ``step_kind`` is read narrower); never a legacy
    one. ``test_key_fields_as_read.py`` holds the marks to the texts."""
    for item in CORPUS_ITEMS:
        entity = decode(item)
        provenance = entity.read_provenance
        in_steps = items._decode(item, alike=False).entity.read_provenance
        assert provenance is not None and in_steps is not None
        spec = ENTITIES[entity.ENTITY_TYPE]
        current = spec.reader_for(provenance.source_version)[0] is spec.current
        if provenance.era is None:
            alike = (spec.entity_type, provenance.source_version) in alike_versions()
        else:
            found = era_reads(item)
            alike = found is not None and type(entity) in found[1]
        own = not isinstance(entity, LegacyEntity)
        kept = entity.ENTITY_TYPE != "StepDedupe"  # upcasters keep its key fields as read
        assert provenance.key_fields_as_read == (own and (current or alike or kept)), item
        assert in_steps.key_fields_as_read == (own and (current or kept))


def era_reads(item: dict[str, Any]) -> tuple[str, Mapping[type[PersistedEntity], Any]] | None:
    """For an item of an era read by a model (no legacy one): its label, and how each current
    model reads the era's items alike (empty: none does)."""
    reader = items._reader(item)
    reading = identify_era(reader.eras, reader.version.version, item, reader.key_texts)
    if reading is None or reading.legacy is not None:
        return None
    _, reads = items._era_version(reader.spec, reader.version, reading.era, reading.model)
    return f"{reader.version.version}+{reading.era}", reads or {}


ERA_ITEMS = [
    (item, found)
    for item in CORPUS_ITEMS
    if "entity_type" in item and (found := era_reads(item)) is not None
]


def test_the_current_model_reads_an_era_alike_only_where_its_upcasters_change_nothing() -> None:
    """An era's items are read by the current model in one validation, as an older version's
    are, where the upcasters give the era model's fields back as they are and the current
    model reads them alike: Nova's and JobRun's ``services`` (their model is the current
    one), JobRun's renamed eras, and DataProduct's products of every kind (1.0.0 -> 2.0.0
    only renames a spectra product's ``sha256`` and ``attempt_count``), not WorkItem's (its
    upcaster turns the run id into text). Eras of an entity with one version are never
    upcast."""
    found = {
        (item["entity_type"]["S"], label): {model.__name__ for model in reads}
        for item, (label, reads) in ERA_ITEMS
    }
    assert {era: models for era, models in found.items() if models} == {
        ("DataProduct", "1.0.0+services"): {
            "PhotometryTable",
            "CompositeSpectra",
            "SpectraProduct",
        },
        ("DataProduct", "1.0.0+unversioned"): {
            "PhotometryTable",
            "CompositeSpectra",
            "SpectraProduct",
        },
        ("JobRun", "1.0.0+id-dataset"): {"JobRun"},
        ("JobRun", "1.0.0+initiated-at"): {"JobRun"},
        ("JobRun", "1.0.0+services"): {"JobRun"},
        ("Nova", "1.0.0+services"): {"Nova"},
    }
    assert {("WorkItem", "1.0.0+services"), ("IdempotencyLock", "1.0.0+services")} <= set(found)


def test_era_items_read_alike_read_as_in_two_steps_and_skip_the_upcast() -> None:
    """The oracle is the two steps (era model, upcasters, current model); an item read alike
    is not upcast. With an attribute only the current model reads, or a value its model
    refuses, it is read (or refused) as in two steps too."""
    alike = 0
    for item, (_, reads) in ERA_ITEMS:
        entity = decode(item)
        read = reads.get(type(entity))
        if read is None:
            continue
        with mock.patch.object(
            EntitySpec, "upcast_to_current", autospec=True, side_effect=EntitySpec.upcast_to_current
        ) as upcast:
            assert_read_alike(item)
        assert upcast.call_count == 1  # the two steps' own, not the reading alike
        alike += 1
        assert_read_alike(item | {"created_at": {"S": "not a time"}})
        for name in sorted(read.added)[:1]:
            assert_read_alike(item | {name: {"NULL": True}})
    assert alike >= 40


OLDER = {
    SpectraProduct: "2.0.0",
    CompositeSpectra: "2.0.0",
    PhotometryTable: "2.0.0",
    JobRun: "1.0.0",
}


@pytest.mark.parametrize("model", list(OLDER), ids=lambda m: m.__name__)
def test_items_of_the_older_version_read_as_in_two_steps(model: type[PersistedEntity]) -> None:
    """Items written by the current model, stamped with the older version: without the
    attributes only the current model reads (read alike), and with them (two steps)."""
    older = ENTITIES[model.ENTITY_TYPE].version(OLDER[model]).variants
    older_fields = set().union(*(m.model_fields for m in older.values()))

    @given(ENTITY_STRATEGIES[model], st.booleans())
    def check(entity: PersistedEntity, keep_added: bool) -> None:
        item: dict[str, Any] = encode(entity)
        item["schema_version"] = {"S": OLDER[model]}
        if not keep_added:
            item = {
                k: v for k, v in item.items() if k in older_fields or k not in model.model_fields
            }
        assert_read_alike(item)

    check()


_RENAMED: Final = {"attempt_count_total": "attempt_count", "content_fingerprint": "sha256"}
"""DataProduct 2.0.0 -> 1.0.0 names of a spectra product's attributes."""
_HEX = st.text("0123456789abcdef", min_size=64, max_size=64)


@st.composite
def spectra_items_of_1_0_0(draw: st.DrawFn) -> dict[str, Any]:
    """A spectra product stored at 1.0.0 (``attempt_count``, ``sha256``), whatever its
    fingerprint (a SHA-256 in hex, or a text 1.0.0 refuses and 2.0.0 takes) and status (a
    VALID product's fingerprint is its last successful one), with or without attributes only
    2.x reads, an odd renamed attribute (NULL, another type) or one under its new name."""
    entity = draw(ENTITY_STRATEGIES[SpectraProduct])
    item: dict[str, Any] = {_RENAMED.get(k, k): v for k, v in encode(entity).items()}
    status = draw(st.sampled_from(sorted(ValidationStatus)))
    item["schema_version"] = {"S": "1.0.0"}
    item["validation_status"] = {"S": status.value}
    item["eligibility"] = {"S": "NONE" if status is ValidationStatus.VALID else "ACQUIRE"}
    item.pop("sha256", None)
    texts = st.one_of(_HEX, st.text(min_size=1, max_size=80), st.just(""), _HEX.map(str.upper))
    sha256 = draw(st.none() | texts)
    if sha256 is not None:
        item["sha256"] = {"S": sha256}
    odd = draw(st.sampled_from([None, {"NULL": True}, {"N": "7"}, {"S": "x"}]))
    if odd is not None:
        item[draw(st.sampled_from(sorted(_RENAMED.values())))] = odd
    if not draw(st.booleans()):  # without what only 2.x reads
        v1 = set(ENTITIES["DataProduct"].version("1.0.0").variants["spectra"].model_fields)
        item = {k: v for k, v in item.items() if k in v1 or k not in SpectraProduct.model_fields}
    new_names = [{}, {"content_fingerprint": {"S": "f"}}, {"attempt_count_total": {"N": "2"}}]
    return item | draw(st.sampled_from(new_names))


@settings(max_examples=300, deadline=None)
@given(spectra_items_of_1_0_0())
def test_spectra_products_of_1_0_0_read_as_in_two_steps(item: dict[str, Any]) -> None:
    """Read by the current model after renaming their attributes, as in two steps."""
    assert_read_alike(item)


def test_current_items_restamped_with_the_older_version_read_as_in_two_steps() -> None:
    """The corpus's current DataProduct and JobRun items, which hold what only the current
    version reads (read in two steps: those attributes are unknown to the older model), and
    the same without it (read alike)."""
    restamped = 0
    for item in CORPUS_ITEMS:
        entity_type = item.get("entity_type", {}).get("S")
        model = next((m for m in OLDER if entity_type == m.ENTITY_TYPE), None)
        stamp = item.get("schema_version", {}).get("S")
        if model is None or stamp != ENTITIES[model.ENTITY_TYPE].current.version:
            continue
        older = ENTITIES[entity_type].version(OLDER[model])
        older_fields = set().union(*(m.model_fields for m in older.variants.values()))
        stamped = item | {"schema_version": {"S": OLDER[model]}}
        assert_read_alike(stamped)
        assert_read_alike(
            {k: v for k, v in stamped.items() if k in older_fields or k not in model.model_fields}
        )
        restamped += 1
    assert restamped >= 10


@pytest.mark.parametrize(
    "change",
    [
        {"status": {"S": "EXPLODED"}},  # a value the model refuses
        {"ended_at": {"S": "2024-01-01T00:00:00Z"}, "status": {"S": "RUNNING"}},  # its validator
        {"attempt": {"N": "1"}},  # an attribute neither model knows
        {"workflow_name": {"N": "7"}},  # a field stored with another type
        {"created_at": {"NULL": True}},  # no timestamp
    ],
)
def test_an_item_either_refuses_gets_the_two_steps_error(change: dict[str, Any]) -> None:
    (item,) = [
        i
        for i in CORPUS_ITEMS
        if i.get("entity_type") == {"S": "JobRun"} and i.get("schema_version") == {"S": "1.0.0"}
    ][:1]
    assert_read_alike(item | change)


# --- the schema comparison itself -------------------------------------------------------------


class _Older(PersistedEntity):
    ENTITY_TYPE: ClassVar[str] = "Probe"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"
    name: NonEmptyStr
    ratio: ExactFloat | None = None


class _Added(_Older):
    SCHEMA_VERSION: ClassVar[str] = "1.1.0"
    note: str | None = None


class _Narrowed(PersistedEntity):
    ENTITY_TYPE: ClassVar[str] = "Probe"
    SCHEMA_VERSION: ClassVar[str] = "1.1.0"
    name: str = Field(min_length=2)
    ratio: ExactFloat | None = None


class _Validated(_Older):
    SCHEMA_VERSION: ClassVar[str] = "1.1.0"

    @model_validator(mode="after")
    def _short(self) -> Any:
        if len(self.name) > 10:
            raise ValueError("too long")
        return self


def _shout(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def test_reads_alike_takes_added_optional_fields_and_nothing_else() -> None:
    assert reads_alike(_Older, _Added)
    assert not reads_alike(_Older, _Narrowed)  # a constraint of its own
    assert not reads_alike(_Older, _Validated)  # a model validator of its own
    assert not reads_alike(_Added, _Older)  # a field it does not read


def test_reads_alike_refuses_a_validator_not_known_to_give_back_its_output() -> None:
    class Shouting(PersistedEntity):
        ENTITY_TYPE: ClassVar[str] = "Probe"
        SCHEMA_VERSION: ClassVar[str] = "1.0.0"
        name: Annotated[str, BeforeValidator(_shout)]

    class ShoutingLater(Shouting):
        SCHEMA_VERSION: ClassVar[str] = "1.1.0"
        note: str | None = None

    assert not reads_alike(Shouting, ShoutingLater)


ERA_OF_GENERATED = [
    (JobRun, "id-dataset", None),
    (JobRun, "initiated-at", None),
    (PhotometryTable, "services", "nova_id"),
    (CompositeSpectra, "services", "nova_id"),
]
"""A model, an era its items were stored in, and an attribute such items lack (their key
holds it)."""


@pytest.mark.parametrize(
    ("model", "era", "lacked"), ERA_OF_GENERATED, ids=lambda v: getattr(v, "__name__", v)
)
def test_generated_era_items_read_as_in_two_steps(
    model: type[PersistedEntity], era: str, lacked: str | None
) -> None:
    """Entities of the current model stored as an older service stored them in an era (its
    names, its stamp, what it lacks), with and without what only the current model reads."""
    spec = ENTITIES[model.ENTITY_TYPE]
    era_model = next(e.model for e in spec.eras if e.name == era) or spec.version("1.0.0").root
    older = {
        name
        for m in EntityVersion(spec.entity_type, "1.0.0", era_model).models
        for name in m.model_fields
    }
    alike = 0

    @settings(max_examples=40, deadline=None)
    @given(ENTITY_STRATEGIES[model], st.booleans())
    def check(entity: PersistedEntity, keep_added: bool) -> None:
        nonlocal alike
        item = {k: v for k, v in era_item(entity, era).items() if k != lacked}
        if not keep_added:
            item = {k: v for k, v in item.items() if k in older or k not in model.model_fields}
        assert_read_alike(item)
        provenance = decode(item).read_provenance
        assert provenance is not None and provenance.era is not None
        assert era in provenance.era.split(".")
        alike += provenance.key_fields_as_read

    check()
    assert alike > 0  # not vacuous: some were read alike
