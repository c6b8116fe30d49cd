"""Rule broken: writes do not stamp the current schema version (they keep the first era's)."""

from typing import Any

from novacat_persistence.contracts.codec import items
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_writes_stamp_the_current_schema_version"


def _first_era(_entity: Any) -> str:
    return "1.0.0"


factory = patched_factory(items, "stamped_version", _first_era)
