"""Rule broken: an expired lock whose item still exists is never taken over."""

from typing import Any

from novacat_persistence.reference_impl import idempotency
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_idempotency_jobrun.py::test_an_expired_lock_is_taken_over_while_its_item_still_exists"
)


def _absent_only(first: str, *_others: Any) -> str:
    return first


factory = patched_factory(idempotency, "any_of", _absent_only)
