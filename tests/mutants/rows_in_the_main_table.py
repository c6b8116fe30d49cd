"""Rule broken: photometry rows are written to the main table instead of the photometry table
beside it (where Nova Cat's readers look for them)."""

from typing import Any

from novacat_persistence.reference_impl.factory import create_reference_wrapper
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

CAUGHT_BY = (
    "test_photometry_rows.py::test_rows_are_stored_exactly_as_encoded_in_the_photometry_table"
)


def factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
    wrapper = create_reference_wrapper(client, table_name, **kwargs)
    wrapper._rows = wrapper._db
    return wrapper
