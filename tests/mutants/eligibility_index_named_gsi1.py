"""Rule broken: the eligibility index is queried as ``GSI1``, not by the name Nova Cat's
infrastructure deploys it under (``EligibilityIndex``)."""

from typing import Any

from novacat_persistence.reference_impl.factory import create_reference_wrapper
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

CAUGHT_BY = "test_eligibility_index.py::test_gsi1_membership_follows_eligibility"


def factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
    return create_reference_wrapper(client, table_name, eligibility_index_name="GSI1", **kwargs)
