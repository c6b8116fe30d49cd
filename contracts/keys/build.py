"""Building stored keys: a typed key (or an entity) -> its ``(PK, SK)`` and GSI1 keys.

Every key is checked before any request is made: each component by its rule
(:mod:`.components`), a field its shape does not hold must be None, and PK/GSI1PK are at most
2048 UTF-8 bytes, SK/GSI1SK at most 1024; a refusal is a
:class:`~novacat_persistence.contracts.errors.KeyShapeError` naming what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from functools import cache
from typing import Any, Final

from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    CompositeSpectraV1,
    CompositeSpectraV2,
    CompositeSpectraV21,
    ExecutionMarker,
    FileObject,
    IdempotencyLock,
    JobRun,
    JobRunClaim,
    JobRunV1,
    LocatorAlias,
    NameClaim,
    NameMapping,
    Nova,
    NovaReference,
    NovaV1,
    OffsetCache,
    PersistedEntity,
    PhotometryRow,
    PhotometryTable,
    PhotometryTableV1,
    PhotometryTableV2,
    PhotometryTableV21,
    Reference,
    RegenBatchPlan,
    SpectraProduct,
    SpectraProductV1,
    SpectraProductV2,
    SpectraProductV21,
    StepDedupe,
    WorkItem,
    WorkItemV1,
)
from novacat_persistence.contracts.enums import Eligibility
from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.keys.templates import (
    ELIGIBILITY,
    KEY_SPECS,
    LEGACY_KEY_SPECS,
    PHOTOMETRY_TABLE_KEY_SPECS,
    KeySpec,
    Template,
    format_side,
)
from novacat_persistence.contracts.keys.types import (
    AttemptKey,
    CompositeSpectraKey,
    EntityKey,
    ExecutionMarkerKey,
    FileObjectKey,
    IdempotencyLockKey,
    ItemKey,
    JobRunClaimKey,
    JobRunKey,
    LegacyKey,
    LocatorAliasKey,
    NameClaimKey,
    NameMappingKey,
    NovaKey,
    NovaReferenceKey,
    OffsetCacheKey,
    PhotometryRowKey,
    PhotometryTableKey,
    ReferenceKey,
    RegenBatchPlanKey,
    SpectraProductKey,
    StepDedupeKey,
    WorkItemKey,
)

PK_MAX_BYTES: Final = 2048
"""The most UTF-8 bytes a partition key (PK, GSI1PK) may have."""
SK_MAX_BYTES: Final = 1024
"""The most UTF-8 bytes a sort key (SK, GSI1SK) may have."""


def checked(pk: str, sk: str, pk_name: str = "PK", sk_name: str = "SK") -> ItemKey:
    """The pair as an :class:`ItemKey`, or KeyShapeError when a side is over its byte limit
    or is no valid UTF-8 (a lone surrogate)."""
    if pk.isascii() and sk.isascii() and len(pk) <= PK_MAX_BYTES and len(sk) <= SK_MAX_BYTES:
        return ItemKey(pk, sk)  # ASCII: one byte per character, no surrogates
    for name, value, limit in ((pk_name, pk, PK_MAX_BYTES), (sk_name, sk, SK_MAX_BYTES)):
        try:
            size = len(value.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise KeyShapeError(name, value, "is not valid UTF-8 (lone surrogate)") from exc
        if size > limit:
            raise KeyShapeError(name, value, f"is {size} UTF-8 bytes; the limit is {limit}")
    return ItemKey(pk, sk)


def build_with(template: Template, key: Any) -> ItemKey:
    """The stored pair of ``key`` in the shape ``template``: every field it holds is present
    and valid, every other field of the key is None."""
    values: dict[str, Any] = {}
    names = template.names
    key_type: type = type(key)  # a dataclass type: hashable, whatever Any says
    for name in _field_names(key_type):
        value = getattr(key, name)
        if name in names:
            if value is None:
                raise KeyShapeError(name, None, f"is required for {template.label} key")
            values[name] = value
        elif value is not None:
            raise KeyShapeError(name, value, f"is not part of {template.label} key")
    pk = format_side(template.pk, values)
    sk = format_side(template.sk, values)
    return checked(pk, sk, template.pk_name, template.sk_name)


@cache
def _field_names(key_type: type) -> tuple[str, ...]:
    """The fields of a typed key (a dataclass), in order."""
    return tuple(item.name for item in fields(key_type))


def _spec(specs: Mapping[type, KeySpec], key: object) -> KeySpec:
    spec = specs.get(type(key))
    if spec is None:
        raise TypeError(f"{type(key).__name__} is not a key type of the table")
    return spec


ALL_KEY_SPECS: Final[Mapping[type, KeySpec]] = {**KEY_SPECS, **PHOTOMETRY_TABLE_KEY_SPECS}
"""The key types of both tables and their shapes."""


def build(key: EntityKey) -> ItemKey:
    """Return the stored ``(PK, SK)`` of a typed key (of either table), or raise
    KeyShapeError."""
    return build_with(_spec(ALL_KEY_SPECS, key).for_key(key), key)


def build_legacy(key: LegacyKey) -> ItemKey:
    """Return the stored ``(PK, SK)`` of a legacy key, or raise KeyShapeError."""
    return build_with(_spec(LEGACY_KEY_SPECS, key).for_key(key), key)


ENTITY_KEY_TYPES: Final[Mapping[type[PersistedEntity], type]] = {
    Nova: NovaKey,
    NameMapping: NameMappingKey,
    NameClaim: NameClaimKey,
    JobRunClaim: JobRunClaimKey,
    PhotometryTable: PhotometryTableKey,
    SpectraProduct: SpectraProductKey,
    CompositeSpectra: CompositeSpectraKey,
    LocatorAlias: LocatorAliasKey,
    FileObject: FileObjectKey,
    Reference: ReferenceKey,
    NovaReference: NovaReferenceKey,
    JobRun: JobRunKey,
    Attempt: AttemptKey,
    IdempotencyLock: IdempotencyLockKey,
    StepDedupe: StepDedupeKey,
    ExecutionMarker: ExecutionMarkerKey,
    WorkItem: WorkItemKey,
    RegenBatchPlan: RegenBatchPlanKey,
    OffsetCache: OffsetCacheKey,
    PhotometryRow: PhotometryRowKey,
}
"""The key type each current model is filed under."""

_EVERY_MODEL_KEY_TYPE: Final[Mapping[type[PersistedEntity], type]] = {
    **ENTITY_KEY_TYPES,
    PhotometryTableV1: PhotometryTableKey,
    SpectraProductV1: SpectraProductKey,
    CompositeSpectraV1: CompositeSpectraKey,
    PhotometryTableV2: PhotometryTableKey,
    SpectraProductV2: SpectraProductKey,
    CompositeSpectraV2: CompositeSpectraKey,
    PhotometryTableV21: PhotometryTableKey,
    SpectraProductV21: SpectraProductKey,
    CompositeSpectraV21: CompositeSpectraKey,
    NovaV1: NovaKey,
    JobRunV1: JobRunKey,
    WorkItemV1: WorkItemKey,
}
"""Current models and earlier versions alike: a version change never moves an item."""


TEMPLATES_BY_ENTITY_TYPE: Final[Mapping[str, tuple[Template, ...]]] = {
    entity_type: tuple(
        dict.fromkeys(
            template
            for model, key_type in _EVERY_MODEL_KEY_TYPE.items()
            if entity_type == model.ENTITY_TYPE
            for template in ALL_KEY_SPECS[key_type].templates
        )
    )
    for entity_type in {model.ENTITY_TYPE for model in _EVERY_MODEL_KEY_TYPE}
}
"""Every key shape items of an entity type are stored under, by stored ``entity_type``."""


def _key_type_of(entity: PersistedEntity) -> type:
    key_type = _EVERY_MODEL_KEY_TYPE.get(type(entity))
    if key_type is None:  # a subclass of a stored model keys as its model does
        found = (k for m, k in _EVERY_MODEL_KEY_TYPE.items() if isinstance(entity, m))
        key_type = next(found, None)
        if key_type is None:
            raise TypeError(f"{type(entity).__name__} is not a stored entity type")
    return key_type


def entity_template(entity: PersistedEntity) -> Template:
    """The key shape an entity is stored under (chosen from its fields)."""
    return ALL_KEY_SPECS[_key_type_of(entity)].for_entity(entity)


def _key_in(template: Template, key_type: type, entity: PersistedEntity) -> EntityKey:
    key: EntityKey = key_type(**{name: getattr(entity, name) for name in template.names})
    return key


def key_of(entity: PersistedEntity) -> EntityKey:
    """Return the typed key an entity is written under (derived from its fields)."""
    key_type = _key_type_of(entity)
    return _key_in(ALL_KEY_SPECS[key_type].for_entity(entity), key_type, entity)


def stored_keys(entity: PersistedEntity) -> tuple[ItemKey, ...]:
    """Every ``(PK, SK)`` an entity may be found stored under: the one it is written under
    first, then those earlier rules wrote it under (a JobRun under its nova)."""
    key_type = _key_type_of(entity)
    spec = ALL_KEY_SPECS[key_type]
    found = [build(_key_in(spec.for_entity(entity), key_type, entity))]
    for template in spec.also_for_entity(entity):
        found.append(build(_key_in(template, key_type, entity)))
    return tuple(found)


def item_key(entity: PersistedEntity) -> ItemKey:
    """Return the stored ``(PK, SK)`` of an entity."""
    return build(key_of(entity))


def claimed_run_key(claim: JobRunClaim) -> JobRunKey:
    """Return the key of the JobRun a :class:`JobRunClaim` records: under its correlation id,
    or (a claim of the 1.0.0 rule, which recorded no correlation id for a nova's run) under its
    nova."""
    if claim.correlation_id is not None:
        return JobRunKey(
            claim.workflow_name,
            claim.started_at,
            claim.job_run_id,
            correlation_id=claim.correlation_id,
        )
    return JobRunKey(claim.workflow_name, claim.started_at, claim.job_run_id, claim.nova_id)


def eligibility_keys(key: SpectraProductKey) -> ItemKey:
    """Return ``(GSI1PK, GSI1SK)`` of an eligible spectra product."""
    return build_with(ELIGIBILITY, key)


def gsi1_of(entity: PersistedEntity) -> ItemKey | None:
    """Return the GSI1 keys an entity must carry, or None when it must not be in the index.

    Only spectra products whose eligibility is ACQUIRE are in the index.
    """
    if isinstance(
        entity, (SpectraProduct, SpectraProductV21, SpectraProductV2, SpectraProductV1)
    ) and (entity.eligibility is Eligibility.ACQUIRE):
        return eligibility_keys(
            SpectraProductKey(entity.nova_id, entity.provider, entity.data_product_id)
        )
    return None
