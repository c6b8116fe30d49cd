"""Rule broken: ``#`` is accepted in key components that sit between delimiters."""

from novacat_persistence.contracts.keys import components
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[hash_in_delimited_component]"
)

factory = patched_factory(components.Inner, "format", components.Last.format)
