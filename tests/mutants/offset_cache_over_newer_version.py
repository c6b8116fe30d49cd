"""Rule broken: the offset cache is replaced whatever version is stored (a newer writer's item
is overwritten)."""

from typing import Any

from novacat_persistence.reference_impl import offset_cache
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_service_records.py::test_the_offset_cache_is_replaced_whole_never_over_a_newer_version"
)


def _any_version(expr: Any, _entity_type: str, _stamped: Any = None) -> str:
    return f"attribute_exists({expr.n('PK')})"


factory = patched_factory(offset_cache, "version_guard", _any_version)
