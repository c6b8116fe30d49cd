"""Rule broken: a product is still in backoff at the exact instant its cooldown ends."""

from typing import Any

from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import AcquisitionDecision, AcquisitionVerdict
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_time_rules.py::test_decide_acquisition_proceeds_from_the_exact_end_of_the_cooldown"
)


class Inclusive(ReferenceWrapper):
    def decide_acquisition(self, key: SpectraProductKey) -> Any:
        verdict = super().decide_acquisition(key)
        end = verdict.product.next_eligible_attempt_at
        if verdict.decision is AcquisitionDecision.PROCEED and end == self._clock():
            return AcquisitionVerdict(AcquisitionDecision.SKIPPED_BACKOFF, verdict.product)
        return verdict


factory = subclass_factory(Inclusive)
