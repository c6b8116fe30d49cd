"""Rule broken: the current model reads a DataProduct 1.0.0 spectra product in one step, its
attributes renamed, without 1.0.0's own rule for ``sha256`` (64 lowercase hex digits): a text
1.0.0 refuses is read as 2.0.0's ``content_fingerprint``, which takes any 1-256 characters."""

from typing import Any

from novacat_persistence.contracts.codec.direct_reads import AlikeRead
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_a_data_product_1_item_whose_sha256_1_0_0_refuses_is_unreadable"


def _passes_anything(self: AlikeRead, item: Any) -> bool:
    return True


factory = patched_factory(AlikeRead, "passes_checks", _passes_anything)
