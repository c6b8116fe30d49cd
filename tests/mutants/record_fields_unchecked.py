"""Rule broken: a record argument (a key, a registration, an outcome) is checked only for its
class, not field by field, so a field of the wrong type fails inside the operation with
Python's own error."""

from typing import Any

from novacat_persistence.contracts import argument_checks
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_an_argument_of_a_type_the_interface_does_not_name_is_refused"
    "[register_spectra_product]"
)


def _no_fields(_record: type) -> tuple[Any, ...]:
    return ()


factory = patched_factory(argument_checks, "_record_fields", _no_fields)
