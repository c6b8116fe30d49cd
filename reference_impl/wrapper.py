"""The reference implementation of IFC-030: every aggregate composed into one class."""

from __future__ import annotations

from novacat_persistence.reference_impl.execution import ExecutionOps
from novacat_persistence.reference_impl.files import FileOps
from novacat_persistence.reference_impl.idempotency import IdempotencyOps
from novacat_persistence.reference_impl.novae_and_names import IdentityOps
from novacat_persistence.reference_impl.photometry import PhotometryOps
from novacat_persistence.reference_impl.references import ReferenceOps
from novacat_persistence.reference_impl.spectra import SpectraOps
from novacat_persistence.reference_impl.work_queue import WorkQueueOps


class ReferenceWrapper(
    IdentityOps,
    SpectraOps,
    PhotometryOps,
    ReferenceOps,
    FileOps,
    ExecutionOps,
    IdempotencyOps,
    WorkQueueOps,
):
    """The persistence wrapper over one DynamoDB table through a boto3 low-level client:
    a :class:`~novacat_persistence.contracts.interface.PersistenceWrapper`. Build it with
    :func:`~novacat_persistence.reference_impl.factory.create_reference_wrapper`."""
