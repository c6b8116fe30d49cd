"""Rule broken: a lock is released whoever presents the token (no holder fence)."""

from novacat_persistence.contracts.keys import IdempotencyLockKey, build
from novacat_persistence.contracts.operations import LockToken
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_idempotency_jobrun.py::test_a_stale_holder_can_neither_release_nor_complete"


class UnfencedRelease(ReferenceWrapper):
    def release_lock(self, token: LockToken) -> None:
        self._db.delete(build(IdempotencyLockKey(token.idempotency_key)))


factory = subclass_factory(UnfencedRelease)
