"""Rule broken: a lock is taken by an unconditional put (a held lock is overwritten)."""

from typing import Any

from novacat_persistence.reference_impl import idempotency
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_idempotency_jobrun.py::test_a_held_lock_refuses_another_execution"


def _always(*_args: Any) -> str:
    return "attribute_not_exists(#mutant_never)"


factory = patched_factory(idempotency, "any_of", _always)
