"""The version registry of IFC-020: every entity, every published version, and the upcasters.

Reading rules (applied by the codec):

- a stored ``schema_version`` is normalized to MAJOR.MINOR.PATCH (``"1"`` reads as
  ``"1.0.0"``);
- a published version is validated by its own model, then carried to the current version by
  the chain of upcasters, one published version at a time;
- a newer MINOR or PATCH of a known MAJOR is read by the newest model of that MAJOR (minor
  versions only add), its unknown attributes kept for write-back;
- any other version (an unknown MAJOR, a malformed string) raises
  :class:`~novacat_persistence.contracts.errors.UnsupportedSchemaVersionError`;
- an item of a historical era (:mod:`~novacat_persistence.contracts.eras`, registered here as
  ``EntitySpec.eras``) is recognized before validation and normalized to its version's names,
  or read into the era's legacy model.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final, get_args

from pydantic import BaseModel, Discriminator, Tag, TypeAdapter

from novacat_persistence.contracts.codec.revalidation import revalidate
from novacat_persistence.contracts.entities import (
    Attempt,
    DataProduct,
    DataProductV1,
    DataProductV2,
    DataProductV21,
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
    Reference,
    RegenBatchPlan,
    StepDedupe,
    StepDedupeV1,
    WorkItem,
    WorkItemV1,
)
from novacat_persistence.contracts.eras import ERAS, Era
from novacat_persistence.contracts.errors import UnsupportedSchemaVersionError
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.contracts.renaming import NO_RENAMING, Renaming

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the fields of one version (as the model dumped them) into those of the next."""


@frozen_record
class ForVariants:
    """The upcaster of a version of several models (a union) that changes the fields of some
    of them only: each changed model's upcaster by its tag (:attr:`EntityVersion.variants`);
    the fields of every other model are given back as they are."""

    upcasters: Mapping[str, Upcaster]


_Variants = tuple[Callable[[Any], Hashable], dict[str, type[PersistedEntity]]]
"""A union's discriminator and its tag -> model map."""

_VERSION = re.compile(r"^(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:\.(0|[1-9][0-9]*))?$")


def parse_version(text: str) -> tuple[int, int, int]:
    """Return ``(major, minor, patch)`` of ``"1"``, ``"1.2"`` or ``"1.2.3"``; else ValueError."""
    match = _VERSION.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a MAJOR[.MINOR[.PATCH]] version")
    major, minor, patch = match.groups()
    return int(major), int(minor or 0), int(patch or 0)


def normalize_version(text: str) -> str:
    """Return the MAJOR.MINOR.PATCH form of a stored schema_version (``"1"`` -> ``"1.0.0"``)."""
    return ".".join(str(part) for part in parse_version(text))


@frozen_record
class EntityVersion:
    """One published version of an entity: its model(s) and the step to the next version."""

    entity_type: str
    version: str
    root: Any
    """The model class, or an annotated union of model classes (DataProduct)."""
    upcast: Upcaster | ForVariants | None = None
    """How fields of this version become fields of the next one (None for the newest)."""

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        """Validator of plain field dicts into this version's model."""
        return TypeAdapter(self.root)

    @cached_property
    def models(self) -> tuple[type[PersistedEntity], ...]:
        """The concrete model classes of this version (several for a union)."""
        found: list[type[PersistedEntity]] = []

        def collect(tp: Any) -> None:
            if isinstance(tp, type) and issubclass(tp, PersistedEntity):
                found.append(tp)
                return
            for arg in getattr(tp, "__args__", ()) or getattr(tp, "__metadata__", ()):
                collect(arg)
            origin = getattr(tp, "__origin__", None)
            if origin is not None:
                collect(origin)

        collect(self.root)
        return tuple(dict.fromkeys(found))

    @cached_property
    def _variants(self) -> _Variants | None:
        if len(self.models) == 1:
            return None
        union, *metadata = get_args(self.root)
        discriminator = next(m for m in metadata if isinstance(m, Discriminator)).discriminator
        assert callable(discriminator)
        tags: dict[str, type[PersistedEntity]] = {}
        for member in get_args(union):
            model, *member_metadata = get_args(member)
            tag = next(m for m in member_metadata if isinstance(m, Tag))
            tags[tag.tag] = model
        return discriminator, tags

    @cached_property
    def variants(self) -> Mapping[str, type[PersistedEntity]]:
        """The version's models by the tag that tells them apart (its one model under "")."""
        variants = self._variants
        return {"": self.models[0]} if variants is None else variants[1]

    def tag_of(self, item: Mapping[str, Any]) -> str:
        """The tag (:attr:`variants`) of the model of this version that reads ``item``."""
        variants = self._variants
        return "" if variants is None else str(variants[0](item))

    def model_for(self, item: Mapping[str, Any]) -> type[PersistedEntity]:
        """Return the model class of this version that reads ``item`` (stored or plain)."""
        variants = self._variants
        return self.models[0] if variants is None else variants[1][self.tag_of(item)]

    def carry(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The fields of the next version, given the fields of this one (of any model)."""
        upcast = self.upcast
        assert upcast is not None, f"{self.entity_type} {self.version} has no upcaster"
        if not isinstance(upcast, ForVariants):
            return upcast(fields)
        changed = upcast.upcasters.get(self.tag_of(fields))
        return fields if changed is None else changed(fields)

    def renaming(self, tag: str) -> Renaming | None:
        """What :meth:`carry` does to the fields of the model of ``tag``, when it only renames
        (:data:`~.renaming.NO_RENAMING` when it gives them back as they are); else None."""
        upcast = self.upcast
        if isinstance(upcast, ForVariants):
            upcast = upcast.upcasters.get(tag, _unchanged)
        if upcast is _unchanged:
            return NO_RENAMING
        return upcast if isinstance(upcast, Renaming) else None

    @cached_property
    def field_names(self) -> frozenset[str]:
        """Every attribute name a model of this version reads."""
        return frozenset(name for model in self.models for name in model.model_fields)

    @property
    def major(self) -> int:
        """The MAJOR number of this version."""
        return parse_version(self.version)[0]


@dataclass(frozen=True, eq=False)
class EntitySpec:
    """An entity type and all its published versions, oldest first."""

    entity_type: str
    snapshot_name: str
    """Folder of its snapshots: ``contracts/schemas/<snapshot_name>/<version>.json``."""
    versions: tuple[EntityVersion, ...]
    eras: tuple[Era, ...] = ()
    """Historical shapes of its items (:data:`~novacat_persistence.contracts.eras.ERAS`)."""
    identified_by_key: bool = False
    """Whether its items are recognized by their key shape: their writer stores no
    ``entity_type`` (any other entity type's items without one are unreadable)."""
    _by_version: Mapping[str, EntityVersion] = field(init=False, repr=False, compare=False)
    _steps_from: Mapping[str, tuple[EntityVersion, ...]] = field(
        init=False, repr=False, compare=False
    )
    """Published version -> the versions whose upcasters carry its fields to the current."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_version", {v.version: v for v in self.versions})
        steps = {v.version: self.versions[i:-1] for i, v in enumerate(self.versions)}
        object.__setattr__(self, "_steps_from", steps)

    @property
    def unversioned_era(self) -> Era | None:
        """The era whose items carry no ``schema_version``, if it has one."""
        return next((era for era in self.eras if era.unversioned), None)

    @property
    def current(self) -> EntityVersion:
        """The version writers stamp."""
        return self.versions[-1]

    def version(self, version: str) -> EntityVersion:
        """Return a published version by its exact MAJOR.MINOR.PATCH string."""
        return self._by_version[version]

    def reader_for(self, stored_version: str) -> tuple[EntityVersion, str]:
        """Return the version whose model reads an item stored at ``stored_version``, and the
        normalized stored version; raise UnsupportedSchemaVersionError when none can."""
        return self._reader_for(stored_version)

    @functools.lru_cache(maxsize=256)  # noqa: B019  # specs live as long as the process
    def _reader_for(self, stored_version: str) -> tuple[EntityVersion, str]:
        try:
            normalized = normalize_version(stored_version)
        except (ValueError, TypeError):
            raise self._unsupported(str(stored_version)) from None
        exact = self._by_version.get(normalized)
        if exact is not None:
            return exact, normalized
        wanted = parse_version(normalized)
        same_major = [v for v in self.versions if v.major == wanted[0]]
        if same_major and parse_version(same_major[-1].version) < wanted:
            return same_major[-1], normalized
        raise self._unsupported(stored_version)

    def _unsupported(self, stored_version: str) -> UnsupportedSchemaVersionError:
        return UnsupportedSchemaVersionError(
            self.entity_type, stored_version, [v.version for v in self.versions]
        )

    def renaming_from(self, start: EntityVersion, tag: str) -> Renaming | None:
        """What the upcasters from ``start`` to the current version do to the fields of the
        model of ``tag``, when at most one step renames them and every other gives them back
        as they are (:data:`~.renaming.NO_RENAMING` when all do); else None."""
        found = NO_RENAMING
        for step in self._steps_from[start.version]:
            renaming = step.renaming(tag)
            if renaming is None or (renaming is not NO_RENAMING and found is not NO_RENAMING):
                return None
            found = renaming if renaming is not NO_RENAMING else found
        return found

    def upcast_to_current(self, entity: BaseModel, start: EntityVersion) -> PersistedEntity:
        """Carry an entity validated by ``start`` to the current model, one version at a time."""
        # The fields as validated (nested models, enums and UUIDs as they are: what model_dump
        # would give, without its copy); the current model validates them again, but for those
        # handed on as read that it reads alike (codec.revalidation).
        fields = dict(entity.__dict__)
        for step in self._steps_from[start.version]:
            fields = step.carry(fields)
        current = self.current
        model = current.models[0] if len(current.models) == 1 else current.model_for(fields)
        return revalidate(entity, model, fields)


_SPECTRA_PRODUCT_V1_TO_V2: Final = Renaming(
    {"attempt_count": "attempt_count_total", "sha256": "content_fingerprint"},
    copies=(("last_successful_fingerprint", "content_fingerprint", "validation_status", "VALID"),),
)
"""DataProduct 1.0.0 -> 2.0.0 of a spectra product: ``attempt_count`` becomes
``attempt_count_total`` and ``sha256`` becomes ``content_fingerprint``; a VALID product's
fingerprint is also its ``last_successful_fingerprint``."""

_DATA_PRODUCT_V1_TO_V2: Final = ForVariants({"spectra": _SPECTRA_PRODUCT_V1_TO_V2})
"""DataProduct 1.0.0 -> 2.0.0: spectra products change; photometry tables and composites are
carried as they are."""


def _unchanged(fields: dict[str, Any]) -> dict[str, Any]:
    """A MINOR step that only added optional fields (or widened values): every field of the
    earlier version is a field of the next, as it is."""
    return fields


def _work_item_v1_to_v1_1(fields: dict[str, Any]) -> dict[str, Any]:
    """WorkItem 1.0.0 -> 1.1.0: the run id, a UUID, becomes its text."""
    return {**fields, "job_run_id": str(fields["job_run_id"])}


def _spec(
    entity_type: str, snapshot_name: str, *versions: tuple[str, Any, Upcaster | ForVariants | None]
) -> EntitySpec:
    """An entity type's spec: its versions ``(version, model or union, upcaster to the next)``
    oldest first, and its eras."""
    return EntitySpec(
        entity_type,
        snapshot_name,
        tuple(EntityVersion(entity_type, v, root, up) for v, root, up in versions),
        ERAS.get(entity_type, ()),
    )


def _single(
    entity_type: str, snapshot_name: str, model: type[PersistedEntity], **options: Any
) -> EntitySpec:
    spec = _spec(entity_type, snapshot_name, (model.SCHEMA_VERSION, model, None))
    return dataclasses.replace(spec, **options) if options else spec


ENTITIES: Mapping[str, EntitySpec] = {
    spec.entity_type: spec
    for spec in (
        _spec("Nova", "nova", ("1.0.0", NovaV1, _unchanged), ("1.1.0", Nova, None)),
        _single("NameMapping", "name_mapping", NameMapping),
        _single("NameClaim", "name_claim", NameClaim),
        _spec(
            "DataProduct",
            "data_product",
            ("1.0.0", DataProductV1, _DATA_PRODUCT_V1_TO_V2),
            ("2.0.0", DataProductV2, _unchanged),
            ("2.1.0", DataProductV21, _unchanged),
            ("2.2.0", DataProduct, None),
        ),
        _single("LocatorAlias", "locator_alias", LocatorAlias),
        _single("FileObject", "file_object", FileObject),
        _single("Reference", "reference", Reference),
        _single("NovaReference", "nova_reference", NovaReference),
        _spec("JobRun", "job_run", ("1.0.0", JobRunV1, _unchanged), ("1.1.0", JobRun, None)),
        _single("JobRunClaim", "job_run_claim", JobRunClaim),
        _single("Attempt", "attempt", Attempt),
        _single("IdempotencyLock", "idempotency_lock", IdempotencyLock),
        _spec(
            "StepDedupe",
            "step_dedupe",
            ("1.0.0", StepDedupeV1, _unchanged),
            ("1.1.0", StepDedupe, None),
        ),
        _single("ExecutionMarker", "execution_marker", ExecutionMarker),
        _single("RegenBatchPlan", "regen_batch_plan", RegenBatchPlan),
        _single("OffsetCache", "offset_cache", OffsetCache, identified_by_key=True),
        _single("PhotometryRow", "photometry_row", PhotometryRow),
        _spec(
            "WorkItem",
            "work_item",
            ("1.0.0", WorkItemV1, _work_item_v1_to_v1_1),
            ("1.1.0", WorkItem, None),
        ),
    )
}
"""Every entity type of the table, by its stored ``entity_type``."""

CURRENT_MODELS: tuple[type[PersistedEntity], ...] = tuple(
    model for spec in ENTITIES.values() for model in spec.current.models
)
"""The model classes writers use."""


def spec_of(entity_type: str) -> EntitySpec | None:
    """Return the spec of a stored ``entity_type``, or None when it is unknown."""
    return ENTITIES.get(entity_type)


KEY_IDENTIFIED: Final[tuple[EntitySpec, ...]] = tuple(
    spec for spec in ENTITIES.values() if spec.identified_by_key
)
"""The entity types whose items carry no ``entity_type`` and are told by their key."""
