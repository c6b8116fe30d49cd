"""The reference implementation of IFC-030: every aggregate composed into one class."""

from __future__ import annotations

from novacat_persistence.reference_impl.catalog import CatalogOps
from novacat_persistence.reference_impl.execution import ExecutionOps
from novacat_persistence.reference_impl.files import FileOps
from novacat_persistence.reference_impl.idempotency import IdempotencyOps
from novacat_persistence.reference_impl.novae import NovaRecordOps
from novacat_persistence.reference_impl.novae_and_names import IdentityOps
from novacat_persistence.reference_impl.offset_cache import OffsetCacheOps
from novacat_persistence.reference_impl.photometry import PhotometryOps
from novacat_persistence.reference_impl.photometry_rows import PhotometryRowOps
from novacat_persistence.reference_impl.references import ReferenceOps
from novacat_persistence.reference_impl.regeneration import RegenerationOps
from novacat_persistence.reference_impl.spectra import SpectraOps
from novacat_persistence.reference_impl.spectra_ingested import IngestedSpectraOps
from novacat_persistence.reference_impl.work_queue import WorkQueueOps


class ReferenceWrapper(
    IdentityOps,
    NovaRecordOps,
    SpectraOps,
    IngestedSpectraOps,
    PhotometryOps,
    PhotometryRowOps,
    OffsetCacheOps,
    ReferenceOps,
    FileOps,
    ExecutionOps,
    IdempotencyOps,
    WorkQueueOps,
    RegenerationOps,
    CatalogOps,
):
    """The persistence wrapper over Nova Cat's two DynamoDB tables through a boto3 low-level
    client: a :class:`~novacat_persistence.contracts.interface.PersistenceWrapper`. Build it
    with :func:`~novacat_persistence.reference_impl.factory.create_reference_wrapper`."""
