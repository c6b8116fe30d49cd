"""The whole model: every area composed into one class with the operations of
:class:`~novacat_persistence.contracts.interface.PersistenceWrapper`, every area's calls, and
the choice of the oracle a suite run uses."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Final

from novacat_persistence.contracts.interface import WRAPPER_OPERATIONS
from novacat_persistence.suites.model import (
    execution,
    files,
    idempotency,
    names,
    novae,
    offset_cache,
    photometry,
    photometry_rows,
    references,
    regeneration,
    run_annotations,
    spectra,
    spectra_records,
    work_queue,
)
from novacat_persistence.suites.model.calls import CallSpec
from novacat_persistence.suites.model.core import Clock


class Model(
    names.NamesModel,
    spectra_records.SpectraRecordsModel,  # with spectra.SpectraModel, which it extends
    photometry_rows.PhotometryRowsModel,  # with photometry.PhotometryModel, which it extends
    references.ReferencesModel,
    files.FilesModel,
    execution.ExecutionModel,
    idempotency.IdempotencyModel,
    work_queue.WorkQueueModel,
    novae.NovaeModel,
    offset_cache.OffsetCacheModel,
    run_annotations.RunAnnotationsModel,
    regeneration.RegenerationModel,
):
    """IFC-030 in memory: call it as a wrapper (same operations, same arguments, same typed
    errors); :attr:`store` holds what a conforming candidate has stored."""


CALLS: Final[tuple[CallSpec, ...]] = (
    *names.CALLS,
    *spectra.CALLS,
    *photometry.CALLS,
    *references.CALLS,
    *files.CALLS,
    *execution.CALLS,
    *idempotency.CALLS,
    *work_queue.CALLS,
    *novae.CALLS,
    *photometry_rows.CALLS,
    *offset_cache.CALLS,
    *spectra_records.CALLS,
    *run_annotations.CALLS,
    *regeneration.CALLS,
)
"""How the state machine calls every modelled operation."""

OUTSIDE_THE_MODEL: Final = frozenset({"audit_pointers"})
"""Operations the model leaves to other suites: the pointer audit reads S3 (an optional
capability, suite 10)."""

MODELLED: Final = tuple(op for op in WRAPPER_OPERATIONS if op not in OUTSIDE_THE_MODEL)
"""The IFC-030 operations the model specifies."""

ORACLE_VARIABLE: Final = "NOVACAT_PERSISTENCE_MODEL"
"""Names another oracle (``module:attribute``, a subclass of :class:`Model`) for the suites to
compare candidates with: only to show that a wrong oracle fails against the reference."""


def oracle() -> Callable[[Clock], Model]:
    """The model class the suites compare candidates with (:class:`Model`, unless
    :data:`ORACLE_VARIABLE` names another)."""
    named = os.environ.get(ORACLE_VARIABLE)
    if not named:
        return Model
    module, _, attribute = named.partition(":")
    chosen = getattr(importlib.import_module(module), attribute)
    if not (isinstance(chosen, type) and issubclass(chosen, Model)):
        raise TypeError(f"{ORACLE_VARIABLE}={named} is not a subclass of Model")
    return chosen
