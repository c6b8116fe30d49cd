"""Rule broken: keys a BatchGetItem leaves unprocessed are never asked again (references
silently missing, as in Nova Cat's reference manager)."""

from collections.abc import Sequence
from typing import Any

from novacat_persistence.reference_impl import batches
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_service_records.py::test_references_are_read_in_batches_of_100_to_the_last_key"


def _ask_once(db: Any, keys: Sequence[Any]) -> list[Any]:
    found: list[Any] = []
    for start in range(0, len(keys), 100):
        found.extend(db.batch_get(keys[start : start + 100])[0])
    return found


factory = patched_factory(batches, "get_all", _ask_once)
