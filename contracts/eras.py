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
  from the entity's fields, so that a reader can check an item's keys (:func:`stored_key`).

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
from dataclasses import dataclass, field
from typing import Final

from novacat_persistence.contracts.codec.field_encoders import encode_fields
from novacat_persistence.contracts.entities import (
    FileObject,
    JobRun,
    LegacyEntity,
    LegacyFileObject,
    LegacyJobRun,
    LegacyNovaReference,
    LegacyNovaScopedReference,
    PersistedEntity,
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
from novacat_persistence.contracts.wire_form import AttributeValue

StoredItem = Mapping[str, AttributeValue]
"""A stored item in wire form, as the codec receives it."""

_NAME: Final = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_UUID_TEXT: Final = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def label_of(version: str, era: str | None) -> str:
    """``<version>`` or ``<version>+<era>``: how a file, a snapshot and a report name a shape
    (``era``: the names of its eras joined with ``.``)."""
    return version if era is None else f"{version}+{era}"


@dataclass(frozen=True)
class Era:
    """One historical shape of an entity's items, stamped ``version`` though it is not that
    version's shape. See the module documentation for how each field is used."""

    name: str
    """Lowercase words joined by ``-``: a semantic-version build identifier."""
    summary: str
    """What distinguishes the era's items, in one sentence."""
    identify: Callable[[StoredItem], bool]
    """Whether a raw stored item is of this era (cheap: names and key prefixes only)."""
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

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"era name {self.name!r} is not lowercase words joined by '-'")

    @property
    def label(self) -> str:
        """``<version>+<name>``: the era as a semantic version with build metadata."""
        return label_of(self.version, self.name)


@dataclass(frozen=True, slots=True)
class EraReading:
    """How the codec reads an item of one or more eras."""

    item: dict[str, AttributeValue]
    """The item, its attributes renamed to the names of the model that reads it."""
    legacy: type[LegacyEntity] | None
    """The legacy model that reads it; None: the version's own model."""
    era: str
    """The names of the eras found, joined with ``.``."""


# --- identification --------------------------------------------------------------------------


def _stored_sk(item: StoredItem) -> str:
    value = item.get("SK")
    text = value.get("S") if isinstance(value, dict) else None
    return text if isinstance(text, str) else ""


def _present(item: StoredItem, name: str) -> bool:
    value = item.get(name)
    return value is not None and value != {"NULL": True}


def _has_old_names(renames: Mapping[str, str]) -> Callable[[StoredItem], bool]:
    def identify(item: StoredItem) -> bool:
        return any(old in item and new not in item for old, new in renames.items())

    return identify


def _lacks(name: str) -> Callable[[StoredItem], bool]:
    def identify(item: StoredItem) -> bool:
        return not _present(item, name)

    return identify


def _sk_matches(pattern: str) -> Callable[[StoredItem], bool]:
    match = re.compile(pattern).match

    def identify(item: StoredItem) -> bool:
        return match(_stored_sk(item)) is not None

    return identify


def _renamed(item: StoredItem, renames: Mapping[str, str]) -> dict[str, AttributeValue]:
    return {
        (renames[name] if name in renames and renames[name] not in item else name): value
        for name, value in item.items()
    }


def identify_era(eras: Sequence[Era], version: str, item: StoredItem) -> EraReading | None:
    """Return how to read ``item`` (stored at the published ``version``) when it is of one or
    more of ``eras``, else None (an item of the version's own shape)."""
    names: list[str] = []
    legacy: type[LegacyEntity] | None = None
    for era in eras:
        if era.version != version or not era.identify(item):
            continue
        names.append(era.name)
        if era.renames:
            item = _renamed(item, era.renames)
        if era.legacy is not None and not (
            era.carried_with is not None and all(_present(item, n) for n in era.carried_with)
        ):
            legacy = era.legacy
            break
    if not names:
        return None
    return EraReading(dict(item), legacy, ".".join(names))


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
    return Era(name, summary, _has_old_names(renames), renames=renames)


ERAS: Final[Mapping[str, tuple[Era, ...]]] = {
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
            _lacks("correlation_id"),
            legacy=LegacyJobRun,
            key=_legacy_job_run_key,
        ),
    ),
    FileObject.ENTITY_TYPE: (
        Era(
            "product-type-sk",
            "SK `FILE#<product_type>#<data_product_id>#<role>#<name>`; read as FileObject when "
            "it records a `file_id`, else as LegacyFileObject",
            _sk_matches(rf"^FILE#({'|'.join(t.value for t in ProductType)})#{_UUID_TEXT}#"),
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
            _sk_matches(r"^REF#"),
            legacy=LegacyNovaScopedReference,
            key=_legacy_reference_key,
        ),
    ),
    LegacyNovaReference.ENTITY_TYPE: (
        Era(
            "reference-id-sk",
            "links keyed `NOVAREF#<reference_id>` to a per-nova reference: read as "
            "LegacyNovaReference",
            _sk_matches(rf"^NOVAREF#{_UUID_TEXT}$"),
            legacy=LegacyNovaReference,
            key=_legacy_nova_reference_key,
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
