"""Rule broken: put_composite_spectra answers other content under an existing id as a replay
(created=False) instead of refusing it."""

from typing import Any

from novacat_persistence.contracts.entities import CompositeSpectra
from novacat_persistence.reference_impl.core import any_existing
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_put_composite_spectra_is_create_only"


class Lenient(ReferenceWrapper):
    @operation("DataProduct")
    def put_composite_spectra(self, composite: CompositeSpectra) -> Any:
        return self._create(self._stamped(composite, self._now()), replay=any_existing)


factory = subclass_factory(Lenient)
