"""Oracle broken: the model records a lock's expiry in epoch milliseconds."""

from typing import Any

from novacat_persistence.contracts.entities import IdempotencyLock
from novacat_persistence.contracts.keys import IdempotencyLockKey
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_time_rules.py::test_a_lock_records_its_expiry_in_epoch_seconds"


class Oracle(Model):
    def acquire_lock(self, idempotency_key: str, **kwargs: Any) -> Any:
        acquired = super().acquire_lock(idempotency_key, **kwargs)
        stored = self.store.get(IdempotencyLockKey(idempotency_key), IdempotencyLock)
        if stored is not None and stored.ttl < 10**11:
            self.store.put(stored.model_copy(update={"ttl": stored.ttl * 1000}))
        return acquired
