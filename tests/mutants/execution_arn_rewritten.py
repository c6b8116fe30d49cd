"""Rule broken: the launched execution's ARN is written again when it is already recorded
(no condition): the same ARN again moves ``updated_at``."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_service_records.py::test_the_same_launched_execution_again_changes_nothing"


class Rewritten(ReferenceWrapper):
    @operation("DataProduct")
    def record_spectra_execution(self, key: SpectraProductKey, execution_arn: str) -> Any:
        def record(_expr: Expr, update: Update) -> None:
            update.set("last_execution_arn", execution_arn)

        return self._update(key, SpectraProduct, self._now(), record, lambda s, _r: s)


factory = subclass_factory(Rewritten)
