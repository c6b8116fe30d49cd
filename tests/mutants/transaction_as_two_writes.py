"""Rule broken: the alias and the stub of a registration are two separate writes."""

from typing import Any

from novacat_persistence.contracts.deterministic_ids import spectra_product_id
from novacat_persistence.contracts.entities import LocatorAlias, SpectraProduct
from novacat_persistence.contracts.operations import SpectraRegistration, Stored
from novacat_persistence.reference_impl.core import any_existing, validated
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_faults.py::test_faults_converge_on_the_fault_free_state[register_spectra_product]"


class TwoWrites(ReferenceWrapper):
    def register_spectra_product(self, registration: SpectraRegistration) -> Any:
        reg, now = registration, self._now()
        fields = {
            "provider": reg.provider,
            "locator_identity": reg.locator_identity,
            "data_product_id": spectra_product_id(reg.provider, reg.locator_identity),
            "nova_id": reg.nova_id,
            "created_at": now,
            "updated_at": now,
        }
        self._create(validated(LocatorAlias, fields), replay=any_existing)
        stub = self._create(validated(SpectraProduct, fields), replay=any_existing)
        return Stored(stub.item, created=stub.created)


factory = subclass_factory(TwoWrites)
