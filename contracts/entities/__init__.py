"""IFC-020: the persisted entity models, every published version of each."""

from novacat_persistence.collection import collection_paused

# Building the contracts makes thousands of objects, none of them garbage: a collection
# triggered meanwhile would walk them all for nothing (a fifth of the import time). They live
# as long as the process: they join the collector's oldest generation at once.
with collection_paused(lifelong=True):
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
        CompositeSpectraV2,
        CompositeSpectraV21,
        DataProduct,
        DataProductV1,
        DataProductV1Services,
        DataProductV2,
        DataProductV21,
        Locator,
        PhotometryTable,
        PhotometryTableV1,
        PhotometryTableV2,
        PhotometryTableV21,
        SpectraProduct,
        SpectraProductV1,
        SpectraProductV2,
        SpectraProductV21,
    )
    from novacat_persistence.contracts.entities.execution import Attempt, JobRun, JobRunV1
    from novacat_persistence.contracts.entities.file_object import FileObject
    from novacat_persistence.contracts.entities.idempotency import (
        ExecutionMarker,
        IdempotencyLock,
        StepDedupe,
        StepDedupeV1,
    )
    from novacat_persistence.contracts.entities.legacy import (
        LegacyEntity,
        LegacyFileObject,
        LegacyJobRun,
        LegacyNovaReference,
        LegacyNovaScopedReference,
        is_legacy,
    )
    from novacat_persistence.contracts.entities.locator_alias import LocatorAlias
    from novacat_persistence.contracts.entities.nova import NameMapping, Nova, NovaV1
    from novacat_persistence.contracts.entities.offset_cache import OffsetCache
    from novacat_persistence.contracts.entities.photometry_row import PhotometryRow
    from novacat_persistence.contracts.entities.reference import NovaReference, Reference
    from novacat_persistence.contracts.entities.regeneration import (
        NovaManifest,
        NovaResult,
        RegenBatchPlan,
    )
    from novacat_persistence.contracts.entities.work_item import WorkItem, WorkItemV1

__all__ = [
    "AnySpectra",
    "Attempt",
    "CompositeSpectra",
    "CompositeSpectraV1",
    "CompositeSpectraV2",
    "CompositeSpectraV21",
    "DataProduct",
    "DataProductV1",
    "DataProductV1Services",
    "DataProductV2",
    "DataProductV21",
    "DocumentValue",
    "ExecutionMarker",
    "FileObject",
    "IdempotencyLock",
    "JobRun",
    "JobRunClaim",
    "JobRunV1",
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
    "NovaManifest",
    "NovaReference",
    "NovaResult",
    "NovaV1",
    "OffsetCache",
    "PersistedEntity",
    "PhotometryRow",
    "PhotometryTable",
    "PhotometryTableV1",
    "PhotometryTableV2",
    "PhotometryTableV21",
    "Provenance",
    "Reference",
    "RegenBatchPlan",
    "SpectraProduct",
    "SpectraProductV1",
    "SpectraProductV2",
    "SpectraProductV21",
    "StepDedupe",
    "StepDedupeV1",
    "WorkItem",
    "WorkItemV1",
    "is_legacy",
]
