"""Rule broken: the cooldown after a retryable failure never doubles (always the base delay)."""

from typing import Any

from novacat_persistence.contracts.operations import BackoffPolicy
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_time_rules.py::test_the_cooldown_doubles_after_each_failed_attempt"


def _flat(policy: BackoffPolicy, _provider: str, _attempts: int) -> Any:
    return policy.base


factory = patched_factory(BackoffPolicy, "delay", _flat)
