"""Rule broken: complete_lock marks the lock COMPLETED without recording when (a consistent
wrong state, the same on every retry: only an oracle of the end state sees it)."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_faults.py::test_faults_converge_on_the_fault_free_state[complete_lock]"

_set = conditions.Update.set


def _untimed(self: Any, attribute: str, value: Any) -> Any:
    return self if attribute == "completed_at" else _set(self, attribute, value)


factory = patched_factory(conditions.Update, "set", _untimed)
