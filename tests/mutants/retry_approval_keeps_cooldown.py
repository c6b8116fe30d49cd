"""Rule broken: a retry approval leaves the old cooldown on the product."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_operation_promises.py"
    "::test_a_retry_approval_restores_the_index_keys_and_removes_the_cooldown"
)

_remove = conditions.Update.remove


def _keep_cooldown(self: Any, *attributes: str) -> Any:
    return _remove(self, *(a for a in attributes if a != "next_eligible_attempt_at"))


factory = patched_factory(conditions.Update, "remove", _keep_cooldown)
