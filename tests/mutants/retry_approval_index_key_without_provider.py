"""Rule broken: a retry approval puts the product back in GSI1 under a sort key without its
provider (membership right, order and key wrong)."""

from typing import Any

from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.reference_impl import spectra
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_operation_promises.py"
    "::test_a_retry_approval_restores_the_index_keys_and_removes_the_cooldown"
)


def _without_provider(key: Any) -> ItemKey:
    return ItemKey(str(key.nova_id), f"ELIG#ACQUIRE#SPECTRA#{key.data_product_id}")


factory = patched_factory(spectra, "eligibility_keys", _without_provider)
