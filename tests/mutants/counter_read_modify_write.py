"""Rule broken: the attempt counter is read, incremented and written back (lost updates)."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.contracts.enums import AttemptOutcome, ValidationStatus
from novacat_persistence.contracts.errors import NotFoundError
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.reference_impl.conditions import Expr, Update, equals
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_attempt_failures_are_all_counted"


class ReadModifyWrite(ReferenceWrapper):
    def record_retryable_failure(
        self, key: SpectraProductKey, *, error_fingerprint: str, execution: Any = None
    ) -> Any:
        now = self._now()
        stored = self._read(key, SpectraProduct)
        if stored is None:
            raise NotFoundError("missing")

        def count(expr: Expr, update: Update) -> str:
            update.set("attempt_count_total", stored.attempt_count_total + 1)
            update.set("last_attempt_at", now)
            update.set("last_attempt_outcome", AttemptOutcome.RETRYABLE_FAILURE)
            update.set("last_error_fingerprint", error_fingerprint)
            return equals(expr, "validation_status", ValidationStatus.UNVALIDATED)

        return self._update(key, SpectraProduct, now, count, lambda s, _r: s)


factory = subclass_factory(ReadModifyWrite)
