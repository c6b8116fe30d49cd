"""Rule broken: a definitive result's retry, recognized as its execution's, counts the attempt
again (the replay re-records the attempt bookkeeping)."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import ValidationOutcome
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing"
    "[record_validation_result]"
)


class Recounted(ReferenceWrapper):
    def record_validation_result(
        self, key: SpectraProductKey, outcome: ValidationOutcome, *, execution: Any = None
    ) -> Any:
        now = self._now()
        product = super().record_validation_result(key, outcome, execution=execution)
        if product.last_attempt_at == now:
            return product

        def count(_expr: Expr, update: Update) -> None:
            update.add("attempt_count_total", 1)
            update.set("last_attempt_at", now)

        return self._update(key, SpectraProduct, now, count, lambda stored, _r: stored)


factory = subclass_factory(Recounted)
