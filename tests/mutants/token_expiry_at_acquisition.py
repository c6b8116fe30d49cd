"""Rule broken: a lock token reports the acquisition instant as its expiry."""

from typing import Any

from novacat_persistence.contracts.operations import LockToken
from novacat_persistence.reference_impl import idempotency
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_time_rules.py::test_a_lock_records_its_expiry_in_epoch_seconds"


def _token(lock: Any) -> LockToken:
    return LockToken(lock.idempotency_key, lock.holder_token, lock.job_run_id, lock.acquired_at)


factory = patched_factory(idempotency, "_token", _token)
