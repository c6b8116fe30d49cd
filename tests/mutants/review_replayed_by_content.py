"""Rule broken: a human review is recognized by what it decides, not by its token (IFC-030
1.x): another review with the same decision is taken for a replay, and a review's retry that
arrives after the product was quarantined again applies to the new quarantine."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.enums import Eligibility, ManualReviewStatus, ValidationStatus
from novacat_persistence.contracts.errors import InvalidTransitionError
from novacat_persistence.contracts.keys import SpectraProductKey, eligibility_keys
from novacat_persistence.reference_impl.conditions import Expr, Update, equals
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retry_after_another_executions_call_counts_once"
    "[clear_quarantine]"
)


class ByContent(ReferenceWrapper):
    def clear_quarantine(
        self, key: SpectraProductKey, decision: ManualReviewStatus, *, execution: Any = None
    ) -> Any:
        retry = decision is ManualReviewStatus.CLEARED_RETRY_APPROVED
        target = ValidationStatus.UNVALIDATED if retry else ValidationStatus.TERMINAL_INVALID

        def clear(expr: Expr, update: Update) -> str:
            update.set("validation_status", target).set("manual_review_status", decision)
            if retry:
                gsi = eligibility_keys(key)
                update.set("eligibility", Eligibility.ACQUIRE)
                update.set("GSI1PK", gsi.pk).set("GSI1SK", gsi.sk)
                update.remove("next_eligible_attempt_at", "quarantine_reason_code")
            return equals(expr, "validation_status", ValidationStatus.QUARANTINED)

        def decide(stored: SpectraProduct, _retried: bool) -> SpectraProduct:
            if (stored.manual_review_status, stored.validation_status) == (decision, target):
                return stored
            raise InvalidTransitionError("not QUARANTINED", existing=stored)

        return self._update(key, SpectraProduct, self._now(), clear, decide)


factory = subclass_factory(ByContent)
