"""Rule broken: a human review is applied without its marker, so a review's retry that arrives
after the product was quarantined again applies to the new quarantine."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retry_after_another_executions_call_counts_once"
    "[clear_quarantine]"
)


class Unmarked(ReferenceWrapper):
    def _update_once(
        self, key: Any, model: Any, now: Any, build_update: Any, decide: Any, **options: Any
    ) -> Any:
        if model is not SpectraProduct:
            return super()._update_once(key, model, now, build_update, decide, **options)
        return self._update(key, model, now, build_update, decide)


factory = subclass_factory(Unmarked)
