"""Rule broken: a stored spectra stub is taken for the whole registration, so a registration
left half written, the stub without its LocatorAlias, is never completed."""

from novacat_persistence.contracts.deterministic_ids import spectra_product_id
from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.interface import Stored
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_operation_promises.py::"
    "test_register_spectra_product_completes_a_half_written_registration[stub]"
)


class StubTaken(ReferenceWrapper):
    def register_spectra_product(self, registration: SpectraRegistration) -> Stored[SpectraProduct]:
        reg = registration
        product_id = spectra_product_id(reg.provider, reg.locator_identity)
        stored = self.get_spectra_product(SpectraProductKey(reg.nova_id, reg.provider, product_id))
        if isinstance(stored, SpectraProduct):
            return Stored(stored, created=False)
        return super().register_spectra_product(reg)


factory = subclass_factory(StubTaken)
