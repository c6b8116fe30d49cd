"""Rule broken: the cross-nova spectra scan leaves the composites out."""

from typing import Any

from novacat_persistence.contracts.entities import CompositeSpectra
from novacat_persistence.reference_impl.catalog import CatalogOps
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_service_records.py::test_the_spectra_scan_holds_composites_by_nova_then_sort_key"

_scan: Any = CatalogOps.scan_spectra_products.__wrapped__  # type: ignore[attr-defined]


class WithoutComposites(ReferenceWrapper):
    @operation("DataProduct")
    def scan_spectra_products(self, *, validation_status: Any = None) -> Any:
        found = _scan(self, validation_status=validation_status)
        return [p for p in found if not isinstance(p, CompositeSpectra)]


factory = subclass_factory(WithoutComposites)
