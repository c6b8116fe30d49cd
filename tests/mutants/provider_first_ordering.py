"""Rule broken: spectra SKs put the provider before the product type."""

from typing import Any

from novacat_persistence.contracts.entities import SpectraProduct
from novacat_persistence.reference_impl import core
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_keys_ordering.py::test_product_keys"

_encode = core.encode


def _provider_first(entity: Any) -> Any:
    item = _encode(entity)
    if isinstance(entity, SpectraProduct):
        item["SK"] = {"S": f"PRODUCT#{entity.provider}#SPECTRA#{entity.data_product_id}"}
    return item


factory = patched_factory(core, "encode", _provider_first)
