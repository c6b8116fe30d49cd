"""Rule broken: a writer overwrites an item stored by a newer schema version."""

from typing import Any

from novacat_persistence.reference_impl import core
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_a_stale_writer_is_refused_and_changes_nothing[2.3.0]"


def _no_guard(expr: Any, _entity_type: str, _stamped: str | None = None) -> str:
    return f"attribute_exists({expr.n('PK')})"


factory = patched_factory(core, "version_guard", _no_guard)
