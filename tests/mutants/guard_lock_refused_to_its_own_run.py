"""Rule broken: the job run holding a lock Nova Cat's guard stored (no holder token) is
refused when it asks again, as another execution would be."""

from uuid import UUID

from novacat_persistence.contracts.entities import IdempotencyLock
from novacat_persistence.contracts.errors import LockHeldError
from novacat_persistence.contracts.keys import IdempotencyLockKey
from novacat_persistence.contracts.operations import LockAcquisition
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_idempotency_jobrun.py::test_a_lock_nova_cat_s_guard_stored_is_held_until_its_expiry"
)


class OwnRunRefused(ReferenceWrapper):
    def acquire_lock(
        self, idempotency_key: str, *, job_run_id: UUID, workflow_name: str, primary_id: str
    ) -> LockAcquisition:
        stored = self._read(IdempotencyLockKey(idempotency_key), IdempotencyLock)
        live = stored is not None and stored.ttl > self._now().timestamp()
        if live and stored is not None and stored.holder_token is None:
            raise LockHeldError(f"the lock is held by job run {stored.job_run_id}")
        return super().acquire_lock(
            idempotency_key,
            job_run_id=job_run_id,
            workflow_name=workflow_name,
            primary_id=primary_id,
        )


factory = subclass_factory(OwnRunRefused)
