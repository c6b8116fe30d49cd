"""Rule broken: ``#`` is accepted in key components that sit between delimiters."""

from typing import Any

from novacat_persistence.contracts.keys.components import Inner, Last
from novacat_persistence.reference_impl.factory import create_reference_wrapper
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[hash_in_delimited_component]"
)


def factory(client: Any, table_name: str, **kwargs: Any) -> ReferenceWrapper:
    Inner.format = Last.format
    Inner.condition = Last.condition
    return create_reference_wrapper(client, table_name, **kwargs)
