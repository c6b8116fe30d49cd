"""Historical eras of the stored items (docs/domain.md, History): recognized, and read, here.

The services wrote items for months before this surface existed. Every one of them is stamped
``schema_version`` ``"1"`` or ``"1.0.0"``, yet the shapes changed under that stamp. An *era* is
one such historical shape of one entity type. It is recognized from the raw stored item (its
attribute names and key shape), before the item is validated, and it says how to read it:

- an era whose items its own attributes can carry to the current model lists ``renames``
  (stored name -> current name); the codec renames the attributes and then reads the item as
  usual (version model, upcasters), recording the era in the entity's ``read_provenance.era``;
- an era whose items cannot be carried names a ``legacy`` model
  (:mod:`~novacat_persistence.contracts.entities.legacy`); the item is read into it, flagged
  as legacy, and never fails for what the current model would miss. ``carried_with`` lists the
  attributes with which an item of such an era *can* be read as the current model;
- an era whose items sit under a historical key shape gives the ``key`` of that shape, built
  from the entity's fields, so that a reader can check an item's keys (:func:`stored_key`);
- an era whose items carry what a later version added (fields, widened values) under the old
  stamp names the ``model`` that reads them: a superset of its version's model, after which
  the entity is upcast from its version as usual;
- an era may fill what its items lack from what they hold: an attribute from another one
  (``fills``: a stub's ``updated_at`` is its ``created_at``), or the components of its key
  (``from_key``: a photometry table's ``nova_id`` is its PK). Nothing is invented: a value is
  filled only from the item itself;
- an ``unversioned`` era reads items stored with no ``schema_version`` at its ``version``.

Eras of one entity are tried in order and compose: the renames of every matching era apply,
and the first matching era with a legacy model ends the search. The era recorded is the names
of the matching eras joined with ``.``, and ``<version>+<names>`` (semantic-version build
metadata) names the shape, as in the era snapshots ``contracts/schemas/<entity>/eras/``.

The rules are data (:data:`ERAS`), registered per entity type in
:mod:`~novacat_persistence.contracts.versions` (``EntitySpec.eras``) and applied by
:func:`~novacat_persistence.contracts.codec.items.decode`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from functools import cache
from typing import Any, Final, NamedTuple

from novacat_persistence.contracts import item_checks as checks
from novacat_persistence.contracts.codec.field_encoders import encode_fields
from novacat_persistence.contracts.codec.plain_reads import KeyCheck
from novacat_persistence.contracts.entities import (
    DataProductV1Services,
    FileObject,
    IdempotencyLock,
    JobRun,
    JobRunV1,
    LegacyEntity,
    LegacyFileObject,
    LegacyJobRun,
    LegacyNovaReference,
    LegacyNovaScopedReference,
    Nova,
    NovaV1,
    OffsetCache,
    PersistedEntity,
    PhotometryRow,
    RegenBatchPlan,
    SpectraProductV1,
    WorkItem,
)
from novacat_persistence.contracts.entities.data_product import (
    CompositeSpectraV1,
    CompositeSpectraV1Services,
    PhotometryTableV1,
    PhotometryTableV1Services,
    SpectraProductV1Services,
)
from novacat_persistence.contracts.enums import FileRole, ProductType
from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.keys import (
    ItemKey,
    JobRunKey,
    LegacyFileObjectKey,
    LegacyNovaReferenceKey,
    LegacyReferenceKey,
    build,
    build_legacy,
    item_key,
)
from novacat_persistence.contracts.keys import stored_keys as keys_stored_keys
from novacat_persistence.contracts.keys.layouts import keys_match_fields, keys_match_texts
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.contracts.types import UUID_PATTERN
from novacat_persistence.contracts.wire_form import NULL_VALUE, AttributeValue

StoredItem = Mapping[str, AttributeValue]
"""A stored item in wire form, as the codec receives it."""

_NAME: Final = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def label_of(version: str, era: str | None) -> str:
    """``<version>`` or ``<version>+<era>``: how a file, a snapshot and a report name a shape
    (``era``: the names of its eras joined with ``.``)."""
    return version if era is None else f"{version}+{era}"


@frozen_record
class Era:
    """One historical shape of an entity's items, stamped ``version`` though it is not that
    version's shape. See the module documentation for how each field is used."""

    name: str
    """Lowercase words joined by ``-``: a semantic-version build identifier."""
    summary: str
    """What distinguishes the era's items, in one sentence."""
    identify: Callable[[StoredItem], bool]
    """Whether a raw stored item is of this era (cheap: names, texts and key prefixes only; in
    :data:`ERAS`, an :mod:`~novacat_persistence.contracts.item_checks` check compiled)."""
    renames: Mapping[str, str] = field(default_factory=dict)
    """Stored attribute name -> current name, applied when the current name is absent."""
    legacy: type[LegacyEntity] | None = None
    """The model of the era's items that cannot be carried to the current model."""
    carried_with: frozenset[str] | None = None
    """With all of these attributes present, an item of a ``legacy`` era reads as the current
    model after all; None: the era's items never do."""
    key: Callable[[PersistedEntity], ItemKey] | None = None
    """The era's key shape, built from an entity's fields; None: the current key grammar."""
    version: str = "1.0.0"
    """The published version the era's items are stamped with (``"1"`` reads as it)."""
    model: Any = None
    """The model (class or discriminated union) that reads the era's items instead of its
    version's: a superset of it. None: the version's own model."""
    fills: Mapping[str, str] = field(default_factory=dict)
    """Attribute -> the attribute whose stored value it takes when the item lacks it."""
    from_key: bool = False
    """Whether attributes the item lacks are taken from the components of its key."""
    unversioned: bool = False
    """Whether the era's items carry no ``schema_version`` (they read at ``version``)."""

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"era name {self.name!r} is not lowercase words joined by '-'")

    @property
    def label(self) -> str:
        """``<version>+<name>``: the era as a semantic version with build metadata."""
        return label_of(self.version, self.name)


class EraReading(NamedTuple):
    """How the codec reads an item of one or more eras (a tuple: one is made for every era
    item read)."""

    item: dict[str, AttributeValue]
    """The item, its attributes renamed to the names of the model that reads it."""
    legacy: type[LegacyEntity] | None
    """The legacy model that reads it; None: the version's own model."""
    era: str
    """The names of the eras found, joined with ``.``."""
    model: Any = None
    """The model that reads the item (an era's ``model``); None: the stamped version's."""


# --- identification --------------------------------------------------------------------------


def _present(item: StoredItem, name: str) -> bool:
    value = item.get(name)
    return value is not None and value != NULL_VALUE


def _renamed(item: StoredItem, renames: Mapping[str, str]) -> dict[str, AttributeValue]:
    return {
        (renames[name] if name in renames and renames[name] not in item else name): value
        for name, value in item.items()
    }


KeyTexts = Callable[[StoredItem], Mapping[str, AttributeValue]]
"""The components of an item's key, as the attributes they stand for (empty: none fit)."""


def filled_in(era: Era, item: StoredItem, key_texts: KeyTexts | None = None) -> StoredItem:
    """What reading ``item`` in ``era`` fills in (empty: nothing), by name: each attribute of
    ``fills`` the item lacks, taken from its source attribute when the item (or an attribute
    filled before it) holds that; then, for an era reading ``from_key``, each component of
    its key (``key_texts``) the item lacks."""
    added: dict[str, AttributeValue] = {}
    get = item.get  # presence spelled out (not _present): this runs for every item filled
    for name, source in era.fills.items():
        held = get(name)
        if (held is not None and held != NULL_VALUE) or name in added:
            continue
        value = added.get(source) or get(source)  # what is added is present
        if value is not None and value != NULL_VALUE:
            added[name] = value
    if era.from_key and key_texts is not None:
        for name, value in key_texts(item).items():
            held = get(name)
            if (held is None or held == NULL_VALUE) and name not in added:
                added[name] = value
    return added


def identify_era(
    eras: Sequence[Era], version: str, item: StoredItem, key_texts: KeyTexts | None = None
) -> EraReading | None:
    """Return how to read ``item`` (stored at the published ``version``) when it is of one or
    more of ``eras``, else None (an item of the version's own shape). ``key_texts`` gives the
    components of the item's key, for an era that fills attributes from it."""
    names: list[str] = []
    legacy: type[LegacyEntity] | None = None
    model: Any = None
    read = item  # a new map once an era renames or fills
    for era in eras:
        if era.version != version or not era.identify(read):
            continue
        names.append(era.name)
        if era.renames:
            read = _renamed(read, era.renames)
        if era.fills or era.from_key:
            added = filled_in(era, read, key_texts)
            if added:
                read = {**read, **added}
        model = era.model if era.model is not None else model
        if era.legacy is not None and not (
            era.carried_with is not None and all(_present(read, n) for n in era.carried_with)
        ):
            legacy = era.legacy
            break
    if not names:
        return None
    copied = read if read is not item and isinstance(read, dict) else dict(read)
    return EraReading(copied, legacy, ".".join(names), model)


# --- keys ------------------------------------------------------------------------------------

LEGACY_FILE_PRODUCT_TYPES: Final[Mapping[FileRole, ProductType]] = {
    FileRole.SPECTRA_RAW_FITS: ProductType.SPECTRA,
    FileRole.SPECTRA_QUARANTINE_CONTEXT: ProductType.SPECTRA,
    FileRole.SPECTRA_NORMALIZED: ProductType.SPECTRA,
    FileRole.SPECTRA_PLOT: ProductType.SPECTRA,
    FileRole.PHOTOMETRY_TABLE: ProductType.PHOTOMETRY_TABLE,
    FileRole.PHOTOMETRY_SNAPSHOT: ProductType.PHOTOMETRY_TABLE,
}
"""The roles a file had under the product-scoped SK of era ``product-type-sk``, and the
product type that SK names for each (every file then belonged to a data product)."""


def _legacy_file_key(entity: PersistedEntity) -> ItemKey:
    if not isinstance(entity, FileObject | LegacyFileObject):
        raise TypeError(f"{type(entity).__name__} is not a FileObject")
    product_type = LEGACY_FILE_PRODUCT_TYPES.get(entity.role)
    if product_type is None:
        raise KeyShapeError("role", entity.role.value, "had no product-scoped key")
    if entity.nova_id is None or entity.data_product_id is None:
        raise KeyShapeError("data_product_id", None, "a product-scoped key needs nova and product")
    name = entity.key.rsplit("/", 1)[-1]
    return build_legacy(
        LegacyFileObjectKey(entity.nova_id, product_type, entity.data_product_id, entity.role, name)
    )


def _legacy_job_run_key(entity: PersistedEntity) -> ItemKey:
    if not isinstance(entity, LegacyJobRun):
        raise TypeError(f"{type(entity).__name__} is not a LegacyJobRun")
    return build(
        JobRunKey(entity.workflow_name, entity.started_at, entity.job_run_id, entity.nova_id)
    )


def _legacy_reference_key(entity: PersistedEntity) -> ItemKey:
    if not isinstance(entity, LegacyNovaScopedReference):
        raise TypeError(f"{type(entity).__name__} is not a LegacyNovaScopedReference")
    return build_legacy(LegacyReferenceKey(entity.nova_id, entity.reference_id))


def _legacy_nova_reference_key(entity: PersistedEntity) -> ItemKey:
    if not isinstance(entity, LegacyNovaReference):
        raise TypeError(f"{type(entity).__name__} is not a LegacyNovaReference")
    return build_legacy(LegacyNovaReferenceKey(entity.nova_id, entity.reference_id))


# --- the eras --------------------------------------------------------------------------------


def _rename_era(name: str, summary: str, renames: Mapping[str, str]) -> Era:
    return Era(name, summary, checks.compiled(checks.has_old_names(renames)), renames=renames)


def _added(later: type[PersistedEntity], earlier: type[PersistedEntity]) -> frozenset[str]:
    """The fields a later version's model has and an earlier one's has not."""
    return frozenset(later.model_fields) - frozenset(earlier.model_fields)


_TIMESTAMPS_FROM_CREATION: Final = {"updated_at": "created_at"}
"""An item never stamped ``updated_at`` was last written when it was created."""

_LOCK_TIMESTAMPS: Final = {"created_at": "acquired_at", "updated_at": "acquired_at"}
"""A lock never stamped with timestamps was created, and last written, when acquired."""

_UNVERSIONED: Final = checks.lacks("schema_version")
"""An item stored with no ``schema_version``."""


_MONTH_ZERO: Final = r"[0-9]{4}-00-[0-9]{2}"
_COMPOSITE_SK: Final = r"^PRODUCT#SPECTRA#[^#]+#COMPOSITE#"


def _services_era(
    summary: str,
    identify: checks.Check,
    model: Any,
    *,
    fills: Mapping[str, str] = _TIMESTAMPS_FROM_CREATION,
    from_key: bool = False,
) -> Era:
    stamped = checks.compiled(checks.all_of(checks.present("schema_version"), identify))
    return Era("services", summary, stamped, model=model, fills=fills, from_key=from_key)


ERAS: Final[Mapping[str, tuple[Era, ...]]] = {
    Nova.ENTITY_TYPE: (
        _services_era(
            "stored by Nova Cat's resolver, tools and artifact finalizer under the 1.0.0 stamp "
            "with what 1.1.0 added (resolver source, creating run, counts, statuses PENDING and "
            "HIDDEN, other epochs, dates known to the year), or with no `updated_at`",
            checks.any_of(
                checks.lacks("updated_at"),
                checks.holds_any(_added(Nova, NovaV1)),
                checks.text_in("status", frozenset({"PENDING", "HIDDEN"})),
                checks.all_of(
                    checks.present("coord_epoch"),
                    checks.negated(checks.text_in("coord_epoch", frozenset({"J2000"}))),
                ),
                checks.text_matches("discovery_date", _MONTH_ZERO),
            ),
            Nova,
        ),
    ),
    "DataProduct": (
        Era(
            "unversioned",
            "a composite Nova Cat's generator stored with no `schema_version`, and neither "
            "`nova_id` nor `composite_id` (both are in its key)",
            checks.compiled(checks.all_of(_UNVERSIONED, checks.sk_matches(_COMPOSITE_SK))),
            model=DataProductV1Services,
            from_key=True,
            unversioned=True,
        ),
        _services_era(
            "stored by Nova Cat's services under the 1.0.0 stamp with what 2.1.0 added (SNR, "
            "wavelength range, flux unit, id derivation, last execution, photometry row "
            "counts), or without the `nova_id` its key holds",
            checks.any_of(
                checks.lacks("nova_id"),
                checks.holds_any(
                    _added(SpectraProductV1Services, SpectraProductV1)
                    | _added(PhotometryTableV1Services, PhotometryTableV1)
                ),
                checks.all_of(
                    checks.sk_matches(_COMPOSITE_SK),
                    checks.holds_any(_added(CompositeSpectraV1Services, CompositeSpectraV1)),
                ),
            ),
            DataProductV1Services,
            fills={},
            from_key=True,
        ),
    ),
    JobRun.ENTITY_TYPE: (
        _rename_era(
            "id-dataset",
            "the run id is stored as `id` and its product as `dataset_id` (now `job_run_id`, "
            "`data_product_id`)",
            {"id": "job_run_id", "dataset_id": "data_product_id"},
        ),
        _rename_era(
            "initiated-at",
            "the run's times are stored under the contract's names `initiated_at`/`finished_at` "
            "(now `started_at`/`ended_at`)",
            {"initiated_at": "started_at", "finished_at": "ended_at"},
        ),
        Era(
            "no-correlation-id",
            "early documented runs record no `correlation_id`: read as LegacyJobRun",
            checks.compiled(checks.lacks("correlation_id")),
            legacy=LegacyJobRun,
            key=_legacy_job_run_key,
        ),
        _services_era(
            "stored by Nova Cat's JobRun manager and quarantine handlers under the 1.0.0 stamp "
            "with what 1.1.0 added (candidate name, outcome, error and quarantine details)",
            checks.holds_any(_added(JobRun, JobRunV1)),
            JobRun,
            fills={},
        ),
    ),
    FileObject.ENTITY_TYPE: (
        Era(
            "product-type-sk",
            "SK `FILE#<product_type>#<data_product_id>#<role>#<name>`; read as FileObject when "
            "it records a `file_id`, else as LegacyFileObject",
            checks.compiled(
                checks.sk_matches(
                    rf"^FILE#({'|'.join(t.value for t in ProductType)})#{UUID_PATTERN}#"
                )
            ),
            legacy=LegacyFileObject,
            carried_with=frozenset({"file_id"}),
            key=_legacy_file_key,
        ),
    ),
    LegacyNovaScopedReference.ENTITY_TYPE: (
        Era(
            "per-nova-ref",
            "references stored per nova, PK `<nova_id>`, SK `REF#<reference_id>`: read as "
            "LegacyNovaScopedReference",
            checks.compiled(checks.sk_matches(r"^REF#")),
            legacy=LegacyNovaScopedReference,
            key=_legacy_reference_key,
        ),
    ),
    LegacyNovaReference.ENTITY_TYPE: (
        Era(
            "reference-id-sk",
            "links keyed `NOVAREF#<reference_id>` to a per-nova reference: read as "
            "LegacyNovaReference",
            checks.compiled(checks.sk_matches(rf"^NOVAREF#{UUID_PATTERN}$")),
            legacy=LegacyNovaReference,
            key=_legacy_nova_reference_key,
        ),
    ),
    IdempotencyLock.ENTITY_TYPE: (
        Era(
            "candidate-name",
            "a lock of Nova Cat's first day (2026-03-01) names its primary id "
            "`normalized_candidate_name` (now `primary_id`) and, like every lock of its guard, "
            "has no `created_at`/`updated_at`: both are its `acquired_at`",
            checks.compiled(checks.has_old_names({"normalized_candidate_name": "primary_id"})),
            renames={"normalized_candidate_name": "primary_id"},
            fills=_LOCK_TIMESTAMPS,
        ),
        _services_era(
            "stored by Nova Cat's idempotency guard with no `created_at`/`updated_at`: it was "
            "created, and last written, when it was acquired",
            checks.all_of(checks.lacks("created_at"), checks.lacks("normalized_candidate_name")),
            None,
            fills=_LOCK_TIMESTAMPS,
        ),
    ),
    WorkItem.ENTITY_TYPE: (
        _services_era(
            "stored by Nova Cat's services under the 1.0.0 stamp with a run id that is no UUID "
            "(their correlation id, or `unknown`), or no `updated_at`",
            checks.any_of(
                checks.lacks("updated_at"),
                checks.negated(checks.text_matches("job_run_id", UUID_PATTERN)),
            ),
            WorkItem,
        ),
    ),
    RegenBatchPlan.ENTITY_TYPE: (
        _services_era(
            "stored by Nova Cat's artifact coordinator with no `updated_at`",
            checks.lacks("updated_at"),
            None,
        ),
    ),
    OffsetCache.ENTITY_TYPE: (
        Era(
            "unversioned",
            "stored by Nova Cat's light curve generator with no `entity_type`, no "
            "`schema_version` and no timestamps but `computed_at`: recognized by its key, which "
            "holds its nova and regime",
            checks.compiled(_UNVERSIONED),
            fills={"created_at": "computed_at", "updated_at": "computed_at"},
            from_key=True,
            unversioned=True,
        ),
    ),
    PhotometryRow.ENTITY_TYPE: (
        _services_era(
            "stored by Nova Cat's ticket ingestion with `ingested_at` for timestamps and the "
            "row id only in its key",
            checks.lacks("created_at"),
            None,
            fills={"created_at": "ingested_at", "updated_at": "ingested_at"},
            from_key=True,
        ),
    ),
}
"""Every era of every entity type, in the order they are tried (renames first)."""


def era_named(entity_type: str, name: str) -> Era:
    """Return one era of an entity type by name; KeyError names the known ones."""
    for era in ERAS.get(entity_type, ()):
        if era.name == name:
            return era
    known = ", ".join(era.name for era in ERAS.get(entity_type, ())) or "none"
    raise KeyError(f"{entity_type} has no era {name!r} (known: {known})")


def _eras_of(entity: PersistedEntity, era: str | None) -> list[Era]:
    if era is not None:
        return [era_named(entity.ENTITY_TYPE, name) for name in era.split(".")]
    if isinstance(entity, LegacyEntity):
        return [e for e in ERAS.get(entity.ENTITY_TYPE, ()) if e.legacy is type(entity)]
    provenance = entity.read_provenance
    if provenance is None or provenance.era is None:
        return []
    return _eras_of(entity, provenance.era)


def _key_in(entity: PersistedEntity, eras: Sequence[Era]) -> ItemKey:
    keyed = [era.key for era in eras if era.key is not None]
    return keyed[-1](entity) if keyed else item_key(entity)


def stored_key(entity: PersistedEntity) -> ItemKey:
    """Return the ``(PK, SK)`` a decoded entity must be stored under: the key shape of its era
    (``read_provenance.era``, or the era of its legacy model) or else the current grammar's.

    Raises KeyShapeError when its fields give no valid key of that shape.
    """
    if not isinstance(entity, LegacyEntity):
        provenance = entity.read_provenance
        if provenance is None or provenance.era is None:  # the common case, kept cheap
            return item_key(entity)
    return _key_in(entity, _eras_of(entity, None))


def stored_keys(entity: PersistedEntity) -> tuple[ItemKey, ...]:
    """Every ``(PK, SK)`` a decoded entity may be found stored under: its era's key shape
    (when its era has one), else the key it is written under and those earlier rules wrote it
    under (``keys.stored_keys``). Raises KeyShapeError as :func:`stored_key` does."""
    eras = (
        _eras_of(entity, None)
        if entity.read_provenance is not None or isinstance(entity, LegacyEntity)
        else []
    )
    if any(era.key is not None for era in eras):
        return (_key_in(entity, eras),)
    return keys_stored_keys(entity)


def keys_shown(entity: PersistedEntity, item: StoredItem) -> bool:
    """Whether ``item``'s ``PK`` and ``SK`` are shown to be keys the decoded ``entity`` may be
    stored under (one of :func:`stored_keys`) without building them: from the item's texts
    where the entity's key fields hold what was read from them (``keys_match_texts``), else
    from its fields (``keys_match_fields``), and for an entity of eras that keep the current
    key grammar from the item's texts where its own model read them, else from its fields.
    False means only "not shown this way": build them (:func:`stored_keys`).

    ``item`` is what the entity's model read (``codec.items.ReadItem.attributes``: an era's
    item renamed and filled). The stored item of an era that renames or fills a key field
    holds no text of that field under its name: its keys are shown from the fields."""
    provenance = entity.read_provenance
    if provenance is None:
        return False
    era = provenance.era
    if era is not None and isinstance(entity, LegacyEntity):
        return False
    return key_check(entity.ENTITY_TYPE, era)(entity, item, provenance.key_fields_as_read)


def key_check(entity_type: str, era: str | None) -> KeyCheck:
    """How :func:`keys_shown` shows the keys of an entity of ``entity_type`` read from an item
    of ``era`` (None: of none); KeyError for an era the entity type has not."""
    if era is None:
        return _current_keys_shown
    if _keyed(entity_type, era):
        return _never_shown
    return _era_keys_shown


def _current_keys_shown(entity: PersistedEntity, item: StoredItem, as_read: bool) -> bool:
    return keys_match_texts(entity, item) if as_read else keys_match_fields(entity, item)


def _era_keys_shown(entity: PersistedEntity, item: StoredItem, as_read: bool) -> bool:
    return (as_read and keys_match_texts(entity, item)) or keys_match_fields(entity, item)


def _never_shown(entity: PersistedEntity, item: StoredItem, as_read: bool) -> bool:
    return False


@cache
def _keyed(entity_type: str, era: str) -> bool:
    """Whether eras of an entity type (names joined with ``.``) have a key shape of their own;
    KeyError for an era the entity type has not."""
    return any(era_named(entity_type, name).key is not None for name in era.split("."))


def era_item(
    entity: PersistedEntity, era: str, stored_version: str = "1.0.0"
) -> dict[str, AttributeValue]:
    """Return the item an old service stored for ``entity`` in ``era`` (names joined by ``.``),
    stamped ``stored_version`` (``"1"`` or ``"1.0.0"``): the era's key shape and attribute
    names. For building corpora and tests; the wrapper never writes an era.
    """
    eras = _eras_of(entity, era)
    item = encode_fields(entity)
    for each in eras:
        item = _renamed(item, {new: old for old, new in each.renames.items()})
    key = _key_in(entity, eras)
    item["PK"] = {"S": key.pk}
    item["SK"] = {"S": key.sk}
    item["entity_type"] = {"S": entity.ENTITY_TYPE}
    item["schema_version"] = {"S": stored_version}
    return item
