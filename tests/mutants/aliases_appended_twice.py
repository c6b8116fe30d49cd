"""Rule broken: add_nova_aliases appends names already present (no set union), so a retried
task appends its names a second time."""

from typing import Any

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_add_nova_aliases_is_a_set_union_in_first_order"


def _always(expr: Any, _attribute: str, _value: Any) -> str:
    return f"attribute_exists({expr.n('PK')})"


factory = patched_factory(novae_and_names, "not_contains", _always)
