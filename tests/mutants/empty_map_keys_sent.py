"""Rule broken: the codec lets a map entry named '' through (DynamoDB refuses an empty
attribute name at any depth: the request is sent and refused, or, on moto, stored and then
unreadable)."""

from typing import Any

from novacat_persistence.contracts.codec import attribute_values, field_encoders
from novacat_persistence.reference_impl.factory import create_reference_wrapper
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request[map_entry_named_empty]"
)


def factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
    for module in (attribute_values, field_encoders):
        module.map_key = attribute_values.storable_text  # type: ignore[attr-defined]
    return create_reference_wrapper(client, table_name, **kwargs)


factory.capabilities = create_reference_wrapper.capabilities  # type: ignore[attr-defined]
