"""IFC-020: the persisted entity models, every published version of each."""

from novacat_persistence.contracts.entities.base import (
    DocumentValue,
    PersistedEntity,
    Provenance,
)
from novacat_persistence.contracts.entities.claims import JobRunClaim, NameClaim
from novacat_persistence.contracts.entities.data_product import (
    AnySpectra,
    CompositeSpectra,
    CompositeSpectraV1,
    DataProduct,
    DataProductV1,
    Locator,
    PhotometryTable,
    PhotometryTableV1,
    SpectraProduct,
    SpectraProductV1,
)
from novacat_persistence.contracts.entities.execution import Attempt, JobRun
from novacat_persistence.contracts.entities.file_object import FileObject
from novacat_persistence.contracts.entities.idempotency import IdempotencyLock, StepDedupe
from novacat_persistence.contracts.entities.legacy import (
    LegacyEntity,
    LegacyFileObject,
    LegacyJobRun,
    LegacyNovaReference,
    LegacyNovaScopedReference,
    is_legacy,
)
from novacat_persistence.contracts.entities.locator_alias import LocatorAlias
from novacat_persistence.contracts.entities.nova import NameMapping, Nova
from novacat_persistence.contracts.entities.reference import NovaReference, Reference
from novacat_persistence.contracts.entities.work_item import WorkItem

__all__ = [
    "AnySpectra",
    "Attempt",
    "CompositeSpectra",
    "CompositeSpectraV1",
    "DataProduct",
    "DataProductV1",
    "DocumentValue",
    "FileObject",
    "IdempotencyLock",
    "JobRun",
    "JobRunClaim",
    "LegacyEntity",
    "LegacyFileObject",
    "LegacyJobRun",
    "LegacyNovaReference",
    "LegacyNovaScopedReference",
    "Locator",
    "LocatorAlias",
    "NameClaim",
    "NameMapping",
    "Nova",
    "NovaReference",
    "PersistedEntity",
    "PhotometryTable",
    "PhotometryTableV1",
    "Provenance",
    "Reference",
    "SpectraProduct",
    "SpectraProductV1",
    "StepDedupe",
    "WorkItem",
    "is_legacy",
]
