"""Rule broken: data product ids are minted at random instead of deterministically."""

from uuid import UUID, uuid4

from novacat_persistence.reference_impl import spectra
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_races.py::test_spectra_registration_leaves_one_alias_and_one_stub"


def _random(_provider: str, _identity: str) -> UUID:
    return uuid4()


factory = patched_factory(spectra, "spectra_product_id", _random)
