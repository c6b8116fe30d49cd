"""Oracle broken: the model lets a QUARANTINED product proceed once no cooldown runs."""

from typing import Any

from novacat_persistence.contracts.enums import ValidationStatus
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import AcquisitionDecision, AcquisitionVerdict
from novacat_persistence.suites.model.model import Model
from novacat_persistence.suites.model.time_rules import in_backoff

CAUGHT_BY = "test_operation_promises.py::test_decide_acquisition_gates_quarantined_products"


class Oracle(Model):
    def decide_acquisition(self, key: SpectraProductKey) -> Any:
        verdict = super().decide_acquisition(key)
        product = verdict.product
        if product.validation_status is not ValidationStatus.QUARANTINED:
            return verdict
        if in_backoff(product.next_eligible_attempt_at, self.now()):
            return AcquisitionVerdict(AcquisitionDecision.SKIPPED_BACKOFF, product)
        return AcquisitionVerdict(AcquisitionDecision.PROCEED, product)
