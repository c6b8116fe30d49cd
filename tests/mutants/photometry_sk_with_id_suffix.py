"""Rule broken: the photometry table's SK carries its id (no longer one fixed key per nova)."""

from typing import Any

from novacat_persistence.contracts.entities import PhotometryTable
from novacat_persistence.reference_impl import core
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_photometry_singleton.py::test_ensure_twice_returns_the_one_table"

_encode = core.encode


def _suffixed(entity: Any) -> Any:
    item = _encode(entity)
    if isinstance(entity, PhotometryTable):
        item["SK"] = {"S": f"PRODUCT#PHOTOMETRY_TABLE#{entity.created_at.timestamp()}"}
    return item


factory = patched_factory(core, "encode", _suffixed)
