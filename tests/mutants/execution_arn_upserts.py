"""Rule broken: recording a launched execution creates the product when it is missing (Nova
Cat's unconditional update leaves a partial item)."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.keys import SpectraProductKey, build
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_service_records.py::test_a_launched_execution_is_recorded_on_an_existing_product_only"
)


class Upserts(ReferenceWrapper):
    def record_spectra_execution(self, key: SpectraProductKey, execution_arn: str) -> Any:
        update = Update(Expr()).set("last_execution_arn", execution_arn)
        self._db.update(build(key), update)
        return self._read(key, SpectraProduct)


factory = subclass_factory(Upserts)
