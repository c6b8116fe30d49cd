"""Rule broken: items of the ``schema_version "1"`` era cannot be read."""

from novacat_persistence.contracts import versions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_a_data_product_1_item_reads_as_its_golden_value[1-unvalidated]"

_normalize = versions.normalize_version


def _strict(text: str) -> str:
    if text.count(".") != 2:
        raise ValueError(f"not MAJOR.MINOR.PATCH: {text!r}")
    return _normalize(text)


factory = patched_factory(versions, "normalize_version", _strict)
