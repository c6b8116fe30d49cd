"""Rule broken: a lock stored without ``state`` (as Nova Cat's idempotency guard writes it) is
never taken for a held lock by the acquisition's condition: it is not taken over after its
expiry, and its own job run gets no token for it."""

from typing import Any

from novacat_persistence.reference_impl import idempotency
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_idempotency_jobrun.py::test_a_lock_nova_cat_s_guard_stored_is_held_until_its_expiry"
)


def _never(expr: Any, name: str) -> str:
    attribute = expr.n(name)
    return f"(attribute_exists({attribute}) AND attribute_not_exists({attribute}))"


factory = patched_factory(idempotency, "attribute_absent", _never)
