"""Rule broken: the reference encodes a document however deep it nests, and leaves DynamoDB
to refuse an attribute of more than 31 levels of lists and maps: a request is sent (and
refused with a raw ValidationException) where the hostile input should have been refused
before it."""

from novacat_persistence.contracts.codec import attribute_values
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_hostile_input.py::test_a_document_nested_to_dynamodbs_limit_is_stored_whole"

factory = patched_factory(attribute_values, "_level", lambda levels: levels - 1)
