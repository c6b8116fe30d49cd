"""Rule broken: an ingested product is put unconditionally, replacing whatever is stored under
its key (Nova Cat's re-run overwrites a product)."""

from typing import Any

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_service_records.py::test_an_ingested_product_is_created_valid_out_of_the_index_once"
)


class Overwrites(ReferenceWrapper):
    def put_ingested_spectra(self, product: SpectraProduct) -> Any:
        stamped = self._stamped(product, self._now())
        self._db.put(encode(stamped))
        return Stored(stamped, created=True)


factory = subclass_factory(Overwrites)
