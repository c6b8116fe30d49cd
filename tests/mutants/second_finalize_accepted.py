"""Rule broken: a JobRun can be finalized again (no RUNNING condition)."""

from typing import Any

from novacat_persistence.reference_impl import execution
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_idempotency_jobrun.py::test_a_job_run_is_finalized_once"


def _anything(expr: Any, _attribute: str, _value: Any) -> str:
    return f"attribute_exists({expr.n('PK')})"


factory = patched_factory(execution, "equals", _anything)
