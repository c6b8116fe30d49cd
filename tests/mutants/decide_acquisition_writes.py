"""Rule broken: decide_acquisition records SKIPPED_BACKOFF on the product (it must write
nothing)."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.enums import AcquisitionStatus
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import AcquisitionDecision
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_time_rules.py::test_decide_acquisition_proceeds_from_the_exact_end_of_the_cooldown"
)


class Recording(ReferenceWrapper):
    def decide_acquisition(self, key: SpectraProductKey) -> Any:
        verdict = super().decide_acquisition(key)
        if verdict.decision is AcquisitionDecision.SKIPPED_BACKOFF:

            def mark(_expr: Expr, update: Update) -> None:
                update.set("acquisition_status", AcquisitionStatus.SKIPPED_BACKOFF)

            self._update(key, SpectraProduct, self._now(), mark, lambda s, _r: s)
        return verdict


factory = subclass_factory(Recording)
