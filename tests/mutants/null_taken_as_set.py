"""Rule broken: a write takes an attribute stored NULL for a set one (``attribute_not_exists``
alone), while the codec reads it as absent: a compare-and-set from unset is refused over it."""

from typing import Any

from novacat_persistence.reference_impl import novae_and_names
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_an_attribute_stored_null_is_unset_for_a_write"


def _not_stored(expr: Any, name: str) -> str:
    return f"attribute_not_exists({expr.n(name)})"


factory = patched_factory(novae_and_names, "attribute_absent", _not_stored)
