"""Rule broken: a lock is taken over only after its recorded expiry, not at that instant."""

from novacat_persistence.reference_impl import idempotency
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_time_rules.py::test_a_lock_acquired_mid_second_expires_at_its_recorded_second"

_all_of = idempotency.all_of


def _strictly_after(*conditions: str) -> str:
    return _all_of(*(c.replace(" <= ", " < ") for c in conditions))


factory = patched_factory(idempotency, "all_of", _strictly_after)
