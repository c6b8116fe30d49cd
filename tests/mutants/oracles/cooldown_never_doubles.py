"""Oracle broken: the model's cooldown never doubles."""

from typing import Any

from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.suites.model.model import Model
from novacat_persistence.suites.model.time_rules import COOLDOWN_BASE

CAUGHT_BY = "test_time_rules.py::test_the_cooldown_doubles_after_each_failed_attempt"


class Oracle(Model):
    def record_retryable_failure(
        self, key: SpectraProductKey, *, error_fingerprint: str, execution: Any = None
    ) -> Any:
        failed = super().record_retryable_failure(
            key, error_fingerprint=error_fingerprint, execution=execution
        )
        assert failed.last_attempt_at is not None
        flat = failed.model_copy(
            update={"next_eligible_attempt_at": failed.last_attempt_at + COOLDOWN_BASE}
        )
        self.store.put(flat)
        return flat
