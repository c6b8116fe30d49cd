"""Rule broken: attach_alias does not check that the nova exists (a name linked to nothing)."""

from typing import Any

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_attach_alias_needs_an_existing_nova"


def _anything(expr: Any) -> str:
    return f"attribute_not_exists({expr.n('mutant_never')})"


factory = patched_factory(novae_and_names, "item_present", _anything)
