"""Rule broken: the cooldown keeps doubling past its 24 hour cap."""

from typing import Any

from novacat_persistence.contracts.operations import BackoffPolicy
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_time_rules.py::test_the_cooldown_is_capped_at_24_hours"


def _uncapped(policy: BackoffPolicy, _provider: str, attempts: int) -> Any:
    return policy.base * 2 ** (attempts - 1)


factory = patched_factory(BackoffPolicy, "delay", _uncapped)
