"""Rule broken: decide_acquisition lets a QUARANTINED product proceed once its cooldown has
passed (no quarantine gate)."""

from typing import Any

from novacat_persistence.contracts.enums import ValidationStatus
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import AcquisitionDecision, AcquisitionVerdict
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_decide_acquisition_gates_quarantined_products"


class Ungated(ReferenceWrapper):
    def decide_acquisition(self, key: SpectraProductKey) -> Any:
        verdict = super().decide_acquisition(key)
        product = verdict.product
        if product.validation_status is not ValidationStatus.QUARANTINED:
            return verdict
        end = product.next_eligible_attempt_at
        if end is not None and self._clock() < end:
            return AcquisitionVerdict(AcquisitionDecision.SKIPPED_BACKOFF, product)
        return AcquisitionVerdict(AcquisitionDecision.PROCEED, product)


factory = subclass_factory(Ungated)
