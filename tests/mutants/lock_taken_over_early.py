"""Rule broken: a lock holds 3 seconds less than LOCK_TTL (records, and honours, an expiry 3 s
early)."""

from datetime import timedelta

from novacat_persistence.contracts.operations import LOCK_TTL
from novacat_persistence.reference_impl import idempotency
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_time_rules.py::test_an_expired_lock_is_taken_over_from_its_exact_expiry"

factory = patched_factory(idempotency, "LOCK_TTL", LOCK_TTL - timedelta(seconds=3))
