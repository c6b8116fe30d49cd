"""Oracle broken: the model keeps a lock held at the instant of its recorded expiry."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import IdempotencyLock
from novacat_persistence.contracts.errors import LockHeldError
from novacat_persistence.contracts.keys import IdempotencyLockKey
from novacat_persistence.suites.model.model import Model
from novacat_persistence.suites.model.time_rules import instant_of

CAUGHT_BY = "test_time_rules.py::test_an_expired_lock_is_taken_over_from_its_exact_expiry"


class Oracle(Model):
    def acquire_lock(self, idempotency_key: str, *, job_run_id: UUID, **kwargs: Any) -> Any:
        stored = self.store.get(IdempotencyLockKey(idempotency_key), IdempotencyLock)
        if stored is not None and self.now() == instant_of(stored.ttl):
            raise LockHeldError("held until the second after its expiry")
        return super().acquire_lock(idempotency_key, job_run_id=job_run_id, **kwargs)
