"""Rule broken: the reference encodes a document however deep it nests, and leaves DynamoDB
to refuse an attribute of more than 31 levels of lists and maps: a request is sent (and
refused with a raw ValidationException) where the hostile input should have been refused
before it."""

from typing import Any

from novacat_persistence.contracts.codec import attribute_values
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_hostile_input.py::test_a_document_nested_to_dynamodbs_limit_is_stored_whole"


def _list(value: Any, levels: int) -> dict[str, Any]:
    return {"L": [attribute_values.to_attribute_value(v, levels) for v in value]}


def _map(value: Any, levels: int) -> dict[str, Any]:
    encode, name = attribute_values.to_attribute_value, attribute_values.map_key
    return {"M": {name(k): encode(v, levels) for k, v in value.items()}}


factory = patched_factory(attribute_values, "_CONTAINERS", {list: _list, tuple: _list, dict: _map})
