"""Rule broken: aliases are appended without the ``NOT contains`` guard, so a retried task
appends its names a second time."""

from typing import Any

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing"
    "[add_nova_aliases]"
)


def _always(expr: Any, _attribute: str, _value: Any) -> str:
    return f"attribute_exists({expr.n('PK')})"


factory = patched_factory(novae_and_names, "not_contains", _always)
