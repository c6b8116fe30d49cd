"""Rule broken: the lock is acquired by get-then-put (a check-then-act window)."""

from typing import Any
from uuid import UUID, uuid4

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import IdempotencyLock
from novacat_persistence.contracts.errors import LockHeldError
from novacat_persistence.contracts.keys import IdempotencyLockKey
from novacat_persistence.contracts.operations import LOCK_TTL, LockAcquisition, LockOutcome
from novacat_persistence.reference_impl.idempotency import _token
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_lock_acquisition_has_one_winner"


class GetThenPut(ReferenceWrapper):
    def acquire_lock(
        self, idempotency_key: str, *, job_run_id: UUID, workflow_name: str, primary_id: str
    ) -> Any:
        now = self._now()
        stored = self._read(IdempotencyLockKey(idempotency_key), IdempotencyLock)
        if stored is not None and stored.ttl > now.timestamp():
            raise LockHeldError("held")
        lock = IdempotencyLock(
            idempotency_key=idempotency_key,
            job_run_id=job_run_id,
            workflow_name=workflow_name,
            primary_id=primary_id,
            acquired_at=now,
            ttl=int((now + LOCK_TTL).timestamp()),
            holder_token=uuid4(),
            created_at=now,
            updated_at=now,
        )
        self._db.put(encode(lock))
        return LockAcquisition(LockOutcome.ACQUIRED, lock, _token(lock))


factory = subclass_factory(GetThenPut)
