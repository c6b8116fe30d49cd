"""Rule broken: the codec counts no significant digit in a number, so it sends one of more
than 38 digits and leaves DynamoDB to refuse it (a request is sent, and refused with a raw
ValidationException) where the hostile input should have been refused before it."""

from decimal import Decimal

from novacat_persistence.contracts.codec import attribute_values
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request[non_storable_numbers]"
)


def _no_digits(_value: Decimal) -> int:
    return 0


factory = patched_factory(attribute_values, "significant_digits", _no_digits)
