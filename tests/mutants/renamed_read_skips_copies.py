"""Rule broken: the current model reads a DataProduct 1.0.0 spectra product in one step, its
attributes renamed (``attempt_count``, ``sha256``), but the renaming forgets that a VALID
product's fingerprint is also its ``last_successful_fingerprint``, which the upcaster sets."""

from typing import Any

from novacat_persistence.contracts.renaming import Renaming
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_a_data_product_1_item_reads_as_its_golden_value[1.0.0-valid]"


def _renamed_only(self: Renaming, item: Any) -> tuple[dict[str, Any], frozenset[str]]:
    return {self.renames.get(name, name): value for name, value in item.items()}, frozenset()


factory = patched_factory(Renaming, "item", _renamed_only)
